// Package testfont renders lines of text with the fonts Debian installs
// (fonts-dejavu-core, fonts-noto-cjk, fonts-ocr-b), for tests that need
// real glyphs in every script — OCR, Tesseract — without shipping images.
// It rasterises sfnt outlines itself: x/image/font/opentype's rasteriser
// would pull golang.org/x/sys into go.mod for test scaffolding.
package testfont

import (
	"cmp"
	"math"
	"os"
	"slices"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"openkyc/internal/engine/imaging"
)

// Fonts of the Debian packages fonts-dejavu-core, fonts-noto-cjk and
// fonts-ocr-b. family picks a face of a collection by its family name.
type Spec struct {
	Path, Family string
}

var (
	DejaVu = Spec{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ""}
	// OCR B Sharp rather than OCRB.otf: sfnt cannot read the flex1 hint
	// operator in OCRB.otf's "<" and "8", and the sharp cut is the same
	// design with unrounded stroke ends.
	OCRB   = Spec{"/usr/share/fonts/opentype/ocr-b/OCRBS.otf", ""}
	NotoSC = Spec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"}
	NotoKR = Spec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK KR"}
	NotoJP = Spec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK JP"}
)

var (
	fontMu    sync.Mutex
	fontCache = map[Spec]*sfnt.Font{}
)

// Load parses a font file, or skips the test when it is not installed:
// rendering is scaffolding, not what is under test.
func Load(tb testing.TB, spec Spec) *sfnt.Font {
	tb.Helper()
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := fontCache[spec]; ok {
		return f
	}
	data, err := os.ReadFile(spec.Path)
	if err != nil {
		tb.Skipf("font %s not installed: %v", spec.Path, err)
	}
	var f *sfnt.Font
	if spec.Family == "" {
		if f, err = sfnt.Parse(data); err != nil {
			tb.Fatal(err)
		}
	} else {
		c, err := sfnt.ParseCollection(data)
		if err != nil {
			tb.Fatal(err)
		}
		for i := range c.NumFonts() {
			g, err := c.Font(i)
			if err != nil {
				tb.Fatal(err)
			}
			if name, _ := g.Name(nil, sfnt.NameIDFamily); name == spec.Family {
				f = g
				break
			}
		}
		if f == nil {
			tb.Skipf("%s has no face %q", spec.Path, spec.Family)
		}
	}
	fontCache[spec] = f
	return f
}

// edge is one straight piece of a glyph outline, in pixels.
type edge struct{ x0, y0, x1, y1 float64 }

// Shaped is a line of text laid out at the origin (pen at x 0, baseline at
// y 0, y down): its outline, advance width and the font's ascent and
// descent.
type Shaped struct {
	edges                    []edge
	Advance, Ascent, Descent float64
}

// Shape lays out text in spec at size pixels per em, without kerning or
// shaping (none of the test lines needs them). It rasterises outlines from
// golang.org/x/image/font/sfnt itself instead of using
// x/image/font/opentype, whose rasteriser (x/image/vector) would pull
// golang.org/x/sys into go.mod for a test helper.
func Shape(tb testing.TB, spec Spec, text string, size float64) Shaped {
	tb.Helper()
	f := Load(tb, spec)
	var buf sfnt.Buffer // per call: Font methods are safe concurrently with distinct Buffers
	ppem := fixed.Int26_6(math.Round(size * 64))
	m, err := f.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		tb.Fatal(err)
	}
	s := Shaped{Ascent: float64(m.Ascent) / 64, Descent: float64(m.Descent) / 64}
	var pen fixed.Int26_6
	for _, r := range text {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			tb.Fatalf("%s has no glyph for %q", spec.Path, r)
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			tb.Fatal(err)
		}
		s.edges = appendOutline(s.edges, segs, float64(pen)/64)
		adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			tb.Fatal(err)
		}
		pen += adv
	}
	s.Advance = float64(pen) / 64
	return s
}

