package locate

import (
	"cmp"
	"math"
	"slices"
)

// Quad search limits, in the work frame.
const (
	maxOppositeAngle = 40 * math.Pi / 180 // opposite sides: parallel up to perspective
	maxCornerCos     = 0.5736             // cos 55°: interior angles must lie within 55°–125°
	minCoverage      = 0.08               // quad area / frame area
	minAspect        = 1.12               // averaged side ratio; a square is no ID document
	maxAspect        = 2.2
	cornerTrim       = 0.08 // side fraction ignored at each end: rounded corners, fingers
	minSideSupport   = 0.3  // every real side must be at least this covered
	borderSupport    = 0.5  // coverage credited to a side lying on the image border
)

// candidate is a scored quad in work-frame coordinates.
type candidate struct {
	q        Quad
	score    float64
	edge     float64 // length-weighted side coverage
	minSide  float64 // worst real side coverage
	coverage float64
	aspect   float64
	borders  int // sides on the image border
}

// borderLines returns the four image borders as lines, standing for
// document sides the frame cuts off.
func borderLines(w, h int) []*line {
	mk := func(nx, ny, rho float64) *line {
		th := math.Atan2(ny, nx)
		if th < 0 {
			th += math.Pi
		}
		return &line{nx: nx, ny: ny, rho: rho, theta: th, border: true}
	}
	return []*line{
		mk(1, 0, 0), mk(1, 0, float64(w-1)),
		mk(0, 1, 0), mk(0, 1, float64(h-1)),
	}
}

// intersect returns the crossing point of two lines (ok false if they are
// parallel).
func intersect(a, b *line) (Point, bool) {
	d := a.nx*b.ny - a.ny*b.nx
	if math.Abs(d) < 1e-9 {
		return Point{}, false
	}
	return Point{(a.rho*b.ny - a.ny*b.rho) / d, (a.nx*b.rho - a.rho*b.nx) / d}, true
}

