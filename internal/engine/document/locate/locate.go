// Package locate finds an ID card or passport data page in a photo and
// rectifies it: the step before OCR that turns a phone picture of a
// document on a desk into an upright, fronto-parallel image of the document
// alone, or says there is no document.
//
// The detector is classical and pure Go (no model, no OpenCV):
//
//  1. The photo is shrunk to 640 px (long side), its luma blurred (σ 1.4)
//     and its Sobel edges thinned by non-maximum suppression.
//  2. A Hough transform in which each edge pixel votes only within ±3° of
//     its own gradient orientation finds line candidates; the strongest
//     are refitted by least squares on their pixels, and for each line a
//     table records which stretches of it real edges cover, per polarity.
//  3. Every quadrilateral made of two roughly opposite pairs of lines (the
//     image borders included, standing for sides the frame cuts off) is
//     scored in O(1) from the coverage tables: length-weighted side
//     coverage squared, times the square root of the worst side's, times
//     priors on area (30–95 % of the frame is typical), aspect (1.35–1.75)
//     and corner angles.
//  4. The best dozen are re-ranked with what edges cannot see: print
//     inside (a quad with no lines of print is a portrait box, a screen or
//     an empty box), the MRZ-like print bands of the frame, the colour on
//     either side of each side (a printed band's edge has the document's
//     colour outside), and nesting (a well supported quad enclosing the
//     winner with the document's colour inside is the true outline).
//  5. With no convincing quad, or only a piece of a frame-filling
//     document, a frame that looks like a flat scan (document aspect, a
//     stack of full-width print bands or edges hugging its borders, and
//     non-paper content such as a portrait) is the document: Method "scan".
//  6. Failing all that, a quad whose four sides are seen almost whole
//     around lines of print is a card photographed from afar, however
//     low the area prior puts it (smallCard).
//
// A page of plain running text is deliberately not a document here (see
// looksLikeScan). Known failure modes: documents whose outline has little
// contrast on all sides and no print bands (white card on white paper with
// nothing but short fields), closed passports (a cover has no dark print),
// a document under 8 % of the frame, two cards overlapping, and Kind read
// from a strongly tilted quad (the side-length aspect ignores
// perspective).
package locate

import (
	"cmp"
	"math"
	"slices"

	"openkyc/internal/engine/imaging"
)

// Result is what Locate found.
type Result struct {
	Found bool
	// Quad is the document outline in input-image pixels (see Quad for the
	// corner order). For Method "scan" it is the whole image.
	Quad Quad
	// Confidence in 0..1: how well edges support the quad and how
	// document-like its shape is. Scans get a fixed, modest value: their
	// outline is assumed, not seen.
	Confidence float64
	// Aspect is the long/short side ratio of the rectified document,
	// snapped to the standard one when within 5 %.
	Aspect float64
	// Kind is "id1" (ratio 1.586), "id3" (1.42: passport page, also ID-2,
	// which geometry cannot tell apart) or "unknown".
	Kind string
	// Margin is the smallest distance from the quad to the image border as
	// a fraction of the image's short side: 0 means the document touches
	// or runs off the frame (too tight a crop, a recapture reason).
	Margin float64
	// Coverage is the quad's area over the image's.
	Coverage float64
	// Method is "edges" (outline seen), "edges+border" (outline seen, but
	// one or two sides are the image border because the document runs off
	// the frame), "scan" (the whole image is taken to be the document) or
	// "" when nothing was found.
	Method string
}

// acceptScore is the smallest quad score Locate reports as found. A
// document with a clean outline scores 0.5–0.9; clutter that happens to
// form a quad rarely passes 0.2.
const acceptScore = 0.3

// Locate finds the document in img. It never fails: an unusable input
// (nil, tiny) is simply "not found".
func Locate(img *imaging.Image) Result {
	if img == nil || img.W < 16 || img.H < 16 || len(img.Pix) < 3*img.W*img.H {
		return Result{}
	}
	f := newFrame(img)
	f.lines = findLines(f)
	f.cands = searchQuads(f, f.lines)
	best, ok := f.pick(slices.Clone(f.cands))
	if ok && !f.partOfScan(best) {
		return f.result(img, best)
	}
	if f.looksLikeScan() {
		return scanResult(img)
	}
	if c, ok := f.smallCard(); ok {
		return f.result(img, c)
	}
	return Result{}
}

