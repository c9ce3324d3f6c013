package imaging

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func TestDecodeFormats(t *testing.T) {
	src := markerImage(64, 48)
	tests := []struct {
		name   string
		data   []byte
		format string
		w, h   int
		tol    float64 // on the red square's mean colour
	}{
		{"jpeg", encJPEG(t, src, 95), "jpeg", 64, 48, 12},
		{"png", encPNG(t, src), "png", 64, 48, 0},
		{"png-paletted", encPNG(t, toPaletted(src)), "png", 64, 48, 0},
		{"jpeg-gray", encJPEG(t, toGray(src), 95), "jpeg", 64, 48, 200}, // colour is gone; size matters
		{"jpeg-cmyk", jpegCMYK, "jpeg", 32, 24, 3},
		{"jpeg-ycck", jpegYCCK, "jpeg", 32, 24, 3},
		{"webp-lossy", webpLossy, "webp", 32, 24, 25},
		{"webp-lossless", webpLossless, "webp", 32, 24, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, info, err := Decode(tc.data, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if info.Format != tc.format || info.Width != tc.w || info.Height != tc.h || info.Orientation != 1 || info.Scale != 1 {
				t.Fatalf("info = %+v", info)
			}
			if img.W != tc.w || img.H != tc.h || len(img.Pix) != 3*tc.w*tc.h {
				t.Fatalf("image %dx%d, %d bytes", img.W, img.H, len(img.Pix))
			}
			// The red square of markerImage covers [w/8, 3w/8)×[h/8, 3h/8);
			// the WebP fixtures have theirs over the whole top-left quadrant.
			in := image.Rect(tc.w/8+2, tc.h/8+2, 3*tc.w/8-2, 3*tc.h/8-2)
			got := meanRGB(img, in)
			if !closeRGB(got, [3]float64{220, 30, 30}, tc.tol) {
				t.Errorf("red square mean = %v", got)
			}
			bg := meanRGB(img, image.Rect(tc.w/2-2, 3*tc.h/4-2, tc.w/2+2, 3*tc.h/4+2))
			if !closeRGB(bg, [3]float64{128, 128, 128}, 6) {
				t.Errorf("background mean = %v", bg)
			}
		})
	}
}

func toGray(m image.Image) *image.Gray {
	b := m.Bounds()
	g := image.NewGray(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			g.Set(x, y, m.At(x, y))
		}
	}
	return g
}

func toPaletted(m image.Image) *image.Paletted {
	b := m.Bounds()
	p := image.NewPaletted(b, color.Palette{grey, red, blue})
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p.Set(x, y, m.At(x, y))
		}
	}
	return p
}

