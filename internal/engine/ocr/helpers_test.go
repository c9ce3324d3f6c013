package ocr

import (
	"cmp"
	"context"
	"image"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
	"openkyc/internal/testenv"
)

var (
	engOnce sync.Once
	testEng *Engine
	engErr  error
)

// testEngine loads the real models once for the whole package.
func testEngine(tb testing.TB) *Engine {
	tb.Helper()
	dir := testenv.ModelsDir(tb)
	engOnce.Do(func() {
		rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
		if err != nil {
			engErr = err
			return
		}
		testEng, engErr = New(context.Background(), rt, dir)
	})
	if engErr != nil {
		tb.Fatal(engErr)
	}
	return testEng
}

// Fonts of the Debian packages fonts-dejavu-core, fonts-noto-cjk and
// fonts-ocr-b. family picks a face of a collection by its family name.
type fontSpec struct {
	path, family string
}

var (
	dejavu = fontSpec{"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", ""}
	// OCR B Sharp rather than OCRB.otf: sfnt cannot read the flex1 hint
	// operator in OCRB.otf's "<" and "8", and the sharp cut is the same
	// design with unrounded stroke ends.
	ocrb   = fontSpec{"/usr/share/fonts/opentype/ocr-b/OCRBS.otf", ""}
	notoSC = fontSpec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"}
	notoKR = fontSpec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK KR"}
	notoJP = fontSpec{"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK JP"}
)

var (
	fontMu    sync.Mutex
	fontCache = map[fontSpec]*sfnt.Font{}
)

// loadFont parses a font file, or skips the test when it is not installed:
// rendering is scaffolding, not what is under test.
func loadFont(tb testing.TB, spec fontSpec) *sfnt.Font {
	tb.Helper()
	fontMu.Lock()
	defer fontMu.Unlock()
	if f, ok := fontCache[spec]; ok {
		return f
	}
	data, err := os.ReadFile(spec.path)
	if err != nil {
		tb.Skipf("font %s not installed: %v", spec.path, err)
	}
	var f *sfnt.Font
	if spec.family == "" {
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
			if name, _ := g.Name(nil, sfnt.NameIDFamily); name == spec.family {
				f = g
				break
			}
		}
		if f == nil {
			tb.Skipf("%s has no face %q", spec.path, spec.family)
		}
	}
	fontCache[spec] = f
	return f
}

// edge is one straight piece of a glyph outline, in pixels.
type edge struct{ x0, y0, x1, y1 float64 }

// shaped is a line of text laid out at the origin (pen at x 0, baseline at
// y 0, y down): its outline, advance width and the font's ascent and
// descent.
type shaped struct {
	edges                    []edge
	advance, ascent, descent float64
}

