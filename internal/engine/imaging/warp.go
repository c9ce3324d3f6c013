package imaging

// WarpAffine returns the w×h image whose pixel (x, y) samples src at
// (m0*x + m1*y + m2, m3*x + m4*y + m5): m maps DESTINATION to SOURCE, like
// cv2.warpAffine with WARP_INVERSE_MAP, with integer coordinates at pixel
// centres. Sampling is bilinear and everything outside src reads as black
// (BORDER_CONSTANT 0), so face alignment code ported from Python gives the
// same crops. It is WarpPerspective with the affine matrix: the projective
// divide by 1 changes no sample.
func WarpAffine(src *Image, m [6]float64, w, h int) *Image {
	return WarpPerspective(src, [9]float64{m[0], m[1], m[2], m[3], m[4], m[5], 0, 0, 1}, w, h, Black)
}