// appendOutline flattens a glyph outline, placed with its pen at (ox, 0),
// into edges.
func appendOutline(edges []edge, segs sfnt.Segments, ox float64) []edge {
	pt := func(p fixed.Point26_6) (float64, float64) { return ox + float64(p.X)/64, float64(p.Y) / 64 }
	var cx, cy, sx, sy float64 // current point, contour start
	line := func(x, y float64) {
		edges = append(edges, edge{cx, cy, x, y})
		cx, cy = x, y
	}
	const steps = 8 // curve flattening: plenty for glyphs under 100 px
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if cx != sx || cy != sy {
				line(sx, sy) // close the previous contour
			}
			cx, cy = pt(s.Args[0])
			sx, sy = cx, cy
		case sfnt.SegmentOpLineTo:
			line(pt(s.Args[0]))
		case sfnt.SegmentOpQuadTo:
			x0, y0 := cx, cy
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				line(u*u*x0+2*u*t*x1+t*t*x2, u*u*y0+2*u*t*y1+t*t*y2)
			}
		case sfnt.SegmentOpCubeTo:
			x0, y0 := cx, cy
			x1, y1 := pt(s.Args[0])
			x2, y2 := pt(s.Args[1])
			x3, y3 := pt(s.Args[2])
			for i := 1; i <= steps; i++ {
				t := float64(i) / steps
				u := 1 - t
				line(u*u*u*x0+3*u*u*t*x1+3*u*t*t*x2+t*t*t*x3, u*u*u*y0+3*u*u*t*y1+3*u*t*t*y2+t*t*t*y3)
			}
		}
	}
	if cx != sx || cy != sy {
		line(sx, sy)
	}
	return edges
}

// Paint darkens img where the outline s, with its pen placed at (x, base),
// covers it: non-zero winding, 4×4 supersampling, black ink.
func Paint(img *imaging.Image, s Shaped, x, base float64) {
	const ss = 4
	y0 := max(int(math.Floor(base-s.Ascent))-1, 0)
	y1 := min(int(math.Ceil(base+s.Descent))+1, img.H)
	type crossing struct {
		x   float64
		dir int
	}
	var xs []crossing
	cover := make([]int, img.W)
	for py := y0; py < y1; py++ {
		clear(cover)
		for sub := range ss {
			y := float64(py) + (float64(sub)+0.5)/ss - base
			xs = xs[:0]
			for _, e := range s.edges {
				if (e.y0 <= y) == (e.y1 <= y) {
					continue
				}
				dir := 1
				if e.y1 < e.y0 {
					dir = -1
				}
				xs = append(xs, crossing{x + e.x0 + (y-e.y0)*(e.x1-e.x0)/(e.y1-e.y0), dir})
			}
			slices.SortFunc(xs, func(a, b crossing) int { return cmp.Compare(a.x, b.x) })
			wind := 0
			for i, c := range xs {
				wind += c.dir
				if wind == 0 || i+1 == len(xs) {
					continue
				}
				// Samples whose centres lie between this crossing and
				// the next are inside.
				for k := int(math.Ceil(c.x*ss - 0.5)); (float64(k)+0.5)/ss < xs[i+1].x; k++ {
					if px := k / ss; k >= 0 && px < img.W {
						cover[px]++
					}
				}
			}
		}
		row := img.Pix[3*img.W*py : 3*img.W*(py+1)]
		for px, c := range cover {
			if c == 0 {
				continue
			}
			ink := uint8(255 * min(c, ss*ss) / (ss * ss))
			for k := range 3 {
				row[3*px+k] = min(row[3*px+k], 255-ink)
			}
		}
	}
}

// White returns a white w×h image.
func White(w, h int) *imaging.Image {
	img := imaging.New(w, h)
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return img
}

// Line draws text in black on white with an em of size pixels and a
// border of pad pixels, like the ENGINE-NOTES test lines (36 px, 16 px).
func Line(tb testing.TB, spec Spec, text string, size float64, pad int) *imaging.Image {
	tb.Helper()
	s := Shape(tb, spec, text, size)
	img := White(int(math.Ceil(s.Advance))+2*pad, int(math.Ceil(s.Ascent+s.Descent))+2*pad)
	Paint(img, s, float64(pad), float64(pad)+s.Ascent)
	return img
}
