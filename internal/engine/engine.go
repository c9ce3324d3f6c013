// Package engine assembles the verification engine — ONNX Runtime, the
// face engine, PP-OCR, the Tesseract pool and the document engine — and
// analyses encoded images: pixels in, evidence out. It knows nothing of
// submissions or storage.
package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ocr"
	"openkyc/internal/engine/ocr/tess"
	"openkyc/internal/engine/ort"
)

// Config sets the engine up.
type Config struct {
	// ModelsDir holds the pinned model files (models.Dir resolves "").
	ModelsDir string
	// Now is the clock documents are judged against; time.Now when nil.
	Now func() time.Time
	// FlipEmbedding averages each face embedding with its mirror's.
	FlipEmbedding bool
	// Limits bound what images are decoded; imaging.DefaultLimits when zero.
	Limits imaging.Limits
}

// Engine analyses ID photos and selfies. It is safe for concurrent use.
type Engine struct {
	Face     *face.Engine
	Document *document.Engine
	rt       *ort.Runtime
	pool     *tess.Pool
	limits   imaging.Limits
}

// New verifies the model files and starts every part; Close frees them.
func New(ctx context.Context, cfg Config) (*Engine, error) {
	dir := models.Dir(cfg.ModelsDir)
	if err := models.Check(dir); err != nil {
		return nil, err
	}
	rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
	if err != nil {
		return nil, err
	}
	fe, err := face.New(ctx, rt, dir, face.Config{FlipEmbedding: cfg.FlipEmbedding})
	if err != nil {
		rt.Close()
		return nil, err
	}
	oe, err := ocr.New(ctx, rt, dir)
	if err != nil {
		rt.Close()
		return nil, err
	}
	pool, err := tess.NewPoolOptions(document.TesseractLanguages, tess.Options{Lazy: document.DiacriticLanguages})
	if err != nil {
		rt.Close()
		return nil, err
	}
	lim := cfg.Limits
	if lim == (imaging.Limits{}) {
		lim = imaging.DefaultLimits
	}
	return &Engine{Face: fe, Document: document.New(fe, oe, pool, cfg.Now), rt: rt, pool: pool, limits: lim}, nil
}

// Close frees the models and the Tesseract clients.
func (e *Engine) Close() error {
	e.pool.Close()
	return e.rt.Close()
}

// AnalyzeDocument decodes an ID photo and reads the document in it, with
// the photo of its back when there is one (document.Engine.MergeBack). A
// photo that cannot be decoded is an imaging error (typed: too large, not
// an image…), a photo without a document is evidence with Found false.
func (e *Engine) AnalyzeDocument(ctx context.Context, front, back []byte) (*document.Evidence, error) {
	ev, err := e.analyzeSide(ctx, front)
	if err != nil || back == nil {
		return ev, err
	}
	bev, err := e.analyzeSide(ctx, back)
	if err != nil {
		return nil, fmt.Errorf("the back of the ID: %w", err)
	}
	e.Document.MergeBack(ev, bev)
	return ev, nil
}

func (e *Engine) analyzeSide(ctx context.Context, data []byte) (*document.Evidence, error) {
	img, info, err := imaging.Decode(data, e.limits)
	if err != nil {
		return nil, err
	}
	return e.Document.Analyze(ctx, img, info.Scale)
}

// SelfieOptions is the evidence a selfie needs.
var SelfieOptions = face.Options{Embedding: true, Liveness: true, Pose: true, Eyes: true, Age: true}

// AnalyzeSelfie decodes a selfie and analyses its faces, largest first.
// A selfie without a face is face.ErrNoFace.
func (e *Engine) AnalyzeSelfie(ctx context.Context, data []byte) (*face.Analysis, error) {
	img, _, err := imaging.Decode(data, e.limits)
	if err != nil {
		return nil, err
	}
	return e.Face.Analyze(ctx, img, SelfieOptions)
}
