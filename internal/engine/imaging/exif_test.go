package imaging

import (
	"encoding/binary"
	"image"
	"testing"
)

// quadrant names the quadrant of a w×h image: "TL", "TR", "BL", "BR".
func quadrantRect(q string, w, h int) image.Rectangle {
	x0, y0 := 0, 0
	if q[1] == 'R' {
		x0 = w / 2
	}
	if q[0] == 'B' {
		y0 = h / 2
	}
	// The markers cover [1/8, 3/8) of each quadrant's extent; sample their
	// middle, away from JPEG ringing at their edges.
	return image.Rect(x0+w/8+w/16, y0+h/8+h/16, x0+3*w/8-w/16, y0+3*h/8-h/16)
}

func isRed(c [3]float64) bool  { return c[0] > 170 && c[1] < 90 && c[2] < 90 }
func isBlue(c [3]float64) bool { return c[2] > 170 && c[0] < 90 && c[1] < 90 }

// The red marker sits in the stored image's top-left quadrant and the blue
// one in its top-right; the table says where EXIF says they must be shown.
var orientationCases = []struct {
	orient    int
	red, blue string
}{
	{1, "TL", "TR"},
	{2, "TR", "TL"}, // mirrored
	{3, "BR", "BL"}, // 180°
	{4, "BL", "BR"}, // flipped vertically
	{5, "TL", "BL"}, // transposed
	{6, "TR", "BR"}, // rotate 90° clockwise to display
	{7, "BR", "TR"}, // transversed
	{8, "BL", "TL"}, // rotate 90° counter-clockwise to display
}

func TestDecodeEXIFOrientation(t *testing.T) {
	const W, H = 64, 48
	src := markerImage(W, H)
	base := map[string][]byte{"jpeg": encJPEG(t, src, 95), "png": encPNG(t, src)}
	for _, tc := range orientationCases {
		for _, bigEndian := range []bool{false, true} {
			tiff := tiffOrientation(tc.orient, bigEndian)
			files := map[string][]byte{
				"jpeg": withExif(base["jpeg"], tiff),
				"png":  pngWithExif(base["png"], tiff),
				"webp": webpWithExif(t, webpLossless, tiff),
			}
			for format, data := range files {
				if format == "webp" && bigEndian {
					continue // one byte order is enough for the container test
				}
				img, info, err := Decode(data, DefaultLimits)
				if err != nil {
					t.Fatalf("orientation %d %s: %v", tc.orient, format, err)
				}
				w, h := W, H
				if format == "webp" {
					w, h = 32, 24
				}
				if info.Orientation != tc.orient || info.Width != w || info.Height != h {
					t.Errorf("orientation %d %s: info %+v", tc.orient, format, info)
				}
				if tc.orient >= 5 {
					w, h = h, w
				}
				if img.W != w || img.H != h {
					t.Fatalf("orientation %d %s: %dx%d, want %dx%d", tc.orient, format, img.W, img.H, w, h)
				}
				if format == "webp" {
					// The fixture has only a red quadrant at the stored top-left.
					if c := meanRGB(img, quadrantRect(tc.red, w, h)); !isRed(c) {
						t.Errorf("orientation %d webp: red quadrant %s = %v", tc.orient, tc.red, c)
					}
					continue
				}
				if c := meanRGB(img, quadrantRect(tc.red, w, h)); !isRed(c) {
					t.Errorf("orientation %d %s be=%v: %s = %v, want red", tc.orient, format, bigEndian, tc.red, c)
				}
				if c := meanRGB(img, quadrantRect(tc.blue, w, h)); !isBlue(c) {
					t.Errorf("orientation %d %s be=%v: %s = %v, want blue", tc.orient, format, bigEndian, tc.blue, c)
				}
			}
		}
	}
}

// pngWithExif inserts an eXIf chunk after IHDR.
func pngWithExif(p, tiff []byte) []byte {
	const ihdrEnd = 8 + 8 + 13 + 4
	out := append([]byte{}, p[:ihdrEnd]...)
	out = append(out, pngChunk("eXIf", tiff)...)
	return append(out, p[ihdrEnd:]...)
}

// webpWithExif turns a simple (VP8L-only) WebP into an extended one with
// a VP8X header and an EXIF chunk after the image data.
func webpWithExif(t *testing.T, simple, tiff []byte) []byte {
	t.Helper()
	if string(simple[12:16]) != "VP8L" {
		t.Fatal("want a simple lossless WebP")
	}
	w := 1 + int(binary.LittleEndian.Uint16(simple[21:])&0x3fff)
	h := 1 + int((binary.LittleEndian.Uint32(simple[21:])>>14)&0x3fff)
	vp8x := []byte("VP8X\x0a\x00\x00\x00\x08\x00\x00\x00")
	vp8x = append(vp8x, byte(w-1), byte((w-1)>>8), byte((w-1)>>16), byte(h-1), byte((h-1)>>8), byte((h-1)>>16))
	exif := binary.LittleEndian.AppendUint32([]byte("EXIF"), uint32(len(tiff)))
	exif = append(exif, tiff...)
	if len(tiff)%2 == 1 {
		exif = append(exif, 0)
	}
	body := append([]byte("WEBP"), vp8x...)
	body = append(body, simple[12:]...)
	body = append(body, exif...)
	return append(binary.LittleEndian.AppendUint32([]byte("RIFF"), uint32(len(body))), body...)
}

