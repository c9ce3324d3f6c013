package ort

import (
	"context"
	"errors"
	"testing"
	"time"

	"golang.org/x/sync/semaphore"
)

func bareRuntime(n int) *Runtime {
	closing, cancel := context.WithCancel(context.Background())
	return &Runtime{cfg: Config{Concurrency: n, IntraOpThreads: 1}, sem: semaphore.NewWeighted(int64(n)), closing: closing, close: cancel}
}

// A two-thread run holds both slots of a two-core runtime: a one-thread
// run waits for it, and Close wakes waiters with ErrClosed.
func TestWeightedRuns(t *testing.T) {
	rt := bareRuntime(2)
	if err := rt.acquire(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := rt.acquire(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire beside a two-thread run: %v, want deadline exceeded", err)
	}
	rt.release(2)
	if err := rt.acquire(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	go func() { done <- rt.acquire(context.Background(), 2) }()
	time.Sleep(10 * time.Millisecond)
	rt.close()
	if err := <-done; !errors.Is(err, ErrClosed) {
		t.Fatalf("waiting acquire after close: %v, want ErrClosed", err)
	}
}
