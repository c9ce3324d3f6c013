package locate

import (
	"fmt"
	"image"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"openkyc/internal/engine/imaging"
)

var (
	cardOnce sync.Once
	theCard  *imaging.Image
)

// synthCard returns the shared synthetic card (drawn once).
func synthCard() *imaging.Image {
	cardOnce.Do(func() { theCard = makeCard() })
	return theCard
}

// cornerTolerance is the accuracy Locate must reach: 3 % of the image
// diagonal per corner.
const cornerTolerance = 0.03

// maxRectifyMAD is the largest mean absolute difference (grey levels) the
// rectified card may have from the original. A correct warp of the
// synthetic card scores ~5–12 (resampling and the rounded corners); a quad
// off by a few percent already scores 30+.
const maxRectifyMAD = 18

func TestLocateSynthetic(t *testing.T) {
	cases := []struct {
		bg background
		p  placement
	}{
		{bgPlain, placement{w: 1000, h: 750, coverage: 0.5, angle: 0}},
		{bgLight, placement{w: 1000, h: 750, coverage: 0.6, angle: 4}},
		{bgGradient, placement{w: 1000, h: 750, coverage: 0.4, angle: 90}},
		{bgNoise, placement{w: 1000, h: 750, coverage: 0.45, angle: 180, dx: 0.05}},
		{bgStripes, placement{w: 1000, h: 750, coverage: 0.35, angle: 270, dy: -0.05}},
		{bgPlain, placement{w: 1000, h: 750, coverage: 0.3, angle: 30}},
		{bgNoise, placement{w: 1000, h: 750, coverage: 0.3, angle: -30}},
		{bgGradient, placement{w: 1000, h: 750, coverage: 0.4, angle: 12, tilt: 0.12}},
		{bgStripes, placement{w: 750, h: 1000, coverage: 0.35, angle: 90 - 8, tilt: 0.1}},
		{bgNoise, placement{w: 750, h: 1000, coverage: 0.3, angle: 110, tilt: -0.08, dx: -0.04}},
		{bgPlain, placement{w: 900, h: 1000, coverage: 0.4, angle: 270 + 25, tilt: 0.15, dy: -0.03}},
		{bgLight, placement{w: 1000, h: 750, coverage: 0.35, angle: 180 - 20, tilt: 0.1}},
		// Photographed from afar: under the area prior, found as a small
		// card (smallCard).
		{bgNoise, placement{w: 1000, h: 1333, coverage: 0.12, angle: 3, dy: 0.15}},
		{bgPlain, placement{w: 1000, h: 750, coverage: 0.14, angle: -6, dx: 0.1}},
		// Nearly filling the frame: a tight but complete photo.
		{bgPlain, placement{w: 1060, h: 700, coverage: 0.85, angle: 0}},
		{bgNoise, placement{w: 1040, h: 680, coverage: 0.9, angle: 1}},
	}
	card := synthCard()
	for i, c := range cases {
		name := fmt.Sprintf("%02d-%s-%gdeg-cov%g-tilt%g", i, c.bg, c.p.angle, c.p.coverage, c.p.tilt)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			bg := makeBackground(c.bg, c.p.w, c.p.h, uint64(i))
			img, truth := render(card, bg, c.p)
			for _, p := range truth {
				if p.X < 0 || p.Y < 0 || p.X > float64(img.W-1) || p.Y > float64(img.H-1) {
					t.Fatalf("bad case: card corner %.0f outside the %dx%d scene", p, img.W, img.H)
				}
			}
			r := Locate(img)
			if !r.Found {
				t.Fatalf("not found")
			}
			diag := math.Hypot(float64(img.W), float64(img.H))
			e := matchQuad(r.Quad, truth)
			t.Logf("corner error %.2f %% of diagonal, confidence %.2f, method %s", 100*e/diag, r.Confidence, r.Method)
			if e > cornerTolerance*diag {
				t.Fatalf("corner error %.1f px > %.1f (%.1f %% of diagonal)\n got %.0f\nwant %.0f",
					e, cornerTolerance*diag, 100*e/diag, r.Quad, truth)
			}
			if r.Kind != "id1" || math.Abs(r.Aspect-AspectID1) > 1e-9 {
				t.Errorf("kind %q aspect %.3f, want id1 %.3f", r.Kind, r.Aspect, AspectID1)
			}
			if math.Abs(r.Coverage-truth.Area()/float64(img.W*img.H)) > 0.03 {
				t.Errorf("coverage %.3f, truth %.3f", r.Coverage, truth.Area()/float64(img.W*img.H))
			}
			// A small card's confidence carries the area prior.
			if minConf := map[bool]float64{true: 0.15, false: 0.4}[c.p.coverage < 0.2]; r.Confidence < minConf || r.Confidence > 1 {
				t.Errorf("confidence %.2f", r.Confidence)
			}
			checkOrder(t, r.Quad)
			checkRectified(t, img, r.Quad, card)
		})
	}
}

