package docgen

import "math"

// raster is a scanline coverage accumulator for filled paths: signed area
// per cell, summed along each row, the same technique as font-rs and
// golang.org/x/image/vector. It is written out here because the vector
// package pulls golang.org/x/sys into the module for a SIMD path this
// generator does not need.
type raster struct {
	w, h        int
	stride      int // w + 2: a line ending at x = w spills into a cell past the row
	acc         []float32
	start, last pt
}

func (r *raster) reset(w, h int) {
	r.w, r.h, r.stride = w, h, w+2
	n := r.stride * h
	if cap(r.acc) < n {
		r.acc = make([]float32, n)
	}
	r.acc = r.acc[:n]
	clear(r.acc)
}

func (r *raster) moveTo(p pt) {
	r.closePath()
	r.start, r.last = p, p
}

func (r *raster) closePath() {
	if r.last != r.start {
		r.lineTo(r.start)
	}
}

func (r *raster) quadTo(b, c pt) {
	a := r.last
	n := curveSteps(a, b, c, c)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		r.lineTo(pt{u*u*a.x + 2*u*t*b.x + t*t*c.x, u*u*a.y + 2*u*t*b.y + t*t*c.y})
	}
}

func (r *raster) cubeTo(b, c, d pt) {
	a := r.last
	n := curveSteps(a, b, c, d)
	for i := 1; i <= n; i++ {
		t := float64(i) / float64(n)
		u := 1 - t
		r.lineTo(pt{
			u*u*u*a.x + 3*u*u*t*b.x + 3*u*t*t*c.x + t*t*t*d.x,
			u*u*u*a.y + 3*u*u*t*b.y + 3*u*t*t*c.y + t*t*t*d.y,
		})
	}
}

// curveSteps picks how many chords flatten a curve: enough that the
// deviation stays well under a pixel at glyph sizes.
func curveSteps(a, b, c, d pt) int {
	l := math.Hypot(b.x-a.x, b.y-a.y) + math.Hypot(c.x-b.x, c.y-b.y) + math.Hypot(d.x-c.x, d.y-c.y)
	return max(1, min(64, int(math.Sqrt(l)*1.5)))
}

// lineTo accumulates the edge from the current point to p. x is clamped to
// the raster so geometry beyond the left or right edge still covers the
// border columns as it should; y outside is simply skipped.
func (r *raster) lineTo(p pt) {
	p0, p1 := r.last, p
	r.last = p
	clampX := func(v float64) float64 { return math.Max(0, math.Min(float64(r.w)-1e-3, v)) }
	p0.x, p1.x = clampX(p0.x), clampX(p1.x)
	if math.Abs(p0.y-p1.y) < 1e-9 {
		return
	}
	dir := float32(1)
	if p0.y > p1.y {
		dir = -1
		p0, p1 = p1, p0
	}
	dxdy := (p1.x - p0.x) / (p1.y - p0.y)
	x := p0.x
	y0 := int(math.Floor(p0.y))
	if p0.y < 0 {
		x -= p0.y * dxdy
		y0 = 0
	}
	yEnd := min(r.h, int(math.Ceil(p1.y)))
	for y := y0; y < yEnd; y++ {
		row := y * r.stride
		dy := math.Min(float64(y+1), p1.y) - math.Max(float64(y), p0.y)
		xnext := x + dxdy*dy
		d := float32(dy) * dir
		x0, x1 := x, xnext
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		x0f := math.Floor(x0)
		x0i := int(x0f)
		x1c := math.Ceil(x1)
		x1i := int(x1c)
		if x1i <= x0i+1 {
			xmf := float32(0.5*(x+xnext) - x0f)
			r.acc[row+x0i] += d - d*xmf
			r.acc[row+x0i+1] += d * xmf
		} else {
			s := float32(1 / (x1 - x0))
			fx0 := float32(x0 - x0f)
			a0 := 0.5 * s * (1 - fx0) * (1 - fx0)
			fx1 := float32(x1 - x1c + 1)
			am := 0.5 * s * fx1 * fx1
			r.acc[row+x0i] += d * a0
			if x1i == x0i+2 {
				r.acc[row+x0i+1] += d * (1 - a0 - am)
			} else {
				a1 := s * (1.5 - fx0)
				r.acc[row+x0i+1] += d * (a1 - a0)
				for xi := x0i + 2; xi < x1i-1; xi++ {
					r.acc[row+xi] += d * s
				}
				a2 := a1 + float32(x1i-x0i-3)*s
				r.acc[row+x1i-1] += d * (1 - a2 - am)
			}
			r.acc[row+x1i] += d * am
		}
		x = xnext
	}
}

// each calls fn with the coverage (0..1] of every covered pixel. Coverage
// is the absolute accumulated winding clamped to 1: overlapping shapes
// saturate rather than cancel, whichever way they are wound, unless they
// are wound oppositely on purpose (holes).
func (r *raster) each(fn func(x, y int, a float32)) {
	r.closePath()
	for y := range r.h {
		var sum float32
		row := r.acc[y*r.stride : y*r.stride+r.w]
		for x, v := range row {
			sum += v
			a := sum
			if a < 0 {
				a = -a
			}
			if a > 1 {
				a = 1
			}
			if a > 1.0/512 {
				fn(x, y, a)
			}
		}
	}
}
