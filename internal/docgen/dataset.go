package docgen

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"openkyc/internal/engine/imaging"
)

// TruthFile is the name of the truth file `openkyc eval documents` reads.
const TruthFile = "truth.jsonl"

// WriteSet generates documents 0..n-1 into dir as JPEG files (each at its
// own degradation quality) and writes truth.jsonl, one line per image in
// index order, "file" relative to dir. workers documents are generated at
// once; the output is the same for any number of workers. progress, if not
// nil, is called after each image with the count written so far.
func (g *Generator) WriteSet(ctx context.Context, dir string, n, workers int, progress func(done int)) error {
	if n < 0 {
		return fmt.Errorf("docgen: negative count %d", n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	workers = max(1, min(workers, n))
	truths := make([]Truth, n)
	jobs := make(chan int)
	var (
		mu       sync.Mutex
		firstErr error
		done     int
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				doc, err := g.Document(i)
				if err == nil {
					err = writeJPEG(filepath.Join(dir, doc.Name), doc.Image, doc.Quality)
				}
				if err != nil {
					fail(fmt.Errorf("document %d: %w", i, err))
					continue
				}
				truths[i] = doc.Truth
				// progress runs under the lock: callers may write to
				// something that is not safe for concurrent use.
				mu.Lock()
				done++
				if progress != nil {
					progress(done)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range n {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			break
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			fail(ctx.Err())
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return writeTruth(filepath.Join(dir, TruthFile), truths)
}

// writeJPEG writes img at quality q, atomically enough that an interrupted
// run leaves no half image under the final name.
func writeJPEG(path string, img *imaging.Image, q int) error {
	var buf bytes.Buffer
	if err := imaging.EncodeJPEG(&buf, img, q); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func writeTruth(path string, truths []Truth) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	// Keep non-ASCII names readable in the file: it is meant to be read.
	enc.SetEscapeHTML(false)
	for _, t := range truths {
		if err := enc.Encode(t); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
