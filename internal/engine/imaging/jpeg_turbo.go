//go:build cgo && !noturbo

package imaging

/*
#cgo LDFLAGS: -lturbojpeg
#include <turbojpeg.h>
*/
import "C"

import (
	"fmt"
	"math"
	"strings"
	"sync"
	"unsafe"
)

// jpegBackend decodes JPEGs with libjpeg-turbo when cgo is available.
var jpegBackend = decodeJPEGTurbo

// turboAvailable reports whether JPEGs are decoded with libjpeg-turbo.
const turboAvailable = true

// turboFlags: LIMITSCANS refuses progressive files with an absurd number of
// scans (a known CPU exhaustion trick); the DCT stays the accurate one,
// which is what TurboJPEG uses for decompression by default.
const turboFlags = C.TJFLAG_LIMITSCANS

// scaleFactor is a DCT scaling factor num/denom.
type scaleFactor struct{ num, denom int }

// scaled is TJSCALED: the size libjpeg-turbo produces for dimension d.
func (f scaleFactor) scaled(d int) int { return (d*f.num + f.denom - 1) / f.denom }

// turboFactors is the list of factors the library supports (1/8 steps in
// libjpeg-turbo 2.x), read once.
var turboFactors = sync.OnceValue(func() []scaleFactor {
	var n C.int
	p := C.tjGetScalingFactors(&n)
	if p == nil || n <= 0 {
		return []scaleFactor{{1, 1}}
	}
	src := unsafe.Slice(p, int(n))
	out := make([]scaleFactor, 0, len(src))
	for _, f := range src {
		if f.num > 0 && f.denom > 0 {
			out = append(out, scaleFactor{int(f.num), int(f.denom)})
		}
	}
	return out
})

// dctSlack is how far below MaxSide the DCT-scaled long side may fall.
//
// The plain rule — the smallest factor whose long side is still >= MaxSide —
// picks 5/8 for the most common upload, a 12 MP phone photo (4000 or 4032 px
// wide) with MaxSide 2048. Only the 1/2, 1/4 and 1/8 scaled IDCTs of
// libjpeg-turbo 2.1 are SIMD; a 5/8 decode is slower than a full-size one,
// and a 2500→2048 resize follows: 54 ms for a 12 MP photo on the 2-core
// development machine, against 19 ms for 1/2, which gives 2000–2016 px
// directly. 2% fewer pixels than asked for cost the face and document
// models nothing. Info.Scale reports the exact factor either way.
const dctSlack = 0.05

// pickFactor returns the smallest downscaling factor whose scaled long side
// is still >= (1-dctSlack)*maxSide, so the DCT does as much of the
// shrinking as it can without going noticeably below the requested
// resolution (what is still above maxSide is removed by Resize). 1/1 when no
// downscale is needed.
func pickFactor(w, h, maxSide int, fs []scaleFactor) scaleFactor {
	best := scaleFactor{1, 1}
	long := max(w, h)
	if maxSide <= 0 || long <= maxSide {
		return best
	}
	floor := int(math.Ceil(float64(maxSide) * (1 - dctSlack)))
	for _, f := range fs {
		if f.num <= f.denom && f.scaled(long) >= floor && f.num*best.denom < best.num*f.denom {
			best = f
		}
	}
	return best
}