// Hostile or broken EXIF must never break decoding: the orientation falls
// back to 1 and the image decodes.
func TestHostileEXIF(t *testing.T) {
	le := binary.LittleEndian
	huge := tiffOrientation(6, false)
	le.PutUint16(huge[8:], 0xffff) // 65535 entries in a 26-byte payload
	outside := tiffOrientation(6, false)
	le.PutUint32(outside[4:], 0xfffffff0) // IFD0 far beyond the payload
	self := tiffOrientation(6, false)
	le.PutUint32(self[4:], 0) // IFD0 inside the header
	loop := tiffOrientation(3, false)
	le.PutUint32(loop[len(loop)-4:], 8) // next-IFD link back to IFD0
	badType := tiffOrientation(6, false)
	le.PutUint16(badType[12:], 2) // ASCII
	zeroCount := tiffOrientation(6, false)
	le.PutUint32(zeroCount[14:], 0)

	tests := []struct {
		name    string
		payload []byte // APP1 payload
		want    int
	}{
		{"no tiff", []byte("Exif\x00\x00"), 1},
		{"short tiff", []byte("Exif\x00\x00II*\x00"), 1},
		{"bad byte order", append([]byte("Exif\x00\x00XX*\x00"), make([]byte, 20)...), 1},
		{"entry count beyond payload", append([]byte("Exif\x00\x00"), huge...), 6},
		{"IFD offset outside", append([]byte("Exif\x00\x00"), outside...), 1},
		{"IFD offset into header", append([]byte("Exif\x00\x00"), self...), 1},
		{"IFD loop", append([]byte("Exif\x00\x00"), loop...), 3},
		{"wrong type", append([]byte("Exif\x00\x00"), badType...), 1},
		{"zero count", append([]byte("Exif\x00\x00"), zeroCount...), 1},
		{"orientation 0", append([]byte("Exif\x00\x00"), tiffOrientation(0, true)...), 1},
		{"orientation 9", append([]byte("Exif\x00\x00"), tiffOrientation(9, true)...), 1},
		{"orientation 65535", append([]byte("Exif\x00\x00"), tiffOrientation(65535, false)...), 1},
		{"truncated entry", append([]byte("Exif\x00\x00"), tiffOrientation(6, false)[:16]...), 1},
		{"xmp, not exif", []byte("http://ns.adobe.com/xap/1.0/\x00<x/>"), 1},
	}
	good := encJPEG(t, markerImage(64, 48), 90)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img, info, err := Decode(withAPP1(good, tc.payload), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			if info.Orientation != tc.want {
				t.Errorf("orientation %d, want %d", info.Orientation, tc.want)
			}
			if img.W*img.H != 64*48 {
				t.Errorf("%dx%d", img.W, img.H)
			}
		})
	}
	// A segment length running past the end of the file: the marker walk
	// stops, and the decoder reports the damage.
	bad := append([]byte{}, good[:2]...)
	bad = append(bad, 0xff, 0xe1, 0xff, 0xff, 'E', 'x', 'i', 'f', 0, 0)
	if _, _, err := Decode(bad, DefaultLimits); err == nil {
		t.Error("decoded a file that is one runaway segment")
	}
}

func TestExifOrientationDirect(t *testing.T) {
	for o := 1; o <= 8; o++ {
		for _, be := range []bool{false, true} {
			if got := exifOrientation(tiffOrientation(o, be)); got != o {
				t.Errorf("orientation %d be=%v: got %d", o, be, got)
			}
		}
	}
	long := tiffOrientation(8, true)
	binary.BigEndian.PutUint16(long[12:], 4) // LONG type, value in the first bytes
	binary.BigEndian.PutUint32(long[18:], 8)
	if got := exifOrientation(long); got != 8 {
		t.Errorf("LONG orientation: %d", got)
	}
	for _, b := range [][]byte{nil, {}, []byte("MM"), make([]byte, 7)} {
		if got := exifOrientation(b); got != 1 {
			t.Errorf("%q: %d", b, got)
		}
	}
}

func TestScanJPEG(t *testing.T) {
	good := encJPEG(t, markerImage(64, 48), 90)
	if lay := scanJPEG(good); !lay.complete || lay.exif != nil {
		t.Errorf("plain file: %+v", lay)
	}
	withE := withExif(good, tiffOrientation(6, false))
	if lay := scanJPEG(withE); !lay.complete || exifOrientation(lay.exif) != 6 {
		t.Errorf("exif file: complete=%v orientation=%d", lay.complete, exifOrientation(lay.exif))
	}
	for _, n := range []int{3, 4, 10, 100, len(good) / 2, len(good) - 1} {
		if lay := scanJPEG(good[:n]); lay.complete {
			t.Errorf("prefix of %d bytes reported complete", n)
		}
	}
}
