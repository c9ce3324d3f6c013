package face_test

import (
	"context"
	"errors"
	"image"
	"math"
	"path/filepath"
	"sync"
	"testing"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
	"openkyc/internal/eval"
	"openkyc/internal/testenv"
)

var (
	engOnce sync.Once
	engine  *face.Engine
	engErr  error
)

// testEngine loads the real models once for the whole package.
func testEngine(t testing.TB) *face.Engine {
	t.Helper()
	dir := testenv.ModelsDir(t)
	engOnce.Do(func() {
		rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
		if err != nil {
			engErr = err
			return
		}
		engine, engErr = face.New(context.Background(), rt, dir, face.Config{})
	})
	if engErr != nil {
		t.Fatal(engErr)
	}
	return engine
}

// sample returns one of the stock group photos `make deps` installs.
func sample(t testing.TB, name string) *imaging.Image {
	t.Helper()
	dir := filepath.Join(testenv.Root(), models.SamplesDir)
	m, err := models.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.SampleManifest().Check(dir); err != nil {
		t.Fatal(err)
	}
	return decode(t, filepath.Join(dir, name))
}

func decode(t testing.TB, path string) *imaging.Image {
	t.Helper()
	img, _, err := imaging.DecodeFile(path, imaging.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func analyse(t *testing.T, img *imaging.Image, opts face.Options) *face.Analysis {
	t.Helper()
	a, err := testEngine(t).Analyze(context.Background(), img, opts)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestGroupPhotoFaceCounts checks every visible face is found, and nothing
// else, on the six stock group photos (counted by eye: 22 faces).
func TestGroupPhotoFaceCounts(t *testing.T) {
	want := map[string]int{"sample1.jpg": 3, "sample2.jpg": 3, "sample3.jpg": 3, "sample4.jpg": 4, "sample5.jpg": 5, "sample6.jpg": 4}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			a := analyse(t, sample(t, name), face.AllEvidence)
			if len(a.Faces) != n {
				t.Fatalf("found %d faces, want %d", len(a.Faces), n)
			}
			for i, f := range a.Faces {
				// Index 0 is the primary face, which may be slightly smaller.
				if i > 1 && f.Box.Area() > a.Faces[i-1].Box.Area() {
					t.Errorf("faces not largest first at %d", i)
				}
				checkEvidence(t, f, n)
			}
		})
	}
}

// checkEvidence asserts every piece of evidence is present and plausible.
func checkEvidence(t *testing.T, f face.Face, faces int) {
	t.Helper()
	if f.Score < 0.65 || f.Score > 1 {
		t.Errorf("score %f", f.Score)
	}
	if len(f.Embedding) != 512 {
		t.Fatalf("embedding has %d values", len(f.Embedding))
	}
	if n := face.Compare(f.Embedding, f.Embedding); math.Abs(n-1) > 1e-4 {
		t.Errorf("embedding not unit length: |e|² = %f", n)
	}
	// The points lie in the box, the eyes apart and the mouth well below
	// them (heads here are tilted up to 36°, so no axis-aligned check).
	m := f.Box.W() * 0.1
	for _, p := range f.Points {
		if p.X < f.Box.X1-m || p.X > f.Box.X2+m || p.Y < f.Box.Y1-m || p.Y > f.Box.Y2+m {
			t.Errorf("point %v outside box %v", p, f.Box)
		}
	}
	eyes := face.Point{X: (f.Points[0].X + f.Points[1].X) / 2, Y: (f.Points[0].Y + f.Points[1].Y) / 2}
	mouth := face.Point{X: (f.Points[3].X + f.Points[4].X) / 2, Y: (f.Points[3].Y + f.Points[4].Y) / 2}
	if d := math.Hypot(mouth.X-eyes.X, mouth.Y-eyes.Y); d < 0.2*f.Box.W() || mouth.Y < eyes.Y {
		t.Errorf("mouth %v not below eyes %v", mouth, eyes)
	}
	if f.Liveness == nil || f.Liveness.Score < 0 || f.Liveness.Score > 1 {
		t.Errorf("liveness %v", f.Liveness)
	}
	if f.Pose == nil || math.Abs(f.Pose.Yaw) > 99 || math.Abs(f.Pose.Pitch) > 99 || math.Abs(f.Pose.Roll) > 99 {
		t.Errorf("pose %v", f.Pose)
	}
	if f.Eyes == nil || f.Age == nil || *f.Age < 10 || *f.Age > 80 {
		t.Errorf("eyes %v age %v", f.Eyes, f.Age)
	}
	q := f.Quality
	if q.Faces != faces || q.Size < 20 || q.InterOcular < 0.15*q.Size || q.InterOcular > 0.7*q.Size ||
		q.Sharpness <= 0 || q.Brightness <= 0 || q.Brightness >= 255 {
		t.Errorf("quality %+v", q)
	}
}

