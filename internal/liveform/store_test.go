package liveform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/project"
	"openkyc/internal/testenv"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	keys := testenv.Keyring(t)
	s := NewStore(d, keys, func() time.Time { return clock })
	dbtest.InsertProject(t, d, "prj_a")
	dbtest.InsertProject(t, d, "prj_b")
	presets := Presets{UserID: "u-42", Email: "jane.doe@example.com", CF1: "order-7"}

	token, tok, err := s.Issue(ctx, "prj_a", presets, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, "lft_") || len(token) < 4+43 || !wellFormed(token) || !tok.ExpiresAt.Equal(clock.Add(DefaultTTL)) {
		t.Fatalf("issue: %q %+v", token, tok)
	}
	if got := tok.State(clock); got != StateUnused {
		t.Errorf("new token is %s", got)
	}

	// The list opens presets and shows no secret.
	list, err := s.List(ctx, "prj_a")
	if err != nil || len(list) != 1 || list[0].Presets != presets || list[0].ID != tok.ID || !list[0].CreatedAt.Equal(clock) {
		t.Fatalf("list: %+v %v", list, err)
	}
	js, _ := json.Marshal(list)
	if bytes.Contains(js, []byte(token[4:])) || !bytes.Contains(js, []byte(`"expires_at"`)) {
		t.Errorf("list JSON: %s", js)
	}

	// First redeem starts the use window; redeems inside it work.
	got, err := s.Redeem(ctx, "prj_a", token)
	if err != nil || got.FirstUsedAt == nil || !got.FirstUsedAt.Equal(clock) || got.Presets != presets {
		t.Fatalf("first redeem: %+v %v", got, err)
	}
	first := clock
	clock = clock.Add(UseWindow - time.Second)
	if got, err := s.Redeem(ctx, "prj_a", token); err != nil || !got.FirstUsedAt.Equal(first) || got.State(clock) != StateActive {
		t.Errorf("redeem within the window: %+v %v", got, err)
	}
	clock = first.Add(UseWindow)
	if _, err := s.Redeem(ctx, "prj_a", token); !errors.Is(err, ErrUsed) {
		t.Errorf("redeem after the window: %v", err)
	}
	if l, _ := s.List(ctx, "prj_a"); l[0].State(clock) != StateUsed {
		t.Errorf("listed state %s", l[0].State(clock))
	}

	testExpiry(t, s, &clock)
	testRevoke(t, s, &clock)
	testAttach(t, s)
	testTenants(t, s)
	testSealed(t, d, s)
	testBadInput(t, s)
	testConcurrentFirstUse(t, d, keys)
}

func testExpiry(t *testing.T, s *Store, clock *time.Time) {
	ctx := context.Background()
	token, tok, err := s.Issue(ctx, "prj_a", Presets{}, 10*time.Minute)
	if err != nil || !tok.ExpiresAt.Equal(clock.Add(10*time.Minute)) {
		t.Fatalf("issue with a TTL: %+v %v", tok, err)
	}
	*clock = clock.Add(10 * time.Minute)
	if _, err := s.Redeem(ctx, "prj_a", token); !errors.Is(err, ErrExpired) {
		t.Errorf("redeem of an expired token: %v", err)
	}
	if l, _ := s.List(ctx, "prj_a"); l[0].ID != tok.ID || l[0].FirstUsedAt != nil || l[0].State(*clock) != StateExpired {
		t.Errorf("expired token listed as %+v", l[0])
	}
	// Once opened, only the use window bounds a token, not its expiry.
	token, _, _ = s.Issue(ctx, "prj_a", Presets{}, time.Minute)
	*clock = clock.Add(59 * time.Second)
	s.Redeem(ctx, "prj_a", token)
	*clock = clock.Add(2 * time.Minute)
	if _, err := s.Redeem(ctx, "prj_a", token); err != nil {
		t.Errorf("opened token past its expiry but in its window: %v", err)
	}
}

