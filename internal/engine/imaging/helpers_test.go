package imaging

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
	"testing"
)

var (
	red  = color.RGBA{220, 30, 30, 255}
	blue = color.RGBA{30, 30, 220, 255}
	grey = color.RGBA{128, 128, 128, 255}
)

// solid returns a w×h image of one colour.
func solid(w, h int, c color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// fillRect paints r of m with c.
func fillRect(m *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(m.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			m.SetRGBA(x, y, c)
		}
	}
}

// markerImage is grey with a red square centred in the top-left quadrant
// and a blue one centred in the top-right quadrant, so every orientation
// puts them in a distinct pair of quadrants.
func markerImage(w, h int) *image.RGBA {
	m := solid(w, h, grey)
	fillRect(m, image.Rect(w/8, h/8, 3*w/8, 3*h/8), red)
	fillRect(m, image.Rect(5*w/8, h/8, 7*w/8, 3*h/8), blue)
	return m
}

// gradient is a smooth RGB ramp: R along x, G along y, B constant.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.SetRGBA(x, y, color.RGBA{uint8(255 * x / max(w-1, 1)), uint8(255 * y / max(h-1, 1)), 90, 255})
		}
	}
	return m
}

// checkerboard has cells of side cell pixels, black and white.
func checkerboard(w, h, cell int) *Image {
	m := New(w, h)
	for y := range h {
		for x := range w {
			if (x/cell+y/cell)%2 == 0 {
				i := 3 * (y*w + x)
				m.Pix[i], m.Pix[i+1], m.Pix[i+2] = 255, 255, 255
			}
		}
	}
	return m
}

// photoLike imitates a photo for benchmarks: smooth gradients, some shapes
// and sensor-like noise, so the JPEG has realistic entropy.
func photoLike(w, h int, seed uint64) *image.RGBA {
	rng := rand.New(rand.NewPCG(seed, 1))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			r := 128 + 100*math.Sin(6*fx+2*fy)
			g := 128 + 90*math.Cos(5*fy-3*fx)
			b := 128 + 80*math.Sin(9*fx*fy)
			n := rng.NormFloat64() * 8
			i := m.PixOffset(x, y)
			m.Pix[i] = clampF(r + n)
			m.Pix[i+1] = clampF(g + n)
			m.Pix[i+2] = clampF(b + n)
			m.Pix[i+3] = 255
		}
	}
	for k := range 40 {
		c := color.RGBA{uint8(rng.IntN(256)), uint8(rng.IntN(256)), uint8(rng.IntN(256)), 255}
		x, y := rng.IntN(w), rng.IntN(h)
		s := (k%7 + 1) * w / 60
		fillRect(m, image.Rect(x, y, x+s, y+s*2/3), c)
	}
	return m
}

func clampF(v float64) uint8 { return uint8(math.Max(0, math.Min(255, v))) }

func encJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tiffOrientation is a minimal TIFF structure whose IFD0 holds one
// orientation entry.
func tiffOrientation(orient int, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	t := []byte("II*\x00")
	if bigEndian {
		bo, t = binary.BigEndian, []byte("MM\x00*")
	}
	t = bo.AppendUint32(t, 8)      // IFD0 offset
	t = bo.AppendUint16(t, 1)      // one entry
	t = bo.AppendUint16(t, 0x0112) // Orientation
	t = bo.AppendUint16(t, 3)      // SHORT
	t = bo.AppendUint32(t, 1)      // count
	t = bo.AppendUint16(t, uint16(orient))
	t = bo.AppendUint16(t, 0)
	t = bo.AppendUint32(t, 0) // no next IFD
	return t
}

// withAPP1 inserts an APP1 segment with payload right after SOI.
func withAPP1(jpg, payload []byte) []byte {
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, jpg[2:]...)
}

// withExif adds an Exif APP1 segment carrying the TIFF structure t.
func withExif(jpg, t []byte) []byte {
	return withAPP1(jpg, append([]byte("Exif\x00\x00"), t...))
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// pngHeader is a PNG signature and a valid IHDR for an 8-bit RGB image of
// the given size, and nothing else.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// patchJPEGSize rewrites the frame size in the SOF segment of a JPEG, to
// make files whose header lies.
func patchJPEGSize(t testing.TB, jpg []byte, w, h int) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xff {
			t.Fatal("bad marker walk")
		}
		m := out[i+1]
		n := int(binary.BigEndian.Uint16(out[i+2:]))
		if m >= 0xc0 && m <= 0xc2 {
			binary.BigEndian.PutUint16(out[i+5:], uint16(h))
			binary.BigEndian.PutUint16(out[i+7:], uint16(w))
			return out
		}
		i += 2 + n
	}
	t.Fatal("no SOF")
	return nil
}

// meanRGB is the mean colour of r ∩ bounds of m.
func meanRGB(m *Image, r image.Rectangle) [3]float64 {
	r = r.Intersect(m.Bounds())
	var s [3]float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb := m.RGB(x, y)
			s[0] += float64(cr)
			s[1] += float64(cg)
			s[2] += float64(cb)
		}
	}
	n := float64(r.Dx() * r.Dy())
	return [3]float64{s[0] / n, s[1] / n, s[2] / n}
}

// meanStd is the mean colour of a standard image.
func meanStd(img image.Image) [3]float64 {
	return meanRGB(FromStd(img), img.Bounds())
}

func closeRGB(a, b [3]float64, tol float64) bool {
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

// meanAbsDiff compares two same-size images.
func meanAbsDiff(a, b *Image) float64 {
	if a.W != b.W || a.H != b.H {
		return math.Inf(1)
	}
	var s float64
	for i := range a.Pix {
		s += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
	}
	return s / float64(len(a.Pix))
}