// TestSameAndDifferentPeople compares real photos: the same person scores
// above the default threshold, different people below it.
func TestSameAndDifferentPeople(t *testing.T) {
	dir := testenv.Data(t, "faces", "deepface")
	items, err := eval.ReadLabels(dir)
	if err != nil {
		t.Fatal(err)
	}
	emb := map[string][]float32{}
	embed := func(file string) []float32 {
		if e, ok := emb[file]; ok {
			return e
		}
		a := analyse(t, decode(t, filepath.Join(dir, file)), face.Options{Embedding: true, MaxFaces: 1})
		emb[file] = a.Faces[0].Embedding
		return emb[file]
	}
	var same, diff int
	for _, p := range eval.Pairs(items[:24], 40, 1) {
		s := face.Compare(embed(items[p.A].File), embed(items[p.B].File))
		if p.Same && s < face.DefaultMatchThreshold {
			t.Errorf("same person %s/%s scored %.3f", items[p.A].File, items[p.B].File, s)
		}
		if !p.Same && s >= face.DefaultMatchThreshold {
			t.Errorf("different people %s/%s scored %.3f", items[p.A].File, items[p.B].File, s)
		}
		if p.Same {
			same++
		} else {
			diff++
		}
	}
	if same < 10 || diff < 20 {
		t.Fatalf("only %d same and %d different pairs checked", same, diff)
	}
}

// TestMirroredFace: a mirror image is the same person, and its head turns
// the other way.
func TestMirroredFace(t *testing.T) {
	img := sample(t, "sample1.jpg")
	a := analyse(t, img, face.AllEvidence)
	b := analyse(t, imaging.FlipH(img), face.AllEvidence)
	turned := a.Faces[0] // yaw ≈ 28°: the most turned face of the photo
	if math.Abs(turned.Pose.Yaw) < 15 {
		t.Fatalf("test face yaw %.1f, want a clearly turned head", turned.Pose.Yaw)
	}
	m := matchBox(t, b.Faces, mirrorBox(turned.Box, img.W))
	if math.Signbit(m.Pose.Yaw) == math.Signbit(turned.Pose.Yaw) || math.Abs(m.Pose.Yaw) < 10 {
		t.Errorf("yaw %.1f, mirrored %.1f: want opposite signs", turned.Pose.Yaw, m.Pose.Yaw)
	}
	if math.Signbit(m.Pose.Roll) == math.Signbit(turned.Pose.Roll) {
		t.Errorf("roll %.1f, mirrored %.1f: want opposite signs", turned.Pose.Roll, m.Pose.Roll)
	}
	if s := face.Compare(turned.Embedding, m.Embedding); s < 0.7 {
		t.Errorf("face vs its mirror image: similarity %.3f", s)
	}
	for _, other := range a.Faces[1:] {
		if s := face.Compare(turned.Embedding, other.Embedding); s >= face.DefaultMatchThreshold {
			t.Errorf("two women of one photo scored %.3f", s)
		}
	}
}

func mirrorBox(b face.Box, w int) face.Box {
	return face.Box{X1: float64(w) - b.X2, Y1: b.Y1, X2: float64(w) - b.X1, Y2: b.Y2}
}

func matchBox(t *testing.T, faces []face.Face, b face.Box) face.Face {
	t.Helper()
	for _, f := range faces {
		c, d := f.Box.Center(), b.Center()
		if math.Hypot(c.X-d.X, c.Y-d.Y) < b.W()/4 {
			return f
		}
	}
	t.Fatalf("no face near %v", b)
	return face.Face{}
}

