package tess

// libtesseract is built with OpenMP: its LSTM runs the gate computations of
// every time step in a parallel region. On a 2-core machine that forks and
// joins a team of spinning libgomp threads thousands of times per line,
// which made a line 2–3× slower in ENGINE-NOTES §7 and 8× slower on the
// busier shared machine here (BenchmarkOpenMP: 65 ms against 8 ms).

/*
#cgo LDFLAGS: -lgomp
#include <omp.h>
*/
import "C"

import "runtime"

// ompSerial switches serialOpenMP on; tests turn it off to measure what it
// saves.
var ompSerial = true

// ompThreadLimit is the OpenMP thread limit libgomp read from
// OMP_THREAD_LIMIT when it was loaded (INT_MAX when unset). libgomp parses
// its environment in a constructor that runs when the dynamic loader maps
// it, before Go's main, so os.Setenv cannot change this value afterwards.
func ompThreadLimit() int { return int(C.omp_get_thread_limit()) }

// serialOpenMP makes OpenMP parallel regions started from the calling OS
// thread run on that thread alone, until the returned function restores
// the thread's previous setting. It works whatever OMP_THREAD_LIMIT was at
// start-up: a max-active-levels of 0 makes every parallel region inactive,
// that is run by one thread, and OpenMP has no call that changes the
// thread limit after load.
//
// max-active-levels is a per-thread OpenMP setting, so the goroutine stays
// locked to its OS thread until the recognition in between has returned;
// otherwise the Go scheduler could make the cgo call from another thread
// whose setting is still the default. Restoring it afterwards keeps other
// OpenMP users that happen to run on the same Go thread unaffected.
func serialOpenMP() (restore func()) {
	if !ompSerial {
		return func() {}
	}
	runtime.LockOSThread()
	prev := C.omp_get_max_active_levels()
	if prev != 0 {
		C.omp_set_max_active_levels(0)
	}
	return func() {
		if prev != 0 {
			C.omp_set_max_active_levels(prev)
		}
		runtime.UnlockOSThread()
	}
}

// ompMaxActiveLevels is the calling OS thread's max-active-levels.
func ompMaxActiveLevels() int { return int(C.omp_get_max_active_levels()) }
