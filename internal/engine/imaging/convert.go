package imaging

import (
	"image"
	"image/color"
)

// FromStd converts any image.Image to packed RGB. The concrete types the
// decoders return (*image.YCbCr from JPEG and lossy WebP, *image.NRGBA and
// *image.RGBA from PNG and lossless WebP, *image.Gray, *image.Paletted and
// the 16-bit variants from PNG) have fast paths; anything else goes through
// the generic, slow At path.
//
// Transparent pixels are composited over white: a transparent background on
// an ID scan or a cut-out portrait is "paper", and black would look like a
// dark frame to the document and face detectors.
func FromStd(img image.Image) *Image {
	if img == nil {
		return &Image{}
	}
	b := img.Bounds()
	if b.Empty() {
		return &Image{}
	}
	dst := New(b.Dx(), b.Dy())
	switch s := img.(type) {
	case *Image:
		copy(dst.Pix, s.Pix)
	case *image.YCbCr:
		fromYCbCr(dst, s)
	case *image.NYCbCrA:
		fromYCbCr(dst, &s.YCbCr)
		applyAlpha(dst, s.A, s.AStride)
	case *image.RGBA:
		fromRGBA(dst, s.Pix, s.Stride, s.PixOffset(b.Min.X, b.Min.Y), true)
	case *image.NRGBA:
		fromRGBA(dst, s.Pix, s.Stride, s.PixOffset(b.Min.X, b.Min.Y), false)
	case *image.Gray:
		fromGray(dst, s)
	case *image.Paletted:
		fromPaletted(dst, s)
	case *image.RGBA64:
		from64(dst, s.Pix, s.Stride, s.PixOffset(b.Min.X, b.Min.Y), true)
	case *image.NRGBA64:
		from64(dst, s.Pix, s.Stride, s.PixOffset(b.Min.X, b.Min.Y), false)
	case *image.Gray16:
		fromGray16(dst, s)
	default:
		fromGeneric(dst, img)
	}
	return dst
}

