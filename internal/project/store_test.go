package project

import (
	"context"
	"errors"
	"testing"
	"time"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/kyc"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	s := NewStore(d, func() time.Time { return clock })
	p := kyc.DefaultPolicy()
	p.AgeLimit = 19
	p.BlacklistedCountries = []string{"PRK"}
	pr, err := s.Create(ctx, "Acme onboarding", p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, pr.ID)
	if err != nil || got.Name != "Acme onboarding" || got.Policy.AgeLimit != 19 || got.Policy.BlacklistedCountries[0] != "PRK" || !got.CreatedAt.Equal(clock) {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if _, err := s.Get(ctx, "prj_nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}
	bad := kyc.DefaultPolicy()
	bad.Attempts = 0
	if err := s.SetPolicy(ctx, pr.ID, bad); !errors.Is(err, kyc.ErrInvalidPolicy) {
		t.Errorf("invalid policy stored: %v", err)
	}
	if _, err := s.Create(ctx, "x", bad); !errors.Is(err, kyc.ErrInvalidPolicy) {
		t.Errorf("project with an invalid policy: %v", err)
	}
	p.AutomatedOnly = true
	if err := s.SetPolicy(ctx, pr.ID, p); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, pr.ID); !got.Policy.AutomatedOnly {
		t.Error("policy change lost")
	}

	key, k, err := s.CreateKey(ctx, pr.ID, "backend")
	if err != nil {
		t.Fatal(err)
	}
	ap, ak, err := s.Authenticate(ctx, key)
	if err != nil || ap.ID != pr.ID || ak.ID != k.ID {
		t.Fatalf("authenticate: %+v %+v %v", ap, ak, err)
	}
	other, _ := s.Create(ctx, "Other", kyc.DefaultPolicy())
	otherKey, ok2, _ := s.CreateKey(ctx, other.ID, "")
	if p2, _, err := s.Authenticate(ctx, otherKey); err != nil || p2.ID != other.ID {
		t.Errorf("second project's key: %v", err)
	}
	if err := s.RevokeKey(ctx, pr.ID, ok2.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoked another project's key: %v", err)
	}
	for _, bad := range []string{"", "nonsense", key[:len(key)-1] + "a", "okyc_" + k.Prefix + "_" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"} {
		if bad == key {
			continue
		}
		if _, _, err := s.Authenticate(ctx, bad); !errors.Is(err, ErrUnauthorized) {
			t.Errorf("key %q: %v", bad, err)
		}
	}
	if err := s.RevokeKey(ctx, pr.ID, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Authenticate(ctx, key); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("revoked key still works: %v", err)
	}
	keys, err := s.Keys(ctx, pr.ID)
	if err != nil || len(keys) != 1 || keys[0].RevokedAt == nil || keys[0].Prefix != k.Prefix {
		t.Errorf("keys: %+v, %v", keys, err)
	}
	if _, _, err := s.CreateKey(ctx, "prj_nope", ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("key for a missing project: %v", err)
	}
}
