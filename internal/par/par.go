// Package par runs independent pieces of one request on several cores.
package par

import (
	"context"
	"sync"
)

// ForEach runs fn(0..n-1) on up to workers goroutines and returns the
// first error; after an error or a cancelled ctx no further index starts.
// With one worker it runs in order on the calling goroutine.
func ForEach(ctx context.Context, workers, n int, fn func(int) error) error {
	workers = min(max(workers, 1), n)
	if workers <= 1 {
		for i := range n {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(i); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := first != nil
				mu.Unlock()
				if i >= n || stop {
					return
				}
				err := ctx.Err()
				if err == nil {
					err = fn(i)
				}
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					cancel()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
