package document

import (
	"image"
	"testing"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
)

// card paints a w×h document of colour bg with a reflection of radius r
// (none when r is 0) and, on white paper, lines of black print.
func card(w, h int, bg [3]byte, r int, print bool) *imaging.Image {
	img := imaging.New(w, h)
	for y := range h {
		for x := range w {
			c := bg
			if print && y%40 < 12 && x%20 < 14 && x > 40 && x < w-40 {
				c = [3]byte{20, 20, 20}
			}
			if dx, dy := x-w/2, y-h/2; r > 0 && dx*dx+dy*dy < r*r {
				c = [3]byte{255, 255, 255}
			}
			copy(img.Pix[3*(y*w+x):], c[:])
		}
	}
	return img
}

func TestGlare(t *testing.T) {
	tinted := [3]byte{200, 185, 160}
	white := [3]byte{255, 255, 255}
	if g := glare(card(1200, 760, tinted, 0, false), image.Rectangle{}); g != 0 {
		t.Errorf("tinted card without reflection: glare %.3f", g)
	}
	if g := glare(card(1200, 760, tinted, 80, false), image.Rectangle{}); g < 0.015 {
		t.Errorf("tinted card with an 80 px reflection: glare %.3f, want at least the warning level", g)
	}
	if g := glare(card(1200, 760, white, 0, true), image.Rectangle{}); g > 0.005 {
		t.Errorf("white printed card: glare %.3f, want none (saturation is the paper)", g)
	}
	// A white photo backdrop in a tinted card is the holder's photo, not
	// a reflection: the face found in it marks the area left out.
	backdrop := card(1200, 760, tinted, 80, false)
	portrait := face.Box{X1: 560, Y1: 340, X2: 640, Y2: 420}
	if g := glare(backdrop, photoArea(portrait)); g != 0 {
		t.Errorf("white backdrop around the portrait: glare %.3f", g)
	}
}