// A small card: under the area prior's ramp (a card photographed from
// afar, 8–25 % of the frame) a quad scores low however clean its outline.
// One whose four sides are all seen almost whole, with print inside, is
// still a card: clutter does not draw a complete rectangle around lines
// of print.
const (
	smallCardEdge    = 0.95 // length-weighted side coverage
	smallCardMinSide = 0.85 // the worst side's coverage
	smallCardScore   = 0.12 // with the area prior: a clean outline at about 11 % of the frame
)

// smallCard returns the best candidate that passes for a small card.
func (f *frame) smallCard() (candidate, bool) {
	for _, c := range f.cands {
		if c.score >= smallCardScore && c.edge >= smallCardEdge && c.minSide >= smallCardMinSide &&
			c.borders == 0 && f.printRows(c.q) >= minPrintRows {
			return c, true
		}
	}
	return candidate{}, false
}

// Candidate re-ranking.
const (
	rerank       = 12   // top candidates checked for print and nesting
	noTextScore  = 0.55 // score factor for a quad with (almost) no print inside
	minPrintRows = 0.1  // printRows below this is "no print"
	bandBonus    = 1.15 // score factor for a quad holding the frame's print bands (MRZ)
	// An enclosing quad is preferred when it scores at least nestedRatio of
	// the best, is at most nestedGrowth times its area (a printed band or
	// frame is a thin strip; a desk mat around a card adds much more) and
	// is itself well supported. A thumb over the card's border costs the
	// true outline a good part of its score.
	nestedRatio   = 0.8
	nestedGrowth  = 1.5
	nestedEdge    = 0.85
	nestedMinSide = 0.6
	// innerSideScore demotes a quad one of whose sides has the document's
	// own colour outside it: a line printed on the document (the edge of a
	// header band) taken for its border.
	innerSideScore = 0.7
)

// pick chooses among the best-scoring candidates. Edges alone cannot tell
// a document from the portrait box printed on it, from the inner frame of a
// card whose outer edge is faint, or the data page from the facing page of
// an open passport; print and colour can. A quad with hardly any print
// inside is most likely a photo, a screen or an empty box, and is demoted;
// one holding the MRZ-like print bands is promoted; one with a side that
// has the document's colour outside is demoted. Of nested, well supported
// quads the outer one is the document and the inner one something printed
// on it, provided the outer one has the document's colour inside.
func (f *frame) pick(cands []candidate) (candidate, bool) {
	// Only the band bonus raises a score: below this nothing can pass.
	if len(cands) == 0 || cands[0].score*bandBonus < acceptScore {
		return candidate{}, false
	}
	top := cands[:min(len(cands), rerank)]
	bands := f.features().bands
	for k := range top {
		if f.printRows(top[k].q) < minPrintRows {
			top[k].score *= noTextScore
		}
		if f.innerSide(top[k]) {
			top[k].score *= innerSideScore
		}
		if insideOf(top[k].q, bands) {
			top[k].score *= bandBonus
		}
	}
	slices.SortStableFunc(top, func(a, b candidate) int { return cmp.Compare(b.score, a.score) })
	best := top[0]
	if best.score < acceptScore {
		return candidate{}, false
	}
	first := best
	for _, c := range top[1:] {
		if c.score >= nestedRatio*first.score && c.coverage > 1.02*best.coverage &&
			c.coverage <= nestedGrowth*first.coverage && c.edge >= nestedEdge &&
			c.minSide >= nestedMinSide && encloses(c.q, first.q) && f.sameInside(c.q, first.q) {
			best = c
		}
	}
	return best, true
}

// innerSide reports whether one side of c looks like a line inside the
// document rather than its border: the colour just outside that side is
// closer to the colour just inside the other sides (the document) than to
// the colour just outside them (the background). Only meaningful when
// document and background differ clearly and the background is uniform
// around the other sides; border sides are skipped.
func (f *frame) innerSide(c candidate) bool {
	var in, out [4][3]float64
	var ok [4]bool
	for k := range 4 {
		in[k], out[k], ok[k] = f.sideColours(c.q[k], c.q[(k+1)%4])
	}
	for k := range 4 {
		if !ok[k] {
			continue
		}
		var din, dout [3]float64
		n := 0
		for j := range 4 {
			if j == k || !ok[j] {
				continue
			}
			for ch := range 3 {
				din[ch] += in[j][ch]
				dout[ch] += out[j][ch]
			}
			n++
		}
		if n < 2 {
			continue
		}
		for ch := range 3 {
			din[ch] /= float64(n)
			dout[ch] /= float64(n)
		}
		if colourDist(din, dout) < minRegionContrast {
			continue
		}
		// Only against a uniform background: next to other objects (a
		// cluttered desk, a gradient) the outside colours say nothing.
		uniform := true
		for i := range 4 {
			for j := i + 1; j < 4; j++ {
				if i != k && j != k && ok[i] && ok[j] && colourDist(out[i], out[j]) > minRegionContrast {
					uniform = false
				}
			}
		}
		if !uniform {
			continue
		}
		if colourDist(out[k], din) < colourDist(out[k], dout) {
			return true
		}
	}
	return false
}

