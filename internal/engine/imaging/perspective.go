package imaging

import (
	"errors"
	"math"
)

// PointF is a position in pixels with sub-pixel precision. Integer
// coordinates are pixel centres, the convention of WarpAffine.
type PointF struct{ X, Y float64 }

// ErrDegenerate is returned by Homography for point sets that define no
// homography (three collinear points, repeated points).
var ErrDegenerate = errors.New("imaging: degenerate point correspondence")

// Homography returns the 3×3 matrix H (row-major, H[8] = 1) that maps each
// src[i] to dst[i]: dst ~ H·(src, 1). It solves the 8×8 linear system of the
// four correspondences by Gaussian elimination with partial pivoting. The
// points are first normalised (centred, scaled to unit spread) as Hartley
// recommends, since pixel coordinates in the thousands otherwise make the
// system badly conditioned.
func Homography(src, dst [4]PointF) ([9]float64, error) {
	ns, ts := normalize(src)
	nd, td := normalize(dst)
	// Three collinear points (or a repeated one) on either side admit no
	// invertible homography; floating point would still return a useless
	// near-singular one.
	if hasCollinearTriple(ns) || hasCollinearTriple(nd) {
		return [9]float64{}, ErrDegenerate
	}
	var a [8][9]float64
	for i := range 4 {
		x, y := ns[i].X, ns[i].Y
		u, v := nd[i].X, nd[i].Y
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	var h [8]float64
	if !solve8(&a, &h) {
		return [9]float64{}, ErrDegenerate
	}
	hn := [9]float64{h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1}
	// Undo the normalisations: H = Td⁻¹ · Hn · Ts.
	m := mul3(inv3Similarity(td), mul3(hn, ts))
	if m[8] == 0 || math.IsNaN(m[8]) {
		return [9]float64{}, ErrDegenerate
	}
	for i := range m {
		m[i] /= m[8]
	}
	// Three collinear source or destination points make the system
	// singular in exact arithmetic but only nearly so in floating point;
	// a non-invertible result is the reliable symptom.
	if d := det3(m); math.Abs(d) < 1e-12 || math.IsNaN(d) || math.IsInf(d, 0) {
		return [9]float64{}, ErrDegenerate
	}
	return m, nil
}

// hasCollinearTriple reports whether three of the (normalised, O(1))
// points are collinear within rounding.
func hasCollinearTriple(p [4]PointF) bool {
	for i := range 4 {
		a, b, c := p[i], p[(i+1)%4], p[(i+2)%4]
		if math.Abs((b.X-a.X)*(c.Y-a.Y)-(b.Y-a.Y)*(c.X-a.X)) < 1e-9 {
			return true
		}
	}
	return false
}

// normalize returns the points translated to their centroid and scaled so
// the mean distance from it is √2, with the similarity T that does it.
func normalize(p [4]PointF) ([4]PointF, [9]float64) {
	var cx, cy float64
	for _, q := range p {
		cx += q.X / 4
		cy += q.Y / 4
	}
	var d float64
	for _, q := range p {
		d += math.Hypot(q.X-cx, q.Y-cy) / 4
	}
	s := 1.0
	if d > 0 {
		s = math.Sqrt2 / d
	}
	var out [4]PointF
	for i, q := range p {
		out[i] = PointF{(q.X - cx) * s, (q.Y - cy) * s}
	}
	return out, [9]float64{s, 0, -s * cx, 0, s, -s * cy, 0, 0, 1}
}

// inv3Similarity inverts a scale+translation matrix from normalize.
func inv3Similarity(t [9]float64) [9]float64 {
	s := t[0]
	return [9]float64{1 / s, 0, -t[2] / s, 0, 1 / s, -t[5] / s, 0, 0, 1}
}

func mul3(a, b [9]float64) [9]float64 {
	var c [9]float64
	for r := range 3 {
		for k := range 3 {
			c[3*r+k] = a[3*r]*b[k] + a[3*r+1]*b[3+k] + a[3*r+2]*b[6+k]
		}
	}
	return c
}

func det3(m [9]float64) float64 {
	return m[0]*(m[4]*m[8]-m[5]*m[7]) - m[1]*(m[3]*m[8]-m[5]*m[6]) + m[2]*(m[3]*m[7]-m[4]*m[6])
}

// Invert3 returns the inverse of the 3×3 matrix m scaled so its last element
// is 1, or false when m is singular. It turns a src→dst homography into the
// dst→src one WarpPerspective wants.
func Invert3(m [9]float64) ([9]float64, bool) {
	d := det3(m)
	if d == 0 || math.IsNaN(d) || math.IsInf(d, 0) {
		return [9]float64{}, false
	}
	inv := [9]float64{
		(m[4]*m[8] - m[5]*m[7]) / d, (m[2]*m[7] - m[1]*m[8]) / d, (m[1]*m[5] - m[2]*m[4]) / d,
		(m[5]*m[6] - m[3]*m[8]) / d, (m[0]*m[8] - m[2]*m[6]) / d, (m[2]*m[3] - m[0]*m[5]) / d,
		(m[3]*m[7] - m[4]*m[6]) / d, (m[1]*m[6] - m[0]*m[7]) / d, (m[0]*m[4] - m[1]*m[3]) / d,
	}
	if inv[8] != 0 {
		for i := range inv {
			inv[i] /= inv[8]
		}
	}
	return inv, true
}

// Apply maps p through the homography h.
func Apply(h [9]float64, p PointF) PointF {
	w := h[6]*p.X + h[7]*p.Y + h[8]
	return PointF{(h[0]*p.X + h[1]*p.Y + h[2]) / w, (h[3]*p.X + h[4]*p.Y + h[5]) / w}
}

// solve8 solves the 8×8 system in the augmented matrix a (column 8 is the
// right-hand side) into x. It reports false for a (numerically) singular
// system.
func solve8(a *[8][9]float64, x *[8]float64) bool {
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		// The normalised coordinates are O(1), so an absolute pivot
		// tolerance is meaningful.
		if math.Abs(a[p][c]) < 1e-10 {
			return false
		}
		a[c], a[p] = a[p], a[c]
		for r := c + 1; r < 8; r++ {
			f := a[r][c] / a[c][c]
			if f == 0 {
				continue
			}
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	for r := 7; r >= 0; r-- {
		s := a[r][8]
		for k := r + 1; k < 8; k++ {
			s -= a[r][k] * x[k]
		}
		x[r] = s / a[r][r]
	}
	return true
}

// Border says what a warp reads outside the source image.
type Border int

// Borders: Black like WarpAffine (a document on its background), Replicate
// repeats the nearest edge pixel (cv2.BORDER_REPLICATE: a text-line crop
// touching the image edge must not gain a black band that reads as a stroke).
const (
	Black Border = iota
	Replicate
)

// WarpPerspective returns the w×hgt image whose pixel (x, y) samples src at
// H·(x, y, 1): h maps DESTINATION to SOURCE (cv2.warpPerspective with
// WARP_INVERSE_MAP). Integer coordinates are pixel centres and sampling is
// bilinear; border says what lies outside src.
func WarpPerspective(src *Image, h [9]float64, w, hgt int, border Border) *Image {
	if w <= 0 || hgt <= 0 {
		return &Image{}
	}
	dst := New(w, hgt)
	if !src.valid() {
		return dst
	}
	// A rectified document is up to a few megapixels: split by rows across
	// the CPUs (parallel runs small warps inline; ~8 operations a pixel).
	parallel(hgt, 8*int64(w)*int64(hgt), func(ya, yb int) {
		for y := ya; y < yb; y++ {
			warpRow(src, dst, h, y, border)
		}
	})
	return dst
}

// warpRow fills destination row y of WarpPerspective.
func warpRow(src, dst *Image, h [9]float64, y int, border Border) {
	const (
		bits = 11
		one  = 1 << bits
		half = 1 << (2*bits - 1)
	)
	W, H := src.W, src.H
	fw, fh := float64(W), float64(H)
	s := src.Pix
	fy := float64(y)
	bx, by, bw := h[1]*fy+h[2], h[4]*fy+h[5], h[7]*fy+h[8]
	d := dst.Pix[3*dst.W*y : 3*dst.W*(y+1)]
	for x := range dst.W {
		fx := float64(x)
		wz := h[6]*fx + bw
		sx, sy := (h[0]*fx+bx)/wz, (h[3]*fx+by)/wz
		if border == Replicate {
			// Clamped, the taps past the edge get zero weight.
			sx, sy = math.Min(math.Max(sx, 0), fw-1), math.Min(math.Max(sy, 0), fh-1)
		}
		// Written so NaN (wz = 0) fails too.
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
		for _, t := range [4]struct {
			x, y int
			w    int32
		}{{ix, iy, w00}, {ix + 1, iy, w10}, {ix, iy + 1, w01}, {ix + 1, iy + 1, w11}} {
			if t.w == 0 || t.x < 0 || t.y < 0 || t.x >= W || t.y >= H {
				continue
			}
			o := 3 * (t.y*W + t.x)
			acc[0] += t.w * int32(s[o])
			acc[1] += t.w * int32(s[o+1])
			acc[2] += t.w * int32(s[o+2])
		}
		for c := range 3 {
			q[c] = uint8((acc[c] + half) >> (2 * bits))
		}
	}
}
