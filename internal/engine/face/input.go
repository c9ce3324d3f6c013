package face

import (
	"image"
	"math"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
)

// gray returns region r of img as a w×h gray plane scaled by 1/div.
func gray(img *imaging.Image, r image.Rectangle, w, h int, div float32) []float32 {
	g := img.Gray(r, w, h)
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
