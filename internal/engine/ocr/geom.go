package ocr

import (
	"cmp"
	"math"
	"slices"
)

// This file holds the geometry of DB post-processing (PaddleOCR's
// DBPostProcess) in plain Go, so that no OpenCV is needed: connected
// components stand in for cv2.findContours, a monotone-chain convex hull
// and rotating calipers for cv2.minAreaRect, and a rectangle offset for
// pyclipper's unclip.

// components labels the 8-connected regions of set pixels of the w×h
// bitmap bm (which it clears as it goes) and returns, for each region in
// scan order, the leftmost and rightmost pixel of every row it covers. Those
// two pixels per row have the same convex hull as the whole region and as
// the boundary pixels cv2.findContours returns, at a fraction of the points.
// At most maxRegions regions are returned, like DBPostProcess's
// max_candidates, so a noise image cannot make the caller score millions of
// boxes.
func components(bm []bool, w, h, maxRegions int) [][]Point {
	var (
		out    [][]Point
		stack  []int32
		pixels []int32
	)
	for start := range bm {
		if !bm[start] {
			continue
		}
		if len(out) == maxRegions {
			break
		}
		bm[start] = false
		stack = append(stack[:0], int32(start))
		pixels = pixels[:0]
		for len(stack) > 0 {
			p := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			pixels = append(pixels, int32(p))
			x, y := p%w, p/w
			for dy := -1; dy <= 1; dy++ {
				ny := y + dy
				if ny < 0 || ny >= h {
					continue
				}
				for dx := -1; dx <= 1; dx++ {
					nx := x + dx
					if nx < 0 || nx >= w {
						continue
					}
					if q := ny*w + nx; bm[q] {
						bm[q] = false
						stack = append(stack, int32(q))
					}
				}
			}
		}
		out = append(out, rowExtremes(pixels, w))
	}
	return out
}

// rowExtremes returns the leftmost and rightmost pixel centre of each row
// of a region given as pixel indices of a w-wide image.
func rowExtremes(pixels []int32, w int) []Point {
	ymin, ymax := math.MaxInt, -1
	for _, p := range pixels {
		y := int(p) / w
		ymin, ymax = min(ymin, y), max(ymax, y)
	}
	n := ymax - ymin + 1
	lo := make([]int, n)
	hi := make([]int, n)
	for i := range lo {
		lo[i], hi[i] = math.MaxInt, -1
	}
	for _, p := range pixels {
		x, y := int(p)%w, int(p)/w-ymin
		lo[y], hi[y] = min(lo[y], x), max(hi[y], x)
	}
	pts := make([]Point, 0, 2*n)
	for i := range n {
		if hi[i] < 0 {
			continue // cannot happen for a connected region; cheap to guard
		}
		y := float64(ymin + i)
		pts = append(pts, Point{float64(lo[i]), y})
		if hi[i] != lo[i] {
			pts = append(pts, Point{float64(hi[i]), y})
		}
	}
	return pts
}

func sub(a, b Point) Point           { return Point{a.X - b.X, a.Y - b.Y} }
func add(a, b Point) Point           { return Point{a.X + b.X, a.Y + b.Y} }
func scale(a Point, k float64) Point { return Point{a.X * k, a.Y * k} }
func dot(a, b Point) float64         { return a.X*b.X + a.Y*b.Y }
func cross(a, b Point) float64       { return a.X*b.Y - a.Y*b.X }
func dist(a, b Point) float64        { return math.Hypot(a.X-b.X, a.Y-b.Y) }