func TestDecodeWebPAlphaOverWhite(t *testing.T) {
	img, info, err := Decode(webpAlpha, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != "webp" || img.W != 32 || img.H != 24 {
		t.Fatalf("info %+v, %dx%d", info, img.W, img.H)
	}
	// The transparent right half composites over white.
	if got := meanRGB(img, image.Rect(20, 4, 30, 20)); !closeRGB(got, [3]float64{255, 255, 255}, 2) {
		t.Errorf("transparent half = %v, want white", got)
	}
	if got := meanRGB(img, image.Rect(2, 2, 14, 10)); !closeRGB(got, [3]float64{220, 30, 30}, 25) {
		t.Errorf("opaque red = %v", got)
	}
}

func TestDecodeErrors(t *testing.T) {
	good := encJPEG(t, markerImage(64, 48), 90)
	goodPNG := encPNG(t, markerImage(64, 48))
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, markerImage(32, 32), nil); err != nil {
		t.Fatal(err)
	}
	bmp := append([]byte("BM"), make([]byte, 60)...)
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*131 + i/7)
	}
	// Entropy data cut in half but an EOI glued back on: structurally
	// complete, so only libjpeg's "premature end of data segment" warning
	// (or image/jpeg's error) can catch it.
	spliced := append(append([]byte{}, good[:len(good)*2/3]...), 0xff, 0xd9)

	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"nil", nil, DefaultLimits, ErrEmpty},
		{"empty", []byte{}, DefaultLimits, ErrEmpty},
		{"truncated jpeg", good[:len(good)/2], DefaultLimits, ErrCorrupt},
		{"truncated jpeg no EOI by 2 bytes", good[:len(good)-2], DefaultLimits, ErrCorrupt},
		{"jpeg spliced", spliced, DefaultLimits, ErrCorrupt},
		{"jpeg magic only", []byte{0xff, 0xd8, 0xff}, DefaultLimits, ErrCorrupt},
		{"jpeg magic then garbage", append([]byte{0xff, 0xd8, 0xff, 0xe0}, random...), DefaultLimits, ErrCorrupt},
		{"truncated png", goodPNG[:len(goodPNG)/2], DefaultLimits, ErrCorrupt},
		{"png signature only", goodPNG[:8], DefaultLimits, ErrCorrupt},
		{"random bytes", random, DefaultLimits, ErrUnsupported},
		{"text", []byte("name,surname\nJohn,Doe\n"), DefaultLimits, ErrUnsupported},
		{"gif", gifBuf.Bytes(), DefaultLimits, ErrUnsupported},
		{"bmp", bmp, DefaultLimits, ErrUnsupported},
		{"tiff", append([]byte("II*\x00"), make([]byte, 64)...), DefaultLimits, ErrUnsupported},
		{"riff not webp", append([]byte("RIFF\x10\x00\x00\x00WAVE"), make([]byte, 16)...), DefaultLimits, ErrUnsupported},
		{"animated webp", append([]byte("RIFF\x16\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00"), 0x1f, 0, 0, 0x1f, 0, 0), DefaultLimits, ErrUnsupported},
		{"webp header only", webpLossy[:20], DefaultLimits, ErrCorrupt},
		{"truncated webp", webpLossy[:len(webpLossy)-30], DefaultLimits, ErrCorrupt},
		{"png 30000x30000", pngHeader(30000, 30000), DefaultLimits, ErrTooManyPixels},
		{"png 1x1", encPNG(t, solid(1, 1, red)), DefaultLimits, ErrTooSmall},
		{"png 15x100", encPNG(t, solid(15, 100, red)), DefaultLimits, ErrTooSmall},
		{"jpeg 1x1", encJPEG(t, solid(1, 1, red), 90), DefaultLimits, ErrTooSmall},
		{"jpeg header 30000x30000", patchJPEGSize(t, good, 30000, 30000), DefaultLimits, ErrTooManyPixels},
		{"jpeg header 60000x60000 no pixel limit", patchJPEGSize(t, good, 60000, 60000), Limits{}, ErrTooManyPixels},
		{"lossless jpeg (SOF3)", bytes.Replace(good, []byte{0xff, 0xc0}, []byte{0xff, 0xc3}, 1), DefaultLimits, ErrUnsupported},
		{"over MaxBytes", good, Limits{MaxBytes: int64(len(good)) - 1}, ErrTooLarge},
		{"over MaxPixels", good, Limits{MaxPixels: 64*48 - 1}, ErrTooManyPixels},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, info, err := Decode(tc.data, tc.lim)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if img != nil || info != (Info{}) {
				t.Errorf("got image/info with an error: %v %+v", img != nil, info)
			}
			if !strings.HasPrefix(err.Error(), "imaging: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestDecodeErrorDetail(t *testing.T) {
	_, _, err := Decode(pngHeader(30000, 30000), DefaultLimits)
	if want := "imaging: image has too many pixels: 30000x30000 > 50000000"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	var gifBuf bytes.Buffer
	_ = gif.Encode(&gifBuf, solid(20, 20, red), nil)
	if _, _, err := Decode(gifBuf.Bytes(), DefaultLimits); err == nil || !strings.Contains(err.Error(), "GIF") {
		t.Errorf("GIF error should name the format: %v", err)
	}
}

// A header claiming a huge image must be refused from the header alone: in
// microseconds and without allocating pixel memory.
func TestHugeHeaderRefusedCheaply(t *testing.T) {
	for _, data := range [][]byte{
		pngHeader(30000, 30000),
		patchJPEGSize(t, encJPEG(t, solid(32, 32, red), 80), 30000, 30000),
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		const n = 100
		for range n {
			if _, _, err := Decode(data, DefaultLimits); !errors.Is(err, ErrTooManyPixels) {
				t.Fatal(err)
			}
		}
		per := time.Since(start) / n
		runtime.ReadMemStats(&after)
		perBytes := (after.TotalAlloc - before.TotalAlloc) / n
		t.Logf("%s: %v and %d bytes per refusal", sniff(data), per, perBytes)
		if perBytes > 64<<10 {
			t.Errorf("%s: refusal allocated %d bytes", sniff(data), perBytes)
		}
		if per > 5*time.Millisecond { // generous for -race and slow CI
			t.Errorf("%s: refusal took %v", sniff(data), per)
		}
	}
}