// fromYCbCr converts with the same integer arithmetic as
// color.YCbCrToRGB, so results are bit-identical to image/jpeg's, but
// without a function call per pixel. Chroma offsets are computed per column
// once instead of per pixel, which works for every subsampling ratio.
func fromYCbCr(dst *Image, s *image.YCbCr) {
	b := s.Rect
	w := dst.W
	cx := make([]int, w)
	for x := range w {
		cx[x] = s.COffset(b.Min.X+x, b.Min.Y) - s.COffset(b.Min.X, b.Min.Y)
	}
	for y := range dst.H {
		yi := s.YOffset(b.Min.X, b.Min.Y+y)
		ci0 := s.COffset(b.Min.X, b.Min.Y+y)
		yrow := s.Y[yi : yi+w : yi+w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x, yv := range yrow {
			ci := ci0 + cx[x]
			yy1 := int32(yv) * 0x10101
			cb1 := int32(s.Cb[ci]) - 128
			cr1 := int32(s.Cr[ci]) - 128
			r := yy1 + 91881*cr1
			g := yy1 - 22554*cb1 - 46802*cr1
			bb := yy1 + 116130*cb1
			d[3*x] = clamp16(r)
			d[3*x+1] = clamp16(g)
			d[3*x+2] = clamp16(bb)
		}
	}
}

// clamp16 turns a 16.16 fixed-point value into a byte, clamping to 0..255
// (the branch-light trick used by image/color).
func clamp16(v int32) uint8 {
	if uint32(v)&0xff000000 == 0 {
		return uint8(v >> 16)
	}
	return uint8(^(v >> 31))
}

// applyAlpha composites dst (straight colours) over white with the given
// alpha plane, for WebP images that carry an ALPH chunk.
func applyAlpha(dst *Image, a []uint8, stride int) {
	for y := range dst.H {
		off := y * stride
		if off < 0 || off+dst.W > len(a) {
			return
		}
		row := a[off : off+dst.W]
		d := dst.Pix[3*dst.W*y:]
		for x, av := range row {
			if av == 0xff {
				continue
			}
			k := 3 * x
			d[k] = overWhite(d[k], av)
			d[k+1] = overWhite(d[k+1], av)
			d[k+2] = overWhite(d[k+2], av)
		}
	}
}

// overWhite composites a straight (non-premultiplied) value over white.
func overWhite(c, a uint8) uint8 {
	return uint8((uint32(c)*uint32(a) + 255*(255-uint32(a)) + 127) / 255)
}

// premulOverWhite composites a premultiplied value over white: c + (1-a).
// The min guards against invalid premultiplied input (c > a) wrapping round.
func premulOverWhite(c, a uint8) uint8 {
	return uint8(min(uint32(c)+255-uint32(a), 255))
}

// fromRGBA handles 8-bit RGBA and NRGBA. Premultiplied colour over white is
// simply c + (255-a); straight colour needs the full blend.
func fromRGBA(dst *Image, pix []uint8, stride, off int, premul bool) {
	w := dst.W
	for y := range dst.H {
		o := off + y*stride
		s := pix[o : o+4*w : o+4*w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x := range w {
			r, g, b, a := s[4*x], s[4*x+1], s[4*x+2], s[4*x+3]
			switch {
			case a == 0xff:
			case premul:
				r, g, b = premulOverWhite(r, a), premulOverWhite(g, a), premulOverWhite(b, a)
			default:
				r, g, b = overWhite(r, a), overWhite(g, a), overWhite(b, a)
			}
			d[3*x], d[3*x+1], d[3*x+2] = r, g, b
		}
	}
}

// from64 handles 16-bit RGBA64 and NRGBA64 (big-endian samples), keeping the
// high byte after compositing over white.
func from64(dst *Image, pix []uint8, stride, off int, premul bool) {
	w := dst.W
	for y := range dst.H {
		o := off + y*stride
		s := pix[o : o+8*w : o+8*w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x := range w {
			p := s[8*x : 8*x+8 : 8*x+8]
			r := uint32(p[0])<<8 | uint32(p[1])
			g := uint32(p[2])<<8 | uint32(p[3])
			b := uint32(p[4])<<8 | uint32(p[5])
			a := uint32(p[6])<<8 | uint32(p[7])
			if a != 0xffff {
				if premul {
					// min guards against invalid premultiplied input (c > a).
					r, g, b = min(r+(0xffff-a), 0xffff), min(g+(0xffff-a), 0xffff), min(b+(0xffff-a), 0xffff)
				} else {
					r = (r*a + 0xffff*(0xffff-a)) / 0xffff
					g = (g*a + 0xffff*(0xffff-a)) / 0xffff
					b = (b*a + 0xffff*(0xffff-a)) / 0xffff
				}
			}
			d[3*x], d[3*x+1], d[3*x+2] = uint8(r>>8), uint8(g>>8), uint8(b>>8)
		}
	}
}

func fromGray(dst *Image, s *image.Gray) {
	w := dst.W
	for y := range dst.H {
		o := s.PixOffset(s.Rect.Min.X, s.Rect.Min.Y+y)
		row := s.Pix[o : o+w : o+w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x, v := range row {
			d[3*x], d[3*x+1], d[3*x+2] = v, v, v
		}
	}
}

func fromGray16(dst *Image, s *image.Gray16) {
	w := dst.W
	for y := range dst.H {
		o := s.PixOffset(s.Rect.Min.X, s.Rect.Min.Y+y)
		row := s.Pix[o : o+2*w : o+2*w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x := range w {
			v := row[2*x]
			d[3*x], d[3*x+1], d[3*x+2] = v, v, v
		}
	}
}

// fromPaletted resolves the palette once (composited over white) so the
// per-pixel work is a table lookup. Indexes beyond the palette, which
// image/png tolerates for some files, map to black.
func fromPaletted(dst *Image, s *image.Paletted) {
	var lut [256][3]uint8
	for i, c := range s.Palette {
		if i >= len(lut) {
			break
		}
		lut[i] = rgbOverWhite(c)
	}
	w := dst.W
	for y := range dst.H {
		o := s.PixOffset(s.Rect.Min.X, s.Rect.Min.Y+y)
		row := s.Pix[o : o+w : o+w]
		d := dst.Pix[3*w*y : 3*w*(y+1) : 3*w*(y+1)]
		for x, v := range row {
			p := lut[v]
			d[3*x], d[3*x+1], d[3*x+2] = p[0], p[1], p[2]
		}
	}
}

// rgbOverWhite converts any colour to 8-bit RGB composited over white.
func rgbOverWhite(c color.Color) [3]uint8 {
	if c == nil {
		return [3]uint8{}
	}
	r, g, b, a := c.RGBA() // premultiplied, 16-bit
	return [3]uint8{uint8((r + 0xffff - a) >> 8), uint8((g + 0xffff - a) >> 8), uint8((b + 0xffff - a) >> 8)}
}

func fromGeneric(dst *Image, img image.Image) {
	b := img.Bounds()
	i := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p := rgbOverWhite(img.At(x, y))
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2] = p[0], p[1], p[2]
			i += 3
		}
	}
}
