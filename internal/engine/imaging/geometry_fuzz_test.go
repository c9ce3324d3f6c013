package imaging

import (
	"image"
	"math"
	"testing"
)

// FuzzGeometry throws arbitrary rectangles, sizes and affine maps (as a
// face detector gone wrong might) at the pixel operations: none may panic,
// and outputs must have the requested sizes.
func FuzzGeometry(f *testing.F) {
	f.Add(0, 0, 64, 48, 32, 24, 1.0, 0.0, 0.0, 1.0)
	f.Add(-100, -50, 10, 5, 7, 3, 0.5, 0.1, -3.0, 2.0)
	f.Add(60, 40, 70, 50, 1, 1, -1.0, 1e9, 1e-9, math.Inf(1))
	f.Add(-1<<40, -1<<40, 1<<40, 1<<40, 16, 16, math.NaN(), 0.0, 0.0, 0.0)
	src := FromStd(photoLike(64, 48, 1))
	f.Fuzz(func(t *testing.T, x0, y0, x1, y1, w, h int, a, b, c, d float64) {
		w, h = w%200, h%200 // keep allocations small
		r := image.Rect(x0, y0, x1, y1)
		if w > 0 && h > 0 {
			dst := make([]float32, 3*w*h)
			ResizeToPlanes(src, r, w, h, dst, BGR, nil)
			if g := src.Gray(r, w, h); len(g) != w*h {
				t.Fatalf("Gray len %d", len(g))
			}
			if m := WarpAffine(src, [6]float64{a, b, c, d, a, b}, w, h); m.W != w || m.H != h {
				t.Fatal("warp size")
			}
			if m := Resize(src, w, h); m.W != w || m.H != h || len(m.Pix) != 3*w*h {
				t.Fatal("resize size")
			}
		}
		if r.Dx() > 0 && r.Dy() > 0 && r.Dx() < 1000 && r.Dy() < 1000 {
			if m := Crop(src, r); m.W != r.Dx() || m.H != r.Dy() {
				t.Fatal("crop size")
			}
		}
		Sharpness(src, r)
		Brightness(src, r)
	})
}
