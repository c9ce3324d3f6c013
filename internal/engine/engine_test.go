package engine

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"openkyc/internal/docgen"
	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/testenv"
)

// The assembled engine on encoded images, as the server hands them over.
func TestEngine(t *testing.T) {
	ctx := context.Background()
	e, err := New(ctx, Config{ModelsDir: testenv.ModelsDir(t), Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	samples := filepath.Join(testenv.Root(), models.SamplesDir)
	g, err := docgen.New(docgen.Config{Seed: 3, Degrade: docgen.Clean, Kinds: []docgen.Kind{docgen.Kinds()[0]}, SamplesDir: samples})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := g.Document(0)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := imaging.EncodeJPEG(&buf, doc.Image, 92); err != nil {
		t.Fatal(err)
	}
	ev, err := e.AnalyzeDocument(ctx, buf.Bytes(), nil)
	if err != nil || !ev.Found || ev.Portrait == nil || len(ev.Fields) == 0 {
		t.Fatalf("document: %+v, %v", ev, err)
	}
	selfie, err := os.ReadFile(filepath.Join(samples, "sample1.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.AnalyzeSelfie(ctx, selfie)
	if err != nil || len(a.Faces) == 0 || a.Faces[0].Liveness == nil || len(a.Faces[0].Embedding) == 0 {
		t.Fatalf("selfie: %+v, %v", a, err)
	}
	if _, err := e.AnalyzeSelfie(ctx, []byte("not an image")); !errors.Is(err, imaging.ErrUnsupported) {
		t.Errorf("garbage selfie: %v", err)
	}
	var blank bytes.Buffer
	imaging.EncodeJPEG(&blank, imaging.New(640, 480), 90)
	if _, err := e.AnalyzeSelfie(ctx, blank.Bytes()); !errors.Is(err, face.ErrNoFace) {
		t.Errorf("blank selfie: %v", err)
	}
}