func testRevoke(t *testing.T, s *Store, clock *time.Time) {
	ctx := context.Background()
	token, tok, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	if err := s.Revoke(ctx, "prj_a", tok.ID); err != nil {
		t.Fatal(err)
	}
	revokedAt := *clock
	*clock = clock.Add(time.Second)
	if err := s.Revoke(ctx, "prj_a", tok.ID); err != nil {
		t.Errorf("second revoke: %v", err)
	}
	if _, err := s.Redeem(ctx, "prj_a", token); !errors.Is(err, ErrRevoked) {
		t.Errorf("redeem of a revoked token: %v", err)
	}
	l, _ := s.List(ctx, "prj_a")
	if l[0].ID != tok.ID || l[0].RevokedAt == nil || !l[0].RevokedAt.Equal(revokedAt) || l[0].State(*clock) != StateRevoked {
		t.Errorf("revoked token listed as %+v", l[0])
	}
	// Revoking an opened token stops it inside its window too.
	token, tok, _ = s.Issue(ctx, "prj_a", Presets{}, 0)
	s.Redeem(ctx, "prj_a", token)
	s.Revoke(ctx, "prj_a", tok.ID)
	if _, err := s.Redeem(ctx, "prj_a", token); !errors.Is(err, ErrRevoked) {
		t.Errorf("redeem of an opened, revoked token: %v", err)
	}
}

func testAttach(t *testing.T, s *Store) {
	ctx := context.Background()
	token, tok, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	if err := s.Attach(ctx, "prj_a", tok.ID, "sub_one"); err != nil {
		t.Fatal(err)
	}
	if err := s.Attach(ctx, "prj_a", tok.ID, "sub_one"); err != nil {
		t.Errorf("same submission again: %v", err)
	}
	if err := s.Attach(ctx, "prj_a", tok.ID, "sub_two"); !errors.Is(err, ErrAttached) {
		t.Errorf("second submission: %v", err)
	}
	if err := s.Attach(ctx, "prj_b", tok.ID, "sub_one"); !errors.Is(err, ErrNotFound) {
		t.Errorf("attach through another project: %v", err)
	}
	if got, err := s.Redeem(ctx, "prj_a", token); err != nil || got.SubmissionID != "sub_one" {
		t.Errorf("redeem does not name the submission: %+v %v", got, err)
	}
	// Refused once a decision exists.
	decided := map[string]bool{}
	isDecided := func(_ context.Context, _, id string) (bool, error) { return decided[id], nil }
	if _, err := s.Open(ctx, "prj_a", token, isDecided); err != nil {
		t.Errorf("open before the decision: %v", err)
	}
	decided["sub_one"] = true
	if _, err := s.Open(ctx, "prj_a", token, isDecided); !errors.Is(err, ErrDecided) {
		t.Errorf("open after the decision: %v", err)
	}
	fresh, _, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	if _, err := s.Open(ctx, "prj_a", fresh, isDecided); err != nil {
		t.Errorf("open of a token with no submission yet: %v", err)
	}
}

func testTenants(t *testing.T, s *Store) {
	ctx := context.Background()
	token, tok, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	if _, err := s.Redeem(ctx, "prj_b", token); !errors.Is(err, ErrNotFound) || !errors.Is(err, project.ErrNotFound) {
		t.Errorf("redeemed through another project: %v", err)
	}
	if err := s.Revoke(ctx, "prj_b", tok.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoked through another project: %v", err)
	}
	if l, _ := s.List(ctx, "prj_b"); len(l) != 0 {
		t.Errorf("another project lists %d tokens", len(l))
	}
	// The failed attempts left the token untouched.
	if got, err := s.Redeem(ctx, "prj_a", token); err != nil || got.RevokedAt != nil {
		t.Errorf("token after another project's attempts: %+v %v", got, err)
	}
	if _, _, err := s.Issue(ctx, "prj_nope", Presets{}, 0); !errors.Is(err, ErrNotFound) {
		t.Errorf("issue for an unknown project: %v", err)
	}
}

