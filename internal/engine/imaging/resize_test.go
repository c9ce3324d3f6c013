package imaging

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"
)

func TestResizeKeepsMeanColour(t *testing.T) {
	src := FromStd(photoLike(300, 200, 3))
	want := meanRGB(src, src.Bounds())
	tests := []struct {
		name string
		w, h int
		tol  float64
	}{
		{"area 6x", 50, 33, 1},
		{"area 3x", 100, 67, 1},
		{"bilinear 1.5x", 200, 133, 1.5},
		{"bilinear 1.1x", 273, 182, 1.5},
		{"upscale 2x", 600, 400, 1},
		{"mixed axes", 40, 400, 1.5},
		{"tiny", 3, 2, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Resize(src, tc.w, tc.h)
			if got.W != tc.w || got.H != tc.h || len(got.Pix) != 3*tc.w*tc.h {
				t.Fatalf("%dx%d", got.W, got.H)
			}
			if m := meanRGB(got, got.Bounds()); !closeRGB(m, want, tc.tol) {
				t.Errorf("mean %v, source %v", m, want)
			}
		})
	}
}

func TestResizeSolidStaysExact(t *testing.T) {
	src := FromStd(solid(97, 61, color.RGBA{201, 13, 77, 255}))
	for _, sz := range [][2]int{{10, 7}, {48, 30}, {97, 61}, {150, 100}, {1, 1}, {300, 5}} {
		got := Resize(src, sz[0], sz[1])
		for i := 0; i < len(got.Pix); i += 3 {
			if got.Pix[i] != 201 || got.Pix[i+1] != 13 || got.Pix[i+2] != 77 {
				t.Fatalf("%v: pixel %d = %v", sz, i/3, got.Pix[i:i+3])
			}
		}
	}
}

// Area averaging must not alias: a 1-px checkerboard shrunk 4× is flat
// grey, where point sampling would give black or white.
func TestResizeAreaNoAliasing(t *testing.T) {
	got := Resize(checkerboard(400, 400, 1), 100, 100)
	for i, v := range got.Pix {
		if v < 126 || v > 129 {
			t.Fatalf("value %d at %d: aliasing", v, i)
		}
	}
}

// Bilinear positions are OpenCV's: upscaling 2× of a 2-pixel row gives
// 0, 0.25, 0.75, 1 of the way between the two pixels.
func TestResizeBilinearPositions(t *testing.T) {
	src := New(2, 1)
	copy(src.Pix, []uint8{0, 0, 0, 200, 100, 40})
	got := Resize(src, 4, 1)
	want := []uint8{0, 0, 0, 50, 25, 10, 150, 75, 30, 200, 100, 40}
	if !bytes.Equal(got.Pix, want) {
		t.Errorf("got %v, want %v", got.Pix, want)
	}
}

func TestResizeDegenerate(t *testing.T) {
	if m := Resize(nil, 10, 10); m.W != 10 || len(m.Pix) != 300 {
		t.Error("nil source should give a black image")
	}
	if m := Resize(FromStd(solid(4, 4, red)), 0, 5); m.W != 0 || m.Pix != nil {
		t.Error("zero width should give an empty image")
	}
	if m := Resize(&Image{W: 5, H: 5, Pix: make([]uint8, 10)}, 3, 3); len(m.Pix) != 27 {
		t.Error("inconsistent source must not panic")
	}
	src := FromStd(markerImage(20, 10))
	if same := Resize(src, 20, 10); !bytes.Equal(same.Pix, src.Pix) || &same.Pix[0] == &src.Pix[0] {
		t.Error("same-size resize should be a copy")
	}
}

func TestCrop(t *testing.T) {
	src := FromStd(markerImage(64, 48))
	got := Crop(src, image.Rect(-8, -8, 24, 24))
	if got.W != 32 || got.H != 32 {
		t.Fatalf("%dx%d", got.W, got.H)
	}
	if r, g, b := got.RGB(0, 0); r|g|b != 0 {
		t.Errorf("outside not black: %d %d %d", r, g, b)
	}
	for _, p := range []image.Point{{8, 8}, {20, 20}, {31, 31}} {
		r1, g1, b1 := got.RGB(p.X, p.Y)
		r2, g2, b2 := src.RGB(p.X-8, p.Y-8)
		if r1 != r2 || g1 != g2 || b1 != b2 {
			t.Errorf("at %v: %v vs %v", p, []uint8{r1, g1, b1}, []uint8{r2, g2, b2})
		}
	}
	if m := Crop(src, image.Rect(100, 100, 110, 105)); m.W != 10 || m.H != 5 || bytes.Count(m.Pix, []byte{0}) != len(m.Pix) {
		t.Error("crop fully outside should be black")
	}
	if m := Crop(src, image.Rect(5, 5, 5, 9)); m.W != 0 {
		t.Error("empty rect should give an empty image")
	}
}

