// Package face turns a photo into face evidence: every face with its box and
// score, 68 landmarks, a 512-d embedding of the face aligned to the ArcFace
// template, a passive-liveness score, head pose, per-eye state, estimated
// age and quality measures. It runs the FacePlugin ONNX models (see
// ../shared/ENGINE-NOTES.md for their shapes and pre-processing, measured)
// and knows nothing about submissions, storage or HTTP: pixels in, evidence out.
//
//	eng, _ := face.New(ctx, rt, modelsDir)
//	res, err := eng.Analyze(ctx, img, face.AllEvidence)
//	sim := face.Compare(a.Embedding, b.Embedding)
package face

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
)

// ErrNoFace is returned when an image holds no detectable face.
var ErrNoFace = errors.New("face: no face found")

// Engine holds one shared session per model. It is safe for concurrent use.
type Engine struct {
	detect, landmark, feature, liveness, pose, eye, age *ort.Session
	cfg                                                 Config
}

// Config tunes the engine. The zero value uses the defaults below.
type Config struct {
	// DetectThreshold is the minimum face probability (default 0.65, the
	// vendor's value).
	DetectThreshold float64
	// MinFaceSize drops faces whose box is smaller, in pixels (default 20):
	// nothing can be compared on them, and the tiled pass on a small image
	// otherwise reports seals and guilloche rosettes as 5–10 px faces.
	MinFaceSize float64
	// FlipEmbedding averages the embedding of the aligned face and of its
	// mirror image: a common test-time augmentation that costs a second
	// embedding run; docs/accuracy.md says whether it pays.
	FlipEmbedding bool
}

func (c Config) withDefaults() Config {
	if c.DetectThreshold == 0 {
		c.DetectThreshold = 0.65
	}
	if c.MinFaceSize == 0 {
		c.MinFaceSize = 20
	}
	return c
}

// New verifies the model files in dir against the manifest, loads every
// face model into rt and warms each one up. It refuses to start on a missing
// or altered model, with an error that says what to run.
func New(ctx context.Context, rt *ort.Runtime, dir string, cfg Config) (*Engine, error) {
	if err := models.Check(dir); err != nil {
		return nil, err
	}
	e := &Engine{cfg: cfg.withDefaults()}
	for _, m := range []struct {
		dst     **ort.Session
		file    string
		outputs []string
		input   []int64
	}{
		{&e.detect, "fr_detect.onnx", []string{"scores", "boxes"}, []int64{1, 3, detH, detW}},
		{&e.landmark, "fr_landmark.onnx", []string{"output"}, []int64{1, 1, 64, 64}},
		{&e.feature, "fr_feature.onnx", []string{"output"}, []int64{1, 3, AlignedSize, AlignedSize}},
		{&e.liveness, "fr_liveness.onnx", []string{"output"}, []int64{1, 3, 128, 128}},
		{&e.pose, "fr_pose.onnx", []string{"output", "617", "618"}, []int64{1, 3, 224, 224}},
		{&e.eye, "fr_eye.onnx", []string{"output"}, []int64{1, 1, 24, 24}},
		{&e.age, "fr_age.onnx", ageOutputs, []int64{1, 3, 64, 64}},
	} {
		s, err := rt.Load(filepath.Join(dir, m.file), []string{"input"}, m.outputs)
		if err != nil {
			return nil, fmt.Errorf("face: %w", err)
		}
		if err := s.WarmUp(ctx, m.input); err != nil {
			return nil, fmt.Errorf("face: warm up %s: %w", m.file, err)
		}
		*m.dst = s
	}
	return e, nil
}