// minRegionContrast (RGB distance) is the document/background colour
// difference below which innerSide does not judge.
const minRegionContrast = 30

func colourDist(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// sideColours returns the mean colour of thin bands just inside and just
// outside the side from a to b of a clockwise quad (3–7 work pixels from
// it, away from the corners). ok is false when the outside band leaves the
// frame (a side on or near the border).
func (f *frame) sideColours(a, b Point) (in, out [3]float64, ok bool) {
	L := dist(a, b)
	if L == 0 {
		return
	}
	// Inward normal of a clockwise quad in y-down coordinates.
	nx, ny := -(b.Y-a.Y)/L, (b.X-a.X)/L
	var nIn, nOut int
	const samples = 32
	for i := range samples {
		t := 0.15 + 0.7*(float64(i)+0.5)/samples
		px, py := a.X+t*(b.X-a.X), a.Y+t*(b.Y-a.Y)
		for _, d := range []float64{3, 5, 7} {
			if c, inside := f.colourAt(px+d*nx, py+d*ny); inside {
				for ch := range 3 {
					in[ch] += c[ch]
				}
				nIn++
			}
			if c, inside := f.colourAt(px-d*nx, py-d*ny); inside {
				for ch := range 3 {
					out[ch] += c[ch]
				}
				nOut++
			}
		}
	}
	if nIn < samples || nOut < samples*3/2 {
		return in, out, false
	}
	for ch := range 3 {
		in[ch] /= float64(nIn)
		out[ch] /= float64(nOut)
	}
	return in, out, true
}

// colourAt returns the work-frame colour at the nearest pixel, and whether
// the point is inside the frame.
func (f *frame) colourAt(x, y float64) ([3]float64, bool) {
	ix, iy := int(math.Round(x)), int(math.Round(y))
	if ix < 0 || iy < 0 || ix >= f.w || iy >= f.h {
		return [3]float64{}, false
	}
	p := f.rgb.Pix[3*(iy*f.w+ix):]
	return [3]float64{float64(p[0]), float64(p[1]), float64(p[2])}, true
}

// sameInside reports whether the sides of outer that do not coincide with
// a side of inner have the document's colour just inside them, i.e. the
// colour just inside the sides they share. A printed band's edge moved out
// to the card's border passes (the card's margin is document colour); a
// quad grown onto a neighbouring object on a cluttered desk does not.
func (f *frame) sameInside(outer, inner Quad) bool {
	var shared, moved [][3]float64
	for k := range 4 {
		a, b := outer[k], outer[(k+1)%4]
		in, _, _ := f.sideColours(a, b)
		mid := Point{(a.X + b.X) / 2, (a.Y + b.Y) / 2}
		if distToQuad(mid, inner) <= 3 {
			shared = append(shared, in)
		} else {
			moved = append(moved, in)
		}
	}
	if len(shared) == 0 {
		return false
	}
	var doc [3]float64
	for _, c := range shared {
		for ch := range 3 {
			doc[ch] += c[ch] / float64(len(shared))
		}
	}
	for _, c := range moved {
		if colourDist(c, doc) > maxInsideDiff {
			return false
		}
	}
	return true
}

// maxInsideDiff (RGB distance) is how far the colour inside a moved side may
// be from the document's colour inside the shared sides.
const maxInsideDiff = 45

// distToQuad is the distance from p to the nearest side (segment) of q.
func distToQuad(p Point, q Quad) float64 {
	d := math.Inf(1)
	for k := range 4 {
		a, b := q[k], q[(k+1)%4]
		dx, dy := b.X-a.X, b.Y-a.Y
		L2 := dx*dx + dy*dy
		t := 0.0
		if L2 > 0 {
			t = math.Min(math.Max(((p.X-a.X)*dx+(p.Y-a.Y)*dy)/L2, 0), 1)
		}
		d = math.Min(d, math.Hypot(p.X-a.X-t*dx, p.Y-a.Y-t*dy))
	}
	return d
}

// encloses reports whether every corner of inner lies inside outer grown
// by 2 work pixels.
func encloses(outer, inner Quad) bool {
	var cx, cy float64
	for _, p := range outer {
		cx += p.X / 4
		cy += p.Y / 4
	}
	var g Quad
	for k, p := range outer {
		d := math.Hypot(p.X-cx, p.Y-cy)
		if d == 0 {
			return false
		}
		s := (d + 2) / d
		g[k] = Point{cx + (p.X-cx)*s, cy + (p.Y-cy)*s}
	}
	for _, p := range inner {
		if !g.Contains(p) {
			return false
		}
	}
	return true
}

// partOfScan reports whether the chosen quad is only a part of a scanned
// document filling the frame (typically the portrait box of a passport
// scan): a small quad with all the frame's full-width print bands outside
// it, in a frame that passes as a scan.
func (f *frame) partOfScan(c candidate) bool {
	if c.borders > 0 {
		// A quad leaning on the frame border, in a frame that passes as
		// a scan, is a piece of the scanned document or (nearly) the
		// document itself: the whole frame is right either way.
		return f.looksLikeScan()
	}
	if c.coverage >= 0.6 {
		return false
	}
	sf := f.features()
	if len(sf.bands) < scanMinBands {
		return false
	}
	// The bands may belong to a second document (two cards in one photo).
	for _, o := range f.cands {
		if o.score >= acceptScore && insideOf(o.q, sf.bands) {
			return false
		}
	}
	return f.looksLikeScan()
}

// result converts a work-frame candidate into a Result in input pixels.
func (f *frame) result(img *imaging.Image, c candidate) Result {
	var q Quad
	for k, p := range c.q {
		// Work pixel centres map to input pixel centres: x_in + 0.5 =
		// (x_work + 0.5) / scale.
		q[k] = Point{(p.X+0.5)/f.sx - 0.5, (p.Y+0.5)/f.sy - 0.5}
		q[k].X = math.Min(math.Max(q[k].X, 0), float64(img.W-1))
		q[k].Y = math.Min(math.Max(q[k].Y, 0), float64(img.H-1))
	}
	q = orderFromTop(q)
	asp := SnapAspect(q.Aspect())
	method := "edges"
	if c.borders > 0 {
		method = "edges+border"
	}
	return Result{
		Found:      true,
		Quad:       q,
		Confidence: math.Min(1, c.score/0.8),
		Aspect:     asp,
		Kind:       Kind(asp),
		Margin:     margin(q, img.W, img.H),
		Coverage:   q.Area() / float64(img.W*img.H),
		Method:     method,
	}
}

// scanConfidence is reported for scans: their outline is assumed, not seen.
const scanConfidence = 0.5

// scanResult is the whole image taken as the document.
func scanResult(img *imaging.Image) Result {
	conf := scanConfidence
	w, h := float64(img.W-1), float64(img.H-1)
	q := Quad{{0, 0}, {w, 0}, {w, h}, {0, h}}
	asp := SnapAspect(q.Aspect())
	return Result{
		Found: true, Quad: q, Confidence: conf, Aspect: asp, Kind: Kind(asp),
		Margin: 0, Coverage: 1, Method: "scan",
	}
}

// orderFromTop rotates the clockwise corner list so that side q0→q1 is the
// one pointing most nearly along +x: the top side as the document lies in
// the photo.
func orderFromTop(q Quad) Quad {
	best, bestCos := 0, -2.0
	for k := range 4 {
		a, b := q[k], q[(k+1)%4]
		d := dist(a, b)
		if d == 0 {
			continue
		}
		if c := (b.X - a.X) / d; c > bestCos {
			best, bestCos = k, c
		}
	}
	var out Quad
	for k := range 4 {
		out[k] = q[(k+best)%4]
	}
	return out
}

// margin is the smallest distance from q to the image border over the
// image's short side. For a convex quad inside the image the nearest point
// to the border is a corner.
func margin(q Quad, w, h int) float64 {
	m := math.Inf(1)
	for _, p := range q {
		m = math.Min(m, math.Min(math.Min(p.X, p.Y), math.Min(float64(w-1)-p.X, float64(h-1)-p.Y)))
	}
	return math.Max(0, m) / float64(min(w, h))
}
