package imaging

import (
	"bytes"
	"image/gif"
	"strings"
	"testing"
)

// FuzzDecode checks that Decode never panics and that whatever it accepts
// is a consistent image. Limits are small so the fuzzer spends its time on
// parsing, not on decoding big frames.
func FuzzDecode(f *testing.F) {
	small := markerImage(24, 20)
	jpg := encJPEG(f, small, 60)
	f.Add(jpg)
	f.Add(withExif(jpg, tiffOrientation(6, true)))
	f.Add(withExif(jpg, tiffOrientation(3, false)))
	f.Add(jpg[:len(jpg)/2])
	f.Add(encJPEG(f, toGray(small), 60))
	f.Add(jpegCMYK)
	f.Add(jpegYCCK)
	p := encPNG(f, small)
	f.Add(p)
	f.Add(pngWithExif(p, tiffOrientation(8, false)))
	f.Add(encPNG(f, toPaletted(small)))
	f.Add(p[:len(p)/2])
	f.Add(webpLossy)
	f.Add(webpLossless)
	f.Add(webpAlpha)
	f.Add(pngHeader(30000, 30000))
	f.Add(encPNG(f, solid(1, 1, red)))
	var g bytes.Buffer
	_ = gif.Encode(&g, small, nil)
	f.Add(g.Bytes())
	f.Add([]byte("BM\x00\x00\x00\x00"))
	f.Add([]byte("not an image at all"))
	f.Add([]byte{})
	lim := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 64}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, info, err := Decode(data, lim)
		if err != nil {
			if img != nil {
				t.Fatal("image returned with an error")
			}
			// The recover in Decode is the last line of defence, not the
			// mechanism: a recovered panic is still a bug to fix.
			if strings.Contains(err.Error(), "decoder panic") {
				t.Fatal(err)
			}
			return
		}
		if img.W <= 0 || img.H <= 0 || len(img.Pix) != 3*img.W*img.H {
			t.Fatalf("inconsistent image %dx%d with %d bytes", img.W, img.H, len(img.Pix))
		}
		if max(img.W, img.H) > lim.MaxSide {
			t.Fatalf("%dx%d exceeds MaxSide", img.W, img.H)
		}
		if info.Orientation < 1 || info.Orientation > 8 || !(info.Scale > 0 && info.Scale <= 1) {
			t.Fatalf("bad info %+v", info)
		}
		if int64(info.Width)*int64(info.Height) > lim.MaxPixels {
			t.Fatalf("accepted %dx%d", info.Width, info.Height)
		}
	})
}
