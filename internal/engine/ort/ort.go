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
	"golang.org/x/sync/semaphore"
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
	cfg Config
	// sem holds one unit per core; a run takes as many as its session
	// has intra-op threads.
	sem     *semaphore.Weighted
	closing context.Context // cancelled by Close, so waiting Runs give up
	close   context.CancelFunc

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
	closing, cancel := context.WithCancel(context.Background())
	return &Runtime{cfg: cfg, sem: semaphore.NewWeighted(int64(cfg.Concurrency)), closing: closing, close: cancel}, nil
}

// Concurrency reports how many single-threaded inferences may run at once.
func (rt *Runtime) Concurrency() int { return rt.cfg.Concurrency }

// Load creates a session for the model at path. The input and output names
// fix the order of Run's arguments and results.
func (rt *Runtime) Load(path string, inputs, outputs []string) (*Session, error) {
	return rt.LoadThreads(path, inputs, outputs, rt.cfg.IntraOpThreads)
}

// LoadThreads is Load for a session whose runs use threads intra-op
// threads (at most Concurrency): each run then holds that many of the
// runtime's slots, so the cores stay as busy as before without more
// threads than cores. It is for a model that runs once per request on a
// large input (text detection), whose latency one thread would set.
func (rt *Runtime) LoadThreads(path string, inputs, outputs []string, threads int) (*Session, error) {
	threads = min(max(threads, 1), rt.cfg.Concurrency)
	opts, err := onnx.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("ort: session options: %w", err)
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(threads); err != nil {
		return nil, fmt.Errorf("ort: intra-op threads: %w", err)
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("ort: inter-op threads: %w", err)
	}
	// Spinning threads burn a core waiting for work that, with one intra-op
	// thread per session, never comes (and with two, allowing it gained
	// nothing measurable: text detection 214 → 210 ms).
	if err := opts.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"); err != nil {
		return nil, fmt.Errorf("ort: disable spinning: %w", err)
	}
	s, err := onnx.NewDynamicAdvancedSession(path, inputs, outputs, opts)
	if err != nil {
		return nil, fmt.Errorf("ort: load %s: %w", filepath.Base(path), err)
	}
	sess := &Session{rt: rt, name: filepath.Base(path), s: s, outputs: len(outputs), weight: int64(threads)}
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
	rt.close()
	sessions := rt.sessions
	rt.sessions = nil
	rt.mu.Unlock()
	// Taking every slot of the semaphore means no Run is in flight.
	if err := rt.sem.Acquire(context.Background(), int64(rt.cfg.Concurrency)); err != nil {
		return err
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

func (rt *Runtime) acquire(ctx context.Context, n int64) error {
	if rt.closing.Err() != nil {
		return ErrClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stop := context.AfterFunc(rt.closing, cancel)
	defer stop()
	if err := rt.sem.Acquire(ctx, n); err != nil {
		if rt.closing.Err() != nil {
			return ErrClosed
		}
		return err
	}
	return nil
}

func (rt *Runtime) release(n int64) { rt.sem.Release(n) }
