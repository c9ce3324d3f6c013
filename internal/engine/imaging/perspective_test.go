package imaging

import (
	"errors"
	"math"
	"testing"
)

func TestHomographyMapsCorners(t *testing.T) {
	from := [4]PointF{{0, 0}, {1000, 0}, {1000, 300}, {0, 300}}
	to := [4]PointF{{1200, 700}, {2180, 815}, {2110, 1140}, {1090, 1035}}
	h, err := Homography(from, to)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range from {
		if q := Apply(h, p); math.Hypot(q.X-to[i].X, q.Y-to[i].Y) > 1e-6 {
			t.Errorf("corner %d maps to %v, want %v", i, q, to[i])
		}
	}
	inv, ok := Invert3(h)
	if !ok {
		t.Fatal("not invertible")
	}
	if q := Apply(inv, to[2]); math.Hypot(q.X-from[2].X, q.Y-from[2].Y) > 1e-6 {
		t.Errorf("inverse maps back to %v", q)
	}
	if _, err := Homography([4]PointF{{0, 0}, {1, 1}, {2, 2}, {0, 5}}, to); !errors.Is(err, ErrDegenerate) {
		t.Errorf("collinear points: err = %v", err)
	}
}

// TestWarpPerspectiveBorders samples a window hanging off a white image:
// black outside with Black, white everywhere with Replicate.
func TestWarpPerspectiveBorders(t *testing.T) {
	src := New(40, 40)
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	shift := [9]float64{1, 0, 30, 0, 1, 0, 0, 0, 1} // dst x → src x+30
	black := WarpPerspective(src, shift, 20, 10, Black)
	repl := WarpPerspective(src, shift, 20, 10, Replicate)
	if r, _, _ := black.RGB(5, 5); r != 255 {
		t.Errorf("inside: %d, want 255", r)
	}
	if r, _, _ := black.RGB(15, 5); r != 0 {
		t.Errorf("Black outside: %d, want 0", r)
	}
	if r, _, _ := repl.RGB(15, 5); r != 255 {
		t.Errorf("Replicate outside: %d, want 255", r)
	}
}
