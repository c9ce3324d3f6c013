package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"testing"
)

// opaque hides an image's concrete type so FromStd takes the generic path.
type opaque struct{ image.Image }

func TestFromStdFastPathsMatchGeneric(t *testing.T) {
	base := photoLike(37, 23, 11) // odd sizes exercise chroma subsampling edges
	r := base.Bounds()
	ycc := func(ratio image.YCbCrSubsampleRatio) image.Image {
		m := image.NewYCbCr(r, ratio)
		for y := range r.Dy() {
			for x := range r.Dx() {
				c := base.RGBAAt(x, y)
				yy, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
				m.Y[m.YOffset(x, y)] = yy
				m.Cb[m.COffset(x, y)] = cb
				m.Cr[m.COffset(x, y)] = cr
			}
		}
		return m
	}
	conv := func(dst draw.Image) image.Image {
		draw.Draw(dst, r, base, image.Point{}, draw.Src)
		return dst
	}
	tests := map[string]image.Image{
		"RGBA":    base,
		"NRGBA":   conv(image.NewNRGBA(r)),
		"RGBA64":  conv(image.NewRGBA64(r)),
		"NRGBA64": conv(image.NewNRGBA64(r)),
		"Gray":    conv(image.NewGray(r)),
		"Gray16":  conv(image.NewGray16(r)),
		"Paletted": func() image.Image {
			p := image.NewPaletted(r, color.Palette{color.Black, color.White, red, blue, grey, color.RGBA{0, 0, 0, 0}})
			draw.Draw(p, r, base, image.Point{}, draw.Src)
			p.Pix[0] = 5 // a transparent entry: over white
			return p
		}(),
		"YCbCr444": ycc(image.YCbCrSubsampleRatio444),
		"YCbCr422": ycc(image.YCbCrSubsampleRatio422),
		"YCbCr420": ycc(image.YCbCrSubsampleRatio420),
		"YCbCr440": ycc(image.YCbCrSubsampleRatio440),
		"YCbCr411": ycc(image.YCbCrSubsampleRatio411),
		"YCbCr410": ycc(image.YCbCrSubsampleRatio410),
		"Image":    FromStd(base),
	}
	for name, img := range tests {
		fast, slow := FromStd(img), FromStd(opaque{img})
		if fast.W != 37 || fast.H != 23 {
			t.Fatalf("%s: %dx%d", name, fast.W, fast.H)
		}
		if !bytes.Equal(fast.Pix, slow.Pix) {
			t.Errorf("%s: fast path differs from the generic path", name)
		}
		// Sub-images (non-zero origin) too.
		if s, ok := img.(interface {
			SubImage(image.Rectangle) image.Image
		}); ok {
			sub := s.SubImage(image.Rect(3, 5, 30, 20))
			if a, b := FromStd(sub), FromStd(opaque{sub}); !bytes.Equal(a.Pix, b.Pix) || a.W != 27 || a.H != 15 {
				t.Errorf("%s: sub-image fast path differs", name)
			}
		}
	}
}

func TestFromStdAlphaOverWhite(t *testing.T) {
	n := image.NewNRGBA(image.Rect(0, 0, 2, 1))
	n.SetNRGBA(0, 0, color.NRGBA{200, 0, 0, 0}) // fully transparent
	n.SetNRGBA(1, 0, color.NRGBA{0, 0, 0, 128}) // half black
	got := FromStd(n).Pix
	want := []uint8{255, 255, 255, 127, 127, 127}
	if !bytes.Equal(got, want) {
		t.Errorf("NRGBA over white: %v, want %v", got, want)
	}
	r := image.NewRGBA(image.Rect(0, 0, 1, 1))
	r.SetRGBA(0, 0, color.RGBA{0, 0, 0, 128}) // premultiplied half black
	if got := FromStd(r).Pix; !bytes.Equal(got, []uint8{127, 127, 127}) {
		t.Errorf("RGBA over white: %v", got)
	}
	if m := FromStd(nil); m.W != 0 {
		t.Error("nil")
	}
	if m := FromStd(image.NewRGBA(image.Rectangle{})); m.W != 0 || m.Pix != nil {
		t.Error("empty")
	}
}

func TestToRGBA(t *testing.T) {
	src := FromStd(markerImage(20, 10))
	rgba := src.ToRGBA()
	if !rgba.Opaque() || rgba.Bounds() != src.Bounds() {
		t.Fatal("not opaque or wrong bounds")
	}
	if back := FromStd(rgba); !bytes.Equal(back.Pix, src.Pix) {
		t.Error("round trip through RGBA changed pixels")
	}
	if c := src.At(10, 8).(color.RGBA); c != grey {
		t.Errorf("At = %v", c)
	}
	if c := src.At(-1, 0).(color.RGBA); c != (color.RGBA{}) {
		t.Errorf("At outside = %v", c)
	}
}