// checkOrder verifies the documented corner order: clockwise, with q0→q1
// the side pointing most nearly along +x.
func checkOrder(t *testing.T, q Quad) {
	t.Helper()
	if q.Area() <= 0 {
		t.Errorf("quad not clockwise: %.0f", q)
	}
	top := (q[1].X - q[0].X) / dist(q[0], q[1])
	for k := 1; k < 4; k++ {
		a, b := q[k], q[(k+1)%4]
		if (b.X-a.X)/dist(a, b) > top+1e-9 {
			t.Errorf("side %d points more along +x than the top side: %.0f", k, q)
		}
	}
}

// checkRectified warps the found quad and compares it with the card, up to
// the half turn that the outline alone cannot settle.
func checkRectified(t *testing.T, img *imaging.Image, q Quad, card *imaging.Image) {
	t.Helper()
	out := Rectify(img, q, 400)
	if out.W != 400 || out.H != int(math.Round(400/AspectID1)) {
		t.Fatalf("rectified size %dx%d", out.W, out.H)
	}
	want := imaging.Resize(card, out.W, out.H)
	// The rounded corners show background; compare the card's inside.
	crop := func(m *imaging.Image) *imaging.Image {
		return imaging.Crop(m, image.Rect(0, 0, out.W, out.H).Inset(out.W/25))
	}
	d0 := meanAbsDiff(crop(out), crop(want))
	d1 := meanAbsDiff(crop(imaging.Rotate90(out, 2)), crop(want))
	d := math.Min(d0, d1)
	t.Logf("rectified MAD %.1f", d)
	if d > maxRectifyMAD {
		t.Errorf("rectified card differs by %.1f grey levels (limit %d)", d, maxRectifyMAD)
	}
}

func TestLocateNegatives(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := map[string]*imaging.Image{
		"plain":    makeBackground(bgPlain, 1000, 750, 1),
		"noise":    pureNoise(1000, 750, r),
		"texture":  makeBackground(bgNoise, 1000, 750, 2),
		"face":     faceBlob(1000, 750),
		"textpage": textPage(707, 1000, r),
	}
	for name, img := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if res := Locate(img); res.Found {
				t.Errorf("found %+v", res)
			}
		})
	}
}

// pureNoise is uniform random RGB noise.
func pureNoise(w, h int, r *rand.Rand) *imaging.Image {
	m := imaging.New(w, h)
	for i := range m.Pix {
		m.Pix[i] = uint8(r.IntN(256))
	}
	return m
}

// faceBlob is a selfie-like picture: a large face and hair on a smooth
// gradient, with no straight edges at all.
func faceBlob(w, h int) *imaging.Image {
	m := makeBackground(bgGradient, w, h, 0)
	fillEllipse(m, float64(w)/2, float64(h)*0.55, float64(w)*0.28, float64(h)*0.5, rgb{60, 45, 35})
	fillEllipse(m, float64(w)/2, float64(h)*0.6, float64(w)*0.2, float64(h)*0.36, rgb{214, 170, 140})
	fillEllipse(m, float64(w)*0.43, float64(h)*0.5, 30, 14, rgb{60, 50, 50})
	fillEllipse(m, float64(w)*0.57, float64(h)*0.5, 30, 14, rgb{60, 50, 50})
	fillEllipse(m, float64(w)/2, float64(h)*0.75, 60, 16, rgb{170, 90, 90})
	return imaging.GaussianBlur(m, 2)
}

// textPage is a page of plain running text (A4 proportions): paragraphs of
// full-width lines, nothing else.
func textPage(w, h int, r *rand.Rand) *imaging.Image {
	m := imaging.New(w, h)
	for i := range m.Pix {
		m.Pix[i] = 246
	}
	for y := 60; y < h-60; y += 22 {
		if r.IntN(9) == 0 {
			continue // paragraph break
		}
		textRow(m, r, 60, w-60-r.IntN(40), y, 11, rgb{30, 30, 30})
	}
	return imaging.GaussianBlur(m, 0.6)
}

