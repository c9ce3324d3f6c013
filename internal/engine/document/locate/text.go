package locate

import "openkyc/internal/engine/imaging"

// textLine is the bounding box of a line of print found by textLines or
// printBands, in work-frame coordinates.
type textLine struct {
	x0, y0, x1, y1 int // inclusive
}

func (t textLine) centre() Point {
	return Point{float64(t.x0+t.x1) / 2, float64(t.y0+t.y1) / 2}
}

// Text-line shape limits in work pixels. A document filling the 640 px
// frame prints its smallest text at 5–8 px and the MRZ at ~15; a line has
// at least a few characters.
const (
	inkContrast  = 22 // darker than the local mean by this many grey levels
	inkRadius    = 6  // local mean window ±6 px
	smearGap     = 5  // characters closer than this join into one line
	minLineH     = 3
	maxLineH     = 32
	minLineW     = 20
	minLineRatio = 3.0 // width/height
)

// textLines finds lines of dark print running along x (or along y when
// vertical, for documents lying in portrait): ink pixels (darker than their
// surroundings) are joined along the reading direction across small gaps,
// and the connected blobs that are long, thin and partly inked are kept.
// Any document yields many; so, less often, do hair, paving or foliage, so
// this is only a supporting cue (looksLikeScan's frame-hugging case). Solid
// stripes fail the partial-ink test.
func (f *frame) textLines(vertical bool) []textLine {
	w, h := f.w, f.h
	ink := f.inkMap()
	if vertical {
		t := make([]bool, w*h)
		for y := range h {
			for x := range w {
				t[x*h+y] = ink[y*w+x]
			}
		}
		ink, w, h = t, h, w
	}
	// Smear along rows, then label 4-connected runs with union-find.
	type run struct {
		y, a, b int // row, [a, b]
		label   int32
	}
	var runs []run
	rowStart := make([]int, h+1)
	for y := range h {
		rowStart[y] = len(runs)
		row := ink[y*w : (y+1)*w]
		x := 0
		for x < w {
			if !row[x] {
				x++
				continue
			}
			a, last := x, x
			for x < w && x-last <= smearGap {
				if row[x] {
					last = x
				}
				x++
			}
			runs = append(runs, run{y: y, a: a, b: last, label: int32(len(runs))})
			x = last + 1
		}
	}
	rowStart[h] = len(runs)
	parent := make([]int32, len(runs))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(i int32) int32 {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for y := 1; y < h; y++ {
		p, pe := rowStart[y-1], rowStart[y]
		for c := rowStart[y]; c < rowStart[y+1]; c++ {
			for p < pe && runs[p].b < runs[c].a {
				p++
			}
			for q := p; q < pe && runs[q].a <= runs[c].b; q++ {
				ra, rb := find(int32(q)), find(int32(c))
				if ra != rb {
					parent[rb] = ra
				}
			}
		}
	}
	type blob struct {
		x0, y0, x1, y1, ink int
	}
	blobs := map[int32]*blob{}
	for i := range runs {
		r := &runs[i]
		root := find(int32(i))
		b := blobs[root]
		if b == nil {
			b = &blob{x0: r.a, y0: r.y, x1: r.b, y1: r.y}
			blobs[root] = b
		}
		b.x0, b.x1 = min(b.x0, r.a), max(b.x1, r.b)
		b.y0, b.y1 = min(b.y0, r.y), max(b.y1, r.y)
		row := ink[r.y*w : (r.y+1)*w]
		for x := r.a; x <= r.b; x++ {
			if row[x] {
				b.ink++
			}
		}
	}
	var out []textLine
	for _, b := range blobs {
		bw, bh := b.x1-b.x0+1, b.y1-b.y0+1
		if bh < minLineH || bh > maxLineH || bw < minLineW || float64(bw) < minLineRatio*float64(bh) {
			continue
		}
		fill := float64(b.ink) / float64(bw*bh)
		if fill < 0.08 || fill > 0.7 {
			continue
		}
		t := textLine{b.x0, b.y0, b.x1, b.y1}
		if vertical {
			t = textLine{b.y0, b.x0, b.y1, b.x1}
		}
		out = append(out, t)
	}
	return out
}

// allText returns the text lines of both reading directions (cached).
func (f *frame) allText() []textLine {
	if !f.done {
		f.texts = append(f.textLines(false), f.textLines(true)...)
		f.done = true
	}
	return f.texts
}

// inkMap marks pixels clearly darker than their neighbourhood, on the
// unblurred luma so thin strokes keep their contrast (cached).
func (f *frame) inkMap() []bool {
	if f.ink != nil {
		return f.ink
	}
	w, h := f.w, f.h
	// Integral image of the unblurred luma in fixed point (luma×256 fits
	// 640×640×255×256 in an int64, and keeps the maths exact).
	ii := make([]int64, (w+1)*(h+1))
	lum := make([]int32, w*h)
	for y := range h {
		var s int64
		for x := range w {
			p := f.rgb.Pix[3*(y*w+x) : 3*(y*w+x)+3]
			v := (77*int32(p[0]) + 150*int32(p[1]) + 29*int32(p[2]))
			lum[y*w+x] = v
			s += int64(v)
			ii[(y+1)*(w+1)+x+1] = ii[y*(w+1)+x+1] + s
		}
	}
	ink := make([]bool, w*h)
	for y := range h {
		y0, y1 := max(y-inkRadius, 0), min(y+inkRadius+1, h)
		for x := range w {
			x0, x1 := max(x-inkRadius, 0), min(x+inkRadius+1, w)
			s := ii[y1*(w+1)+x1] - ii[y0*(w+1)+x1] - ii[y1*(w+1)+x0] + ii[y0*(w+1)+x0]
			n := int64((y1 - y0) * (x1 - x0))
			// lum < mean - contrast, multiplied through by n.
			ink[y*w+x] = int64(lum[y*w+x]+inkContrast*256)*n < s
		}
	}
	f.ink = ink
	return ink
}

// printBand is a band of rows crossed by many separate strokes over most
// of the frame width, as a line of an MRZ (or any full-width line of print)
// makes. For vertical bands x and y are swapped.
type printBand struct {
	y0, y1 int // rows, inclusive
	a, b   int // ink span along the row
}

// printBands looks for the signature of a document filling the frame: a
// stack of two or more bands of print (runs of rows crossed by many
// separate ink runs over most of the frame width), of similar height and
// closely spaced, with near-empty rows between them. That is what an MRZ
// looks like, and the full-width field lines of most cards; portraits,
// rooms and fabric never produced one in the shared face photos. It returns
// the bounding boxes of the longest such stack (nil if none). vertical
// looks along y, for a document lying in portrait.
func (f *frame) printBands(vertical bool) []textLine {
	pr := f.profiles()
	w, h := f.w, f.h
	runs, first, last := pr.rowRuns, pr.rowFirst, pr.rowLast
	if vertical {
		w, h = h, w
		runs, first, last = pr.colRuns, pr.colFirst, pr.colLast
	}
	// A TD1 line has 30 characters, and a character is crossed at least
	// once by most rows through it.
	minRuns := max(12, w/40)
	full := func(y int) bool {
		return runs[y] >= minRuns && float64(last[y]-first[y]+1) >= 0.6*float64(w)
	}
	var bands []printBand
	for y := 0; y < h; {
		if !full(y) {
			y++
			continue
		}
		y0 := y
		var sum int
		a, b := w, 0
		for y < h && full(y) {
			sum += runs[y]
			a, b = min(a, first[y]), max(b, last[y])
			y++
		}
		y1 := y - 1
		L := y1 - y0 + 1
		if L < 3 || L > h/12+4 {
			continue
		}
		// Sharply delimited: the rows just outside have little print.
		mean := float64(sum) / float64(L)
		quiet := func(yy int) bool { return yy < 0 || yy >= h || float64(runs[yy]) < 0.4*mean }
		if !(quiet(y0-2) || quiet(y0-3)) || !(quiet(y1+2) || quiet(y1+3)) {
			continue
		}
		bands = append(bands, printBand{y0, y1, a, b})
	}
	var best []printBand
	for i := range bands {
		j := i + 1
		for ; j < len(bands); j++ {
			p, q := bands[j-1], bands[j]
			hp, hq := p.y1-p.y0+1, q.y1-q.y0+1
			gap := q.y0 - p.y1 - 1
			if float64(max(hp, hq)) > 1.8*float64(min(hp, hq)) || gap > 2*max(hp, hq) || gap < 1 {
				break
			}
			// Lines of one block start within 15 % of the width.
			if abs(p.a-q.a) > w*15/100 {
				break
			}
		}
		if j-i >= 2 && j-i > len(best) {
			best = bands[i:j]
		}
	}
	out := make([]textLine, len(best))
	for k, b := range best {
		if vertical {
			out[k] = textLine{x0: b.y0, y0: b.a, x1: b.y1, y1: b.b}
		} else {
			out[k] = textLine{x0: b.a, y0: b.y0, x1: b.b, y1: b.y1}
		}
	}
	return out
}

// inkProfiles are per-row and per-column counts of ink runs (strokes
// crossed) and the first and last inked position.
type inkProfiles struct {
	rowRuns, rowFirst, rowLast []int
	colRuns, colFirst, colLast []int
}

// profiles computes the ink run profiles in one pass over the ink map
// (cached).
func (f *frame) profiles() *inkProfiles {
	if f.prof != nil {
		return f.prof
	}
	ink := f.inkMap()
	w, h := f.w, f.h
	p := &inkProfiles{
		rowRuns: make([]int, h), rowFirst: make([]int, h), rowLast: make([]int, h),
		colRuns: make([]int, w), colFirst: make([]int, w), colLast: make([]int, w),
	}
	for x := range w {
		p.colFirst[x], p.colLast[x] = -1, -1
	}
	for y := range h {
		p.rowFirst[y], p.rowLast[y] = -1, -1
		row := ink[y*w : (y+1)*w]
		var above []bool
		if y > 0 {
			above = ink[(y-1)*w : y*w]
		}
		for x, v := range row {
			if !v {
				continue
			}
			if x == 0 || !row[x-1] {
				p.rowRuns[y]++
			}
			if above == nil || !above[x] {
				p.colRuns[x]++
			}
			if p.rowFirst[y] < 0 {
				p.rowFirst[y] = x
			}
			p.rowLast[y] = x
			if p.colFirst[x] < 0 {
				p.colFirst[x] = y
			}
			p.colLast[x] = y
		}
	}
	f.prof = p
	return p
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// printRows measures how much print the quad q holds, whatever its
// rotation: the frame's ink map is resampled on a grid aligned with q (a
// homography onto a 192×120 rectangle) and printRows returns the fraction
// of grid rows, or of grid columns if more, that cross at least
// minPrintRuns separate strokes. Lines of print give many such rows; a
// portrait, a plain surface or a screen showing a face give few.
func (f *frame) printRows(q Quad) float64 {
	const gw, gh = 192, 120
	dst := [4]Point{{0, 0}, {gw, 0}, {gw, gh}, {0, gh}}
	h, err := imaging.Homography(pointsF(dst), pointsF([4]Point(q)))
	if err != nil {
		return 0
	}
	ink := f.inkMap()
	grid := make([]bool, gw*gh)
	for v := range gh {
		for u := range gw {
			p := imaging.Apply(h, imaging.PointF{X: float64(u) + 0.5, Y: float64(v) + 0.5})
			x, y := int(p.X+0.5), int(p.Y+0.5)
			if x >= 0 && y >= 0 && x < f.w && y < f.h {
				grid[v*gw+u] = ink[y*f.w+x]
			}
		}
	}
	var rows, cols int
	for v := range gh {
		n := 0
		for u := range gw {
			if grid[v*gw+u] && (u == 0 || !grid[v*gw+u-1]) {
				n++
			}
		}
		if n >= minPrintRuns {
			rows++
		}
	}
	for u := range gw {
		n := 0
		for v := range gh {
			if grid[v*gw+u] && (v == 0 || !grid[(v-1)*gw+u]) {
				n++
			}
		}
		if n >= minPrintRuns {
			cols++
		}
	}
	return max(float64(rows)/gh, float64(cols)/gw)
}

// minPrintRuns is how many separate strokes a grid row must cross to count
// as a row through print: a few words.
const minPrintRuns = 8
