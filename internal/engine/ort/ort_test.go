package ort_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"openkyc/internal/engine/ort"
	"openkyc/internal/testenv"
)

func open(t *testing.T, concurrency int) (*ort.Runtime, string) {
	t.Helper()
	dir := testenv.ModelsDir(t)
	rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName), Concurrency: concurrency})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rt.Close() })
	return rt, dir
}

func loadDetect(t *testing.T, rt *ort.Runtime, dir string) *ort.Session {
	t.Helper()
	s, err := rt.Load(filepath.Join(dir, "fr_detect.onnx"), []string{"input"}, []string{"scores", "boxes"})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

var detectShape = []int64{1, 3, 240, 320}

func detectInput() ort.Tensor {
	return ort.Tensor{Shape: detectShape, Data: make([]float32, 3*240*320)}
}

func TestRunShapesAndProbabilities(t *testing.T) {
	rt, dir := open(t, 0)
	s := loadDetect(t, rt, dir)
	if err := s.WarmUp(context.Background(), detectShape); err != nil {
		t.Fatal(err)
	}
	out, err := s.Run(context.Background(), detectInput())
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || len(out[0]) != 4420*2 || len(out[1]) != 4420*4 {
		t.Fatalf("output sizes = %d outputs, want scores 8840 and boxes 17680", len(out))
	}
	// The scores are softmaxed pairs: each sums to one.
	for i := 0; i < len(out[0]); i += 2 {
		if sum := out[0][i] + out[0][i+1]; sum < 0.99 || sum > 1.01 {
			t.Fatalf("score pair %d sums to %f", i/2, sum)
		}
	}
}

func TestRunRejectsBadInput(t *testing.T) {
	rt, dir := open(t, 0)
	s := loadDetect(t, rt, dir)
	_, err := s.Run(context.Background(), ort.Tensor{Shape: []int64{1, 3, 240, 320}, Data: make([]float32, 10)})
	if err == nil {
		t.Fatal("Run accepted a tensor with too little data")
	}
	_, err = s.Run(context.Background(), ort.Tensor{Shape: []int64{1, 1, 240, 320}, Data: make([]float32, 240*320)})
	if err == nil {
		t.Fatal("Run accepted a tensor of the wrong shape")
	}
}

func TestLoadMissingModel(t *testing.T) {
	rt, dir := open(t, 0)
	_, err := rt.Load(filepath.Join(dir, "nope.onnx"), []string{"input"}, []string{"output"})
	if err == nil || !strings.Contains(err.Error(), "nope.onnx") {
		t.Fatalf("Load(missing) = %v", err)
	}
}

// TestConcurrencyIsBounded runs more goroutines than slots and checks that
// a waiting Run gives up when its context ends.
func TestConcurrencyIsBounded(t *testing.T) {
	rt, dir := open(t, 1)
	s := loadDetect(t, rt, dir)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			_, err := s.Run(context.Background(), detectInput())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// With the only slot free, a cancelled context may still win the race
	// for it; hold the slot so the cancelled Run must wait and give up.
	hold := make(chan struct{})
	started := make(chan struct{})
	go func() {
		close(started)
		for range 50 {
			s.Run(context.Background(), detectInput())
		}
		close(hold)
	}()
	<-started
	var sawCancel bool
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && !sawCancel; {
		_, err := s.Run(ctx, detectInput())
		sawCancel = errors.Is(err, context.Canceled)
	}
	<-hold
	if !sawCancel {
		t.Error("a cancelled Run never gave up its wait")
	}
}

func TestRunAfterClose(t *testing.T) {
	rt, dir := open(t, 0)
	s := loadDetect(t, rt, dir)
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Run(context.Background(), detectInput()); !errors.Is(err, ort.ErrClosed) {
		t.Fatalf("Run after Close = %v, want ErrClosed", err)
	}
}

// TestMemoryFlat runs thousands of inferences and checks the process does
// not grow: each detector run returns 106 KB of outputs whose OrtValues
// leak unless destroyed, so 2000 leaked runs would add ~200 MB.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("long: thousands of inferences")
	}
	rt, dir := open(t, 0)
	s := loadDetect(t, rt, dir)
	run := func(n int) {
		var wg sync.WaitGroup
		for w := range 2 {
			wg.Go(func() {
				for range n / 2 {
					if _, err := s.Run(context.Background(), detectInput()); err != nil {
						t.Error(w, err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	run(200) // let allocators and arenas reach their steady size
	before := rss(t)
	run(2000)
	after := rss(t)
	t.Logf("RSS %d MB → %d MB over 2000 runs", before>>20, after>>20)
	if grow := after - before; grow > 40<<20 {
		t.Fatalf("RSS grew by %d MB over 2000 runs", grow>>20)
	}
}

func rss(t *testing.T) int64 {
	t.Helper()
	runtime.GC()
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm:", err)
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}
