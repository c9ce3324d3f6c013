package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image/jpeg"
)

// decodeJPEG is the JPEG path of Decode: a marker walk for the EXIF
// orientation and completeness, then the pixel decoder (libjpeg-turbo when
// built with cgo, image/jpeg otherwise) with the header checks in between.
//
// Truncated files are refused (ErrCorrupt) rather than decoded: both
// decoders would happily return an image whose missing part is flat grey,
// and a half-grey ID photo must not be analysed as if it were real. The
// check is structural — no EOI marker after the entropy-coded data — so it
// costs one vectorised scan and needs no decoder cooperation.
func decodeJPEG(data []byte, lim Limits) (*Image, Info, int, error) {
	lay := scanJPEG(data)
	check := func(w, h int) error {
		if err := checkHeader(w, h, lim); err != nil {
			return err
		}
		if !lay.complete {
			return fmt.Errorf("%w: truncated JPEG (no EOI marker after the image data)", ErrCorrupt)
		}
		return nil
	}
	img, w, h, scale, err := jpegBackend(data, lim.MaxSide, check)
	if err != nil {
		return nil, Info{}, 0, err
	}
	return img, Info{Format: "jpeg", Width: w, Height: h, Scale: scale}, exifOrientation(lay.exif), nil
}

// decodeJPEGStd decodes with image/jpeg. It is the backend of cgo-less
// builds and the reference the turbo backend is tested and benchmarked
// against. maxSide is ignored (the scale is always 1): image/jpeg cannot
// scale, Decode's final resize does it.
func decodeJPEGStd(data []byte, _ int, check func(w, h int) error) (*Image, int, int, float64, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, 0, jpegStdErr(err)
	}
	if err := check(cfg.Width, cfg.Height); err != nil {
		return nil, 0, 0, 0, err
	}
	m, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, 0, jpegStdErr(err)
	}
	if b := m.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		return nil, 0, 0, 0, fmt.Errorf("%w: jpeg: decoded %dx%d, header says %dx%d", ErrCorrupt, b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}
	return FromStd(m), cfg.Width, cfg.Height, 1, nil
}

// jpegStdErr maps image/jpeg errors onto the package's error kinds.
func jpegStdErr(err error) error {
	var ue jpeg.UnsupportedError
	if errors.As(err, &ue) {
		return fmt.Errorf("%w: jpeg: %v", ErrUnsupported, err)
	}
	return fmt.Errorf("%w: jpeg: %v", ErrCorrupt, err)
}