// decodeJPEGTurbo reads the header, runs check on the stored size, and
// decodes straight into the Go-allocated Pix with DCT scaling towards
// maxSide. Decoding into Go memory avoids a copy of the whole image; it is
// allowed by the cgo rules because Pix holds no Go pointers.
func decodeJPEGTurbo(data []byte, maxSide int, check func(w, h int) error) (*Image, int, int, float64, error) {
	h := C.tjInitDecompress()
	if h == nil {
		return nil, 0, 0, 0, fmt.Errorf("imaging: turbojpeg: cannot create a decompressor")
	}
	defer C.tjDestroy(h)

	src := (*C.uchar)(unsafe.Pointer(&data[0]))
	size := C.ulong(len(data))
	var cw, ch, subsamp, cs C.int
	if C.tjDecompressHeader3(h, src, size, &cw, &ch, &subsamp, &cs) != 0 {
		return nil, 0, 0, 0, turboErr(h, "header")
	}
	w, hh := int(cw), int(ch)
	if err := check(w, hh); err != nil {
		return nil, 0, 0, 0, err
	}
	f := pickFactor(w, hh, maxSide, turboFactors())
	sw, sh := f.scaled(w), f.scaled(hh)
	img := New(sw, sh)
	// TurboJPEG 2.1 cannot convert CMYK/YCCK (Adobe, print workflows) to
	// RGB: decode those as CMYK and convert here.
	cmyk := cs == C.TJCS_CMYK || cs == C.TJCS_YCCK
	dst, pf, pitch := img.Pix, C.int(C.TJPF_RGB), 3*sw
	if cmyk {
		dst, pf, pitch = make([]uint8, 4*sw*sh), C.TJPF_CMYK, 4*sw
	}
	// Asking for exactly sw×sh makes TurboJPEG choose factor f: it takes the
	// largest factor whose output fits, so it can never write past dst.
	rc := C.tjDecompress2(h, src, size, (*C.uchar)(unsafe.Pointer(&dst[0])),
		C.int(sw), C.int(pitch), C.int(sh), pf, turboFlags)
	if rc != 0 {
		if C.tjGetErrorCode(h) != C.TJERR_WARNING {
			return nil, 0, 0, 0, turboErr(h, "decode")
		}
		if msg := C.GoString(C.tjGetErrorStr2(h)); !benignWarning(msg) {
			return nil, 0, 0, 0, fmt.Errorf("%w: jpeg: %s", ErrCorrupt, msg)
		}
	}
	if cmyk {
		cmykToRGB(img.Pix, dst)
	}
	return img, w, hh, float64(f.num) / float64(f.denom), nil
}

// cmykToRGB converts Adobe-style CMYK (stored inverted, as Photoshop and
// libjpeg write it: 255 = no ink) to RGB: R = C'·K'/255, and so on. This is
// what image/jpeg and browsers do.
func cmykToRGB(rgb, cmyk []uint8) {
	n := min(len(rgb)/3, len(cmyk)/4)
	for i := range n {
		p := cmyk[4*i : 4*i+4 : 4*i+4]
		k := uint32(p[3])
		q := rgb[3*i : 3*i+3 : 3*i+3]
		q[0], q[1], q[2] = mul255(uint32(p[0]), k), mul255(uint32(p[1]), k), mul255(uint32(p[2]), k)
	}
}

// mul255 is a*b/255 rounded, exactly, for a, b in 0..255.
func mul255(a, b uint32) uint8 {
	v := a*b + 128
	return uint8((v + v>>8) >> 8)
}

// benignWarning tells libjpeg warnings that leave the image intact (common
// in files from real cameras and editors) from those that mean part of it
// is missing or garbage. Only the first warning's text is kept by
// TurboJPEG, which is why truncation is detected structurally instead.
func benignWarning(msg string) bool {
	for _, s := range []string{
		"extraneous bytes before marker", // padding between scans and EOI
		"unknown JFIF revision",
		"Unknown Adobe color transform code",
		"Invalid SOS parameters for sequential JPEG",
		"bad ICC marker",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// turboErr turns the handle's last error into a package error. Valid but
// unsupported JPEG variants (12-bit, lossless, exotic colour spaces) are
// ErrUnsupported; everything else, including libjpeg's "Unsupported marker
// type" which really means garbage, is ErrCorrupt.
func turboErr(h C.tjhandle, stage string) error {
	msg := C.GoString(C.tjGetErrorStr2(h))
	for _, s := range []string{"Unsupported JPEG data precision", "Unsupported JPEG process", "Unsupported color conversion"} {
		if strings.Contains(msg, s) {
			return fmt.Errorf("%w: jpeg %s: %s", ErrUnsupported, stage, msg)
		}
	}
	return fmt.Errorf("%w: jpeg %s: %s", ErrCorrupt, stage, msg)
}
