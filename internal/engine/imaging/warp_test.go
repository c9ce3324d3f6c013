package imaging

import (
	"bytes"
	"image/color"
	"math"
	"testing"
)

func TestWarpAffineIdentity(t *testing.T) {
	src := FromStd(photoLike(90, 70, 1))
	got := WarpAffine(src, [6]float64{1, 0, 0, 0, 1, 0}, 90, 70)
	if !bytes.Equal(got.Pix, src.Pix) {
		t.Error("identity warp changed pixels")
	}
}

func TestWarpAffineTranslation(t *testing.T) {
	src := FromStd(photoLike(90, 70, 2))
	const dx, dy = 5, -3
	got := WarpAffine(src, [6]float64{1, 0, dx, 0, 1, dy}, 60, 60)
	for y := range 60 {
		for x := range 60 {
			sx, sy := x+dx, y+dy
			want := [3]uint8{}
			if sx >= 0 && sy >= 0 && sx < src.W && sy < src.H {
				want = pix(src, sx, sy)
			}
			if pix(got, x, y) != want {
				t.Fatalf("at %d,%d: %v, want %v", x, y, pix(got, x, y), want)
			}
		}
	}
	// Half-pixel shift: the average of neighbours.
	two := New(2, 1)
	copy(two.Pix, []uint8{0, 100, 200, 100, 200, 0})
	h := WarpAffine(two, [6]float64{1, 0, 0.5, 0, 1, 0}, 1, 1)
	if !bytes.Equal(h.Pix, []uint8{50, 150, 100}) {
		t.Errorf("half-pixel shift: %v", h.Pix)
	}
}

// A 90° rotation expressed as an affine map equals Rotate90.
func TestWarpAffineRotation(t *testing.T) {
	src := FromStd(markerImage(40, 30))
	// dst(x, y) = src(y, H-1-x)
	got := WarpAffine(src, [6]float64{0, 1, 0, -1, 0, float64(src.H - 1)}, src.H, src.W)
	if !bytes.Equal(got.Pix, Rotate90(src, 1).Pix) {
		t.Error("affine 90° rotation differs from Rotate90")
	}
}

func TestWarpAffineHostile(t *testing.T) {
	src := FromStd(solid(20, 20, color.RGBA{255, 255, 255, 255}))
	for _, m := range [][6]float64{
		{math.NaN(), 0, 0, 0, 1, 0},
		{math.Inf(1), 0, 0, 0, 1, 0},
		{1e300, 1e300, 1e300, 1e300, 1e300, 1e300},
		{0, 0, -1e18, 0, 0, 1e18},
	} {
		got := WarpAffine(src, m, 8, 8)
		if len(got.Pix) != 3*64 {
			t.Fatal("bad size")
		}
	}
	// Sampling just past the border fades to black instead of clamping.
	got := WarpAffine(src, [6]float64{1, 0, -0.5, 0, 1, 0}, 2, 1)
	if got.Pix[0] != 128 || got.Pix[3] != 255 {
		t.Errorf("border blend: %v", got.Pix)
	}
	if m := WarpAffine(nil, [6]float64{1, 0, 0, 0, 1, 0}, 4, 4); len(m.Pix) != 48 {
		t.Error("nil source")
	}
}