// searchQuads scores every quad formed by two pairs of roughly opposite
// lines and returns the candidates that pass the hard limits, best first.
func searchQuads(f *frame, lines []*line) []candidate {
	all := append(slices.Clone(lines), borderLines(f.w, f.h)...)
	minDim := float64(min(f.w, f.h))
	minSep := 0.15 * minDim
	type pair struct {
		i, j  int
		theta float64 // mean orientation of the pair
	}
	var pairs []pair
	for i := range all {
		for j := i + 1; j < len(all); j++ {
			a, b := all[i], all[j]
			if a.border && b.border {
				continue // both borders: the whole frame is the scan fallback's case
			}
			if angleDiff(a.theta, b.theta) > maxOppositeAngle {
				continue
			}
			// Separation measured at the frame centre.
			cx, cy := float64(f.w)/2, float64(f.h)/2
			da := a.nx*cx + a.ny*cy - a.rho
			db := b.nx*cx + b.ny*cy - b.rho
			if a.nx*b.nx+a.ny*b.ny < 0 {
				db = -db
			}
			if math.Abs(da-db) < minSep {
				continue
			}
			// Mean orientation, unwrapped around a.
			tb := b.theta
			if tb-a.theta > math.Pi/2 {
				tb -= math.Pi
			} else if a.theta-tb > math.Pi/2 {
				tb += math.Pi
			}
			pairs = append(pairs, pair{i, j, (a.theta + tb) / 2})
		}
	}
	area := float64(f.w * f.h)
	var out []candidate
	for pi := range pairs {
		p := pairs[pi]
		for qi := pi + 1; qi < len(pairs); qi++ {
			q := pairs[qi]
			if angleDiff(p.theta, q.theta) < 60*math.Pi/180 {
				continue
			}
			if p.i == q.i || p.i == q.j || p.j == q.i || p.j == q.j {
				continue
			}
			ls := [4]*line{all[p.i], all[q.i], all[p.j], all[q.j]}
			c, ok := scoreQuad(ls, f.w, f.h, area, minDim)
			if ok && c.score >= minCandScore {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	// Near-duplicates (the same outline from neighbouring lines) would fill
	// the re-ranking list and hide a second document.
	var kept []candidate
	tol := 0.02 * minDim
	for _, c := range out {
		if len(kept) >= maxKept {
			break
		}
		dup := false
		for _, k := range kept {
			if quadDist(c.q, k.q) < tol {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, c)
		}
	}
	return kept
}

// minCandScore drops hopeless quads before sorting: nothing below it can
// be accepted even after the re-ranking bonuses.
const minCandScore = 0.1

// maxKept bounds the distinct candidates searchQuads returns.
const maxKept = 64

// quadDist is the largest corner distance between two clockwise quads,
// whichever corner each starts at.
func quadDist(a, b Quad) float64 {
	best := math.Inf(1)
	for s := range 4 {
		var m float64
		for k := range 4 {
			m = math.Max(m, dist(a[k], b[(k+s)%4]))
		}
		best = math.Min(best, m)
	}
	return best
}

// scoreQuad evaluates the quad whose sides lie on ls (in cyclic order, so
// ls[0] and ls[2] are opposite).
func scoreQuad(ls [4]*line, w, h int, area, minDim float64) (candidate, bool) {
	var q Quad
	for k := range 4 {
		// Corner k joins side k-1 and side k.
		p, ok := intersect(ls[(k+3)%4], ls[k])
		if !ok {
			return candidate{}, false
		}
		q[k] = p
	}
	// Corners may lie slightly outside (a side a pixel off the frame) but
	// not far: a document running off the frame is modelled with border
	// lines instead.
	tol := 0.02 * math.Max(float64(w), float64(h))
	borders := 0
	for k := range 4 {
		if q[k].X < -tol || q[k].Y < -tol || q[k].X > float64(w-1)+tol || q[k].Y > float64(h-1)+tol {
			return candidate{}, false
		}
		if ls[k].border {
			borders++
		}
	}
	if borders > 2 || (ls[0].border && ls[2].border) || (ls[1].border && ls[3].border) {
		return candidate{}, false
	}
	// Make the quad clockwise (positive shoelace area in y-down).
	a := q.Area()
	if a < 0 {
		q[1], q[3] = q[3], q[1]
		ls[0], ls[3] = ls[3], ls[0]
		ls[1], ls[2] = ls[2], ls[1]
		a = -a
	}
	cov := a / area
	if cov < minCoverage {
		return candidate{}, false
	}
	// Convexity and corner angles, compared through cosines: this runs for
	// tens of thousands of line combinations.
	maxCos := 0.0 // largest |cos| of an interior angle: its deviation from 90°
	for k := range 4 {
		p0, p1, p2 := q[(k+3)%4], q[k], q[(k+1)%4]
		ux, uy := p0.X-p1.X, p0.Y-p1.Y
		vx, vy := p2.X-p1.X, p2.Y-p1.Y
		if ux*vy-uy*vx >= 0 { // clockwise quads turn the same way at every corner
			return candidate{}, false
		}
		c := math.Abs(ux*vx+uy*vy) / math.Sqrt((ux*ux+uy*uy)*(vx*vx+vy*vy))
		maxCos = math.Max(maxCos, c)
	}
	if maxCos > maxCornerCos {
		return candidate{}, false
	}
	asp := q.Aspect()
	if asp < minAspect || asp > maxAspect {
		return candidate{}, false
	}
	// Side coverage. Side k runs from corner k to corner k+1 on line ls[k]
	// after the reordering above.
	var sumF, sumL float64
	minF := 1.0
	for k := range 4 {
		a, b := q[k], q[(k+1)%4]
		L := dist(a, b)
		if L < 0.12*minDim {
			return candidate{}, false
		}
		l := ls[k]
		fk := borderSupport
		if !l.border {
			ta, tb := l.t(a.X, a.Y), l.t(b.X, b.Y)
			trim := cornerTrim * (tb - ta)
			fk = l.coverage(ta+trim, tb-trim)
			minF = math.Min(minF, fk)
		}
		sumF += fk * L
		sumL += L
	}
	if minF < minSideSupport {
		return candidate{}, false
	}
	edge := sumF / sumL
	c := candidate{q: q, edge: edge, minSide: minF, coverage: cov, aspect: asp, borders: borders}
	dev := math.Asin(maxCos) * 180 / math.Pi
	c.score = edge * edge * math.Sqrt(minF) * prior(cov, asp, dev) * math.Pow(0.8, float64(borders))
	return c, true
}

// prior weighs a quad by how document-like its shape is: its share of the
// frame (documents fill 30–95 %; larger quads beat the boxes printed inside
// a document), its aspect (ID-1 1.59, passport 1.42, widened for
// perspective) and its corner angles.
// dev is the largest deviation of a corner angle from 90°, in degrees.
func prior(cov, asp, dev float64) float64 {
	// Area: ramps up from the hard floor, then grows gently so that of two
	// nested, equally well supported quads the outer one wins.
	wa := ramp(cov, minCoverage, 0.25) * (0.75 + 0.25*math.Min(cov/0.6, 1))
	var wr float64
	switch {
	case asp < 1.35:
		wr = ramp(asp, minAspect-0.05, 1.35)
	case asp > 1.75:
		wr = 1 - ramp(asp, 1.75, maxAspect+0.05)
	default:
		wr = 1
	}
	wr = 0.3 + 0.7*wr
	wg := 1 - 0.7*ramp(dev, 20, 35)
	return wa * wr * wg
}

// ramp is 0 below a, 1 above b and linear between.
func ramp(v, a, b float64) float64 {
	switch {
	case v <= a:
		return 0
	case v >= b:
		return 1
	}
	return (v - a) / (b - a)
}
