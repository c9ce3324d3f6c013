// Package idportrait renders a face the way the portrait of an identity
// card looks in a phone photo, so that face matching can be measured
// selfie-against-ID on labelled sets that have no ID photos.
package idportrait

import (
	"bytes"
	"image"

	"openkyc/internal/engine/imaging"
)

// FaceSize is the side, in pixels, of the face box in an
// ID-portrait rendering. A card photographed with a phone from a comfortable
// distance puts the printed face at 70–120 px after the engine's 2048 px
// cap; 80 px is the hard end of that range.
const FaceSize = 80

// The print look: printed portraits lose contrast and saturation, gain a
// lighter cast, and are photographed again through a lens (slight blur)
// before the phone compresses them.
const (
	printContrast   = 0.75
	printBrightness = 12
	printSaturation = 0.7
	printBlurSigma  = 0.8
	printJPEGQ      = 50
)

// Render renders the face in box as the portrait of an ID card looks
// in a phone photo: cropped with the head-and-shoulders framing of an ID
// photo, shrunk until the face is FaceSize wide, washed out,
// blurred and JPEG-compressed at quality 50.
func Render(img *imaging.Image, face image.Rectangle) *imaging.Image {
	s := face.Dx()
	c := image.Pt((face.Min.X+face.Max.X)/2, (face.Min.Y+face.Max.Y)/2)
	// ID photos are about 35×45: the face fills ~60 % of the width and sits
	// a little above the middle.
	fw, fh := s*3/2, s*19/10
	frame := image.Rect(c.X-fw/2, c.Y-fh*45/100, c.X-fw/2+fw, c.Y-fh*45/100+fh)
	k := float64(FaceSize) / float64(s)
	w, h := max(16, int(float64(fw)*k)), max(16, int(float64(fh)*k))
	return printLook(imaging.Resize(imaging.Crop(img, frame), w, h))
}

// RenderAligned degrades an aligned 112×112 crop the same way, keeping
// it aligned: it is shrunk to the ID-portrait face size, given the print
// look, and enlarged back to 112×112 for the embedding model.
func RenderAligned(img *imaging.Image) *imaging.Image {
	small := imaging.Resize(img, FaceSize, FaceSize)
	return imaging.Resize(printLook(small), img.W, img.H)
}

func printLook(m *imaging.Image) *imaging.Image {
	m = imaging.AdjustContrast(m, printContrast, printBrightness, printSaturation)
	m = imaging.GaussianBlur(m, printBlurSigma)
	var buf bytes.Buffer
	if err := imaging.EncodeJPEG(&buf, m, printJPEGQ); err != nil {
		return m
	}
	out, _, err := imaging.Decode(buf.Bytes(), imaging.Limits{MaxBytes: 1 << 30, MaxPixels: 1 << 30})
	if err != nil {
		return m
	}
	return out
}
