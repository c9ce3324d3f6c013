// Package document turns a photo of an identity document into validated
// evidence: where the document is, what type and country it is, its fields
// (from the MRZ and the printed zone, cross-checked), its portrait, and a
// pass/warn/fail check for every condition of a valid ID (PRODUCT.md).
package document

import (
	"time"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/ocr"
)

// Field is one value read from the document.
type Field struct {
	Value      string    `json:"value"`
	Confidence float64   `json:"confidence"`
	Source     string    `json:"source"` // "mrz" or "visual"
	Box        *ocr.Quad `json:"box,omitempty"`
}

// MRZ is what the machine-readable zone said.
type MRZ struct {
	Format       string   `json:"format"`
	Lines        []string `json:"lines"`
	Valid        bool     `json:"valid"`
	FailedChecks []string `json:"failed_checks,omitempty"`
	Repairs      []string `json:"repairs,omitempty"`
}

// Quality measures how readable the photo of the document is.
type Quality struct {
	// Sharpness is the variance of the Laplacian of the rectified document
	// at 1000 px on its long side (imaging.SharpnessAt).
	Sharpness float64 `json:"sharpness"`
	// Glare is the share of the document covered by saturated blobs.
	Glare float64 `json:"glare"`
	// TextHeight is the median height of the text lines in pixels of the
	// original photo.
	TextHeight float64 `json:"text_height"`
}

// Evidence is everything the engine established about one document image.
type Evidence struct {
	Found          bool             `json:"found"`
	Method         string           `json:"method,omitempty"` // how it was located: "edges", "scan", …
	Corners        [4]ocr.Point     `json:"corners"`          // in the input image, clockwise from top-left
	Coverage       float64          `json:"coverage"`         // document area / image area
	Margin         float64          `json:"margin"`           // gap to the image edge / short side
	Rotation       int              `json:"rotation"`         // quarter turns applied to make it upright
	DocumentType   string           `json:"document_type,omitempty"`
	IssuingCountry string           `json:"issuing_country,omitempty"`
	Script         string           `json:"script,omitempty"`
	Fields         map[string]Field `json:"fields"`
	MRZ            *MRZ             `json:"mrz,omitempty"`
	Disagreements  []string         `json:"disagreements,omitempty"` // fields where MRZ and print differ
	Portrait       *face.Face       `json:"portrait,omitempty"`
	Lines          []ocr.Line       `json:"lines,omitempty"`
	// MeanConfidence is the mean recognition confidence of all lines;
	// FieldConfidence that of the lines the name and dates came from.
	MeanConfidence  float64                  `json:"mean_confidence"`
	FieldConfidence float64                  `json:"field_confidence"`
	Quality         Quality                  `json:"quality"`
	Checks          []Check                  `json:"checks"`
	Stages          map[string]time.Duration `json:"-"`
}
