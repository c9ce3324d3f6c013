package kyc

import "math"

// ScoreInputs are the measurements the score is made of, each 0..1 unless
// said otherwise.
type ScoreInputs struct {
	// Recognition: mean recognition confidence of the document's fields.
	Recognition float64
	// Completeness: the share of name, birth date, expiry and document
	// number that were read.
	Completeness float64
	// Similarity of selfie and ID portrait (cosine, −1..1).
	Similarity float64
	// Liveness score of the selfie.
	Liveness float64
	// Quality: the share of image-quality checks (blur, glare, resolution,
	// margin, face quality) that passed.
	Quality float64
}

// ScorePart is one term of the score, shown with the decision.
type ScorePart struct {
	Name   string  `json:"name"`
	Weight int     `json:"weight"` // points when the term is perfect
	Value  float64 `json:"value"`  // 0..1
	Points float64 `json:"points"` // Weight × Value
}

// Score is the composite confidence (0–100) and its parts.
type Score struct {
	Total int         `json:"total"`
	Parts []ScorePart `json:"parts"`
}

// Score weights, summing to 100. Face similarity weighs most: it is what
// ties the applicant to the document.
const (
	weightRecognition  = 20
	weightCompleteness = 15
	weightSimilarity   = 35
	weightLiveness     = 20
	weightQuality      = 10
)

// similaritySpan: similarity is scored linearly from the threshold − span
// (0) to the threshold + span (1), so that a match just at the threshold
// earns half its points.
const similaritySpan = 0.2

// ComputeScore is the formula (docs: each term 0..1 times its weight,
// rounded to the nearest point):
//
//	recognition 20 · completeness 15 · similarity 35 · liveness 20 · quality 10
//
// where similarity's value is (s − (t − 0.2)) / 0.4 clamped to 0..1 for
// the project's threshold t, and liveness's value is the liveness score
// itself.
func ComputeScore(p Policy, in ScoreInputs) Score {
	sim := clamp01((in.Similarity - (p.SimilarityThreshold - similaritySpan)) / (2 * similaritySpan))
	parts := []ScorePart{
		{Name: "document_recognition", Weight: weightRecognition, Value: clamp01(in.Recognition)},
		{Name: "field_completeness", Weight: weightCompleteness, Value: clamp01(in.Completeness)},
		{Name: "face_similarity", Weight: weightSimilarity, Value: sim},
		{Name: "liveness", Weight: weightLiveness, Value: clamp01(in.Liveness)},
		{Name: "image_quality", Weight: weightQuality, Value: clamp01(in.Quality)},
	}
	var total float64
	for i := range parts {
		parts[i].Points = math.Round(float64(parts[i].Weight)*parts[i].Value*10) / 10
		total += float64(parts[i].Weight) * parts[i].Value
	}
	return Score{Total: int(math.Round(total)), Parts: parts}
}

func clamp01(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return math.Max(0, math.Min(1, v))
}
