package imaging

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"

	"golang.org/x/image/webp"
)

// Limits bound what Decode accepts, so that a hostile or accidental upload
// cannot exhaust memory or CPU. A zero or negative field means "no limit"
// for that field (W*H is still capped at 2^30 so sizes cannot overflow).
type Limits struct {
	MaxBytes  int64 // files larger are refused before any decoding (ErrTooLarge)
	MaxPixels int64 // W*H from the header larger are refused before decoding pixels (ErrTooManyPixels)
	// MaxSide: the decoded image is downscaled so max(W,H) <= MaxSide (0 =
	// keep full size). JPEG uses DCT scaling so it is cheap; the JPEG long
	// side may then end up to 5% below MaxSide (2000 px for a 4000 px photo
	// and MaxSide 2048) when that saves a slow scale factor and a resize.
	// Info.Scale always gives the exact factor.
	MaxSide int
}

// DefaultLimits suit KYC uploads: 25 MB covers any phone photo, 50 MP any
// phone sensor, and 2048 px is more than the face and document models ever
// look at.
var DefaultLimits = Limits{MaxBytes: 25 << 20, MaxPixels: 50_000_000, MaxSide: 2048}

// Info describes what Decode found and did.
type Info struct {
	Format        string  // "jpeg", "png", "webp"
	Width, Height int     // of the stored image as in the file header (before orientation)
	Orientation   int     // EXIF orientation 1..8 applied (1 when none)
	Scale         float64 // decoded size / oriented original size (<=1), so callers can map coordinates back: x_orig = x / Scale
}

// The errors Decode returns, always wrapped with detail; test with errors.Is.
var (
	ErrEmpty         = errors.New("imaging: empty input")
	ErrTooLarge      = errors.New("imaging: file too large")
	ErrTooManyPixels = errors.New("imaging: image has too many pixels")
	ErrUnsupported   = errors.New("imaging: unsupported image format") // GIF, BMP, TIFF, text, ...: only JPEG, PNG, WebP accepted
	ErrCorrupt       = errors.New("imaging: corrupt or truncated image")
	ErrTooSmall      = errors.New("imaging: image too small") // W or H < MinSide
)

// MinSide is the smallest width or height Decode accepts. Nothing useful
// (a face, a document) fits in fewer pixels, and tiny images are a favourite
// of probing and fuzzing traffic.
const MinSide = 16

// hardMaxPixels caps W*H even when Limits.MaxPixels is unset, so that size
// arithmetic (3*W*H) cannot overflow and a header cannot ask for terabytes.
const hardMaxPixels = 1 << 30

// Decode decodes a JPEG, PNG or WebP image held in data, recognised by its
// content (magic bytes), never by a file name. It enforces lim, applies the
// EXIF orientation and downscales to lim.MaxSide.
//
// It never panics: decoder panics are recovered and reported as ErrCorrupt.
func Decode(data []byte, lim Limits) (img *Image, info Info, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, info, err = nil, Info{}, fmt.Errorf("%w: decoder panic: %v", ErrCorrupt, r)
		}
	}()
	if len(data) == 0 {
		return nil, Info{}, ErrEmpty
	}
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return nil, Info{}, fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, len(data), lim.MaxBytes)
	}
	var orient int
	switch sniff(data) {
	case "jpeg":
		img, info, orient, err = decodeJPEG(data, lim)
	case "png":
		img, info, err = decodeStd(data, lim, "png", png.DecodeConfig, png.Decode)
		orient = exifOrientation(pngExif(data))
	case "webp":
		if err = checkWebPFeatures(data); err != nil {
			return nil, Info{}, err
		}
		img, info, err = decodeStd(data, lim, "webp", webp.DecodeConfig, webp.Decode)
		orient = exifOrientation(webpExif(data))
	default:
		return nil, Info{}, fmt.Errorf("%w: %s", ErrUnsupported, describe(data))
	}
	if err != nil {
		return nil, Info{}, err
	}
	img, info = finish(img, info, orient, lim)
	return img, info, nil
}

