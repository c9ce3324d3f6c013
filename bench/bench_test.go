package bench

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
	"openkyc/internal/testenv"
)

func TestRunReportsEveryStage(t *testing.T) {
	dir := testenv.ModelsDir(t)
	rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	eng, err := face.New(context.Background(), rt, dir, face.Config{})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(testenv.Root(), models.SamplesDir, "sample1.jpg")
	res, err := Run(context.Background(), eng, Config{Files: []string{file}, Iterations: 2, Workers: 2, Duration: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range Stages {
		l, ok := res.Latency[s]
		if !ok || l["p50"] <= 0 || l["p95"] < l["p50"] {
			t.Errorf("stage %s: %v", s, l)
		}
	}
	if res.Selfies == 0 || res.PerSecond <= 0 {
		t.Errorf("throughput %d selfies, %.1f/s", res.Selfies, res.PerSecond)
	}
	var buf bytes.Buffer
	res.WriteTable(&buf)
	if !strings.Contains(buf.String(), "embed") || !strings.Contains(buf.String(), "selfies/s") {
		t.Errorf("table:\n%s", buf.String())
	}
	path, err := res.Save(t.TempDir())
	if err != nil || !strings.HasSuffix(path, ".json") {
		t.Fatalf("Save = %q, %v", path, err)
	}
}
