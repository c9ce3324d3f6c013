// Package ort runs ONNX models through ONNX Runtime (cgo, via onnxruntime_go).
//
// ONNX Runtime's environment is process-wide, so Open initialises it once and
// every Runtime shares it. A Runtime owns the sessions it loads and a
// semaphore that bounds how many inferences run at once across all of them:
// each session runs with one intra-op thread and no spinning, so the
// semaphore — sized to the CPU count — is what keeps the cores busy without
// oversubscribing them (ENGINE-NOTES §5: 1 thread × 2 goroutines is the best
// throughput on 2 cores).
package ort

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	onnx "github.com/yalue/onnxruntime_go"
)

// LibraryName is the file name of the ONNX Runtime shared library inside the
// models directory.
const LibraryName = "libonnxruntime.so.1"

// ErrClosed is returned by Run after the Runtime was closed.
var ErrClosed = errors.New("ort: runtime closed")

var (
	envOnce sync.Once
	envLib  string
	envErr  error
)

// initEnvironment loads the shared library once per process. Loading a second,
// different library is refused: ONNX Runtime cannot be re-initialised safely.
func initEnvironment(libPath string) error {
	abs, err := filepath.Abs(libPath)
	if err != nil {
		return fmt.Errorf("ort: library path: %w", err)
	}
	envOnce.Do(func() {
		if _, err := os.Stat(abs); err != nil {
			envErr = fmt.Errorf("ort: ONNX Runtime library: %w (run `openkyc models install`)", err)
			return
		}
		envLib = abs
		onnx.SetSharedLibraryPath(abs)
		if err := onnx.InitializeEnvironment(onnx.WithLogLevelError()); err != nil {
			envErr = fmt.Errorf("ort: initialise %s: %w", abs, err)
		}
	})
	if envErr != nil {
		return envErr
	}
	if envLib != abs {
		return fmt.Errorf("ort: environment already initialised with %s, not %s", envLib, abs)
	}
	return nil
}

// Config sets up a Runtime.
type Config struct {
	// Library is the path of libonnxruntime.so.1.
	Library string
	// Concurrency bounds the inferences running at once across all sessions
	// of the runtime; 0 means runtime.NumCPU().
	Concurrency int
	// IntraOpThreads is the thread count of each session; 0 means 1.
	IntraOpThreads int
}

// Runtime holds sessions and the semaphore that bounds inference.
type Runtime struct {
	cfg  Config
	sem  chan struct{}
	done chan struct{} // closed by Close, so waiting Runs give up

	mu       sync.Mutex
	sessions []*Session
	closed   bool
}

// Open initialises ONNX Runtime (once per process) and returns a Runtime.
func Open(cfg Config) (*Runtime, error) {
	if err := initEnvironment(cfg.Library); err != nil {
		return nil, err
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = runtime.NumCPU()
	}
	if cfg.IntraOpThreads <= 0 {
		cfg.IntraOpThreads = 1
	}
	return &Runtime{cfg: cfg, sem: make(chan struct{}, cfg.Concurrency), done: make(chan struct{})}, nil
}

// Concurrency reports how many inferences may run at once.
func (rt *Runtime) Concurrency() int { return cap(rt.sem) }

// Load creates a session for the model at path. The input and output names
// fix the order of Run's arguments and results.
func (rt *Runtime) Load(path string, inputs, outputs []string) (*Session, error) {
	opts, err := onnx.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("ort: session options: %w", err)
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(rt.cfg.IntraOpThreads); err != nil {
		return nil, fmt.Errorf("ort: intra-op threads: %w", err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("ort: inter-op threads: %w", err)
	}
	// Spinning threads burn a core waiting for work that, with one intra-op
	// thread per session, never comes.
	if err := opts.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"); err != nil {
		return nil, fmt.Errorf("ort: disable spinning: %w", err)
	}
	s, err := onnx.NewDynamicAdvancedSession(path, inputs, outputs, opts)
	if err != nil {
		return nil, fmt.Errorf("ort: load %s: %w", filepath.Base(path), err)
	}
	sess := &Session{rt: rt, name: filepath.Base(path), s: s, outputs: len(outputs)}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.closed {
		s.Destroy()
		return nil, ErrClosed
	}
	rt.sessions = append(rt.sessions, sess)
	return sess, nil
}

// Close destroys every session. It waits for running inferences to finish.
func (rt *Runtime) Close() error {
	rt.mu.Lock()
	if rt.closed {
		rt.mu.Unlock()
		return nil
	}
	rt.closed = true
	close(rt.done)
	sessions := rt.sessions
	rt.sessions = nil
	rt.mu.Unlock()
	// Taking every slot of the semaphore means no Run is in flight.
	for range cap(rt.sem) {
		rt.sem <- struct{}{}
	}
	var errs []error
	for _, s := range sessions {
		s.mu.Lock()
		errs = append(errs, s.s.Destroy())
		s.s = nil
		s.mu.Unlock()
	}
	return errors.Join(errs...)
}

func (rt *Runtime) acquire(ctx context.Context) error {
	select {
	case rt.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-rt.done:
		return ErrClosed
	}
}

func (rt *Runtime) release() { <-rt.sem }
