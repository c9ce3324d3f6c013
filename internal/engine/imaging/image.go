package imaging

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
)

// Image is packed 8-bit RGB, row-major, stride 3*W. It is what the models
// need and is cheap to sample: no interface calls, no alpha, no colour model.
type Image struct {
	W, H int
	Pix  []uint8
}

// New returns a black w×h image. Non-positive sizes give an empty image
// rather than a panic, so size arithmetic on hostile input cannot crash.
func New(w, h int) *Image {
	if w <= 0 || h <= 0 {
		return &Image{}
	}
	return &Image{W: w, H: h, Pix: make([]uint8, 3*w*h)}
}

// RGB returns the pixel at (x, y). There is no bounds check beyond the
// slice's own: it is meant for hot loops that already know their bounds.
func (m *Image) RGB(x, y int) (r, g, b uint8) {
	i := 3 * (y*m.W + x)
	p := m.Pix[i : i+3 : i+3]
	return p[0], p[1], p[2]
}

// Bounds returns the image rectangle, always anchored at (0, 0).
func (m *Image) Bounds() image.Rectangle { return image.Rect(0, 0, m.W, m.H) }

// valid reports whether m can be sampled safely: a non-nil image whose
// pixel slice matches its size. Operations return empty images for invalid
// input instead of panicking.
func (m *Image) valid() bool {
	return m != nil && m.W > 0 && m.H > 0 && len(m.Pix) >= 3*m.W*m.H
}

// Clone returns a deep copy of m.
func (m *Image) Clone() *Image {
	if m == nil {
		return &Image{}
	}
	return &Image{W: m.W, H: m.H, Pix: append([]uint8(nil), m.Pix...)}
}

// ToRGBA converts m to an opaque *image.RGBA, the type the standard encoders
// and most Go image code handle fastest.
func (m *Image) ToRGBA() *image.RGBA {
	if !m.valid() {
		return image.NewRGBA(image.Rectangle{})
	}
	dst := image.NewRGBA(image.Rect(0, 0, m.W, m.H))
	n := m.W * m.H
	s := m.Pix[: 3*n : 3*n]
	d := dst.Pix[: 4*n : 4*n]
	for i, j := 0, 0; i < len(s); i, j = i+3, j+4 {
		d[j] = s[i]
		d[j+1] = s[i+1]
		d[j+2] = s[i+2]
		d[j+3] = 0xff
	}
	return dst
}

// EncodeJPEG writes m as a baseline JPEG. quality is clamped to 1..100.
func EncodeJPEG(w io.Writer, m *Image, quality int) error {
	if !m.valid() {
		return fmt.Errorf("imaging: encode JPEG: %w", ErrEmpty)
	}
	quality = max(1, min(100, quality))
	// image/jpeg has a fast path for *image.RGBA; converting first is cheaper
	// than letting it call At on a custom type.
	bw := bufio.NewWriter(w)
	if err := jpeg.Encode(bw, m.ToRGBA(), &jpeg.Options{Quality: quality}); err != nil {
		return fmt.Errorf("imaging: encode JPEG: %w", err)
	}
	return bw.Flush()
}

// JPEGBytes is EncodeJPEG into memory.
func JPEGBytes(m *Image, quality int) ([]byte, error) {
	var b bytes.Buffer
	err := EncodeJPEG(&b, m, quality)
	return b.Bytes(), err
}

// EncodePNG writes m as an 8-bit RGB PNG (the encoder notices the image is
// opaque and drops the alpha channel).
func EncodePNG(w io.Writer, m *Image) error {
	if !m.valid() {
		return fmt.Errorf("imaging: encode PNG: %w", ErrEmpty)
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, m.ToRGBA()); err != nil {
		return fmt.Errorf("imaging: encode PNG: %w", err)
	}
	return nil
}

// At implements image.Image so an *Image can be handed to code that expects
// one (encoders, draw). It is slow; use RGB in loops.
func (m *Image) At(x, y int) color.Color {
	if x < 0 || y < 0 || x >= m.W || y >= m.H {
		return color.RGBA{}
	}
	r, g, b := m.RGB(x, y)
	return color.RGBA{r, g, b, 0xff}
}

// ColorModel implements image.Image.
func (m *Image) ColorModel() color.Model { return color.RGBAModel }
