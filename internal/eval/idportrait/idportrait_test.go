package idportrait

import (
	"image"
	"math"
	"testing"

	"openkyc/internal/engine/imaging"
)

// checker is a sharp, saturated test pattern: the print look must soften
// and wash it out.
func checker(w, h, cell int) *imaging.Image {
	m := imaging.New(w, h)
	for y := range h {
		for x := range w {
			i := 3 * (y*w + x)
			if (x/cell+y/cell)%2 == 0 {
				m.Pix[i], m.Pix[i+1], m.Pix[i+2] = 230, 40, 40
			} else {
				m.Pix[i], m.Pix[i+1], m.Pix[i+2] = 20, 20, 120
			}
		}
	}
	return m
}

func saturation(m *imaging.Image) float64 {
	var s float64
	for i := 0; i < len(m.Pix); i += 3 {
		r, g, b := float64(m.Pix[i]), float64(m.Pix[i+1]), float64(m.Pix[i+2])
		s += math.Max(r, math.Max(g, b)) - math.Min(r, math.Min(g, b))
	}
	return s / float64(len(m.Pix)/3)
}

func TestRenderSizeAndLook(t *testing.T) {
	src := checker(1200, 1000, 40)
	face := image.Rect(400, 300, 700, 600) // a 300 px face box
	out := Render(src, face)
	// The frame is 1.5 × 1.9 face widths, scaled so the face is FaceSize.
	if wantW, wantH := FaceSize*3/2, FaceSize*19/10; abs(out.W-wantW) > 1 || abs(out.H-wantH) > 1 {
		t.Errorf("rendered %dx%d, want about %dx%d", out.W, out.H, wantW, wantH)
	}
	plain := imaging.Resize(imaging.Crop(src, image.Rect(325, 165, 775, 735)), out.W, out.H)
	if s, p := saturation(out), saturation(plain); s > 0.85*p {
		t.Errorf("saturation %.1f, plain resize %.1f: print look missing", s, p)
	}
	if s, p := imaging.Sharpness(out, out.Bounds()), imaging.Sharpness(plain, plain.Bounds()); s > 0.8*p {
		t.Errorf("sharpness %.1f, plain resize %.1f: blur missing", s, p)
	}
	if again := Render(src, face); string(again.Pix) != string(out.Pix) {
		t.Error("Render is not deterministic")
	}
}

func TestRenderAlignedKeepsSize(t *testing.T) {
	src := checker(112, 112, 8)
	out := RenderAligned(src)
	if out.W != 112 || out.H != 112 {
		t.Fatalf("RenderAligned gave %dx%d", out.W, out.H)
	}
	if saturation(out) > 0.85*saturation(src) {
		t.Error("print look missing")
	}
}

// TestRenderEdges: a face box smaller than FaceSize is enlarged to it, and
// a box at the image corner renders its part of the image (black outside)
// instead of failing.
func TestRenderEdges(t *testing.T) {
	src := checker(200, 200, 10)
	for _, f := range []image.Rectangle{image.Rect(90, 90, 110, 110), image.Rect(0, 0, 60, 60), image.Rect(170, 170, 200, 200)} {
		out := Render(src, f)
		if wantW := FaceSize * 3 / 2; abs(out.W-wantW) > 1 {
			t.Errorf("face %v: rendered %d wide, want %d", f, out.W, wantW)
		}
		// Both checker colours survive somewhere: red-dominant and blue-dominant pixels.
		var red, blue bool
		for i := 0; i < len(out.Pix); i += 3 {
			r, b := int(out.Pix[i]), int(out.Pix[i+2])
			red = red || r > b+40
			blue = blue || b > r+40
		}
		if !red || !blue {
			t.Errorf("face %v: rendered portrait lost the image (red %v, blue %v)", f, red, blue)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
