package webhook

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestPublicAddr(t *testing.T) {
	for s, want := range map[string]bool{
		"8.8.8.8": true, "2606:4700::1111": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"0.0.0.0": false, "::1": false, "fe80::1": false, "fc00::1": false, "::ffff:127.0.0.1": false,
		"100.64.0.1": false, "224.0.0.1": false, "198.18.0.1": false,
	} {
		if got := publicAddr(netip.MustParseAddr(s)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", s, got, want)
		}
	}
}

func TestPost(t *testing.T) {
	secret := NewSecret()
	var got http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		body, _ := io.ReadAll(r.Body)
		if err := Verify(secret, r.Header, body, time.Now(), 5*time.Minute); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.Write([]byte(strings.Repeat("x", MaxResponseBytes+10)))
	}))
	defer srv.Close()
	ctx := context.Background()
	// The test receiver is on loopback: refused unless allowed.
	if _, _, err := Post(ctx, NewClient(false), srv.URL, secret, "evt_1", time.Now(), []byte(`{}`)); !errors.Is(err, ErrForbiddenTarget) {
		t.Errorf("loopback target: %v", err)
	}
	code, answer, err := Post(ctx, NewClient(true), srv.URL, secret, "evt_1", time.Now(), []byte(`{"a":1}`))
	if err != nil || code != http.StatusOK {
		t.Fatalf("delivery: %d %v", code, err)
	}
	if len(answer) != MaxResponseBytes {
		t.Errorf("answer kept: %d bytes", len(answer))
	}
	if got.Get(HeaderID) != "evt_1" || got.Get("Content-Type") != "application/json" {
		t.Errorf("headers %v", got)
	}
	redirect := httptest.NewServer(http.RedirectHandler("http://169.254.169.254/latest/meta-data", http.StatusFound))
	defer redirect.Close()
	if code, _, err := Post(ctx, NewClient(true), redirect.URL, secret, "evt_2", time.Now(), nil); err != nil || code != http.StatusFound {
		t.Errorf("redirect followed: %d %v", code, err)
	}
}
