package face

import (
	"image"
	"math"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
)

// planes fills dst with region r of img resized to w×h as NCHW planes. When
// the region shrinks by more than 2× it is first reduced with an area
// filter, because bilinear sampling alone aliases: small faces and print
// texture are exactly what it would lose.
func planes(img *imaging.Image, r image.Rectangle, w, h int, dst []float32, order imaging.ChannelOrder, fn func(float32, int) float32) {
	if r.Dx() > 2*w && r.Dy() > 2*h {
		if in := r.Intersect(img.Bounds()); in == r {
			small := imaging.Resize(imaging.Crop(img, r), w, h)
			imaging.ResizeToPlanes(small, small.Bounds(), w, h, dst, order, fn)
			return
		}
	}
	imaging.ResizeToPlanes(img, r, w, h, dst, order, fn)
}

// gray returns region r of img as a w×h gray plane scaled by 1/div.
func gray(img *imaging.Image, r image.Rectangle, w, h int, div float32) []float32 {
	var g []float32
	if r.Dx() > 2*w && r.Dy() > 2*h && r.Intersect(img.Bounds()) == r {
		small := imaging.Resize(imaging.Crop(img, r), w, h)
		g = small.Gray(small.Bounds(), w, h)
	} else {
		g = img.Gray(r, w, h)
	}
	for i := range g {
		g[i] /= div
	}
	return g
}

func tensor(data []float32, shape ...int64) ort.Tensor {
	return ort.Tensor{Shape: shape, Data: data}
}

// imagenet normalises a 0..255 value of RGB channel c the torchvision way.
func imagenet(v float32, c int) float32 {
	mean := [3]float32{0.485, 0.456, 0.406}
	std := [3]float32{0.229, 0.224, 0.225}
	return (v/255 - mean[c]) / std[c]
}

func softmax(x []float32) []float64 {
	m := math.Inf(-1)
	for _, v := range x {
		m = math.Max(m, float64(v))
	}
	out := make([]float64, len(x))
	var sum float64
	for i, v := range x {
		out[i] = math.Exp(float64(v) - m)
		sum += out[i]
	}
	for i := range out {
		out[i] /= sum
	}
	return out
}
