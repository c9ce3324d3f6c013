package ocr

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func near(a, b Point, tol float64) bool { return dist(a, b) <= tol }

// rectQuad returns the corners of a w×h rectangle centred at (cx, cy),
// turned by deg degrees (counter-clockwise on screen), clockwise on screen
// from the top-left.
func rectQuad(cx, cy, w, h, deg float64) Quad {
	a := deg * math.Pi / 180
	u := Point{math.Cos(a), -math.Sin(a)} // along the text
	v := Point{math.Sin(a), math.Cos(a)}  // down across it
	c := Point{cx, cy}
	at := func(s, t float64) Point { return add(c, add(scale(u, s), scale(v, t))) }
	return Quad{at(-w/2, -h/2), at(w/2, -h/2), at(w/2, h/2), at(-w/2, h/2)}
}

func TestConvexHull(t *testing.T) {
	tests := []struct {
		name string
		pts  []Point
		want int // hull size
	}{
		{"empty", nil, 0},
		{"one point", []Point{{1, 1}}, 1},
		{"duplicates", []Point{{1, 1}, {1, 1}}, 1},
		{"collinear", []Point{{0, 0}, {1, 1}, {2, 2}, {3, 3}}, 2},
		{"square with inside and edge points", []Point{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {2, 2}, {2, 0}, {1, 3}}, 4},
		{"triangle", []Point{{0, 0}, {5, 0}, {0, 5}}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := convexHull(tc.pts)
			if len(h) != tc.want {
				t.Fatalf("hull %v has %d points, want %d", h, len(h), tc.want)
			}
			// Every turn is to the same side, and every input point is
			// inside or on the hull.
			for i := range h {
				if len(h) < 3 {
					break
				}
				if c := cross(sub(h[(i+1)%len(h)], h[i]), sub(h[(i+2)%len(h)], h[i])); c <= 0 {
					t.Errorf("turn at %v is %v, want > 0", h[(i+1)%len(h)], c)
				}
			}
			if len(h) == 4 {
				for _, p := range tc.pts {
					if !insideConvex(Quad(h), p) {
						t.Errorf("%v outside hull %v", p, h)
					}
				}
			}
		})
	}
}

// bruteMinArea tries the rectangle aligned with every hull edge.
func bruteMinArea(h []Point) float64 {
	best := math.Inf(1)
	for i := range h {
		e := sub(h[(i+1)%len(h)], h[i])
		e = scale(e, 1/math.Hypot(e.X, e.Y))
		n := Point{-e.Y, e.X}
		lo, hi, nlo, nhi := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
		for _, p := range h {
			lo, hi = math.Min(lo, dot(p, e)), math.Max(hi, dot(p, e))
			nlo, nhi = math.Min(nlo, dot(p, n)), math.Max(nhi, dot(p, n))
		}
		best = math.Min(best, (hi-lo)*(nhi-nlo))
	}
	return best
}

func TestMinAreaRectMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 3 + rng.IntN(60)
		pts := make([]Point, n)
		// Elongated, rotated clouds on an integer grid, like text regions.
		a := rng.Float64() * math.Pi
		for i := range pts {
			x, y := rng.NormFloat64()*40, rng.NormFloat64()*6
			pts[i] = Point{math.Round(200 + x*math.Cos(a) - y*math.Sin(a)), math.Round(200 + x*math.Sin(a) + y*math.Cos(a))}
		}
		h := convexHull(pts)
		if len(h) < 3 {
			continue
		}
		rect, w, hh := minAreaRect(h)
		want := bruteMinArea(h)
		if got := w * hh; math.Abs(got-want) > 1e-6*math.Max(1, want) {
			t.Fatalf("trial %d: area %v, brute force %v", trial, got, want)
		}
		q := Quad(rect)
		grown, _ := unclip(orderBox(rect), 0.01) // tolerance for points on edges
		for _, p := range pts {
			if !insideConvex(grown, p) {
				t.Fatalf("trial %d: %v outside rectangle %v", trial, p, q)
			}
		}
	}
}