// convexHull returns the convex hull of pts by Andrew's monotone chain, with
// collinear points dropped, in counter-clockwise order in a y-up frame (which
// is clockwise on screen; only the consistency matters here). Fewer than
// three distinct or non-collinear points give one or two points.
func convexHull(pts []Point) []Point {
	p := slices.Clone(pts)
	slices.SortFunc(p, func(a, b Point) int {
		if c := cmp.Compare(a.X, b.X); c != 0 {
			return c
		}
		return cmp.Compare(a.Y, b.Y)
	})
	p = slices.Compact(p)
	if len(p) < 3 {
		return p
	}
	hull := make([]Point, 0, 2*len(p))
	for _, q := range p { // lower hull
		for len(hull) >= 2 && cross(sub(hull[len(hull)-1], hull[len(hull)-2]), sub(q, hull[len(hull)-2])) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, q)
	}
	lower := len(hull) + 1
	for i := len(p) - 2; i >= 0; i-- { // upper hull
		q := p[i]
		for len(hull) >= lower && cross(sub(hull[len(hull)-1], hull[len(hull)-2]), sub(q, hull[len(hull)-2])) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, q)
	}
	return hull[:len(hull)-1] // the last point repeats the first
}

// minAreaRect returns the corners of the smallest-area rectangle enclosing
// the convex polygon hull (as convexHull returns it), going round the
// rectangle, and the lengths of its two sides (the first along the edge
// from corner 0 to corner 1). It is cv2.minAreaRect by rotating calipers:
// the optimal rectangle has a side on a hull edge (Freeman & Shapira), and
// as the edge advances the three other extreme points only move forward,
// so each edge costs amortised O(1).
func minAreaRect(hull []Point) (rect [4]Point, w, h float64) {
	n := len(hull)
	switch n {
	case 0:
		return rect, 0, 0
	case 1:
		return [4]Point{hull[0], hull[0], hull[0], hull[0]}, 0, 0
	case 2:
		return [4]Point{hull[0], hull[1], hull[1], hull[0]}, dist(hull[0], hull[1]), 0
	}
	best := math.Inf(1)
	r, t, l := 1, 0, 0
	for i := range n {
		a, b := hull[i], hull[(i+1)%n]
		length := dist(a, b)
		if length == 0 {
			continue
		}
		e := scale(sub(b, a), 1/length)
		nv := Point{-e.Y, e.X} // points into the hull for this orientation
		if i == 0 {
			r = 1
		}
		for dot(sub(hull[(r+1)%n], hull[r]), e) > 0 {
			r = (r + 1) % n
		}
		if i == 0 {
			t = r
		}
		for dot(sub(hull[(t+1)%n], hull[t]), nv) > 0 {
			t = (t + 1) % n
		}
		if i == 0 {
			l = t
		}
		for dot(sub(hull[(l+1)%n], hull[l]), e) < 0 {
			l = (l + 1) % n
		}
		lo, hi := dot(sub(hull[l], a), e), dot(sub(hull[r], a), e)
		ht := dot(sub(hull[t], a), nv)
		if area := (hi - lo) * ht; area < best {
			best = area
			p0, p1 := add(a, scale(e, lo)), add(a, scale(e, hi))
			up := scale(nv, ht)
			rect = [4]Point{p0, p1, add(p1, up), add(p0, up)}
			w, h = hi-lo, ht
		}
	}
	return rect, w, h
}

// orderBox names the corners of a text rectangle the way PaddleOCR's
// get_mini_boxes does: of the two leftmost corners the upper one is the
// top-left and the lower the bottom-left, of the two rightmost the upper is
// the top-right. The result goes clockwise on screen from the top-left.
func orderBox(c [4]Point) Quad {
	p := c
	slices.SortStableFunc(p[:], func(a, b Point) int { return cmp.Compare(a.X, b.X) })
	tl, bl := p[0], p[1]
	if p[1].Y < p[0].Y {
		tl, bl = p[1], p[0]
	}
	tr, br := p[2], p[3]
	if p[3].Y < p[2].Y {
		tr, br = p[3], p[2]
	}
	return Quad{tl, tr, br, bl}
}

// insideConvex reports whether p lies in the convex quad q or on its edges,
// whichever way round q goes.
func insideConvex(q Quad, p Point) bool {
	const eps = 1e-6
	var pos, neg bool
	for i := range q {
		c := cross(sub(q[(i+1)%4], q[i]), sub(p, q[i]))
		pos = pos || c > eps
		neg = neg || c < -eps
	}
	return !(pos && neg)
}

