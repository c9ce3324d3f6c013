package tess

// The binding calls libtesseract's C API directly rather than through
// gosseract: gosseract v2.4.1 never frees the iterator and strings behind
// GetBoundingBoxes (measured: ~620 bytes of C heap lost per line read, for
// ever, in a long-running server) and swaps the process's stderr around
// every Init, which races when two clients initialise at once. The C API
// also takes raw gray pixels, which saves a PNG encode and decode per line.

/*
#cgo LDFLAGS: -ltesseract
#include <stdlib.h>
#include <tesseract/capi.h>
*/
import "C"

import (
	"errors"
	"fmt"
	"os"
	"sync"
	"unsafe"
)

// api is one initialised TessBaseAPI. It is not safe for concurrent use.
type api struct {
	h *C.TessBaseAPI
}

// quietOnce sends Tesseract's diagnostics to /dev/null before the first
// instance loads. Tesseract prints them for unremarkable input (row
// statistics for a blank line, "Empty page!!"), which would flood a
// server's log with lines no one can act on. debug_file is a global
// Tesseract parameter, so this is set once, for the whole process, before
// any recognition can be reading it.
var quietOnce sync.Once

// newAPI loads lang ("kor", "chi_sim+eng") from dir for single-line
// recognition. The caller serialises calls (initMu).
func newAPI(dir, lang string) (*api, error) {
	cdir, clang := C.CString(dir), C.CString(lang)
	defer C.free(unsafe.Pointer(cdir))
	defer C.free(unsafe.Pointer(clang))
	h := C.TessBaseAPICreate()
	var quietErr error
	quietOnce.Do(func() { quietErr = setVar(h, "debug_file", os.DevNull) })
	if quietErr != nil {
		C.TessBaseAPIDelete(h)
		return nil, quietErr
	}
	if C.TessBaseAPIInit3(h, cdir, clang) != 0 {
		C.TessBaseAPIDelete(h)
		return nil, errors.New("TessBaseAPIInit3 failed")
	}
	a := &api{h: h}
	C.TessBaseAPISetPageSegMode(h, C.PSM_SINGLE_LINE)
	// Without this every word of a CJK line is joined with a space
	// ("日 本 国旅 券"); with it spaces follow the real gaps.
	if err := setVar(h, "preserve_interword_spaces", "1"); err != nil {
		a.close()
		return nil, err
	}
	return a, nil
}

// setVar sets a Tesseract parameter on h (or globally, for global ones).
func setVar(h *C.TessBaseAPI, name, value string) error {
	cn, cv := C.CString(name), C.CString(value)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	if C.TessBaseAPISetVariable(h, cn, cv) == 0 {
		return errors.New("tesseract: cannot set " + name)
	}
	return nil
}

func (a *api) close() {
	C.TessBaseAPIEnd(a.h)
	C.TessBaseAPIDelete(a.h)
}

// recognize reads the w×h 8-bit gray image pix. It returns Tesseract's
// text (lines ending in '\n') and the mean of its word confidences (0..100;
// 0 without words).
//
// It cannot be cancelled. Tesseract polls a cancel callback only between
// the words it recognises, and in LSTM mode a single line is one word at
// that point: a callback that always said "cancel" stopped a 22 ms line
// after its 1.5 ms of layout analysis, and nothing later.
func (a *api) recognize(pix []byte, w, h int) (string, float64, error) {
	C.TessBaseAPISetImage(a.h, (*C.uchar)(unsafe.Pointer(&pix[0])), C.int(w), C.int(h), 1, C.int(w))
	// The image carries no resolution; Tesseract would warn and assume 70
	// dpi, which is also what the measurements used.
	C.TessBaseAPISetSourceResolution(a.h, 70)
	defer C.TessBaseAPIClear(a.h)

	restore := serialOpenMP()
	rc := C.TessBaseAPIRecognize(a.h, nil)
	restore()
	if rc != 0 {
		return "", 0, fmt.Errorf("tesseract: recognition failed (%d)", int(rc))
	}
	ct := C.TessBaseAPIGetUTF8Text(a.h)
	if ct == nil {
		return "", 0, nil
	}
	text := C.GoString(ct)
	C.TessDeleteText(ct)

	confs := C.TessBaseAPIAllWordConfidences(a.h)
	if confs == nil {
		return text, 0, nil
	}
	defer C.TessDeleteIntArray(confs)
	var sum, n int
	for p := confs; *p >= 0; p = (*C.int)(unsafe.Add(unsafe.Pointer(p), unsafe.Sizeof(*p))) {
		sum += int(*p)
		n++
	}
	if n == 0 {
		return text, 0, nil
	}
	return text, float64(sum) / float64(n), nil
}
