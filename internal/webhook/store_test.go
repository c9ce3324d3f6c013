package webhook

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/testenv"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	keys := testenv.Keyring(t)
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
	if list, err := s.List(ctx, "prj_a"); err != nil || len(list) != 1 || list[0].secret != "" {
		t.Errorf("list: %+v %v", list, err)
	}
	a := DeliverArgs{ProjectID: "prj_a", SubmissionID: "sub_1", EndpointID: e.ID, EventID: "evt_1", Type: Created,
		Payload: []byte(`{"id":"evt_1"}`)}
	if err := s.Log(ctx, a, Delivery{EndpointID: e.ID, EventID: "evt_1", EventType: Created, Attempt: 1, At: s.now(), StatusCode: 500,
		Error: "HTTP 500"}, nil); err != nil {
		t.Fatal(err)
	}
	log, err := s.Deliveries(ctx, "prj_a", "sub_1")
	if err != nil || len(log) != 1 || log[0].ID == "" || log[0].StatusCode != 500 {
		t.Fatalf("deliveries: %+v %v", log, err)
	}
	if l, _ := s.Deliveries(ctx, "prj_b", "sub_1"); len(l) != 0 {
		t.Errorf("another project sees the log: %+v", l)
	}
	// Resend needs a job client; here only its refusals.
	for _, id := range []string{"x", "999999"} {
		if err := s.Resend(ctx, nil, "prj_a", id); !errors.Is(err, ErrNoDelivery) {
			t.Errorf("resend %q: %v", id, err)
		}
	}
	if err := s.Resend(ctx, nil, "prj_b", log[0].ID); !errors.Is(err, ErrNoDelivery) {
		t.Errorf("resend of another project's delivery: %v", err)
	}
	if err := s.Disable(ctx, "prj_b", e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("disable by another project: %v", err)
	}
	if err := s.Disable(ctx, "prj_a", e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "prj_a", e.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("disabled endpoint still active: %v", err)
	}
	if err := s.Resend(ctx, nil, "prj_a", log[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("resend to a disabled endpoint: %v", err)
	}
}
