package ocr

import (
	"context"
	"image"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
	"openkyc/internal/engine/textnorm"
	"openkyc/internal/testenv"
	"openkyc/internal/testfont"
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

// Fonts the tests render with (testfont).
var (
	dejavu = testfont.DejaVu
	ocrb   = testfont.OCRB
	notoSC = testfont.NotoSC
	notoKR = testfont.NotoKR
	notoJP = testfont.NotoJP
)

// renderLine draws text in black on white with an em of size pixels and a
// border of pad pixels, like the ENGINE-NOTES test lines (36 px, 16 px).
func renderLine(tb testing.TB, spec testfont.Spec, text string, size float64, pad int) *imaging.Image {
	return testfont.Line(tb, spec, text, size, pad)
}

// pageLine is one line of a rendered page and where it went.
type pageLine struct {
	text string
	font testfont.Spec
	box  image.Rectangle // extent, in page pixels before any rotation
}

// renderPage draws the lines one under another, left-aligned, on a white
// page w wide, pitch px between baselines, and records each line's extent.
func renderPage(tb testing.TB, lines []pageLine, w, pitch int, size float64) *imaging.Image {
	tb.Helper()
	img := testfont.White(w, pitch*len(lines)+pitch/2+20)
	for i := range lines {
		s := testfont.Shape(tb, lines[i].font, lines[i].text, size)
		x, base := 40, pitch*(i+1)
		testfont.Paint(img, s, float64(x), float64(base))
		lines[i].box = image.Rect(x, base-int(s.Ascent), x+int(math.Ceil(s.Advance)), base+int(math.Ceil(s.Descent)))
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
	g := strings.ReplaceAll(got, " ", "")
	w := strings.ReplaceAll(want, " ", "")
	if w == "" {
		if g == "" {
			return 0
		}
		return 1
	}
	return float64(textnorm.Distance(g, w)) / float64(utf8.RuneCountInString(w))
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