// Warnings libjpeg considers harmless must not make a good photo fail.
func TestDecodeJPEGBenignWarning(t *testing.T) {
	good := encJPEG(t, markerImage(64, 48), 90)
	// Junk bytes between the entropy-coded data and EOI: "Corrupt JPEG data:
	// 3 extraneous bytes before marker 0xd9", which cameras do produce.
	junk := append(append(append([]byte{}, good[:len(good)-2]...), 1, 2, 3), 0xff, 0xd9)
	img, _, err := Decode(junk, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if img.W != 64 || img.H != 48 {
		t.Fatalf("%dx%d", img.W, img.H)
	}
	// Trailing data after EOI (e.g. appended by some phones) is ignored.
	if _, _, err := Decode(append(append([]byte{}, good...), "trailer"...), DefaultLimits); err != nil {
		t.Fatal(err)
	}
}

// dctWant is the expected result of one DCT-scaling case.
type dctWant struct {
	w, h  int
	scale float64
}

func TestDecodeDCTScaling(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a 12 MP JPEG")
	}
	const W, H = 4000, 3000
	src := gradient(W, H)
	// A white square at a known place to check that Scale maps back.
	sq := image.Rect(1000, 600, 1400, 1000)
	fillRect(src, sq, color.RGBA{255, 255, 255, 255})
	data := encJPEG(t, src, 90)
	srcMean := meanStd(src)
	// With libjpeg-turbo the DCT does the bulk of the shrinking and may stop
	// up to 5% short of MaxSide (dctSlack); image/jpeg always lands exactly
	// on MaxSide.
	tests := []struct {
		maxSide    int
		turbo, std dctWant
	}{
		{2048, dctWant{2000, 1500, 0.5}, dctWant{2048, 1536, 0.512}},            // DCT 1/2, 2% short
		{1000, dctWant{1000, 750, 0.25}, dctWant{1000, 750, 0.25}},              // exactly DCT 1/4
		{700, dctWant{700, 525, 0.175}, dctWant{700, 525, 0.175}},               // DCT 1/4, then resize
		{1900, dctWant{1900, 1425, 0.475}, dctWant{1900, 1425, 0.475}},          // DCT 1/2, then resize
		{2600, dctWant{2500, 1875, 0.625}, dctWant{2600, 1950, 0.65}},           // DCT 5/8, 4% short
		{0, dctWant{4000, 3000, 1}, dctWant{4000, 3000, 1}},                     // full size
		{5000, dctWant{4000, 3000, 1}, dctWant{4000, 3000, 1}},                  // never upscaled
		{333, dctWant{333, 250, 333.0 / 4000}, dctWant{333, 250, 333.0 / 4000}}, // DCT 1/8, then resize
	}
	saved := jpegBackend
	defer func() { jpegBackend = saved }()
	for _, backend := range []string{"turbo", "stdlib"} {
		t.Run(backend, func(t *testing.T) {
			if backend == "turbo" && !turboAvailable {
				t.Skip("built without cgo")
			}
			jpegBackend = saved
			if backend == "stdlib" {
				jpegBackend = decodeJPEGStd
			}
			for _, tc := range tests {
				want := tc.turbo
				if backend == "stdlib" {
					want = tc.std
				}
				img, info, err := Decode(data, Limits{MaxSide: tc.maxSide})
				if err != nil {
					t.Fatal(err)
				}
				if img.W != want.w || img.H != want.h || math.Abs(info.Scale-want.scale) > 1e-12 {
					t.Fatalf("MaxSide %d: %dx%d scale %v, want %dx%d scale %v", tc.maxSide, img.W, img.H, info.Scale, want.w, want.h, want.scale)
				}
				if info.Width != W || info.Height != H {
					t.Errorf("info size %dx%d", info.Width, info.Height)
				}
				if got := meanRGB(img, img.Bounds()); !closeRGB(got, srcMean, 1.5) {
					t.Errorf("MaxSide %d: mean %v, source %v", tc.maxSide, got, srcMean)
				}
				// The square, mapped with Scale, is white inside (2 px margin)
				// and not beyond its right edge.
				s := info.Scale
				in := image.Rect(int(float64(sq.Min.X)*s)+2, int(float64(sq.Min.Y)*s)+2, int(float64(sq.Max.X)*s)-2, int(float64(sq.Max.Y)*s)-2)
				if got := meanRGB(img, in); !closeRGB(got, [3]float64{255, 255, 255}, 3) {
					t.Errorf("MaxSide %d: square at %v = %v", tc.maxSide, in, got)
				}
				out := image.Rect(in.Max.X+4, in.Min.Y, in.Max.X+8, in.Max.Y)
				if got := meanRGB(img, out); got[2] > 120 {
					t.Errorf("MaxSide %d: right of the square at %v = %v, still white", tc.maxSide, out, got)
				}
			}
		})
	}
}