func TestMinAreaRectShapes(t *testing.T) {
	tests := []struct {
		name string
		q    Quad
		w, h float64
	}{
		{"axis aligned", rectQuad(100, 50, 120, 20, 0), 120, 20},
		{"turned 5°", rectQuad(100, 50, 120, 20, 5), 120, 20},
		{"turned -30°", rectQuad(100, 50, 120, 20, -30), 120, 20},
		{"vertical", rectQuad(100, 50, 20, 120, 0), 20, 120},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, w, h := minAreaRect(convexHull(tc.q[:]))
			if lo, hi := math.Min(w, h), math.Max(w, h); math.Abs(lo-math.Min(tc.w, tc.h)) > 1e-6 || math.Abs(hi-math.Max(tc.w, tc.h)) > 1e-6 {
				t.Errorf("sides %v × %v, want %v × %v", w, h, tc.w, tc.h)
			}
		})
	}
	if _, w, h := minAreaRect([]Point{{0, 0}, {10, 0}}); w != 10 || h != 0 {
		t.Errorf("segment: %v × %v, want 10 × 0", w, h)
	}
	if _, w, h := minAreaRect(nil); w != 0 || h != 0 {
		t.Errorf("no points: %v × %v", w, h)
	}
}

func TestOrderBox(t *testing.T) {
	for _, deg := range []float64{0, 3, -3, 20, -20, 40, -40} {
		want := rectQuad(300, 200, 200, 40, deg)
		// Any starting corner and direction must give the same order.
		for _, in := range [][4]Point{
			{want[0], want[1], want[2], want[3]},
			{want[2], want[3], want[0], want[1]},
			{want[3], want[2], want[1], want[0]},
		} {
			got := orderBox(in)
			for i := range got {
				if !near(got[i], want[i], 1e-9) {
					t.Fatalf("%v°: order %v, want %v", deg, got, want)
				}
			}
		}
	}
}

func TestUnclip(t *testing.T) {
	q := rectQuad(100, 100, 100, 20, 0)
	g, side := unclip(q, 1.5)
	// d = area·ratio/perimeter = 2000·1.5/240 = 12.5 on every side.
	if math.Abs(g.Width()-125) > 1e-9 || math.Abs(g.Height()-45) > 1e-9 || math.Abs(side-45) > 1e-9 {
		t.Errorf("grown to %v × %v (side %v), want 125 × 45", g.Width(), g.Height(), side)
	}
	if c := g.Center(); !near(c, Point{100, 100}, 1e-9) {
		t.Errorf("centre moved to %v", c)
	}
	r := rectQuad(100, 100, 100, 20, 30)
	if g, _ := unclip(r, 1.5); math.Abs(g.Width()-125) > 1e-9 || !near(g.Center(), r.Center(), 1e-9) {
		t.Errorf("turned box grown to width %v centre %v", g.Width(), g.Center())
	}
	if _, side := unclip(Quad{}, 1.5); side != 0 {
		t.Errorf("degenerate box side %v", side)
	}
}

func TestBoxScore(t *testing.T) {
	const w, h = 20, 10
	prob := make([]float32, w*h)
	for y := 2; y <= 6; y++ {
		for x := 4; x <= 15; x++ {
			prob[y*w+x] = 0.8
		}
	}
	tests := []struct {
		name string
		q    Quad
		want float64
	}{
		{"exact region", Quad{{4, 2}, {15, 2}, {15, 6}, {4, 6}}, 0.8},
		{"inner part", Quad{{6, 3}, {10, 3}, {10, 5}, {6, 5}}, 0.8},
		{"half outside the region", Quad{{10, 2}, {19, 2}, {19, 6}, {10, 6}}, 0.8 * 6 / 10},
		{"outside the map", Quad{{30, 30}, {40, 30}, {40, 40}, {30, 40}}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := boxScore(prob, w, h, tc.q); math.Abs(got-tc.want) > 1e-6 {
				t.Errorf("score %v, want %v", got, tc.want)
			}
		})
	}
}

func TestComponents(t *testing.T) {
	const w, h = 8, 5
	grid := []string{
		"##......",
		"##...#..",
		"..#...#.", // joins the first blob diagonally; the right one is its own
		"......#.",
		"#.......",
	}
	bm := make([]bool, w*h)
	for y, row := range grid {
		for x, c := range row {
			bm[y*w+x] = c == '#'
		}
	}
	regions := components(slices.Clone(bm), w, h, 100)
	if len(regions) != 3 {
		t.Fatalf("%d regions, want 3: %v", len(regions), regions)
	}
	if got := convexHull(regions[0]); len(got) != 4 {
		t.Errorf("first region hull %v, want 4 corners", got)
	}
	if got := components(slices.Clone(bm), w, h, 2); len(got) != 2 {
		t.Errorf("maxRegions 2 gave %d regions", len(got))
	}
}

