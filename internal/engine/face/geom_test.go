package face

import (
	"image"
	"math"
	"testing"

	"openkyc/internal/engine/imaging"
)

func TestUmeyamaRecoversSimilarity(t *testing.T) {
	want := similarity{a: 0.8 * math.Cos(0.3), b: 0.8 * math.Sin(0.3), tx: 12, ty: -7}
	src := []Point{{10, 20}, {80, 22}, {45, 60}, {20, 95}, {75, 90}}
	dst := make([]Point, len(src))
	for i, p := range src {
		dst[i] = want.apply(p)
	}
	got := umeyama(src, dst)
	for _, d := range []float64{got.a - want.a, got.b - want.b, got.tx - want.tx, got.ty - want.ty} {
		if math.Abs(d) > 1e-9 {
			t.Fatalf("umeyama = %+v, want %+v", got, want)
		}
	}
	m := got.inverse()
	for i, q := range dst {
		p := Point{m[0]*q.X + m[1]*q.Y + m[2], m[3]*q.X + m[4]*q.Y + m[5]}
		if dist(p, src[i]) > 1e-9 {
			t.Fatalf("inverse maps %v to %v, want %v", q, p, src[i])
		}
	}
}

// TestAlignPutsPointsOnTemplate checks the aligned crop puts a marked eye
// where the template says, for a small face and for one large enough to be
// area-shrunk first.
func TestAlignPutsPointsOnTemplate(t *testing.T) {
	for _, scale := range []float64{0.8, 6} {
		img := imaging.New(int(200*scale), int(200*scale))
		var pts [5]Point
		for i, p := range arcFaceTemplate {
			pts[i] = Point{(p.X + 40) * scale, (p.Y + 30) * scale}
		}
		// A white disc on the left eye.
		for y := range img.H {
			for x := range img.W {
				if math.Hypot(float64(x)-pts[0].X, float64(y)-pts[0].Y) < 4*scale {
					i := 3 * (y*img.W + x)
					img.Pix[i], img.Pix[i+1], img.Pix[i+2] = 255, 255, 255
				}
			}
		}
		al := Align(img, pts)
		x, y := int(arcFaceTemplate[0].X), int(arcFaceTemplate[0].Y)
		if r, _, _ := al.RGB(x, y); r < 200 {
			t.Errorf("scale %.1f: aligned eye pixel = %d, want white", scale, r)
		}
		if r, _, _ := al.RGB(int(arcFaceTemplate[1].X), int(arcFaceTemplate[1].Y)); r > 50 {
			t.Errorf("scale %.1f: right eye pixel = %d, want black", scale, r)
		}
	}
}

func TestTilesCoverImage(t *testing.T) {
	for _, sz := range []image.Point{{2400, 1600}, {1000, 1500}, {300, 180}, {4000, 600}} {
		ts := tiles(sz.X, sz.Y)
		if len(ts) == 0 {
			t.Fatalf("%v: no tiles", sz)
		}
		// Every 60×60 face fits whole inside some tile.
		for y := 0; y+60 <= sz.Y; y += 37 {
			for x := 0; x+60 <= sz.X; x += 37 {
				f := image.Rect(x, y, x+60, y+60)
				ok := false
				for _, tl := range ts {
					ok = ok || f.In(tl)
				}
				if !ok {
					t.Fatalf("%v: face at %v in no tile of %v", sz, f, ts)
				}
			}
		}
	}
	if ts := tiles(100, 80); ts != nil {
		t.Errorf("tiles(100, 80) = %v, want none", ts)
	}
}

func TestNMS(t *testing.T) {
	dets := []Detection{
		{Box{0, 0, 100, 100}, 0.9},
		{Box{5, 5, 105, 105}, 0.95},    // same face, better score
		{Box{30, 30, 60, 60}, 0.99},    // nested part of it
		{Box{300, 300, 400, 400}, 0.7}, // another face
	}
	got := nms(dets)
	if len(got) != 2 || got[0].Score != 0.99 || got[1].Score != 0.7 {
		t.Fatalf("nms = %+v", got)
	}
}

func TestPrimaryFirst(t *testing.T) {
	dets := []Detection{{Box{0, 0, 100, 100}, 0.97}, {Box{200, 0, 296, 96}, 1}, {Box{400, 0, 450, 50}, 1}}
	if got := primaryFirst(dets); got[0].Box.X1 != 200 || got[1].Box.X1 != 0 {
		t.Errorf("nearly-as-large confident face not first: %+v", got)
	}
	dets = []Detection{{Box{0, 0, 100, 100}, 0.9}, {Box{200, 0, 250, 50}, 1}}
	if got := primaryFirst(dets); got[0].Box.X1 != 0 {
		t.Errorf("a much smaller face displaced the largest: %+v", got)
	}
}

func TestSSRAge(t *testing.T) {
	// All mass on the top bin of each stage with no offsets or deltas:
	// (2/3 + 2/9 + 2/27) × 101 = 97.26.
	x := make([]float64, 21)
	x[2], x[5], x[8] = 1, 1, 1
	if got := ssrAge(x); math.Abs(got-97.259) > 0.01 {
		t.Errorf("ssrAge = %.3f, want 97.259", got)
	}
}
