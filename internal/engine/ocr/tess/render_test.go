package tess

import (
	"math"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"openkyc/internal/engine/imaging"
)

// cjkFontPath is the Noto Sans CJK collection from Debian's fonts-noto-cjk.
// Every face in it has Hangul, kana and Cyrillic; the faces differ in the
// regional shapes of Han ideographs, so each line uses its country's face.
const cjkFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

var (
	fontsOnce sync.Once
	fonts     map[string]*sfnt.Font // by region: "JP", "KR", "SC", ...
	fontsErr  error
)

// cjkFont returns the Noto Sans CJK face for region (JP, KR, SC, TC, HK),
// skipping the test when the font is not installed: rendering is test
// scaffolding, not what is under test.
func cjkFont(tb testing.TB, region string) *sfnt.Font {
	tb.Helper()
	fontsOnce.Do(func() {
		data, err := os.ReadFile(cjkFontPath)
		if err != nil {
			fontsErr = err
			return
		}
		coll, err := sfnt.ParseCollection(data)
		if err != nil {
			fontsErr = err
			return
		}
		fonts = map[string]*sfnt.Font{}
		for i := range coll.NumFonts() {
			f, err := coll.Font(i)
			if err != nil {
				fontsErr = err
				return
			}
			name, err := f.Name(nil, sfnt.NameIDFull)
			if err != nil {
				continue
			}
			// "Noto Sans CJK JP", not the Mono variants, whose fixed-width
			// Latin and Cyrillic look nothing like an ID card.
			if rest, ok := strings.CutPrefix(name, "Noto Sans CJK "); ok {
				fonts[rest] = f
			}
		}
	})
	if fontsErr != nil {
		tb.Skipf("font %s unusable (install fonts-noto-cjk): %v", cjkFontPath, fontsErr)
	}
	f := fonts[region]
	if f == nil {
		tb.Skipf("font %s has no Noto Sans CJK %s face (install fonts-noto-cjk)", cjkFontPath, region)
	}
	return f
}

// edge is one straight piece of a glyph outline in supersampled pixels.
type edge struct{ x0, y0, x1, y1 float64 }

// renderLine draws text in black on white with an em of size pixels and a
// margin of pad pixels, the way a tight line crop from a text detector
// looks. It rasterises the outlines itself (non-zero winding, 4×4
// supersampling) instead of using x/image/font/opentype, whose rasteriser
// (x/image/vector) would add golang.org/x/sys to go.mod for a test helper.
func renderLine(tb testing.TB, region, text string, size float64, pad int) *imaging.Image {
	tb.Helper()
	const ss = 4 // supersampling per axis
	f := cjkFont(tb, region)
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(math.Round(size * 64))
	m, err := f.Metrics(&buf, ppem, font.HintingNone)
	if err != nil {
		tb.Fatal(err)
	}
	var edges []edge
	pen := fixed.I(pad)
	base := float64(pad) + float64(m.Ascent)/64
	for _, r := range text {
		gi, err := f.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			tb.Fatalf("font %s has no glyph for %q", region, r)
		}
		segs, err := f.LoadGlyph(&buf, gi, ppem, nil)
		if err != nil {
			tb.Fatal(err)
		}
		ox := float64(pen) / 64
		edges = appendOutline(edges, segs, ox, base, ss)
		adv, err := f.GlyphAdvance(&buf, gi, ppem, font.HintingNone)
		if err != nil {
			tb.Fatal(err)
		}
		pen += adv
	}
	w := pen.Ceil() + pad
	h := int(math.Ceil(float64(m.Ascent+m.Descent)/64)) + 2*pad
	cover := make([]int, w*h) // samples inside the outline, per pixel
	var xs []struct {
		x   float64
		dir int
	}
	for sy := range h * ss {
		y := float64(sy) + 0.5
		xs = xs[:0]
		for _, e := range edges {
			if (e.y0 <= y) == (e.y1 <= y) {
				continue
			}
			dir := 1
			if e.y1 < e.y0 {
				dir = -1
			}
			xs = append(xs, struct {
				x   float64
				dir int
			}{e.x0 + (y-e.y0)*(e.x1-e.x0)/(e.y1-e.y0), dir})
		}
		slices.SortFunc(xs, func(a, b struct {
			x   float64
			dir int
		}) int {
			return int(math.Copysign(1, a.x-b.x))
		})
		wind := 0
		for i, c := range xs {
			wind += c.dir
			if wind == 0 || i+1 == len(xs) {
				continue
			}
			// Fill the samples whose centres lie between this crossing
			// and the next.
			for sx := int(math.Ceil(c.x - 0.5)); float64(sx)+0.5 < xs[i+1].x; sx++ {
				if px := sx / ss; sx >= 0 && px < w {
					cover[(sy/ss)*w+px]++
				}
			}
		}
	}
	img := imaging.New(w, h)
	for i, c := range cover {
		v := uint8(255 - 255*c/(ss*ss))
		img.Pix[3*i], img.Pix[3*i+1], img.Pix[3*i+2] = v, v, v
	}
	return img
}

// appendOutline flattens a glyph outline (y down, relative to the pen at
// the baseline) into edges in supersampled pixels.
func appendOutline(edges []edge, segs sfnt.Segments, ox, oy float64, ss float64) []edge {
	pt := func(p fixed.Point26_6) (float64, float64) {
		return (ox + float64(p.X)/64) * ss, (oy + float64(p.Y)/64) * ss
	}
	var cx, cy, sx, sy float64 // current point, contour start
	line := func(x, y float64) {
		edges = append(edges, edge{cx, cy, x, y})
		cx, cy = x, y
	}
	const steps = 8 // curve flattening; glyphs here are under 100 px
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if cx != sx || cy != sy {
				line(sx, sy)
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
				line(u*u*u*x0+3*u*u*t*x1+3*u*t*t*x2+t*t*t*x3,
					u*u*u*y0+3*u*u*t*y1+3*u*t*t*y2+t*t*t*y3)
			}
		}
	}
	if cx != sx || cy != sy {
		line(sx, sy)
	}
	return edges
}
