package imaging

import "math"

// GaussianBlur returns src blurred with a Gaussian of standard deviation
// sigma pixels (kernel radius 3σ, edges clamped so borders do not darken).
// It is separable and shares the fixed-point row machinery of Resize.
// sigma <= 0 returns a copy.
func GaussianBlur(src *Image, sigma float64) *Image {
	if !src.valid() {
		return &Image{}
	}
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return src.Clone()
	}
	// A radius beyond the image adds nothing but work: everything past the
	// edge is the clamped edge pixel.
	radius := min(int(math.Ceil(3*sigma)), max(src.W, src.H))
	k := make([]float64, 2*radius+1)
	var sum float64
	for i := range k {
		d := float64(i - radius)
		k[i] = math.Exp(-d * d / (2 * sigma * sigma))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tx := blurTaps(src.W, k)
	ty := blurTaps(src.H, k)
	dst := New(src.W, src.H)
	runTaps(src, &tx, &ty, src.W, src.H, sink{dst: dst})
	return dst
}

// blurTaps builds a kernel table for a same-size convolution with kernel k
// (odd length). Taps that fall off the edge are folded onto the edge pixel,
// which is edge clamping expressed as contiguous taps.
func blurTaps(n int, k []float64) axisTaps {
	r := len(k) / 2
	t := axisTaps{n: min(len(k), n), lo: 0, hi: n}
	t.start = make([]int32, n)
	t.count = make([]int32, n)
	t.w = make([]int32, n*t.n)
	acc := make([]float64, t.n)
	for d := range n {
		first, last := max(d-r, 0), min(d+r, n-1)
		clear(acc)
		for i, kv := range k {
			x := min(max(d-r+i, first), last)
			acc[x-first] += kv
		}
		ws := t.w[d*t.n : (d+1)*t.n]
		var qsum int32
		big := 0
		for i := range last - first + 1 {
			ws[i] = int32(math.Round(acc[i] * wOne))
			qsum += ws[i]
			if ws[i] > ws[big] {
				big = i
			}
		}
		ws[big] += wOne - qsum // weights sum to exactly one: flat stays flat
		t.start[d], t.count[d] = int32(first), int32(last-first+1)
	}
	return t
}

// AdjustContrast returns src with its saturation, contrast and brightness
// changed, in that order, to simulate degraded captures (a printed photo
// held up to a camera is flatter, paler and often brighter than the real
// face). saturation scales each pixel's distance from its own luma (1 =
// unchanged, 0 = grey); contrast scales the distance from mid-grey 128 (1 =
// unchanged); brightness is added afterwards in levels (0 = unchanged).
// Results are clamped to 0..255.
func AdjustContrast(src *Image, contrast, brightness, saturation float64) *Image {
	if !src.valid() {
		return &Image{}
	}
	dst := New(src.W, src.H)
	// Contrast and brightness are a per-value affine map, so fold them into
	// one offset: v' = v*contrast + off.
	c := float32(contrast)
	off := float32(128 - 128*contrast + brightness)
	sat := float32(saturation)
	s, d := src.Pix[:3*src.W*src.H], dst.Pix
	for i := 0; i+2 < len(s); i += 3 {
		r, g, b := float32(s[i]), float32(s[i+1]), float32(s[i+2])
		if sat != 1 {
			l := 0.299*r + 0.587*g + 0.114*b
			r, g, b = l+(r-l)*sat, l+(g-l)*sat, l+(b-l)*sat
		}
		d[i] = clampByte(r*c + off)
		d[i+1] = clampByte(g*c + off)
		d[i+2] = clampByte(b*c + off)
	}
	return dst
}

// clampByte rounds v to the nearest level in 0..255 (NaN gives 0).
func clampByte(v float32) uint8 {
	if !(v > 0) {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v + 0.5)
}
