package imaging

import (
	"fmt"
	"image"
	"path/filepath"
	"sync"
	"testing"
)

// benchJPEGs caches the benchmark inputs: encoding 12 MP with image/jpeg
// takes a second, which should not be paid per sub-benchmark.
var benchJPEGs sync.Map // key string -> []byte

// benchJPEG returns a q90 JPEG of w×h: a real photo from the shared data
// resized to that size when available (realistic content and entropy),
// synthetic gradients and noise otherwise.
func benchJPEG(b *testing.B, source string, w, h int) []byte {
	key := fmt.Sprintf("%s-%dx%d", source, w, h)
	if v, ok := benchJPEGs.Load(key); ok {
		return v.([]byte)
	}
	var img image.Image
	if source == "photo" {
		root := sharedData(b)
		src, _, err := DecodeFile(filepath.Join(root, "faces", "deepface", "couple.jpg"), Limits{})
		if err != nil {
			b.Fatal(err)
		}
		img = Resize(src, w, h).ToRGBA()
	} else {
		img = photoLike(w, h, 42)
	}
	data := encJPEG(b, img, 90)
	benchJPEGs.Store(key, data)
	return data
}

// BenchmarkDecodeJPEG compares image/jpeg (+ conversion to RGB, + resize to
// MaxSide) with libjpeg-turbo (DCT scaling) through the full Decode path.
func BenchmarkDecodeJPEG(b *testing.B) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"2.5MP-1920x1280", 1920, 1280}, {"12MP-4000x3000", 4000, 3000}} {
		for _, source := range []string{"photo", "synthetic"} {
			for _, backend := range []string{"stdlib", "turbo"} {
				b.Run(size.name+"/"+source+"/"+backend, func(b *testing.B) {
					if backend == "turbo" && !turboAvailable {
						b.Skip("built without cgo")
					}
					data := benchJPEG(b, source, size.w, size.h)
					if backend == "stdlib" {
						saved := jpegBackend
						jpegBackend = decodeJPEGStd
						b.Cleanup(func() { jpegBackend = saved })
					}
					b.SetBytes(int64(len(data)))
					for b.Loop() {
						img, _, err := Decode(data, DefaultLimits)
						if err != nil {
							b.Fatal(err)
						}
						if long := max(img.W, img.H); long > DefaultLimits.MaxSide || long < min(max(size.w, size.h), DefaultLimits.MaxSide)*95/100 {
							b.Fatalf("%dx%d", img.W, img.H)
						}
					}
				})
			}
		}
	}
}

func BenchmarkResizeToPlanes(b *testing.B) {
	src := FromStd(photoLike(1920, 1280, 1))
	dst := make([]float32, 3*320*240)
	norm := func(v float32, _ int) float32 { return (v - 127.5) / 128 }
	b.Run("1920x1280-to-320x240", func(b *testing.B) {
		for b.Loop() {
			ResizeToPlanes(src, src.Bounds(), 320, 240, dst, BGR, norm)
		}
	})
	b.Run("face-crop-to-112x112", func(b *testing.B) {
		for b.Loop() {
			ResizeToPlanes(src, image.Rect(800, 400, 1100, 700), 112, 112, dst, RGB, norm)
		}
	})
}

func BenchmarkResize(b *testing.B) {
	src := FromStd(photoLike(2500, 1875, 1))
	for _, sz := range [][2]int{{2048, 1536}, {640, 480}} {
		b.Run(fmt.Sprintf("2500x1875-to-%dx%d", sz[0], sz[1]), func(b *testing.B) {
			for b.Loop() {
				Resize(src, sz[0], sz[1])
			}
		})
	}
}

func BenchmarkOrient(b *testing.B) {
	src := FromStd(photoLike(2048, 1536, 1))
	for _, o := range []int{3, 6} {
		b.Run(fmt.Sprint(o), func(b *testing.B) {
			for b.Loop() {
				Orient(src, o)
			}
		})
	}
}

func BenchmarkSharpness(b *testing.B) {
	src := FromStd(photoLike(1920, 1280, 1))
	for b.Loop() {
		Sharpness(src, image.Rect(700, 300, 1100, 800))
	}
}