// planesOf splits an image into NCHW planes, the reference for
// ResizeToPlanes.
func planesOf(m *Image, order ChannelOrder) []float32 {
	n := m.W * m.H
	out := make([]float32, 3*n)
	for i := range n {
		for c := range 3 {
			p := c
			if order == BGR {
				p = 2 - c
			}
			out[p*n+i] = float32(m.Pix[3*i+c])
		}
	}
	return out
}

func TestResizeToPlanesMatchesResize(t *testing.T) {
	src := FromStd(photoLike(640, 480, 5))
	tests := []struct {
		name  string
		r     image.Rectangle
		w, h  int
		order ChannelOrder
		ref   *Image
	}{
		{"full bilinear", src.Bounds(), 400, 300, RGB, Resize(src, 400, 300)},
		{"full area BGR", src.Bounds(), 160, 120, BGR, Resize(src, 160, 120)},
		{"full upscale", src.Bounds(), 1000, 700, RGB, Resize(src, 1000, 700)},
		// Area kernels read only inside the crop, so crop+resize is exact.
		{"crop area", image.Rect(100, 60, 400, 360), 100, 100, RGB, Resize(Crop(src, image.Rect(100, 60, 400, 360)), 100, 100)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dst := make([]float32, 3*tc.w*tc.h)
			ResizeToPlanes(src, tc.r, tc.w, tc.h, dst, tc.order, nil)
			want := planesOf(tc.ref, tc.order)
			for i := range dst {
				// The planes keep sub-level precision; the image is rounded.
				if math.Abs(float64(dst[i]-want[i])) > 0.5+1e-3 {
					t.Fatalf("value %d: %v vs %v", i, dst[i], want[i])
				}
			}
		})
	}
}

func TestResizeToPlanesOutsideAndNormalise(t *testing.T) {
	src := FromStd(solid(100, 100, color.RGBA{200, 100, 50, 255}))
	const w, h = 40, 40
	dst := make([]float32, 3*w*h)
	mean := [3]float32{10, 20, 30}
	calls := 0
	// The crop's left half is outside the image.
	ResizeToPlanes(src, image.Rect(-100, 0, 100, 200), w, h, dst, BGR, func(v float32, c int) float32 {
		calls++
		return (v - mean[c]) / 2
	})
	if calls != 3*w*h {
		t.Errorf("fn called %d times", calls)
	}
	at := func(c, x, y int) float32 { return dst[c*w*h+y*w+x] }
	// BGR: plane 0 is blue.
	wantIn := [3]float32{(50 - 10) / 2, (100 - 20) / 2, (200 - 30) / 2}
	wantOut := [3]float32{-10 / 2., -20 / 2., -30 / 2.}
	for c := range 3 {
		if got := at(c, 30, 10); math.Abs(float64(got-wantIn[c])) > 0.01 {
			t.Errorf("plane %d inside: %v, want %v", c, got, wantIn[c])
		}
		if got := at(c, 5, 10); got != wantOut[c] {
			t.Errorf("plane %d outside: %v, want %v", c, got, wantOut[c])
		}
		if got := at(c, 30, 35); got != wantOut[c] { // below the image
			t.Errorf("plane %d below: %v, want %v", c, got, wantOut[c])
		}
	}
	// Empty rect and nil source fill with fn(0).
	ResizeToPlanes(nil, image.Rect(0, 0, 10, 10), w, h, dst, RGB, func(v float32, c int) float32 { return v + float32(c) })
	if dst[0] != 0 || dst[w*h] != 1 || dst[2*w*h+5] != 2 {
		t.Error("nil source not filled with fn(0)")
	}
	// Absurd rectangles must not blow up memory or panic.
	ResizeToPlanes(src, image.Rect(-1<<40, -1<<40, 1<<40, 1<<40), w, h, dst, RGB, nil)
	defer func() {
		if recover() == nil {
			t.Error("short dst should panic")
		}
	}()
	ResizeToPlanes(src, src.Bounds(), w, h, dst[:10], RGB, nil)
}

func TestGray(t *testing.T) {
	src := FromStd(solid(50, 40, color.RGBA{200, 100, 50, 255}))
	want := float32(0.299*200 + 0.587*100 + 0.114*50)
	g := src.Gray(src.Bounds(), 17, 9)
	if len(g) != 17*9 {
		t.Fatal(len(g))
	}
	for i, v := range g {
		if math.Abs(float64(v-want)) > 0.01 {
			t.Fatalf("%d: %v, want %v", i, v, want)
		}
	}
	// A horizontal ramp stays a ramp, and outside is 0.
	ramp := FromStd(gradient(256, 16))
	g = ramp.Gray(image.Rect(0, 0, 512, 16), 8, 2)
	for x := 1; x < 4; x++ {
		if g[x] <= g[x-1] {
			t.Errorf("ramp not increasing at %d: %v", x, g[:4])
		}
	}
	if g[5] != 0 || g[8+7] != 0 {
		t.Errorf("outside not black: %v", g)
	}
}

