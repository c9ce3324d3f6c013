package app

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"openkyc/internal/config"
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
