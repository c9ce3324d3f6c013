// Package ocr finds and reads lines of text: PP-OCRv4 detection for every
// script, PP-OCRv4 recognition for Latin, digits, Chinese and MRZ lines, and
// Tesseract for Hangul, Japanese kana and Cyrillic lines.
package ocr

import "math"

// Point is a position in image pixels.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Quad is a text box: four corners clockwise from the top-left of the text,
// in image pixels. Text boxes may be rotated, so this is not a rectangle of
// the image axes.
type Quad [4]Point

// Center is the mean of the corners.
func (q Quad) Center() Point {
	var c Point
	for _, p := range q {
		c.X += p.X / 4
		c.Y += p.Y / 4
	}
	return c
}

// Width is the length of the top edge: along the text.
func (q Quad) Width() float64 { return math.Hypot(q[1].X-q[0].X, q[1].Y-q[0].Y) }

// Height is the length of the left edge: across the text.
func (q Quad) Height() float64 { return math.Hypot(q[3].X-q[0].X, q[3].Y-q[0].Y) }

// Script is a writing system the engine reads. The values are those of the
// evaluation format (../shared/data/README.md).
type Script string

// Scripts a valid ID may be printed in (PRODUCT.md, "A valid ID").
const (
	Latin    Script = "latin"
	Han      Script = "han"
	Hangul   Script = "hangul"
	Japanese Script = "japanese"
	Cyrillic Script = "cyrillic"
)

// Line is one line of text read from an image.
type Line struct {
	Box        Quad    `json:"box"`
	Text       string  `json:"text"`
	Confidence float64 `json:"confidence"` // 0..1, the recognizer's
	Script     Script  `json:"script,omitempty"`
	Recognizer string  `json:"recognizer"` // "ppocr" or "tesseract:<lang>"
}