// shape lays out text in spec at size pixels per em, without kerning or
// shaping (none of the test lines needs them). It rasterises outlines from
// golang.org/x/image/font/sfnt itself instead of using
// x/image/font/opentype, whose rasteriser (x/image/vector) would pull
// golang.org/x/sys into go.mod for a test helper.
func shape(tb testing.TB, spec fontSpec, text string, size float64) shaped {
	tb.Helper()
	f := loadFont(tb, spec)
	var buf sfnt.Buffer // per call: Font methods are safe concurrently with distinct Buffers
	ppem := fixed.Int26_6(math.Round(size * 64))
	m, err := f.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		tb.Fatal(err)
	}
	s := shaped{ascent: float64(m.Ascent) / 64, descent: float64(m.Descent) / 64}
	var pen fixed.Int26_6
	for _, r := range text {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			tb.Fatalf("%s has no glyph for %q", spec.path, r)
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
	s.advance = float64(pen) / 64
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

// paint darkens img where the outline s, with its pen placed at (x, base),
// covers it: non-zero winding, 4×4 supersampling, black ink.
func paint(img *imaging.Image, s shaped, x, base float64) {
	const ss = 4
	y0 := max(int(math.Floor(base-s.ascent))-1, 0)
	y1 := min(int(math.Ceil(base+s.descent))+1, img.H)
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

// white returns a white w×h image.
func white(w, h int) *imaging.Image {
	img := imaging.New(w, h)
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	return img
}

// renderLine draws text in black on white with an em of size pixels and a
// border of pad pixels, like the ENGINE-NOTES test lines (36 px, 16 px).
func renderLine(tb testing.TB, spec fontSpec, text string, size float64, pad int) *imaging.Image {
	tb.Helper()
	s := shape(tb, spec, text, size)
	img := white(int(math.Ceil(s.advance))+2*pad, int(math.Ceil(s.ascent+s.descent))+2*pad)
	paint(img, s, float64(pad), float64(pad)+s.ascent)
	return img
}

// pageLine is one line of a rendered page and where it went.
type pageLine struct {
	text string
	font fontSpec
	box  image.Rectangle // extent, in page pixels before any rotation
}

// renderPage draws the lines one under another, left-aligned, on a white
// page w wide, pitch px between baselines, and records each line's extent.
func renderPage(tb testing.TB, lines []pageLine, w, pitch int, size float64) *imaging.Image {
	tb.Helper()
	img := white(w, pitch*len(lines)+pitch/2+20)
	for i := range lines {
		s := shape(tb, lines[i].font, lines[i].text, size)
		x, base := 40, pitch*(i+1)
		paint(img, s, float64(x), float64(base))
		lines[i].box = image.Rect(x, base-int(s.ascent), x+int(math.Ceil(s.advance)), base+int(math.Ceil(s.descent)))
	}
	return img
}

// rotate turns img by deg degrees counter-clockwise on screen about its
// centre, on a white background, keeping its size, and returns the map
// from old to new coordinates.
func rotate(img *imaging.Image, deg float64) (*imaging.Image, func(Point) Point) {
	a := deg * math.Pi / 180
	c, s := math.Cos(a), math.Sin(a)
	cx, cy := float64(img.W-1)/2, float64(img.H-1)/2
	// Destination to source: the inverse rotation (y points down, so a
	// counter-clockwise turn on screen is a negative angle in y-down maths).
	m := [6]float64{c, -s, cx - c*cx + s*cy, s, c, cy - s*cx - c*cy}
	// WarpAffine fills the outside with black; inverting before and after
	// makes it white, as a scanned page's background is.
	inv := invert(img)
	out := invert(imaging.WarpAffine(inv, m, img.W, img.H))
	fwd := func(p Point) Point {
		dx, dy := p.X-cx, p.Y-cy
		return Point{cx + c*dx + s*dy, cy - s*dx + c*dy}
	}
	return out, fwd
}

func invert(img *imaging.Image) *imaging.Image {
	out := img.Clone()
	for i, v := range out.Pix {
		out.Pix[i] = 255 - v
	}
	return out
}

// cer is the character error rate: the edit distance between got and want
// over want's length, spaces removed from both (the full pipeline drops
// spaces, which no consumer of these lines depends on).
func cer(got, want string) float64 {
	g := []rune(strings.ReplaceAll(got, " ", ""))
	w := []rune(strings.ReplaceAll(want, " ", ""))
	if len(w) == 0 {
		if len(g) == 0 {
			return 0
		}
		return 1
	}
	prev := make([]int, len(g)+1)
	cur := make([]int, len(g)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(w); i++ {
		cur[0] = i
		for j := 1; j <= len(g); j++ {
			sub := prev[j-1]
			if w[i-1] != g[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return float64(prev[len(g)]) / float64(len(w))
}

// foldO0 maps the digit 0 to the letter O, the one confusion MRZ fonts
// make that field types (not the recogniser) must resolve.
func foldO0(s string) string { return strings.ReplaceAll(s, "0", "O") }

// decode reads a shared test image.
func decode(tb testing.TB, path string) *imaging.Image {
	tb.Helper()
	img, _, err := imaging.DecodeFile(path, imaging.DefaultLimits)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}