// libjpeg-turbo and image/jpeg must agree: same size, nearly the same
// pixels. They differ by design in chroma upsampling (libjpeg-turbo
// interpolates 4:2:0 chroma, image/jpeg replicates it), which on this noisy
// colourful image is worth a level or two on average.
func TestJPEGBackendsAgree(t *testing.T) {
	if !turboAvailable {
		t.Skip("built without libjpeg-turbo: both backends are image/jpeg")
	}
	inputs := map[string][]byte{
		"q50":  encJPEG(t, photoLike(320, 240, 7), 50),
		"q90":  encJPEG(t, photoLike(320, 240, 7), 90),
		"gray": encJPEG(t, toGray(photoLike(320, 240, 7)), 90),
		"cmyk": jpegCMYK,
		"ycck": jpegYCCK,
	}
	for name, data := range inputs {
		a, _, err := Decode(data, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, _, _, _, err := decodeJPEGStd(data, 0, func(int, int) error { return nil })
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := meanAbsDiff(a, b); d > 2.5 {
			t.Errorf("%s: turbo vs image/jpeg mean abs diff %.2f", name, d)
		}
	}
}

func TestDecodeReaderAndFile(t *testing.T) {
	data := encPNG(t, markerImage(40, 30))
	img, info, err := DecodeReader(iotest.OneByteReader(bytes.NewReader(data)), DefaultLimits)
	if err != nil || img.W != 40 || info.Format != "png" {
		t.Fatalf("DecodeReader: %v %+v", err, info)
	}
	if _, _, err := DecodeReader(bytes.NewReader(data), Limits{MaxBytes: 100}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DecodeReader over limit: %v", err)
	}
	if _, _, err := DecodeReader(iotest.ErrReader(errors.New("boom")), DefaultLimits); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("DecodeReader read error: %v", err)
	}
	if _, _, err := DecodeReader(nil, DefaultLimits); !errors.Is(err, ErrEmpty) {
		t.Errorf("nil reader: %v", err)
	}

	dir := t.TempDir()
	// The name lies: content decides.
	path := filepath.Join(dir, "photo.gif")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	img, info, err = DecodeFile(path, DefaultLimits)
	if err != nil || img.W != 40 || img.H != 30 || info.Format != "png" {
		t.Fatalf("DecodeFile: %v %+v", err, info)
	}
	if _, _, err := DecodeFile(path, Limits{MaxBytes: 10}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("DecodeFile over limit: %v", err)
	}
	if _, _, err := DecodeFile(filepath.Join(dir, "missing.jpg"), DefaultLimits); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	if _, _, err := DecodeFile(dir, DefaultLimits); err == nil {
		t.Error("directory decoded")
	}
	empty := filepath.Join(dir, "empty.jpg")
	_ = os.WriteFile(empty, nil, 0o600)
	if _, _, err := DecodeFile(empty, DefaultLimits); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty file: %v", err)
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	src := FromStd(markerImage(48, 32))
	var buf bytes.Buffer
	if err := EncodePNG(&buf, src); err != nil {
		t.Fatal(err)
	}
	got, _, err := Decode(buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Pix, src.Pix) {
		t.Error("PNG round trip changed pixels")
	}
	buf.Reset()
	if err := EncodeJPEG(&buf, src, 95); err != nil {
		t.Fatal(err)
	}
	got, _, err = Decode(buf.Bytes(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if d := meanAbsDiff(got, src); d > 4 {
		t.Errorf("JPEG round trip mean abs diff %.2f", d)
	}
	if err := EncodeJPEG(&buf, &Image{}, 90); err == nil {
		t.Error("encoded an empty image")
	}
	if err := EncodePNG(&buf, nil); err == nil {
		t.Error("encoded a nil image")
	}
}

func TestCheckSize(t *testing.T) {
	huge := func(format string, w, h int) []byte {
		var b bytes.Buffer
		img := image.NewGray(image.Rect(0, 0, w, h))
		if format == "png" {
			png.Encode(&b, img)
		} else {
			jpeg.Encode(&b, img, nil)
		}
		return b.Bytes()
	}
	lim := DefaultLimits
	for name, c := range map[string]struct {
		data []byte
		want error
	}{
		"ordinary JPEG":     {huge("jpeg", 640, 480), nil},
		"20000×20000 PNG":   {huge("png", 20000, 20000), ErrTooManyPixels},
		"8 px wide PNG":     {huge("png", 8, 400), ErrTooSmall},
		"text":              {[]byte("hello, this is not a photo"), ErrUnsupported},
		"unreadable header": {[]byte("\xff\xd8\xff garbage"), nil},
	} {
		if err := CheckSize(c.data, lim); !errors.Is(err, c.want) && !(c.want == nil && err == nil) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
}
