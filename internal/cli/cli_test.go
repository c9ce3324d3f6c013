package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/kyc"
	"openkyc/internal/submission"
	"openkyc/internal/testenv"
)

// run calls Main as the binary would and returns the exit code and outputs.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv(models.EnvDir, testenv.ModelsDir(t))
	var out, errOut bytes.Buffer
	code := Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func samplePath(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(testenv.Root(), models.SamplesDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%v (run `make deps`)", err)
	}
	return p
}

func TestFaceCommand(t *testing.T) {
	code, out, stderr := run(t, "face", samplePath(t, "sample1.jpg"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var reps []imageReport
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || len(reps[0].Faces) != 3 || reps[0].Width != 1920 {
		t.Fatalf("report = %+v", reps)
	}
	for _, f := range reps[0].Faces {
		if f.Embedding != nil || f.Liveness == nil || f.Pose == nil || f.Eyes == nil || f.Age == nil {
			t.Errorf("face evidence incomplete (or embedding printed without --embedding): %+v", f)
		}
	}
}

func TestFaceCommandBadInput(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.jpg")
	os.WriteFile(text, []byte("not an image at all"), 0o644)
	code, out, _ := run(t, "face", text, samplePath(t, "sample2.jpg"), filepath.Join(dir, "missing.png"))
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	var reps []imageReport
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 3 || reps[0].Error == "" || len(reps[1].Faces) != 3 || reps[2].Error == "" {
		t.Fatalf("want an error, 3 faces, an error; got %+v", reps)
	}
}

func TestCompareCommand(t *testing.T) {
	// The mirror image of a face is the same person; another photo's main
	// face is not.
	dir := t.TempDir()
	src := samplePath(t, "sample3.jpg")
	img, _, err := imaging.DecodeFile(src, imaging.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	mirror := filepath.Join(dir, "mirror.png")
	f, _ := os.Create(mirror)
	imaging.EncodePNG(f, imaging.FlipH(img))
	f.Close()
	for _, c := range []struct {
		b, verdict string
	}{{mirror, "match"}, {samplePath(t, "sample6.jpg"), "different"}} {
		code, out, stderr := run(t, "compare", src, c.b)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var res struct {
			Similarity *float64
			Threshold  float64
			Verdict    string
			A, B       struct{ Liveness *float64 }
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.Verdict != c.verdict || res.Similarity == nil || res.Threshold != face.DefaultMatchThreshold || res.A.Liveness == nil || res.B.Liveness == nil {
			t.Errorf("compare with %s = %s", filepath.Base(c.b), out)
		}
	}
}

// TestEvalFacesJSONKeys builds a labelled ALIGNED folder from the sample
// photos (each face and its mirror image as one identity) and checks the
// report's keys are exactly those other tools rely on.
func TestEvalFacesJSONKeys(t *testing.T) {
	dir := t.TempDir()
	eng, closeEng, err := (&engineFlags{models: testenv.ModelsDir(t)}).open(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeEng()
	labels := "file,identity\n"
	for _, s := range []string{"sample3.jpg", "sample5.jpg"} {
		img, _, err := imaging.DecodeFile(samplePath(t, s), imaging.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		a, err := eng.Analyze(context.Background(), img, face.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range a.Faces {
			al := face.Align(img, f.Points)
			for j, m := range []*imaging.Image{al, imaging.FlipH(al)} {
				name := fmt.Sprintf("%s-%d-%d.png", s, i, j)
				out, _ := os.Create(filepath.Join(dir, name))
				imaging.EncodePNG(out, m)
				out.Close()
				labels += fmt.Sprintf("%s,%s-%d\n", name, s, i)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "labels.csv"), []byte(labels), 0o644)
	os.WriteFile(filepath.Join(dir, "ALIGNED"), nil, 0o644)

	code, out, stderr := run(t, "eval", "faces", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep, keys := jsonObject(t, out)
	want := []string{"default_threshold", "detection_failures", "eer", "far_at_default", "images", "latency_ms",
		"pairs_different", "pairs_same", "scores", "tar_at_default", "tar_at_far"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	// 8 faces × (face, mirror): 8 same pairs, all matching; 112 different.
	if rep["images"] != 16.0 || rep["pairs_same"] != 8.0 || rep["pairs_different"] != 112.0 || rep["tar_at_default"] != 1.0 {
		t.Errorf("report = %s", out)
	}
	if !strings.Contains(out, `"1e-2":{"tar":`) {
		t.Errorf("tar_at_far lacks 1e-2: %s", out)
	}
}

func TestModelsVerifyReportsMissing(t *testing.T) {
	code, out, stderr := run(t, "models", "verify", "--dir", t.TempDir())
	if code != 1 || !strings.Contains(out, "fr_feature.onnx: missing") || !strings.Contains(stderr, "openkyc models install") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	if code, _, _ := run(t, "models", "verify"); code != 0 {
		t.Fatalf("verify of the installed models: exit %d", code)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nope"}, {"eval"}, {"eval", "hands", "x"}, {"compare", "a"}, {"face"}, {"models", "x"},
		{"bench", "e2e", "--clients", "1,x"}, {"bench", "e2e", "extra"}, {"analyze", "id.jpg"}} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// TestDocumentCommands generates a small labelled set with `gen documents`
// and scores it with `eval documents --json`: the wiring other tools rely
// on, end to end on the real models.
func TestDocumentCommands(t *testing.T) {
	t.Setenv("OMP_THREAD_LIMIT", "1")
	dir := t.TempDir()
	samples := filepath.Join(testenv.Root(), models.SamplesDir)
	code, _, stderr := run(t, "gen", "documents", "--out", dir, "--n", "3", "--seed", "5", "--degrade", "clean",
		"--kinds", "passport_td3,payment_card,no_document", "--samples-dir", samples)
	if code != 0 {
		t.Fatalf("gen: exit %d: %s", code, stderr)
	}
	code, out, stderr := run(t, "eval", "documents", dir, "--json", "--workers", "1")
	if code != 0 {
		t.Fatalf("eval documents: exit %d: %s", code, stderr)
	}
	rep, keys := jsonObject(t, out)
	want := []string{"detection_rate", "false_detections", "fields", "fields_exact", "images", "latency_ms", "mrz_exact", "type_accuracy"}
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	if rep["images"] != 3.0 || rep["false_detections"] != 0.0 || rep["mrz_exact"] != 1.0 {
		t.Errorf("report = %s", out)
	}

	code, out, stderr = run(t, "document", filepath.Join(dir, "00000_passport_td3.jpg"))
	if code != 0 {
		t.Fatalf("document: exit %d: %s", code, stderr)
	}
	var reps []documentReport
	if err := json.Unmarshal([]byte(out), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Evidence == nil || reps[0].Evidence.MRZ == nil || len(reps[0].Evidence.Checks) < 10 {
		t.Fatalf("document report: %s", out)
	}
	if strings.Contains(out, `\u003c`) {
		t.Error("MRZ fillers escaped as \\u003c in the JSON")
	}

	// A stranger's face against the passport: the first attempt fails,
	// with the retry reason, and every check shows.
	code, out, stderr = run(t, "analyze", filepath.Join(dir, "00000_passport_td3.jpg"), samplePath(t, "sample2.jpg"))
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, stderr)
	}
	var v submission.Verdict
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	if v.Status != kyc.Incomplete || v.RetryReason == "" || len(v.Checks) < 10 || v.Fields["surname"] == "" {
		t.Errorf("analyze: %s", out)
	}
	policy := filepath.Join(dir, "policy.json")
	os.WriteFile(policy, []byte(`{"accepted_types": ["drivers_license"]}`), 0o600)
	code, out, _ = run(t, "analyze", "--policy", policy, filepath.Join(dir, "00000_passport_td3.jpg"), samplePath(t, "sample2.jpg"))
	if code != 0 || !strings.Contains(out, `"reject_code": "invalid_acceptedID"`) {
		t.Errorf("analyze with a policy accepting driver's licences only: exit %d: %s", code, out)
	}
}

// jsonObject decodes one JSON object and returns it with its sorted keys.
func jsonObject(t *testing.T, out string) (map[string]any, []string) {
	t.Helper()
	var rep map[string]any
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	keys := slices.Sorted(maps.Keys(rep))
	return rep, keys
}