// TestLocateScan: the card image itself, as a flatbed scan cropped to the
// card, has no outline to see but must still be found.
func TestLocateScan(t *testing.T) {
	card := synthCard()
	// Cropped inside the card so no edge or corner shows.
	scan := imaging.Crop(card, card.Bounds().Inset(20))
	r := Locate(scan)
	if !r.Found {
		t.Fatal("scan not found")
	}
	if r.Method != "scan" || r.Margin != 0 || r.Coverage != 1 {
		t.Errorf("got method %q margin %.3f coverage %.2f, want a scan of the whole image", r.Method, r.Margin, r.Coverage)
	}
	out := Rectify(scan, r.Quad, scan.W)
	if out.W != scan.W {
		t.Errorf("rectified scan width %d, want %d", out.W, scan.W)
	}
}

// TestLocateTinyAndInvalid: degenerate inputs are "not found", never a
// panic.
func TestLocateTinyAndInvalid(t *testing.T) {
	for name, img := range map[string]*imaging.Image{
		"nil":       nil,
		"empty":     {},
		"tiny":      imaging.New(8, 8),
		"short-pix": {W: 100, H: 100, Pix: make([]uint8, 10)},
		"line":      imaging.New(2000, 16),
	} {
		t.Run(name, func(t *testing.T) {
			if r := Locate(img); r.Found {
				t.Errorf("found %+v", r)
			}
		})
	}
}

// TestLocateSyntheticSweep places the card at random (any quarter turn
// ±30°, strong keystone up to ±0.2, 30–90 % of the frame) on all the
// backgrounds, a third of the time with a thumb over one side. It guards
// the overall robustness rather than single cases. All 30 pass with this
// seed; over other seeds about 1 placement in 50 misses, nearly always a
// thumb on the cluttered desk (a neighbouring object's edge lines up with
// the occluded side), hence a small budget rather than none, so that
// tuning elsewhere may trade one such case.
func TestLocateSyntheticSweep(t *testing.T) {
	const n, maxSweepFailures = 30, 2
	card := synthCard()
	r := rand.New(rand.NewPCG(2024, 11))
	type sweepCase struct {
		p     placement
		bg    background
		thumb int // side to occlude, -1 for none
	}
	cases := make([]sweepCase, n)
	for i := range cases {
		for {
			w, h := 1000, 750
			if r.IntN(3) == 0 {
				w, h = 750, 1000
			}
			p := placement{w: w, h: h, coverage: 0.3 + 0.6*r.Float64(),
				angle: float64(90*r.IntN(4)) + 60*r.Float64() - 30,
				tilt:  0.4*r.Float64() - 0.2, dx: 0.1*r.Float64() - 0.05, dy: 0.1*r.Float64() - 0.05}
			inside := true
			for _, c := range p.truthQuad() {
				inside = inside && c.X > 5 && c.Y > 5 && c.X < float64(w-5) && c.Y < float64(h-5)
			}
			if inside {
				thumb := -1
				if r.IntN(3) == 0 {
					thumb = r.IntN(4)
				}
				cases[i] = sweepCase{p, background(r.IntN(int(bgClutter) + 1)), thumb}
				break
			}
		}
	}
	var mu sync.Mutex
	failures := 0
	t.Run("cases", func(t *testing.T) {
		for i, c := range cases {
			t.Run(fmt.Sprintf("%02d-%s", i, c.bg), func(t *testing.T) {
				t.Parallel()
				img, truth := render(card, makeBackground(c.bg, c.p.w, c.p.h, uint64(100+i)), c.p)
				if c.thumb >= 0 {
					a, b := truth[c.thumb], truth[(c.thumb+1)%4]
					occlude(img, Point{(a.X + b.X) / 2, (a.Y + b.Y) / 2}, 25)
				}
				res := Locate(img)
				diag := math.Hypot(float64(img.W), float64(img.H))
				e := math.Inf(1)
				if res.Found {
					e = matchQuad(res.Quad, truth) / diag
				}
				if e > cornerTolerance {
					mu.Lock()
					failures++
					mu.Unlock()
					t.Logf("miss: %+v thumb=%d: found=%v error %.1f %% of diagonal", c.p, c.thumb, res.Found, 100*e)
				}
			})
		}
	})
	t.Logf("%d/%d placements within %.0f %% of the diagonal", n-failures, n, 100*cornerTolerance)
	if failures > maxSweepFailures {
		t.Errorf("%d of %d random placements missed (budget %d)", failures, n, maxSweepFailures)
	}
}