// TestClosedEyes paints each eye over with the skin just below it, which is
// what a closed lid looks like to a 24×24 classifier, and expects the eye
// called closed; the untouched eyes of the same face are open.
func TestClosedEyes(t *testing.T) {
	img := sample(t, "sample3.jpg") // three frontal faces, eyes open
	a := analyse(t, img, face.Options{Eyes: true})
	var f *face.Face
	for i := range a.Faces {
		if a.Faces[i].Eyes.LeftOpen && a.Faces[i].Eyes.RightOpen {
			f = &a.Faces[i]
			break
		}
	}
	if f == nil {
		t.Fatal("no face with both eyes open in sample3.jpg")
	}
	closed := img.Clone()
	iod := math.Hypot(f.Points[1].X-f.Points[0].X, f.Points[1].Y-f.Points[0].Y)
	for _, eye := range f.Points[:2] {
		paintSkin(closed, eye, iod)
	}
	b := analyse(t, closed, face.Options{Eyes: true})
	g := matchBox(t, b.Faces, f.Box)
	if g.Eyes.LeftOpen || g.Eyes.RightOpen {
		t.Errorf("painted-over eyes called open: %+v (before: %+v)", g.Eyes, f.Eyes)
	}
}

// paintSkin fills a box around the eye with the colour of the cheek below.
func paintSkin(img *imaging.Image, eye face.Point, iod float64) {
	hw, hh := int(iod*0.35), int(iod*0.18)
	sx, sy := int(eye.X), int(eye.Y+iod*0.45)
	i := 3 * (sy*img.W + sx)
	r, g, b := img.Pix[i], img.Pix[i+1], img.Pix[i+2]
	for y := int(eye.Y) - hh; y <= int(eye.Y)+hh; y++ {
		for x := int(eye.X) - hw; x <= int(eye.X)+hw; x++ {
			if x >= 0 && y >= 0 && x < img.W && y < img.H {
				j := 3 * (y*img.W + x)
				img.Pix[j], img.Pix[j+1], img.Pix[j+2] = r, g, b
			}
		}
	}
}

// TestSmallFaceOnCard builds the case the tiled pass exists for: a face
// shrunk to ID-portrait size on a large grey card photo (the smaller one is
// invisible to the first pass, see TestTiledPass). Analyze finds each, and
// it matches the original face.
func TestSmallFaceOnCard(t *testing.T) {
	src := sample(t, "sample1.jpg")
	a := analyse(t, src, face.Options{Embedding: true})
	f := a.Faces[0]
	r := f.Box.Rect().Inset(-int(f.Box.W() * 0.25))
	for _, width := range []int{80, 110} { // portrait width; the face is ~2/3 of it
		portrait := imaging.Resize(imaging.Crop(src, r), width, width*r.Dy()/r.Dx())
		card := flat(2048, 1536, 200)
		at := image.Pt(1400, 900)
		for y := range portrait.H {
			copy(card.Pix[3*((at.Y+y)*card.W+at.X):], portrait.Pix[3*y*portrait.W:3*(y+1)*portrait.W])
		}
		b := analyse(t, card, face.Options{Embedding: true})
		if len(b.Faces) != 1 {
			t.Fatalf("%d px portrait: found %d faces, want 1", width, len(b.Faces))
		}
		got := b.Faces[0]
		if c := got.Box.Center(); !image.Pt(int(c.X), int(c.Y)).In(image.Rect(at.X, at.Y, at.X+portrait.W, at.Y+portrait.H)) {
			t.Errorf("%d px portrait: face found at %v, portrait is at %v", width, got.Box, at)
		}
		s := face.Compare(f.Embedding, got.Embedding)
		t.Logf("%d px portrait: face box %.0f px, similarity to original %.3f", width, got.Box.W(), s)
		if s < face.DefaultMatchThreshold {
			t.Errorf("%d px portrait vs original: similarity %.3f", width, s)
		}
	}
}

