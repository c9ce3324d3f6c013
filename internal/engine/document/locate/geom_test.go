package locate

import (
	"math"
	"testing"
)

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
