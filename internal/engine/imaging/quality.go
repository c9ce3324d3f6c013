package imaging

import "image"

// SharpnessSide is the long side, in pixels, the region is resampled to
// before Sharpness measures it. Fixing the scale makes the value independent
// of how large the face or document is in the photo: a big face is
// downscaled (area averaging, which also removes sensor noise that would
// otherwise read as "sharp"), a small one upscaled (which honestly reads as
// blurry). Thresholds on Sharpness are only meaningful at this scale.
const SharpnessSide = 128

// Sharpness returns the variance of the Laplacian (4-neighbour kernel) of
// the luma of r ∩ m's bounds, resampled so its long side is SharpnessSide
// pixels. Higher is sharper; a flat region gives 0. Typical in-focus faces
// score in the hundreds, motion-blurred or out-of-focus ones in the tens.
func Sharpness(m *Image, r image.Rectangle) float64 {
	return SharpnessAt(m, r, SharpnessSide)
}

// SharpnessAt is Sharpness with the region resampled so its long side is
// side pixels: a document's print needs a finer scale than a face.
func SharpnessAt(m *Image, r image.Rectangle, side int) float64 {
	if !m.valid() {
		return 0
	}
	r = r.Intersect(m.Bounds()) // outside the image is no edge of the subject
	dx, dy := r.Dx(), r.Dy()
	if dx < 3 || dy < 3 {
		return 0
	}
	s := float64(side) / float64(max(dx, dy))
	w := max(3, int(float64(dx)*s+0.5))
	h := max(3, int(float64(dy)*s+0.5))
	g := m.Gray(r, w, h)
	var sum, sum2 float64
	for y := 1; y < h-1; y++ {
		row := g[y*w : (y+1)*w]
		up := g[(y-1)*w : y*w]
		dn := g[(y+1)*w : (y+2)*w]
		for x := 1; x < w-1; x++ {
			l := float64(up[x] + dn[x] + row[x-1] + row[x+1] - 4*row[x])
			sum += l
			sum2 += l * l
		}
	}
	n := float64((w - 2) * (h - 2))
	mean := sum / n
	return max(0, sum2/n-mean*mean)
}

// Brightness returns the mean luma (0.299R+0.587G+0.114B, 0..255) of r ∩ m's
// bounds, 0 for an empty region. Large regions are sampled on a grid of at
// most 256×256 points: plenty for a mean, and constant time on big photos.
func Brightness(m *Image, r image.Rectangle) float64 {
	if !m.valid() {
		return 0
	}
	r = r.Intersect(m.Bounds())
	if r.Empty() {
		return 0
	}
	const grid = 256
	sx := (r.Dx() + grid - 1) / grid
	sy := (r.Dy() + grid - 1) / grid
	var sum float64
	var n int
	for y := r.Min.Y; y < r.Max.Y; y += sy {
		row := m.Pix[3*y*m.W : 3*(y+1)*m.W]
		var rs int
		for x := r.Min.X; x < r.Max.X; x += sx {
			p := row[3*x : 3*x+3 : 3*x+3]
			// Integer luma weights (×1000) keep the inner loop cheap.
			rs += 299*int(p[0]) + 587*int(p[1]) + 114*int(p[2])
			n++
		}
		sum += float64(rs)
	}
	return sum / 1000 / float64(n)
}
