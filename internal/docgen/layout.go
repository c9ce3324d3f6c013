package docgen

import (
	"image"
	"image/color"
	"math"
	"strings"

	"openkyc/internal/engine/imaging"
)

// Sizes of the two document formats at print resolution: ID-1 cards
// (85.60 × 53.98 mm) at about 300 dpi, and TD3 passport data pages
// (125 × 88 mm) at 10 px/mm.
const (
	id1W, id1H = 1012, 638
	td3W, td3H = 1250, 880
)

// Ink colours shared by the layouts.
var (
	black    = rgb(20, 20, 24)
	darkGrey = rgb(70, 72, 80)
	white    = rgb(255, 255, 255)
	sealRed  = rgb(200, 40, 40)
	sigBlue  = rgb(25, 35, 110)
)

// securityBackground paints a card's base: a pastel gradient of hue, its
// guilloche, and a faint rosette, as most state documents have.
func (r *renderer) securityBackground(c *canvas, hue float64) {
	a := pastel(hue, 0.35+0.3*r.rng.Float64(), 0.9+0.04*r.rng.Float64())
	b := pastel(hue+0.08+0.15*r.rng.Float64(), 0.35+0.3*r.rng.Float64(), 0.88+0.06*r.rng.Float64())
	c.gradient(a, b, r.rng.IntN(2) == 0)
	ink := pastel(hue+0.5*r.rng.Float64(), 0.5, 0.62)
	c.guilloche(r.rng, ink, 0.35+0.2*r.rng.Float64())
}

// portraitBox pastes a portrait into box and outlines it thinly, returning
// the box for the card's Portrait.
func (r *renderer) portraitBox(c *canvas, box image.Rectangle, gray bool) image.Rectangle {
	p := r.portrait()
	if gray {
		p = toGray(p)
	}
	c.paste(p, box)
	return box
}

// ghost pastes a faded greyscale copy of the portrait, the secondary
// "ghost image" of passports and modern ID cards.
func (r *renderer) ghost(c *canvas, box image.Rectangle) {
	c.pasteAlpha(toGray(r.portrait()), box, 0.28)
}

// toGray converts a photo to greyscale for printed black-and-white
// portraits.
func toGray(src *imaging.Image) *imaging.Image {
	out := src.Clone()
	for i := 0; i < len(out.Pix); i += 3 {
		l := uint8(math.Round(0.299*float64(out.Pix[i]) + 0.587*float64(out.Pix[i+1]) + 0.114*float64(out.Pix[i+2])))
		out.Pix[i], out.Pix[i+1], out.Pix[i+2] = l, l, l
	}
	return out
}

// labelled draws a small label with its value on the line below, the
// layout of European and passport data pages, and returns the value's
// baseline.
func (c *canvas) labelled(x, y float64, label, value string, ls, vs textStyle, maxW float64) float64 {
	c.fitText(x, y, maxW, label, ls)
	vy := y + vs.size*1.15
	c.fitText(x, vy, maxW, value, vs)
	return vy
}

// mrzZone prints the MRZ lines in OCR-B on a plain band: the pitch is
// chosen so that the longest line spans width, as ICAO fixes the character
// pitch and the zone width together.
func (c *canvas) mrzZone(lines []string, x, y, width, lineGap float64) {
	st := textStyle{font: ocrb, size: 40, color: black}
	n := 0
	for _, l := range lines {
		n = max(n, len(l))
	}
	// OCR-B is monospaced: scale the size so n characters fill width.
	w := c.width(strings.Repeat("<", n), st)
	st.size *= width / w
	for i, l := range lines {
		c.text(x, y+float64(i)*lineGap, l, st)
	}
}

// mrzBand clears a band behind the MRZ: real documents keep the zone
// free of dark pattern so the OCR reads it.
func (c *canvas) mrzBand(y0, y1 float64, tintCol color.NRGBA) {
	c.rect(0, y0, c.w(), y1, withAlpha(tintCol, 215))
}