// DecodeReader reads at most lim.MaxBytes+1 bytes from r (so an endless
// stream cannot exhaust memory) and decodes them with Decode.
func DecodeReader(r io.Reader, lim Limits) (*Image, Info, error) {
	if r == nil {
		return nil, Info{}, ErrEmpty
	}
	if lim.MaxBytes > 0 {
		r = io.LimitReader(r, lim.MaxBytes+1)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, Info{}, fmt.Errorf("imaging: read: %w", err)
	}
	return Decode(data, lim)
}

// DecodeFile decodes the file at path. Its size is checked with a stat
// before anything is read, and the read itself is bounded in case the file
// grows meanwhile.
func DecodeFile(path string, lim Limits) (*Image, Info, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Info{}, fmt.Errorf("imaging: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, Info{}, fmt.Errorf("imaging: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, Info{}, fmt.Errorf("imaging: %s: not a regular file", path)
	}
	size := st.Size()
	if lim.MaxBytes > 0 && size > lim.MaxBytes {
		return nil, Info{}, fmt.Errorf("%w: %s: %d bytes > %d", ErrTooLarge, path, size, lim.MaxBytes)
	}
	// Read into a buffer of the right size in one go instead of letting
	// io.ReadAll grow one; the +1 notices a file that grew past the limit.
	buf := bytes.NewBuffer(make([]byte, 0, size+1))
	var r io.Reader = f
	if lim.MaxBytes > 0 {
		r = io.LimitReader(f, lim.MaxBytes+1)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, Info{}, fmt.Errorf("imaging: read %s: %w", path, err)
	}
	return Decode(buf.Bytes(), lim)
}

// CheckSize reads only the header of an image and applies lim's size
// rules (bytes, pixels, smallest side), as an upload is taken: a
// 20000×20000 picture is refused before it is stored, not when it is
// analysed. A header it cannot read passes: Decode has the last word.
func CheckSize(data []byte, lim Limits) error {
	if lim.MaxBytes > 0 && int64(len(data)) > lim.MaxBytes {
		return fmt.Errorf("%w: %d bytes > %d", ErrTooLarge, len(data), lim.MaxBytes)
	}
	config := map[string]func(io.Reader) (image.Config, error){"jpeg": jpeg.DecodeConfig, "png": png.DecodeConfig,
		"webp": webp.DecodeConfig}[sniff(data)]
	if config == nil {
		return fmt.Errorf("%w: %s", ErrUnsupported, describe(data))
	}
	cfg, err := config(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return nil
	}
	return checkHeader(cfg.Width, cfg.Height, lim)
}

// sniff recognises the accepted formats by their magic bytes.
func sniff(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff:
		return "jpeg"
	case len(b) >= 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n":
		return "png"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	}
	return ""
}

// describe names common formats that are refused, so that the error says
// what the client actually sent ("GIF", not just "unsupported").
func describe(b []byte) string {
	has := func(off int, s string) bool { return len(b) >= off+len(s) && string(b[off:off+len(s)]) == s }
	switch {
	case has(0, "GIF87a"), has(0, "GIF89a"):
		return "GIF"
	case has(0, "BM"):
		return "BMP"
	case has(0, "II*\x00"), has(0, "MM\x00*"):
		return "TIFF"
	case has(4, "ftypheic"), has(4, "ftypheix"), has(4, "ftypmif1"), has(4, "ftyphevc"):
		return "HEIF/HEIC"
	case has(4, "ftypavif"):
		return "AVIF"
	case has(0, "%PDF"):
		return "PDF"
	case has(0, "\x00\x00\x01\x00"):
		return "ICO"
	case has(0, "\xff\x4f\xff\x51"), has(0, "\x00\x00\x00\x0cjP  "):
		return "JPEG 2000"
	case has(0, "RIFF"):
		return "RIFF container that is not WebP"
	case has(0, "\x89PNG"), has(0, "\xff\xd8"):
		return "truncated signature"
	}
	if looksLikeText(b) {
		return "text, not an image"
	}
	return "unknown format"
}

