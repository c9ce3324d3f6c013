package locate

import "math"

// scanFeatures describe how much a whole frame looks like a flat scan of an
// identity document.
type scanFeatures struct {
	aspect  float64    // long/short side of the frame
	content float64    // fraction of smooth pixels far from the paper colour (portrait, tint, ...)
	bands   []textLine // the longest stack of full-width print bands
}

// Scan limits. Measured on the shared data: every specimen scan without a
// visible border has a stack of 2–8 print bands (MRZ and field lines) and
// content ≥ 0.01; none of ~120 face and spoof photos has a single stack;
// a synthetic page of running text has 11–17 bands and content ~0.005.
const (
	scanMinAspect  = 1.2 // frame long/short: ID-1 is 1.59, passport 1.42, plus cropping slack
	scanMaxAspect  = 1.95
	scanMinBands   = 2    // an MRZ has 2 or 3 lines
	pageMinBands   = 10   // a stack this tall is a page of running text, not an ID
	scanMinContent = 0.01 // a page of plain text is paper and strokes only
)

// features measures the frame for looksLikeScan (cached).
func (f *frame) features() scanFeatures {
	if f.sf != nil {
		return *f.sf
	}
	w, h := f.w, f.h
	sf := scanFeatures{aspect: float64(max(w, h)) / float64(min(w, h))}
	sf.content = f.nonPaper()
	hb, vb := f.printBands(false), f.printBands(true)
	sf.bands = hb
	if len(vb) > len(hb) {
		sf.bands = vb
	}
	f.sf = &sf
	return sf
}

// looksLikeScan decides whether the whole frame is a document: a flat scan
// or a tight crop whose border the frame cut away. It needs a document's
// aspect, a stack of full-width print bands (an MRZ, or the field lines of
// a card) and some content that is neither paper nor strokes.
//
// A page of plain text (A4 has the passport's 1.41 aspect) is deliberately
// NOT reported as found: its print bands stack far higher than an ID's and
// it has no portrait or tinted background. The document type stage would
// reject it later anyway, but "no document" gives the user the right
// message. Selfies and other photos have no print bands.
func (f *frame) looksLikeScan() bool {
	sf := f.features()
	if sf.aspect < scanMinAspect || sf.aspect > scanMaxAspect || sf.content < scanMinContent {
		return false
	}
	n := len(sf.bands)
	if n >= pageMinBands {
		return false
	}
	if n >= scanMinBands {
		return true
	}
	// Without full-width print (cards with short fields only), a frame whose
	// own borders are hugged by straight edges on three or four sides is a
	// document cropped to its outline, provided it holds some print.
	return f.huggedBorders() >= 3 && len(f.allText()) >= scanMinText
}

// scanMinText is the fewest lines of print a frame-filling card without
// print bands must show.
const scanMinText = 5

// huggedBorders counts the frame borders along which a found line runs
// within 2 % of the frame size, parallel within 2°, covering at least a
// third of the border: the outline of a document cropped right at its
// edge, which leaves no room for a quad of its own.
func (f *frame) huggedBorders() int {
	w, h := float64(f.w-1), float64(f.h-1)
	type side struct{ nx, ny, rho float64 }
	sides := [4]side{{1, 0, 0}, {1, 0, w}, {0, 1, 0}, {0, 1, h}}
	tol := 0.02 * math.Max(w, h)
	n := 0
	for _, s := range sides {
		for _, l := range f.lines {
			dot := l.nx*s.nx + l.ny*s.ny
			if math.Abs(dot) < math.Cos(2*math.Pi/180) {
				continue
			}
			rho := l.rho
			if dot < 0 {
				rho = -rho
			}
			if math.Abs(rho-s.rho) > tol {
				continue
			}
			var ta, tb float64
			if s.nx == 1 {
				// Vertical border: run from top to bottom.
				pa, _ := intersect(l, &line{nx: 0, ny: 1, rho: 0})
				pb, _ := intersect(l, &line{nx: 0, ny: 1, rho: h})
				ta, tb = l.t(pa.X, pa.Y), l.t(pb.X, pb.Y)
			} else {
				pa, _ := intersect(l, &line{nx: 1, ny: 0, rho: 0})
				pb, _ := intersect(l, &line{nx: 1, ny: 0, rho: w})
				ta, tb = l.t(pa.X, pa.Y), l.t(pb.X, pb.Y)
			}
			if l.coverage(ta, tb) >= 1.0/3 {
				n++
				break
			}
		}
	}
	return n
}

// insideOf reports whether q contains the centre of any of ts.
func insideOf(q Quad, ts []textLine) bool {
	for _, t := range ts {
		if q.Contains(t.centre()) {
			return true
		}
	}
	return false
}

// nonPaper returns the fraction of frame pixels that are smooth (no strong
// gradient) and clearly differ from the paper colour: a portrait, a tinted
// security background, a coloured band. A page of plain text is paper and
// thin strokes (whose pixels all sit on strong gradients), so it scores
// near zero; an identity document nearly always has a photo.
func (f *frame) nonPaper() float64 {
	w, h := f.w, f.h
	// Paper: the colour of the brighter smooth pixels (75th percentile of
	// luma), sampled on a 2-pixel grid.
	smooth := make([]int32, 0, (w/2)*(h/2))
	var hist [256]int
	for y := 2; y < h-2; y += 2 {
		for x := 2; x < w-2; x += 2 {
			i := y*w + x
			if f.mag[i] < 12 {
				smooth = append(smooth, int32(i))
				hist[min(max(int(f.gray[i]), 0), 255)]++
			}
		}
	}
	if len(smooth) == 0 {
		return 0
	}
	var paper float32
	for v, acc := 0, 0; v < 256; v++ {
		acc += hist[v]
		if acc >= len(smooth)*3/4 {
			paper = float32(v) + 0.5
			break
		}
	}
	var pr, pg, pb, pn float64
	for _, i := range smooth {
		if math.Abs(float64(f.gray[i]-paper)) < 10 {
			p := f.rgb.Pix[3*i : 3*i+3]
			pr += float64(p[0])
			pg += float64(p[1])
			pb += float64(p[2])
			pn++
		}
	}
	pr, pg, pb = pr/pn, pg/pn, pb/pn
	var n int
	for _, i := range smooth {
		p := f.rgb.Pix[3*i : 3*i+3]
		dr, dg, db := float64(p[0])-pr, float64(p[1])-pg, float64(p[2])-pb
		if dr*dr+dg*dg+db*db > 45*45 {
			n++
		}
	}
	return float64(n) / float64(((w-4)/2+1)*((h-4)/2+1))
}
