package ocr

import (
	"math"

	"openkyc/internal/engine/imaging"
)

// maxCropSide and maxCropPixels bound a line crop. No document line comes
// near them (an MRZ line of a 4000-px photo is about 3500×120 px); they
// only stop a hand-made quad from allocating gigabytes.
const (
	maxCropSide   = 8192
	maxCropPixels = 1 << 24
)

// CropLine returns the text in quad q of img as an upright line image,
// PaddleOCR's get_rotate_crop_image: the quad is mapped by a perspective
// transform onto a rectangle as wide as its longer horizontal edge and as
// tall as its longer vertical edge (so a rotated box comes out level), and
// a crop at least 1.5 times taller than wide is turned a quarter counter-
// clockwise, as vertical text read top to bottom becomes a left-to-right
// line. Samples are bilinear; outside the image the nearest edge pixel is
// repeated (cv2.BORDER_REPLICATE), so a box touching the border does not
// get a black band the recogniser would read as a stroke.
//
// A degenerate quad (a side under one pixel) or an empty image gives an
// empty image.
func CropLine(img *imaging.Image, q Quad) *imaging.Image {
	if !validImage(img) {
		return &imaging.Image{}
	}
	fw := math.Max(dist(q[0], q[1]), dist(q[2], q[3]))
	fh := math.Max(dist(q[0], q[3]), dist(q[1], q[2]))
	if !(fw >= 1 && fh >= 1) { // also false for NaN
		return &imaging.Image{}
	}
	fw, fh = math.Min(fw, maxCropSide), math.Min(fh, maxCropSide)
	if a := fw * fh; a > maxCropPixels {
		k := math.Sqrt(maxCropPixels / a)
		fw, fh = math.Max(fw*k, 1), math.Max(fh*k, 1)
	}
	w, h := int(fw), int(fh)
	// Like cv2.getPerspectiveTransform(q, [(0,0),(w,0),(w,h),(0,h)]): the
	// corners map to the outer corners of the output, not to the centres
	// of its last pixels. We need the inverse map, output to source.
	hm, ok := homography([4]Point{{0, 0}, {float64(w), 0}, {float64(w), float64(h)}, {0, float64(h)}}, q)
	if !ok {
		return &imaging.Image{}
	}
	dst := warpPerspective(img, hm, w, h)
	if float64(h)/float64(w) >= 1.5 {
		return imaging.Rotate90(dst, -1)
	}
	return dst
}

// homography returns the 3×3 matrix (row-major, m[8] = 1) of the projective
// map taking each from[i] to to[i], by solving the usual 8×8 linear system.
// ok is false when the points are degenerate (three of them collinear).
func homography(from, to [4]Point) (m [9]float64, ok bool) {
	var a [8][9]float64
	for i := range 4 {
		x, y, u, v := from[i].X, from[i].Y, to[i].X, to[i].Y
		a[2*i] = [9]float64{x, y, 1, 0, 0, 0, -u * x, -u * y, u}
		a[2*i+1] = [9]float64{0, 0, 0, x, y, 1, -v * x, -v * y, v}
	}
	// Gaussian elimination with partial pivoting on the augmented matrix.
	for c := range 8 {
		p := c
		for r := c + 1; r < 8; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return m, false
		}
		a[c], a[p] = a[p], a[c]
		for r := range 8 {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 9; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	for i := range 8 {
		m[i] = a[i][8] / a[i][i]
	}
	m[8] = 1
	for _, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return m, false
		}
	}
	return m, true
}

// warpPerspective returns the w×h image whose pixel (x, y) samples src
// bilinearly at m·(x, y, 1), coordinates at pixel centres, with the border
// replicated.
func warpPerspective(src *imaging.Image, m [9]float64, w, h int) *imaging.Image {
	dst := imaging.New(w, h)
	maxX, maxY := float64(src.W-1), float64(src.H-1)
	stride := 3 * src.W
	for y := range h {
		fy := float64(y)
		d := dst.Pix[3*w*y : 3*w*(y+1)]
		for x := range w {
			fx := float64(x)
			z := m[6]*fx + m[7]*fy + m[8]
			if z == 0 {
				continue
			}
			sx := clampFloat((m[0]*fx+m[1]*fy+m[2])/z, 0, maxX)
			sy := clampFloat((m[3]*fx+m[4]*fy+m[5])/z, 0, maxY)
			if math.IsNaN(sx) || math.IsNaN(sy) {
				continue
			}
			x0, y0 := int(sx), int(sy)
			ax, ay := sx-float64(x0), sy-float64(y0)
			x1, y1 := min(x0+1, src.W-1), min(y0+1, src.H-1)
			o00, o10 := y0*stride+3*x0, y0*stride+3*x1
			o01, o11 := y1*stride+3*x0, y1*stride+3*x1
			q := d[3*x : 3*x+3 : 3*x+3]
			for c := range 3 {
				top := float64(src.Pix[o00+c])*(1-ax) + float64(src.Pix[o10+c])*ax
				bot := float64(src.Pix[o01+c])*(1-ax) + float64(src.Pix[o11+c])*ax
				q[c] = uint8(top*(1-ay) + bot*ay + 0.5)
			}
		}
	}
	return dst
}
