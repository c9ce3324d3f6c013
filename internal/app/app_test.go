package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"openkyc/internal/config"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/testenv"
)

// The first start on an empty data directory prints working credentials;
// the second prints nothing; the server answers with them.
func TestFirstStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := config.Config{DataDir: t.TempDir(), Addr: "127.0.0.1:8080", Models: testenv.ModelsDir(t)}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	var out bytes.Buffer
	a, err := New(ctx, cfg, &out, log)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`^Dashboard: http://127\.0\.0\.1:8080/dashboard\nLogin: (\S+)\nPassword: (\S+)\nAPI key: (okyc_\S+)\nLiveform: http://127\.0\.0\.1:8080/f/prj_\S+\n$`).
		FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("first start printed %q", out.String())
	}
	if _, err := a.Accounts.Login(ctx, m[1], m[2]); err != nil {
		t.Errorf("printed login does not work: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	base := "http://" + ln.Addr().String()
	req, _ := http.NewRequest("POST", base+"/v1/submissions", strings.NewReader(`{"userid":"u1"}`))
	req.Header.Set("X-API-Key", m[3])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create with the printed key: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("no graceful stop")
	}
	a.Close()

	out.Reset()
	b, err := New(context.Background(), cfg, &out, log)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if out.Len() != 0 {
		t.Errorf("second start printed %q", out.String())
	}
}

// The scale mode: an API process and a worker process on one PostgreSQL
// database. The API takes a submission it cannot analyse (it has no
// models); the worker analyses it; the worker answers no API. With the
// test S3 server they are two machines: data directories of their own,
// images shared through S3, one master key.
func TestRoles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dbc := dbtest.Config(t, db.Postgres)
	shared := t.TempDir()
	blobURL := os.Getenv("OPENKYC_TEST_BLOB_URL")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := func(role string, out io.Writer) string {
		cfg := config.Config{DataDir: shared, Addr: "127.0.0.1:8080", Models: testenv.ModelsDir(t), DatabaseURL: dbc.URL, Role: role}
		if blobURL != "" {
			cfg.DataDir, cfg.BlobURL, cfg.MasterKey = t.TempDir(), blobURL, strings.Repeat("ab", 32)
		}
		a, err := New(ctx, cfg, out, log)
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- a.Serve(ctx, ln) }()
		t.Cleanup(func() { cancel(); <-done; a.Close() })
		return "http://" + ln.Addr().String()
	}
	var out bytes.Buffer
	api := start(config.RoleAPI, &out)
	key := regexp.MustCompile(`API key: (\S+)`).FindStringSubmatch(out.String())
	if key == nil {
		t.Fatalf("the API process printed %q", out.String())
	}
	worker := start(config.RoleWorker, io.Discard)
	do := func(method, url, body string) (int, string) {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("X-API-Key", key[1])
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, _ := do("GET", worker+"/v1/options", ""); code != http.StatusNotFound {
		t.Errorf("a worker answers the API: %d", code)
	}
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		if code, _ := do("GET", worker+path, ""); code != http.StatusOK {
			t.Errorf("worker %s: %d", path, code)
		}
	}
	code, body := do("POST", api+"/v1/submissions", `{"userid":"u1"}`)
	id := regexp.MustCompile(`"id":"(sub_[^"]+)"`).FindStringSubmatch(body)
	if code != http.StatusCreated || id == nil {
		t.Fatalf("create: %d %s", code, body)
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	f, _ := w.CreateFormFile("id_front", "id.png")
	f.Write([]byte("\x89PNG\r\n\x1a\n not really a png"))
	w.Close()
	req, _ := http.NewRequest("POST", api+"/v1/submissions/"+id[1]+"/id?wait=20s", &b)
	req.Header.Set("X-API-Key", key[1])
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// Only the worker could have analysed it: the unreadable image asks
	// for another.
	if !strings.Contains(string(got), `"recapture":true`) || !strings.Contains(string(got), `"analyzing":false`) {
		t.Errorf("the worker did not analyse the upload: %d %s", resp.StatusCode, got)
	}
}
