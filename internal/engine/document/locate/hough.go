package locate

import (
	"math"
	"slices"
)

// houghBins is the number of orientation bins over 180° (0.5° each). Finer
// bins only spread a document side's votes; the fit afterwards makes the
// line exact.
const houghBins = 360

// voteSpread is how many bins either side of its own gradient orientation
// an edge pixel votes for: ±3°, enough for the orientation noise of a
// blurred edge, while a pixel votes for 13 lines instead of all 360, which
// is what makes the transform cheap and keeps text clutter from piling up
// on unrelated orientations.
const voteSpread = 6

// maxLines caps the lines kept for the quad search, whose cost grows with
// the fourth power of the line count.
const maxLines = 48

// line is a fitted straight edge n·p = rho (n a unit normal of either
// sign) with coverage tables along it.
type line struct {
	nx, ny, rho float64
	theta       float64 // orientation of n modulo π, radians in [0, π)
	support     int     // inlier edge pixels
	border      bool    // an image border, standing for a document side cut off by the frame
	// pos, neg: prefix sums over t (position along the line, t = d·p with
	// d = (-ny, nx), offset by toff) of 1-pixel bins covered by an inlier
	// whose gradient points along n (pos) or against it (neg). A real
	// document side has one consistent polarity along its whole length;
	// keeping them apart stops stripes and text, which alternate, from
	// looking like continuous edges.
	pos, neg []int32
	toff     int
}

// coverage returns the covered fraction of the segment between positions
// ta and tb along l (either order), in the better polarity.
func (l *line) coverage(ta, tb float64) float64 {
	if ta > tb {
		ta, tb = tb, ta
	}
	n := len(l.pos) - 1
	a := min(max(int(math.Floor(ta))+l.toff, 0), n)
	b := min(max(int(math.Ceil(tb))+l.toff, 0), n)
	if b <= a {
		return 0
	}
	p := l.pos[b] - l.pos[a]
	q := l.neg[b] - l.neg[a]
	return float64(max(p, q)) / float64(b-a)
}

// t returns the position of p along l.
func (l *line) t(x, y float64) float64 { return -l.ny*x + l.nx*y }

// findLines runs an orientation-restricted Hough transform on the frame's
// edges, fits a line to the pixels of each strong peak and returns the
// distinct lines, strongest first.
func findLines(f *frame) []*line {
	diag := math.Hypot(float64(f.w), float64(f.h))
	D := int(math.Ceil(diag)) + 1
	nr := 2*D + 1
	cosT := make([]float32, houghBins)
	sinT := make([]float32, houghBins)
	for b := range houghBins {
		th := (float64(b) + 0.5) * math.Pi / houghBins
		cosT[b], sinT[b] = float32(math.Cos(th)), float32(math.Sin(th))
	}
	acc := make([]uint16, houghBins*nr)
	// Bucket the edge pixels by orientation so the fit below visits only
	// the pixels that can belong to a line.
	byBin := make([][]int32, houghBins)
	for i, e := range f.edges {
		byBin[e.bin] = append(byBin[e.bin], int32(i))
		for d := -voteSpread; d <= voteSpread; d++ {
			b := (int(e.bin) + d + houghBins) % houghBins
			// D first keeps the value positive, so truncation rounds.
			r := int(e.x*cosT[b] + e.y*sinT[b] + float32(D) + 0.5)
			if a := &acc[b*nr+r]; *a < math.MaxUint16 {
				*a++
			}
		}
	}
	minVotes := max(12, int(0.07*float64(min(f.w, f.h))))
	type peak struct{ b, r, v int }
	var peaks []peak
	for b := range houghBins {
		row := acc[b*nr : (b+1)*nr]
		for r := 2; r < nr-2; r++ {
			v := int(row[r])
			if v < minVotes {
				continue
			}
			if isPeak(acc, nr, b, r, v) {
				peaks = append(peaks, peak{b, r, v})
			}
		}
	}
	slices.SortFunc(peaks, func(a, b peak) int { return b.v - a.v })
	var lines []*line
	for _, p := range peaks {
		if len(lines) >= maxLines+maxLines/3 {
			break // enough distinct lines; later peaks are weaker
		}
		th := (float64(p.b) + 0.5) * math.Pi / houghBins
		l := fitLine(f, byBin, th, float64(p.r-D), D)
		if l == nil || l.support < minVotes {
			continue
		}
		dup := false
		for _, o := range lines {
			if sameLine(l, o) {
				dup = true
				break
			}
		}
		if !dup {
			lines = append(lines, l)
		}
	}
	slices.SortFunc(lines, func(a, b *line) int { return b.support - a.support })
	if len(lines) > maxLines {
		lines = lines[:maxLines]
	}
	return lines
}

// isPeak reports whether cell (b, r) holding v is a maximum of its ±2 bin,
// ±2 pixel neighbourhood. Orientation wraps around: bin -1 is bin 359 with
// the normal flipped, so rho changes sign.
func isPeak(acc []uint16, nr, b, r, v int) bool {
	for db := -2; db <= 2; db++ {
		bb, rr := b+db, r
		if bb < 0 || bb >= houghBins {
			bb = (bb + houghBins) % houghBins
			rr = nr - 1 - r
		}
		for dr := -2; dr <= 2; dr++ {
			if db == 0 && dr == 0 {
				continue
			}
			q := rr + dr
			if q < 0 || q >= nr {
				continue
			}
			w := int(acc[bb*nr+q])
			// Strict on one side so a flat top still yields one peak.
			if w > v || (w == v && (db < 0 || (db == 0 && dr < 0))) {
				return false
			}
		}
	}
	return true
}

