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
	var quad [4]imaging.PointF
	for i, p := range q {
		quad[i] = imaging.PointF(p)
	}
	hm, err := imaging.Homography([4]imaging.PointF{{X: 0, Y: 0}, {X: float64(w), Y: 0}, {X: float64(w), Y: float64(h)}, {X: 0, Y: float64(h)}}, quad)
	if err != nil {
		return &imaging.Image{}
	}
	dst := imaging.WarpPerspective(img, hm, w, h, imaging.Replicate)
	if float64(h)/float64(w) >= 1.5 {
		return imaging.Rotate90(dst, -1)
	}
	return dst
}
