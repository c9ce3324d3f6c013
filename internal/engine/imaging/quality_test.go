package imaging

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"testing"
)

func TestSharpness(t *testing.T) {
	sharp := checkerboard(256, 256, 8)
	blurred := GaussianBlur(sharp, 3)
	flat := FromStd(solid(256, 256, grey))
	s, b, f := Sharpness(sharp, sharp.Bounds()), Sharpness(blurred, blurred.Bounds()), Sharpness(flat, flat.Bounds())
	t.Logf("sharp %.1f blurred %.1f flat %.1f", s, b, f)
	if !(s > 4*b) || b <= 0 || f != 0 {
		t.Errorf("sharp %.1f, blurred %.1f, flat %.1f", s, b, f)
	}
	// Scale independence: the same pattern at twice the size (cells twice
	// as big) measures about the same, because both are brought to 128 px.
	big := checkerboard(512, 512, 16)
	if sb := Sharpness(big, big.Bounds()); math.Abs(sb-s)/s > 0.1 {
		t.Errorf("scale dependence: %.1f vs %.1f", sb, s)
	}
	// ROI handling: a region over the flat half of an image is flat.
	half := FromStd(solid(200, 100, grey))
	board := checkerboard(100, 100, 4)
	for y := range 100 {
		copy(half.Pix[3*(y*200):3*(y*200+100)], board.Pix[3*y*100:3*(y+1)*100])
	}
	if v := Sharpness(half, image.Rect(110, 0, 200, 100)); v != 0 {
		t.Errorf("flat half: %v", v)
	}
	if v := Sharpness(half, image.Rect(0, 0, 90, 100)); v < 100 {
		t.Errorf("board half: %v", v)
	}
	// Degenerate regions.
	for _, r := range []image.Rectangle{{}, image.Rect(500, 500, 600, 600), image.Rect(0, 0, 2, 100)} {
		if v := Sharpness(sharp, r); v != 0 {
			t.Errorf("%v: %v", r, v)
		}
	}
	if Sharpness(nil, image.Rect(0, 0, 10, 10)) != 0 {
		t.Error("nil image")
	}
}

func TestBrightness(t *testing.T) {
	tests := []struct {
		name string
		img  *Image
		r    image.Rectangle
		want float64
	}{
		{"grey", FromStd(solid(64, 64, color.RGBA{100, 100, 100, 255})), image.Rect(0, 0, 64, 64), 100},
		{"colour", FromStd(solid(64, 64, color.RGBA{200, 100, 50, 255})), image.Rect(10, 10, 20, 20), 0.299*200 + 0.587*100 + 0.114*50},
		{"half", halfBlackWhite(600, 400), image.Rect(0, 0, 600, 400), 127.5},
		{"white half only", halfBlackWhite(600, 400), image.Rect(300, 0, 900, 400), 255},
		{"outside", FromStd(solid(64, 64, grey)), image.Rect(100, 100, 200, 200), 0},
	}
	for _, tc := range tests {
		if got := Brightness(tc.img, tc.r); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func halfBlackWhite(w, h int) *Image {
	m := New(w, h)
	for y := range h {
		row := m.Pix[3*y*w : 3*(y+1)*w]
		for i := 3 * w / 2; i < len(row); i++ {
			row[i] = 255
		}
	}
	return m
}

func TestGaussianBlur(t *testing.T) {
	flat := FromStd(solid(50, 30, color.RGBA{10, 120, 240, 255}))
	if !bytes.Equal(GaussianBlur(flat, 2.5).Pix, flat.Pix) {
		t.Error("blur changed a flat image (edges must clamp, weights sum to 1)")
	}
	src := FromStd(photoLike(120, 90, 4))
	b := GaussianBlur(src, 1.5)
	if m1, m2 := meanRGB(src, src.Bounds()), meanRGB(b, b.Bounds()); !closeRGB(m1, m2, 1) {
		t.Errorf("mean moved: %v -> %v", m1, m2)
	}
	if meanAbsDiff(src, b) < 1 {
		t.Error("blur did nothing")
	}
	if !bytes.Equal(GaussianBlur(src, 0).Pix, src.Pix) || !bytes.Equal(GaussianBlur(src, math.NaN()).Pix, src.Pix) {
		t.Error("sigma <= 0 should copy")
	}
	// A huge sigma on a tiny image must stay cheap and sane.
	tiny := GaussianBlur(FromStd(markerImage(4, 4)), 1e6)
	if tiny.W != 4 {
		t.Error("tiny")
	}
}

func TestAdjustContrast(t *testing.T) {
	src := FromStd(photoLike(60, 40, 8))
	if !bytes.Equal(AdjustContrast(src, 1, 0, 1).Pix, src.Pix) {
		t.Error("neutral parameters changed pixels")
	}
	g := AdjustContrast(src, 1, 0, 0)
	for i := 0; i < len(g.Pix); i += 3 {
		if d := int(g.Pix[i]) - int(g.Pix[i+2]); d < -1 || d > 1 {
			t.Fatalf("saturation 0 not grey: %v", g.Pix[i:i+3])
		}
	}
	flat := AdjustContrast(src, 0, 20, 1)
	for _, v := range flat.Pix {
		if v != 148 {
			t.Fatalf("contrast 0 brightness 20: %d", v)
		}
	}
	lo := AdjustContrast(src, 0.5, 0, 1)
	if sd(lo) >= sd(src) {
		t.Error("lower contrast did not reduce spread")
	}
	if m := AdjustContrast(src, 1, 500, 1); bytes.Count(m.Pix, []byte{255}) != len(m.Pix) {
		t.Error("no clamping at 255")
	}
	if m := AdjustContrast(src, 1, -500, 1); bytes.Count(m.Pix, []byte{0}) != len(m.Pix) {
		t.Error("no clamping at 0")
	}
}

func sd(m *Image) float64 {
	var s, s2 float64
	for _, v := range m.Pix {
		s += float64(v)
		s2 += float64(v) * float64(v)
	}
	n := float64(len(m.Pix))
	return math.Sqrt(s2/n - (s/n)*(s/n))
}
