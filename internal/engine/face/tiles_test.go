package face

import (
	"context"
	"image"
	"path/filepath"
	"testing"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
	"openkyc/internal/testenv"
)

// TestTiledPass puts an 80 px portrait (a 52 px face) on a 2048×1536 card:
// squashed to 320×240 the face is 8 px and the first pass misses it; on a
// 2× tile it is found with high confidence.
func TestTiledPass(t *testing.T) {
	dir := testenv.ModelsDir(t)
	rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	e, err := New(context.Background(), rt, dir, Config{})
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := imaging.DecodeFile(filepath.Join(testenv.Root(), models.SamplesDir, "sample1.jpg"), imaging.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	d, err := e.Detect(context.Background(), src, false)
	if err != nil || len(d) == 0 {
		t.Fatal(d, err)
	}
	r := d[0].Box.Rect().Inset(-int(d[0].Box.W() * 0.25))
	portrait := imaging.Resize(imaging.Crop(src, r), 80, 80*r.Dy()/r.Dx())
	card := imaging.New(2048, 1536)
	for i := range card.Pix {
		card.Pix[i] = 200
	}
	at := image.Pt(1400, 900)
	for y := range portrait.H {
		copy(card.Pix[3*((at.Y+y)*card.W+at.X):], portrait.Pix[3*y*portrait.W:3*(y+1)*portrait.W])
	}
	first, err := e.detectIn(context.Background(), card, card.Bounds())
	if err != nil {
		t.Fatal(err)
	}
	if len(first) != 0 {
		t.Fatalf("first pass found %v: the test no longer needs the tiled pass", first)
	}
	all, err := e.Detect(context.Background(), card, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Score < 0.9 {
		t.Fatalf("with tiles: %+v, want one confident face", all)
	}
}