// looksLikeText reports whether the first bytes are printable ASCII or
// whitespace, the typical "uploaded the wrong file" case.
func looksLikeText(b []byte) bool {
	b = b[:min(len(b), 512)]
	for _, c := range b {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// checkHeader applies the size rules to the dimensions from a file header,
// before any pixel memory exists.
func checkHeader(w, h int, lim Limits) error {
	if w <= 0 || h <= 0 {
		// A tables-only JPEG, or a header the decoder could not size.
		return fmt.Errorf("%w: no image size in the header", ErrCorrupt)
	}
	if w < MinSide || h < MinSide {
		return fmt.Errorf("%w: %dx%d, need at least %d px per side", ErrTooSmall, w, h, MinSide)
	}
	px := int64(w) * int64(h)
	if lim.MaxPixels > 0 && px > lim.MaxPixels {
		return fmt.Errorf("%w: %dx%d > %d", ErrTooManyPixels, w, h, lim.MaxPixels)
	}
	if px > hardMaxPixels {
		return fmt.Errorf("%w: %dx%d > %d", ErrTooManyPixels, w, h, int64(hardMaxPixels))
	}
	return nil
}

// decodeStd runs a standard-library style decoder after checking its header
// with the matching DecodeConfig. Both only ever see a bytes.Reader, so a
// header read costs microseconds and allocates no pixel memory.
func decodeStd(data []byte, lim Limits, format string,
	config func(io.Reader) (image.Config, error), decode func(io.Reader) (image.Image, error),
) (*Image, Info, error) {
	cfg, err := config(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, fmt.Errorf("%w: %s header: %v", ErrCorrupt, format, err)
	}
	if err := checkHeader(cfg.Width, cfg.Height, lim); err != nil {
		return nil, Info{}, err
	}
	m, err := decode(bytes.NewReader(data))
	if err != nil {
		return nil, Info{}, fmt.Errorf("%w: %s: %v", ErrCorrupt, format, err)
	}
	if b := m.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
		// The header is what the limits were checked against; an image that
		// disagrees with it is malformed, whatever the decoder thinks.
		return nil, Info{}, fmt.Errorf("%w: %s: decoded %dx%d, header says %dx%d", ErrCorrupt, format, b.Dx(), b.Dy(), cfg.Width, cfg.Height)
	}
	return FromStd(m), Info{Format: format, Width: cfg.Width, Height: cfg.Height, Scale: 1}, nil
}

// finish downscales to lim.MaxSide if the decoder has not already done so,
// applies the EXIF orientation and completes info. On entry info.Scale is
// the scale the decoder itself applied (a JPEG DCT factor, or 1).
// Downscaling before orienting means the orientation touches fewer pixels.
//
// When the image is resized here its long side becomes exactly MaxSide, so
// the scale is MaxSide/long on both axes (each axis rounded to whole pixels:
// mapping back is exact to within one original pixel). A DCT-scaled JPEG
// keeps its exact factor num/denom.
func finish(img *Image, info Info, orient int, lim Limits) (*Image, Info) {
	if lim.MaxSide > 0 && max(img.W, img.H) > lim.MaxSide {
		tw, th := fitSide(info.Width, info.Height, lim.MaxSide)
		img = Resize(img, tw, th)
		info.Scale = float64(lim.MaxSide) / float64(max(info.Width, info.Height))
	}
	if orient < 1 || orient > 8 {
		orient = 1
	}
	info.Orientation = orient
	return Orient(img, orient), info
}

// fitSide returns the size that brings the long side of w×h down to
// maxSide, keeping the aspect ratio (w×h itself when it fits).
func fitSide(w, h, maxSide int) (int, int) {
	long := max(w, h)
	if maxSide <= 0 || long <= maxSide {
		return w, h
	}
	s := float64(maxSide) / float64(long)
	return max(1, int(float64(w)*s+0.5)), max(1, int(float64(h)*s+0.5))
}
