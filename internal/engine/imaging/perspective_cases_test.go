package imaging

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

// These cases came with the document locator, the first user of
// Homography and WarpPerspective.

func distF(a, b PointF) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func TestHomography(t *testing.T) {
	cases := []struct {
		name     string
		src, dst [4]PointF
	}{
		{"identity", [4]PointF{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, [4]PointF{{0, 0}, {1, 0}, {1, 1}, {0, 1}}},
		{"scale+shift", [4]PointF{{0, 0}, {100, 0}, {100, 50}, {0, 50}}, [4]PointF{{10, 20}, {310, 20}, {310, 170}, {10, 170}}},
		{"perspective", [4]PointF{{0, 0}, {1011, 0}, {1011, 637}, {0, 637}}, [4]PointF{{412, 96}, {1630, 250}, {1500, 1190}, {250, 930}}},
		{"large coords", [4]PointF{{3000, 2000}, {3900, 2100}, {3800, 2900}, {2900, 2800}}, [4]PointF{{0, 0}, {855, 0}, {855, 539}, {0, 539}}},
		{"mirror", [4]PointF{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, [4]PointF{{1, 0}, {0, 0}, {0, 1}, {1, 1}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h, err := Homography(c.src, c.dst)
			if err != nil {
				t.Fatal(err)
			}
			if h[8] != 1 {
				t.Errorf("h[8] = %g, want 1", h[8])
			}
			for i := range 4 {
				got := Apply(h, c.src[i])
				if d := distF(got, c.dst[i]); d > 1e-6*math.Max(1, math.Hypot(c.dst[i].X, c.dst[i].Y)) {
					t.Errorf("point %d: %v maps to %v, want %v", i, c.src[i], got, c.dst[i])
				}
			}
			inv, ok := Invert3(h)
			if !ok {
				t.Fatal("not invertible")
			}
			for i := range 4 {
				if d := distF(Apply(inv, c.dst[i]), c.src[i]); d > 1e-6*math.Max(1, math.Hypot(c.src[i].X, c.src[i].Y)) {
					t.Errorf("inverse point %d off by %g", i, d)
				}
			}
		})
	}
}

func TestHomographyDegenerate(t *testing.T) {
	sq := [4]PointF{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
	for name, bad := range map[string][4]PointF{
		"collinear": {{0, 0}, {1, 1}, {2, 2}, {0, 1}},
		"repeated":  {{0, 0}, {0, 0}, {1, 1}, {0, 1}},
		"all same":  {{5, 5}, {5, 5}, {5, 5}, {5, 5}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Homography(bad, sq); !errors.Is(err, ErrDegenerate) {
				t.Errorf("src: got %v, want ErrDegenerate", err)
			}
			if _, err := Homography(sq, bad); !errors.Is(err, ErrDegenerate) {
				t.Errorf("dst: got %v, want ErrDegenerate", err)
			}
		})
	}
}

// TestHomographyRandom checks random well-shaped quads both ways.
func TestHomographyRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 200 {
		var src, dst [4]PointF
		base := [4]PointF{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
		for i := range 4 {
			src[i] = PointF{base[i].X*800 + r.Float64()*150, base[i].Y*600 + r.Float64()*150}
			dst[i] = PointF{base[i].X*500 + r.Float64()*100, base[i].Y*300 + r.Float64()*100}
		}
		h, err := Homography(src, dst)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if d := distF(Apply(h, src[i]), dst[i]); d > 1e-6 {
				t.Fatalf("off by %g", d)
			}
		}
	}
}

func TestWarpPerspectiveCases(t *testing.T) {
	src := New(64, 48)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range src.Pix {
		src.Pix[i] = uint8(r.IntN(256))
	}
	t.Run("identity", func(t *testing.T) {
		out := WarpPerspective(src, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 64, 48, Black)
		if d := meanAbsDiff(out, src); d != 0 {
			t.Errorf("identity warp differs by %g", d)
		}
	})
	t.Run("affine matches WarpAffine", func(t *testing.T) {
		m := [6]float64{0.9, 0.2, 3.5, -0.15, 1.1, 2.25}
		want := WarpAffine(src, m, 50, 40)
		got := WarpPerspective(src, [9]float64{m[0], m[1], m[2], m[3], m[4], m[5], 0, 0, 1}, 50, 40, Black)
		if d := meanAbsDiff(got, want); d != 0 {
			t.Errorf("differs from WarpAffine by %g", d)
		}
	})
	t.Run("projective halves", func(t *testing.T) {
		// Left half black, right half white: a perspective warp must keep
		// the boundary where the homography maps it.
		bw := New(100, 100)
		for y := range 100 {
			for x := 50; x < 100; x++ {
				copy(bw.Pix[3*(y*100+x):], []uint8{255, 255, 255})
			}
		}
		h, err := Homography([4]PointF{{0, 0}, {99, 0}, {99, 99}, {0, 99}}, [4]PointF{{10, 5}, {90, 20}, {80, 95}, {5, 80}})
		if err != nil {
			t.Fatal(err)
		}
		out := WarpPerspective(bw, h, 100, 100, Black)
		for _, p := range []PointF{{20, 50}, {80, 50}, {30, 10}, {70, 90}} {
			s := Apply(h, p)
			want := uint8(0)
			if s.X > 50 {
				want = 255
			}
			if got := out.Pix[3*(int(p.Y)*100+int(p.X))]; math.Abs(float64(got)-float64(want)) > 1 && math.Abs(s.X-49.5) > 1.5 {
				t.Errorf("pixel %v (source %v) = %d, want %d", p, s, got, want)
			}
		}
	})
	t.Run("outside is black", func(t *testing.T) {
		out := WarpPerspective(src, [9]float64{1, 0, 1000, 0, 1, 0, 0, 0, 1}, 10, 10, Black)
		for _, v := range out.Pix {
			if v != 0 {
				t.Fatal("sampling outside the source must give black")
			}
		}
	})
	t.Run("degenerate", func(t *testing.T) {
		if out := WarpPerspective(src, [9]float64{}, 5, 5, Black); out.W != 5 || len(out.Pix) != 75 {
			t.Errorf("zero matrix: got %dx%d", out.W, out.H)
		}
		if out := WarpPerspective(nil, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 5, 5, Black); out.W != 5 {
			t.Errorf("nil source: got %dx%d", out.W, out.H)
		}
		if out := WarpPerspective(src, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 0, 5, Black); out.W != 0 {
			t.Errorf("zero size: got %dx%d", out.W, out.H)
		}
	})
}