// sameLine reports whether two fitted lines are the same edge.
func sameLine(a, b *line) bool {
	d := angleDiff(a.theta, b.theta)
	if d > 1.5*math.Pi/180 {
		return false
	}
	rb := b.rho
	if a.nx*b.nx+a.ny*b.ny < 0 {
		rb = -rb
	}
	return math.Abs(a.rho-rb) < 3
}

// angleDiff is the difference between two orientations modulo π, in
// [0, π/2].
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), math.Pi)
	if d > math.Pi/2 {
		d = math.Pi - d
	}
	return d
}

// fitLine refines the Hough line (theta, rho) by total least squares on its
// inliers, twice with a shrinking band, and builds its coverage tables.
// It returns nil when too few pixels support it.
func fitLine(f *frame, byBin [][]int32, theta, rho float64, D int) *line {
	nx, ny := math.Cos(theta), math.Sin(theta)
	// Gather once with a generous band; the refits move the line by a
	// pixel or two at most, so later passes only filter this pool.
	pool := inliers(f, byBin, nx, ny, rho, 4, 8, nil)
	if len(pool) < 8 {
		return nil
	}
	var idx []int32
	for _, tol := range []float64{2.5, 1.5} {
		idx = filter(f, pool, nx, ny, rho, tol, 8, idx[:0])
		if len(idx) < 8 {
			return nil
		}
		var cx, cy float64
		for _, i := range idx {
			cx += float64(f.edges[i].x)
			cy += float64(f.edges[i].y)
		}
		cx /= float64(len(idx))
		cy /= float64(len(idx))
		var sxx, sxy, syy float64
		for _, i := range idx {
			dx, dy := float64(f.edges[i].x)-cx, float64(f.edges[i].y)-cy
			sxx += dx * dx
			sxy += dx * dy
			syy += dy * dy
		}
		// The normal is the eigenvector of the smaller eigenvalue of the
		// scatter matrix; its angle is half the angle of (sxx-syy, 2sxy)
		// plus 90°.
		a := 0.5*math.Atan2(2*sxy, sxx-syy) + math.Pi/2
		mx, my := math.Cos(a), math.Sin(a)
		if mx*nx+my*ny < 0 {
			mx, my = -mx, -my
		}
		nx, ny = mx, my
		rho = nx*cx + ny*cy
	}
	idx = filter(f, pool, nx, ny, rho, 1.5, 8, idx[:0])
	l := &line{nx: nx, ny: ny, rho: rho, support: len(idx), toff: D + 2}
	l.theta = math.Atan2(ny, nx)
	if l.theta < 0 {
		l.theta += math.Pi
	}
	if l.theta >= math.Pi {
		l.theta -= math.Pi
	}
	n := 2*D + 5
	pos := make([]int32, n+1)
	neg := make([]int32, n+1)
	// Each inlier covers ±0.75 px along the line: pixels of a diagonal edge
	// are √2 apart, and a solid edge must read as fully covered whatever
	// its angle.
	for _, i := range idx {
		e := &f.edges[i]
		t := l.t(float64(e.x), float64(e.y))
		a := int(math.Floor(t-0.75)) + l.toff
		b := int(math.Floor(t+0.75)) + l.toff
		cov := pos
		if float64(e.nx)*nx+float64(e.ny)*ny < 0 {
			cov = neg
		}
		for k := max(a, 0); k <= min(b, n-1); k++ {
			cov[k+1] = 1
		}
	}
	for k := 1; k <= n; k++ {
		pos[k] += pos[k-1]
		neg[k] += neg[k-1]
	}
	l.pos, l.neg = pos, neg
	return l
}

// filter appends to dst the edges of pool within tol pixels of the line
// n·p = rho and within angTol degrees of its orientation.
func filter(f *frame, pool []int32, nx, ny, rho, tol, angTol float64, dst []int32) []int32 {
	cosTol := float32(math.Cos(angTol * math.Pi / 180))
	fx, fy, fr, ft := float32(nx), float32(ny), float32(rho), float32(tol)
	for _, i := range pool {
		e := &f.edges[i]
		if abs32(fx*e.x+fy*e.y-fr) > ft || abs32(fx*e.nx+fy*e.ny) < cosTol {
			continue
		}
		dst = append(dst, i)
	}
	return dst
}

// inliers appends to dst the edges within tol pixels of the line n·p = rho
// whose orientation is within angTol degrees of the line's normal.
func inliers(f *frame, byBin [][]int32, nx, ny, rho, tol, angTol float64, dst []int32) []int32 {
	th := math.Atan2(ny, nx)
	if th < 0 {
		th += math.Pi
	}
	c := int(th / math.Pi * houghBins)
	sp := int(math.Ceil(angTol / 180 * houghBins))
	cosTol := float32(math.Cos(angTol * math.Pi / 180))
	fx, fy, fr, ft := float32(nx), float32(ny), float32(rho), float32(tol)
	for d := -sp; d <= sp; d++ {
		b := ((c+d)%houghBins + houghBins) % houghBins
		for _, i := range byBin[b] {
			e := &f.edges[i]
			if abs32(fx*e.x+fy*e.y-fr) > ft || abs32(fx*e.nx+fy*e.ny) < cosTol {
				continue
			}
			dst = append(dst, i)
		}
	}
	return dst
}
