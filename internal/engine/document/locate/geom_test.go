package locate

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"openkyc/internal/engine/imaging"
)

func TestHomography(t *testing.T) {
	cases := []struct {
		name     string
		src, dst [4]Point
	}{
		{"identity", [4]Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, [4]Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}},
		{"scale+shift", [4]Point{{0, 0}, {100, 0}, {100, 50}, {0, 50}}, [4]Point{{10, 20}, {310, 20}, {310, 170}, {10, 170}}},
		{"perspective", [4]Point{{0, 0}, {1011, 0}, {1011, 637}, {0, 637}}, [4]Point{{412, 96}, {1630, 250}, {1500, 1190}, {250, 930}}},
		{"large coords", [4]Point{{3000, 2000}, {3900, 2100}, {3800, 2900}, {2900, 2800}}, [4]Point{{0, 0}, {855, 0}, {855, 539}, {0, 539}}},
		{"mirror", [4]Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, [4]Point{{1, 0}, {0, 0}, {0, 1}, {1, 1}}},
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
				if d := dist(got, c.dst[i]); d > 1e-6*math.Max(1, math.Hypot(c.dst[i].X, c.dst[i].Y)) {
					t.Errorf("point %d: %v maps to %v, want %v", i, c.src[i], got, c.dst[i])
				}
			}
			inv, ok := Invert3(h)
			if !ok {
				t.Fatal("not invertible")
			}
			for i := range 4 {
				if d := dist(Apply(inv, c.dst[i]), c.src[i]); d > 1e-6*math.Max(1, math.Hypot(c.src[i].X, c.src[i].Y)) {
					t.Errorf("inverse point %d off by %g", i, d)
				}
			}
		})
	}
}

func TestHomographyDegenerate(t *testing.T) {
	sq := [4]Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
	for name, bad := range map[string][4]Point{
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
		var src, dst [4]Point
		base := [4]Point{{0, 0}, {1, 0}, {1, 1}, {0, 1}}
		for i := range 4 {
			src[i] = Point{base[i].X*800 + r.Float64()*150, base[i].Y*600 + r.Float64()*150}
			dst[i] = Point{base[i].X*500 + r.Float64()*100, base[i].Y*300 + r.Float64()*100}
		}
		h, err := Homography(src, dst)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if d := dist(Apply(h, src[i]), dst[i]); d > 1e-6 {
				t.Fatalf("off by %g", d)
			}
		}
	}
}

