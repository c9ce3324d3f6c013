package imaging

import "math"

// WarpAffine returns the w×h image whose pixel (x, y) samples src at
// (m0*x + m1*y + m2, m3*x + m4*y + m5): m maps DESTINATION to SOURCE, like
// cv2.warpAffine with WARP_INVERSE_MAP, with integer coordinates at pixel
// centres. Sampling is bilinear and everything outside src reads as black
// (BORDER_CONSTANT 0), so face alignment code ported from Python gives the
// same crops.
func WarpAffine(src *Image, m [6]float64, w, h int) *Image {
	if w <= 0 || h <= 0 {
		return &Image{}
	}
	dst := New(w, h)
	if !src.valid() {
		return dst
	}
	const (
		bits = 11 // position precision 1/2048 px (OpenCV uses 1/32)
		one  = 1 << bits
		half = 1 << (2*bits - 1)
	)
	W, H := src.W, src.H
	fw, fh := float64(W), float64(H)
	s := src.Pix
	for y := range h {
		fy := float64(y)
		bx, by := m[1]*fy+m[2], m[4]*fy+m[5]
		d := dst.Pix[3*w*y : 3*w*(y+1)]
		for x := range w {
			fx := float64(x)
			sx, sy := m[0]*fx+bx, m[3]*fx+by
			// Written so NaN fails too: no tap can be inside.
			if !(sx > -1 && sx < fw && sy > -1 && sy < fh) {
				continue
			}
			x0, y0 := math.Floor(sx), math.Floor(sy)
			ax := int32((sx-x0)*one + 0.5)
			ay := int32((sy-y0)*one + 0.5)
			ix, iy := int(x0), int(y0)
			w00 := (one - ax) * (one - ay)
			w10 := ax * (one - ay)
			w01 := (one - ax) * ay
			w11 := ax * ay
			q := d[3*x : 3*x+3 : 3*x+3]
			if ix >= 0 && iy >= 0 && ix+1 < W && iy+1 < H {
				o := 3 * (iy*W + ix)
				p0 := s[o : o+6 : o+6]
				p1 := s[o+3*W : o+3*W+6 : o+3*W+6]
				for c := range 3 {
					v := w00*int32(p0[c]) + w10*int32(p0[3+c]) + w01*int32(p1[c]) + w11*int32(p1[3+c])
					q[c] = uint8((v + half) >> (2 * bits))
				}
				continue
			}
			// Border: taps outside the image contribute black.
			var acc [3]int32
			tap := func(tx, ty int, wt int32) {
				if wt == 0 || tx < 0 || ty < 0 || tx >= W || ty >= H {
					return
				}
				o := 3 * (ty*W + tx)
				acc[0] += wt * int32(s[o])
				acc[1] += wt * int32(s[o+1])
				acc[2] += wt * int32(s[o+2])
			}
			tap(ix, iy, w00)
			tap(ix+1, iy, w10)
			tap(ix, iy+1, w01)
			tap(ix+1, iy+1, w11)
			for c := range 3 {
				q[c] = uint8((acc[c] + half) >> (2 * bits))
			}
		}
	}
	return dst
}