// TestDocumentPortraits runs detection on the real document photos: every
// specimen with a visible portrait yields a face.
func TestDocumentPortraits(t *testing.T) {
	dir := testenv.Data(t, "documents")
	cases := []string{
		"icao-examples/td1.jpg", "icao-examples/td2.jpg", "icao-examples/td3.jpg", "icao-examples/passport_uk.jpg",
		"korean-synthetic/result_0.jpg", "korean-synthetic/result_1.jpg", "korean-synthetic/result_2.jpg",
		"jp-licence-specimens/img/driverslicense.png", "jp-licence-specimens/img/mynumber.png",
		"passport-orientations/Passport-Australia_1280x720_rotate+90.jpg",
		"passport-orientations/Czech_passport_2005_MRZ_orient6_1300x1002.jpg",
		"passport-scans/passporteye_mrz_testdata/100_pass-chn.jpg",
		"passport-scans/passporteye_mrz_testdata/25_pass-uto.jpg",
	}
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			a := analyse(t, decode(t, filepath.Join(dir, c)), face.Options{Embedding: true, Pose: true, MaxFaces: 1})
			f := a.Faces[0]
			if f.Score < 0.75 || math.Abs(f.Pose.Roll) > 30 {
				t.Errorf("portrait %v score %.2f roll %.1f", f.Box, f.Score, f.Pose.Roll)
			}
		})
	}
	// The back of an ID card and a passport cover have no face.
	for _, c := range []string{"passport-orientations/Passport-France_1200x864.jpg", "passport-scans/passporteye_mrz_testdata/100_id-usa.jpg"} {
		_, err := testEngine(t).Analyze(context.Background(), decode(t, filepath.Join(dir, c)), face.Options{})
		if !errors.Is(err, face.ErrNoFace) {
			t.Errorf("%s: Analyze = %v, want ErrNoFace", c, err)
		}
	}
}

func TestNoFace(t *testing.T) {
	eng := testEngine(t)
	for name, img := range map[string]*imaging.Image{
		"grey":     flat(640, 480, 128),
		"black":    flat(1920, 1080, 0),
		"gradient": gradient(800, 600),
		"tiny":     flat(16, 16, 200),
	} {
		_, err := eng.Analyze(context.Background(), img, face.AllEvidence)
		if !errors.Is(err, face.ErrNoFace) {
			t.Errorf("%s: Analyze = %v, want ErrNoFace", name, err)
		}
	}
}

func flat(w, h int, v uint8) *imaging.Image {
	m := imaging.New(w, h)
	for i := range m.Pix {
		m.Pix[i] = v
	}
	return m
}

func gradient(w, h int) *imaging.Image {
	m := imaging.New(w, h)
	for y := range h {
		for x := range w {
			i := 3 * (y*w + x)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2] = uint8(x*255/w), uint8(y*255/h), 128
		}
	}
	return m
}

// TestConcurrentAnalyze: sessions are shared, so concurrent calls must give
// exactly the results of a lone call.
func TestConcurrentAnalyze(t *testing.T) {
	img := sample(t, "sample4.jpg")
	want := analyse(t, img, face.AllEvidence)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			got, err := testEngine(t).Analyze(context.Background(), img, face.AllEvidence)
			if err != nil {
				t.Error(err)
				return
			}
			for i := range want.Faces {
				if s := face.Compare(want.Faces[i].Embedding, got.Faces[i].Embedding); s < 0.9999 {
					t.Errorf("face %d differs under concurrency: %.5f", i, s)
				}
			}
		})
	}
	wg.Wait()
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := testEngine(t).Analyze(ctx, sample(t, "sample1.jpg"), face.AllEvidence)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Analyze(cancelled) = %v", err)
	}
}

func TestEmbedRejectsWrongSize(t *testing.T) {
	if _, err := testEngine(t).Embed(context.Background(), flat(100, 100, 1)); err == nil {
		t.Fatal("Embed accepted a 100×100 image")
	}
}

func TestNewRefusesAlteredModels(t *testing.T) {
	dir := t.TempDir()
	rt, err := ort.Open(ort.Config{Library: filepath.Join(testenv.ModelsDir(t), ort.LibraryName)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	_, err = face.New(context.Background(), rt, dir, face.Config{})
	if !errors.Is(err, models.ErrMismatch) {
		t.Fatalf("New(empty dir) = %v, want ErrMismatch", err)
	}
}

// BenchmarkAnalyzeSelfie is one selfie's full analysis (all evidence for the
// largest face) on an already decoded 1920×1280 photo.
func BenchmarkAnalyzeSelfie(b *testing.B) {
	img := sample(b, "sample3.jpg")
	eng := testEngine(b)
	opts := face.AllEvidence
	opts.MaxFaces = 1
	for b.Loop() {
		if _, err := eng.Analyze(context.Background(), img, opts); err != nil {
			b.Fatal(err)
		}
	}
}