func testSealed(t *testing.T, d *db.DB, s *Store) {
	ctx := context.Background()
	token, tok, _ := s.Issue(ctx, "prj_a", Presets{Email: "sealed.person@example.org", UserID: "plain-user-id"}, 0)
	var hash, presets []byte
	err := d.Read.QueryRowContext(ctx, d.Rebind(`SELECT token_hash, presets FROM liveform_tokens WHERE id = ?`), tok.ID).Scan(&hash, &presets)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(presets, []byte("sealed.person")) || bytes.Contains(presets, []byte("plain-user-id")) {
		t.Error("presets stored in clear")
	}
	if bytes.Contains(hash, []byte(token[4:])) || !bytes.Equal(hash, hashToken(token)) {
		t.Error("token not stored as its hash")
	}
	// Sealed presets moved to another token's row do not open.
	_, other, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	_, err = d.Write.ExecContext(ctx, d.Rebind(`UPDATE liveform_tokens SET presets = ? WHERE id = ?`), presets, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.List(ctx, "prj_a"); !errors.Is(err, crypto.ErrDecrypt) {
		t.Errorf("moved presets: %v", err)
	}
	d.Write.ExecContext(ctx, d.Rebind(`DELETE FROM liveform_tokens WHERE id = ?`), other.ID)
}

func testBadInput(t *testing.T, s *Store) {
	ctx := context.Background()
	for _, ttl := range []time.Duration{-time.Hour, 59 * time.Second, MaxTTL + time.Millisecond} {
		if _, _, err := s.Issue(ctx, "prj_a", Presets{}, ttl); !errors.Is(err, ErrBadTTL) {
			t.Errorf("ttl %v: %v", ttl, err)
		}
	}
	if _, _, err := s.Issue(ctx, "prj_a", Presets{}, MaxTTL); err != nil {
		t.Errorf("ttl %v: %v", MaxTTL, err)
	}
	for _, p := range []Presets{{Email: strings.Repeat("a", maxPreset+1)}, {CF3: "\xff"}} {
		if _, _, err := s.Issue(ctx, "prj_a", p, 0); !errors.Is(err, ErrBadPresets) {
			t.Errorf("presets %+v: %v", p, err)
		}
	}
	token, _, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
	for _, bad := range []string{"", "lft_", "nonsense", token[:len(token)-1], token + "a", "lft_" + strings.Repeat("0", len(token)-4),
		"lft_" + strings.Repeat("a", len(token)-4)} {
		if _, err := s.Redeem(ctx, "prj_a", bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("token %q: %v", bad, err)
		}
	}
}

// testConcurrentFirstUse redeems one token from many goroutines, each at
// its own time: they must all see the one first use that won.
func testConcurrentFirstUse(t *testing.T, d *db.DB, keys *crypto.Keyring) {
	ctx := context.Background()
	var tick atomic.Int64
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	s := NewStore(d, keys, func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Millisecond) })
	token, _, err := s.Issue(ctx, "prj_a", Presets{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	got := make([]Token, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { got[i], errs[i] = s.Redeem(ctx, "prj_a", token) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || got[i].FirstUsedAt == nil || !got[i].FirstUsedAt.Equal(*got[0].FirstUsedAt) {
			t.Fatalf("redeem %d: %+v %v (first: %+v)", i, got[i], errs[i], got[0].FirstUsedAt)
		}
	}
}

// Tokens that stopped working are deleted a week later, presets and all;
// working ones stay.
func TestPurge(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
		s := NewStore(d, testenv.Keyring(t), func() time.Time { return clock })
		dbtest.InsertProject(t, d, "prj_a")
		_, revoked, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
		s.Revoke(ctx, "prj_a", revoked.ID)
		used, _, _ := s.Issue(ctx, "prj_a", Presets{}, 0)
		s.Redeem(ctx, "prj_a", used)
		s.Issue(ctx, "prj_a", Presets{}, time.Hour) // expires unused
		s.Issue(ctx, "prj_a", Presets{}, MaxTTL)    // still valid then
		clock = clock.Add(KeepAfterEnd - time.Minute)
		if n, err := s.Purge(ctx); err != nil || n != 0 {
			t.Errorf("purge inside the week: %d %v", n, err)
		}
		clock = clock.Add(2 * time.Hour)
		if n, err := s.Purge(ctx); err != nil || n != 3 {
			t.Errorf("purge after the week: %d %v", n, err)
		}
		if list, _ := s.List(ctx, "prj_a"); len(list) != 1 || list[0].State(clock) != StateUnused {
			t.Errorf("left: %+v", list)
		}
	})
}
