package webhook

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	k := make([]byte, crypto.KeySize)
	rand.Read(k)
	keys, _ := crypto.NewKeyring(k)
	s := NewStore(d, keys, nil)
	dbtest.InsertProject(t, d, "prj_a")
	dbtest.InsertProject(t, d, "prj_b")
	for _, bad := range []string{"", "ftp://x/y", "https://", "javascript:alert(1)", "https://user:pw@example.com/hook"} {
		if _, _, err := s.Create(ctx, "prj_a", bad); !errors.Is(err, ErrBadURL) {
			t.Errorf("url %q: %v", bad, err)
		}
	}
	e, secret, err := s.Create(ctx, "prj_a", "https://example.com/kyc-hook")
	if err != nil {
		t.Fatal(err)
	}
	var stored []byte
	d.Read.QueryRowContext(ctx, d.Rebind(`SELECT secret FROM webhook_endpoints WHERE id = ?`), e.ID).Scan(&stored)
	if bytes.Contains(stored, []byte(secret[len("whsec_"):])) {
		t.Error("secret stored in clear")
	}
	got, err := s.Get(ctx, "prj_a", e.ID)
	if err != nil || got.secret != secret || got.URL != "https://example.com/kyc-hook" {
		t.Errorf("get: %+v %v", got, err)
	}
	if _, err := s.Get(ctx, "prj_b", e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another project's endpoint: %v", err)
	}
}
