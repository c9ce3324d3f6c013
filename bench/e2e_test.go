package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openkyc/internal/config"
	"openkyc/internal/engine/models"
	"openkyc/internal/testenv"
)

// TestRunE2E runs the end-to-end benchmark for one client and two
// submissions against the real server, in-process.
func TestRunE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the server with the real models")
	}
	dir := testenv.ModelsDir(t)
	cfg, err := config.FromEnv(func(k string) string {
		if k == models.EnvDir {
			return dir
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunE2E(context.Background(), E2EConfig{Server: cfg, SamplesDir: filepath.Join(testenv.Root(), models.SamplesDir),
		Clients: []int{1}, N: 2, Passports: 1})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + buf.String())
	if len(res.Levels) != 1 {
		t.Fatalf("%d levels", len(res.Levels))
	}
	lv := res.Levels[0]
	if lv.Submissions != 2 || lv.Complete != 2 || lv.Statuses["approved"] != 2 || lv.PerSecond <= 0 {
		t.Errorf("level: %d submissions, %d complete, %v, %.2f/s", lv.Submissions, lv.Complete, lv.Statuses, lv.PerSecond)
	}
	if !(lv.Selfie.P50 > 0 && lv.Whole.P50 > lv.Selfie.P50 && lv.Selfie.P95 >= lv.Selfie.P50) {
		t.Errorf("latencies: selfie %+v, whole %+v", lv.Selfie, lv.Whole)
	}
	for _, k := range []string{"id.upload", "id.queue", "id.run", "id.notice", "selfie.upload", "selfie.queue", "selfie.run", "selfie.notice"} {
		if p := lv.Breakdown[k]; p.N != 2 {
			t.Errorf("breakdown %s: %+v", k, p)
		}
	}
	if lv.Breakdown["id.run"].P50 <= 0 || lv.Breakdown["selfie.run"].P50 <= 0 {
		t.Errorf("job run times: %+v", lv.Breakdown)
	}
	if err := res.Check(); err != nil {
		t.Error(err)
	}
	for _, want := range []string{"selfie upload → decision p50 ≤ 300 ms", "liveness_threshold 0", "where the time goes"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	path, err := res.Save(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, buf.Bytes()) {
		t.Errorf("Save wrote %s: %v", path, err)
	}
}

func TestCheckFailsOnRejections(t *testing.T) {
	r := &E2EResult{Levels: []E2ELevel{{Clients: 1, Submissions: 10, Statuses: map[string]int{"approved": 8, "pending": 2}}}}
	if err := r.Check(); err == nil || !strings.Contains(err.Error(), "2 of 10 not approved") {
		t.Errorf("Check = %v", err)
	}
	r.Levels[0].Statuses = map[string]int{"approved": 9, "error": 1}
	if err := r.Check(); err != nil {
		t.Errorf("Check with 10 %% not approved = %v", err)
	}
}