func TestDBBoxes(t *testing.T) {
	const w, h = 64, 32
	prob := make([]float32, w*h)
	fill := func(x0, y0, x1, y1 int, v float32) {
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				prob[y*w+x] = v
			}
		}
	}
	fill(4, 4, 40, 9, 0.9)    // a text line
	fill(4, 20, 30, 25, 0.9)  // another
	fill(50, 4, 60, 12, 0.45) // above the 0.3 threshold, below the 0.6 box score
	fill(50, 20, 51, 28, 0.9) // 2 px wide: shorter side under 3
	boxes := dbBoxes(prob, w, h, 2*w, 2*h)
	if len(boxes) != 2 {
		t.Fatalf("%d boxes, want 2: %v", len(boxes), boxes)
	}
	// Region 36×5 (pixel centres) grown by d = 180·1.5/82 ≈ 3.29 per side,
	// then doubled to image scale.
	d := 36 * 5 * 1.5 / 82
	b := boxes[0]
	if !near(b[0], Point{2 * (4 - d), 2 * (4 - d)}, 1e-6) || !near(b[2], Point{2 * (40 + d), 2 * (9 + d)}, 1e-6) {
		t.Errorf("first box %v, want corners (%v,%v)-(%v,%v)", b, 2*(4-d), 2*(4-d), 2*(40+d), 2*(9+d))
	}
	// Boxes are clipped to the image.
	fill(0, 0, w-1, h-1, 0.9)
	for _, b := range dbBoxes(prob, w, h, 2*w, 2*h) {
		for _, p := range b {
			if p.X < 0 || p.Y < 0 || p.X > 2*w-1 || p.Y > 2*h-1 {
				t.Errorf("corner %v outside the %d×%d image", p, 2*w, 2*h)
			}
		}
	}
}

func TestSortReading(t *testing.T) {
	box := func(x, y, w, h float64) Quad { return Quad{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} }
	tests := []struct {
		name  string
		boxes []Quad
		want  []int // input indices in reading order
	}{
		{"lines top to bottom", []Quad{box(10, 100, 50, 20), box(10, 10, 50, 20), box(10, 55, 50, 20)}, []int{1, 2, 0}},
		// The right word's top is 6 px higher (slight skew): same line.
		{"words of one line", []Quad{box(200, 94, 80, 20), box(10, 100, 80, 20)}, []int{1, 0}},
		// 60-px text on a photo, 14 px of skew: PaddleOCR's fixed 10 px
		// would read the right word first.
		{"big text skewed more than 10 px", []Quad{box(600, 286, 300, 60), box(10, 300, 300, 60)}, []int{1, 0}},
		// 8-px text with 9 px line pitch: a fixed 10 px would merge the
		// lines and put the left word of the lower line first.
		{"small text, close lines", []Quad{box(10, 109, 40, 8), box(60, 100, 40, 8)}, []int{1, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := slices.Clone(tc.boxes)
			sortReading(got)
			for i, k := range tc.want {
				if got[i] != tc.boxes[k] {
					t.Fatalf("order %v, want input order %v", got, tc.want)
				}
			}
		})
	}
}

func TestDetSize(t *testing.T) {
	tests := []struct{ w, h, ww, wh int }{
		{1000, 630, 960, 608},
		{600, 437, 608, 448}, // small images are not enlarged beyond rounding
		{16, 16, 32, 32},
		{20000, 10, 960, 32},
		{10, 20000, 32, 960},
		{960, 960, 960, 960},
		{4032, 3024, 960, 704}, // 720 rounds to 704 (22.5 → 22, half to even like Python)
	}
	for _, tc := range tests {
		if w, h := detSize(tc.w, tc.h); w != tc.ww || h != tc.wh {
			t.Errorf("detSize(%d, %d) = %d×%d, want %d×%d", tc.w, tc.h, w, h, tc.ww, tc.wh)
		}
	}
}