func TestFlipRotate(t *testing.T) {
	src := FromStd(markerImage(40, 30))
	f := FlipH(src)
	for y := range 30 {
		for x := range 40 {
			r1, g1, b1 := f.RGB(x, y)
			r2, g2, b2 := src.RGB(39-x, y)
			if r1 != r2 || g1 != g2 || b1 != b2 {
				t.Fatalf("FlipH at %d,%d", x, y)
			}
		}
	}
	if !bytes.Equal(FlipH(f).Pix, src.Pix) {
		t.Error("FlipH twice is not the identity")
	}
	r1 := Rotate90(src, 1)
	if r1.W != 30 || r1.H != 40 {
		t.Fatalf("rotated size %dx%d", r1.W, r1.H)
	}
	// Clockwise: the stored top-left corner goes to the top-right.
	if a, b := pix(r1, 29, 0), pix(src, 0, 0); a != b {
		t.Error("clockwise turn misplaced the corner")
	}
	if !bytes.Equal(Rotate90(src, -1).Pix, Rotate90(src, 3).Pix) {
		t.Error("-1 and 3 quarter turns differ")
	}
	if !bytes.Equal(Rotate90(Rotate90(src, 2), 2).Pix, src.Pix) || !bytes.Equal(Rotate90(src, 4).Pix, src.Pix) {
		t.Error("full turns are not the identity")
	}
	four := src
	for range 4 {
		four = Rotate90(four, 1)
	}
	if !bytes.Equal(four.Pix, src.Pix) {
		t.Error("four quarter turns are not the identity")
	}
	if m := Rotate90(nil, 1); m.W != 0 {
		t.Error("nil rotate")
	}
}

func pix(m *Image, x, y int) [3]uint8 {
	r, g, b := m.RGB(x, y)
	return [3]uint8{r, g, b}
}

// Orient must agree with the transforms it is built from, for odd sizes
// too (tiling edge cases).
func TestOrientMatchesDefinitions(t *testing.T) {
	src := FromStd(photoLike(131, 67, 9))
	W, H := src.W, src.H
	srcAt := map[int]func(x, y int) (int, int){
		1: func(x, y int) (int, int) { return x, y },
		2: func(x, y int) (int, int) { return W - 1 - x, y },
		3: func(x, y int) (int, int) { return W - 1 - x, H - 1 - y },
		4: func(x, y int) (int, int) { return x, H - 1 - y },
		5: func(x, y int) (int, int) { return y, x },
		6: func(x, y int) (int, int) { return y, H - 1 - x },
		7: func(x, y int) (int, int) { return W - 1 - y, H - 1 - x },
		8: func(x, y int) (int, int) { return W - 1 - y, x },
	}
	for o := 1; o <= 8; o++ {
		d := Orient(src, o)
		for y := range d.H {
			for x := range d.W {
				sx, sy := srcAt[o](x, y)
				if pix(d, x, y) != pix(src, sx, sy) {
					t.Fatalf("orientation %d: mismatch at %d,%d", o, x, y)
				}
			}
		}
	}
}

func TestParallelPropagatesPanics(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v", r)
		}
	}()
	parallel(100, 1<<30, func(a, b int) {
		if a > 0 {
			panic("boom")
		}
	})
	t.Error("no panic")
}

// TestResizeToPlanesKernel: shrinking a 1-px checkerboard 3×, area
// averaging turns it nearly grey while Bilinear keeps sampling the pattern.
func TestResizeToPlanesKernel(t *testing.T) {
	src := New(255, 255)
	for y := range 255 {
		for x := range 255 {
			if (x+y)%2 == 0 {
				i := 3 * (y*255 + x)
				src.Pix[i], src.Pix[i+1], src.Pix[i+2] = 255, 255, 255
			}
		}
	}
	spread := func(k Kernel) float64 {
		dst := make([]float32, 3*85*85)
		ResizeToPlanesKernel(src, src.Bounds(), 85, 85, dst, RGB, k, nil)
		lo, hi := float32(255), float32(0)
		for _, v := range dst[:85*85] {
			lo, hi = min(lo, v), max(hi, v)
		}
		return float64(hi - lo)
	}
	auto, bil := spread(Auto), spread(Bilinear)
	if bil < 200 || auto > bil/4 {
		t.Errorf("spread of values: Auto %.1f, Bilinear %.1f levels; want Bilinear to keep the pattern and Auto to average it away", auto, bil)
	}
}