// boxScore is DBPostProcess.box_score_fast: the mean probability of the
// w×h map prob over the pixels (centres at integer coordinates, as the
// region points are) inside the quad, edges included like cv2.fillPoly.
func boxScore(prob []float32, w, h int, q Quad) float64 {
	xmin, xmax, ymin, ymax := q[0].X, q[0].X, q[0].Y, q[0].Y
	for _, p := range q[1:] {
		xmin, xmax = min(xmin, p.X), max(xmax, p.X)
		ymin, ymax = min(ymin, p.Y), max(ymax, p.Y)
	}
	x0 := clampInt(int(math.Floor(xmin)), 0, w-1)
	x1 := clampInt(int(math.Ceil(xmax)), 0, w-1)
	y0 := clampInt(int(math.Floor(ymin)), 0, h-1)
	y1 := clampInt(int(math.Ceil(ymax)), 0, h-1)
	var sum float64
	var n int
	for y := y0; y <= y1; y++ {
		row := prob[y*w : (y+1)*w]
		for x := x0; x <= x1; x++ {
			if insideConvex(q, Point{float64(x), float64(y)}) {
				sum += float64(row[x])
				n++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// unclip grows the text rectangle q (ordered by orderBox) by
// d = area·ratio/perimeter on every side, which is what DBPostProcess's
// pyclipper JT_ROUND offset followed by a new minimum-area rectangle comes
// to for a rectangle: the detector is trained on text shrunk by that
// distance, so this restores the full text extent. It returns the grown
// quad and its shorter side.
func unclip(q Quad, ratio float64) (Quad, float64) {
	w, h := q.Width(), q.Height()
	if w == 0 || h == 0 {
		return q, 0
	}
	d := w * h * ratio / (2 * (w + h))
	u := scale(sub(q[1], q[0]), d/w) // along the text
	v := scale(sub(q[3], q[0]), d/h) // across it
	g := Quad{
		sub(sub(q[0], u), v),
		sub(add(q[1], u), v),
		add(add(q[2], u), v),
		add(sub(q[3], u), v),
	}
	return g, min(w, h) + 2*d
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

func clampFloat(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// sortReading puts boxes in reading order: top to bottom by the top-left
// corner, then left to right among boxes on the same line, with
// PaddleOCR's sorted_boxes pass (a box moves left past its predecessors
// while they are on the same line and further right).
//
// PaddleOCR calls two boxes "on the same line" when their top-left corners
// differ by under 10 px. A fixed pixel count is wrong at both ends of the
// resolutions a KYC server sees: on a 4000-px phone photo the words of one
// line, 60–100 px tall, routinely differ by more than 10 px through slight
// rotation, so their order becomes a coin toss, while on a small scan two
// real lines 8 px tall can be under 10 px apart and get merged. Half the
// height of the smaller box scales with the text: words of one line
// overlap vertically by far more than half their height, and consecutive
// lines are at least one text height apart.
func sortReading(qs []Quad) {
	slices.SortStableFunc(qs, func(a, b Quad) int {
		if c := cmp.Compare(a[0].Y, b[0].Y); c != 0 {
			return c
		}
		return cmp.Compare(a[0].X, b[0].X)
	})
	for i := 0; i+1 < len(qs); i++ {
		for j := i; j >= 0; j-- {
			a, b := qs[j], qs[j+1]
			if sameLine(a, b) && b[0].X < a[0].X {
				qs[j], qs[j+1] = b, a
			} else {
				break
			}
		}
	}
}

// sameLine is sortReading's test: top-left corners closer vertically than
// half the smaller box height.
func sameLine(a, b Quad) bool {
	tol := 0.5 * min(a.Height(), b.Height())
	return math.Abs(a[0].Y-b[0].Y) < tol
}