func TestWarpPerspective(t *testing.T) {
	src := imaging.New(64, 48)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range src.Pix {
		src.Pix[i] = uint8(r.IntN(256))
	}
	t.Run("identity", func(t *testing.T) {
		out := WarpPerspective(src, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 64, 48)
		if d := meanAbsDiff(out, src); d != 0 {
			t.Errorf("identity warp differs by %g", d)
		}
	})
	t.Run("affine matches WarpAffine", func(t *testing.T) {
		m := [6]float64{0.9, 0.2, 3.5, -0.15, 1.1, 2.25}
		want := imaging.WarpAffine(src, m, 50, 40)
		got := WarpPerspective(src, [9]float64{m[0], m[1], m[2], m[3], m[4], m[5], 0, 0, 1}, 50, 40)
		if d := meanAbsDiff(got, want); d != 0 {
			t.Errorf("differs from WarpAffine by %g", d)
		}
	})
	t.Run("projective halves", func(t *testing.T) {
		// Left half black, right half white: a perspective warp must keep
		// the boundary where the homography maps it.
		bw := imaging.New(100, 100)
		for y := range 100 {
			for x := 50; x < 100; x++ {
				copy(bw.Pix[3*(y*100+x):], []uint8{255, 255, 255})
			}
		}
		h, err := Homography([4]Point{{0, 0}, {99, 0}, {99, 99}, {0, 99}}, [4]Point{{10, 5}, {90, 20}, {80, 95}, {5, 80}})
		if err != nil {
			t.Fatal(err)
		}
		out := WarpPerspective(bw, h, 100, 100)
		for _, p := range []Point{{20, 50}, {80, 50}, {30, 10}, {70, 90}} {
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
		out := WarpPerspective(src, [9]float64{1, 0, 1000, 0, 1, 0, 0, 0, 1}, 10, 10)
		for _, v := range out.Pix {
			if v != 0 {
				t.Fatal("sampling outside the source must give black")
			}
		}
	})
	t.Run("degenerate", func(t *testing.T) {
		if out := WarpPerspective(src, [9]float64{}, 5, 5); out.W != 5 || len(out.Pix) != 75 {
			t.Errorf("zero matrix: got %dx%d", out.W, out.H)
		}
		if out := WarpPerspective(nil, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 5, 5); out.W != 5 {
			t.Errorf("nil source: got %dx%d", out.W, out.H)
		}
		if out := WarpPerspective(src, [9]float64{1, 0, 0, 0, 1, 0, 0, 0, 1}, 0, 5); out.W != 0 {
			t.Errorf("zero size: got %dx%d", out.W, out.H)
		}
	})
}

func TestKindAndSnap(t *testing.T) {
	cases := []struct {
		aspect float64
		kind   string
		snap   float64
	}{
		{1.586, "id1", AspectID1},
		{1.52, "id1", AspectID1},
		{1.66, "id1", AspectID1},
		{1.42, "id3", AspectID3},
		{1.36, "id3", AspectID3},
		{1.48, "id3", AspectID3},
		{1.25, "unknown", 1.25},
		{1.80, "unknown", 1.80},
		{1.0, "unknown", 1.0},
	}
	for _, c := range cases {
		if k := Kind(c.aspect); k != c.kind {
			t.Errorf("Kind(%g) = %q, want %q", c.aspect, k, c.kind)
		}
		if s := SnapAspect(c.aspect); math.Abs(s-c.snap) > 1e-12 {
			t.Errorf("SnapAspect(%g) = %g, want %g", c.aspect, s, c.snap)
		}
	}
}

func TestRectify(t *testing.T) {
	card := synthCard()
	cases := []struct {
		name  string
		p     placement
		width int
	}{
		{"upright", placement{w: 900, h: 700, coverage: 0.5}, 500},
		{"portrait (quarter turn)", placement{w: 700, h: 900, coverage: 0.5, angle: 90}, 500},
		{"perspective", placement{w: 900, h: 700, coverage: 0.45, angle: 10, tilt: 0.15}, 500},
		{"native width", placement{w: 900, h: 700, coverage: 0.5, angle: -5}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, q := render(card, makeBackground(bgPlain, c.p.w, c.p.h, 1), c.p)
			q = orderFromTop(q)
			out := Rectify(img, q, c.width)
			if out.W < out.H {
				t.Fatalf("rectified %dx%d is not landscape", out.W, out.H)
			}
			if c.width > 0 && out.W != c.width {
				t.Errorf("width %d, want %d", out.W, c.width)
			}
			if a := float64(out.W) / float64(out.H); math.Abs(a-AspectID1) > 0.01 {
				t.Errorf("aspect %.3f, want snapped %.3f", a, AspectID1)
			}
			checkRectified(t, img, q, card)
		})
	}
	t.Run("degenerate quad", func(t *testing.T) {
		var q Quad
		if out := Rectify(card, q, 100); out.W != 0 {
			t.Errorf("got %dx%d for an empty quad", out.W, out.H)
		}
	})
}

func TestQuadHelpers(t *testing.T) {
	q := Quad{{10, 10}, {110, 10}, {110, 60}, {10, 60}}
	if a := q.Area(); a != 5000 {
		t.Errorf("area %g", a)
	}
	if a := q.Aspect(); a != 2 {
		t.Errorf("aspect %g", a)
	}
	if w, h := q.Width(), q.Height(); w != 100 || h != 50 {
		t.Errorf("width %g height %g", w, h)
	}
	// Portrait: the long side is still the width.
	if w := (Quad{{0, 0}, {50, 0}, {50, 100}, {0, 100}}).Width(); w != 100 {
		t.Errorf("portrait width %g", w)
	}
	for _, c := range []struct {
		p  Point
		in bool
	}{{Point{50, 30}, true}, {Point{10, 10}, true}, {Point{5, 30}, false}, {Point{50, 61}, false}} {
		if got := q.Contains(c.p); got != c.in {
			t.Errorf("Contains(%v) = %v", c.p, got)
		}
	}
	// orderFromTop: a card turned 30° starts at its top-left corner.
	rot := Quad{{200, 300}, {50, 40}, {400, 0}, {550, 260}} // clockwise, but starting at bottom-left
	o := orderFromTop(rot)
	if o[0] != (Point{50, 40}) || o[1] != (Point{400, 0}) {
		t.Errorf("orderFromTop: %v", o)
	}
	if m := margin(Quad{{20, 10}, {180, 10}, {180, 90}, {20, 90}}, 200, 100); math.Abs(m-0.09) > 1e-9 {
		t.Errorf("margin %g, want 0.09", m)
	}
}
