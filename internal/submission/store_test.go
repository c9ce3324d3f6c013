package submission

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/kyc"
	"openkyc/internal/testenv"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	keys := testenv.Keyring(t)
	clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	s := NewStore(d, keys, func() time.Time { return clock })
	dbtest.InsertProject(t, d, "prj_a")
	dbtest.InsertProject(t, d, "prj_b")
	a := Applicant{UserID: "user-77", Email: "Hong@Example.com", Name: "HONG GILDONG", BirthDate: "1985-03-12"}
	thenRan := false
	sub, err := s.Create(ctx, "prj_a", "key:abc", a, nil, func(*sql.Tx, *Submission, Event) error { thenRan = true; return nil })
	if err != nil || !thenRan {
		t.Fatalf("create: %v, then ran %v", err, thenRan)
	}
	got, err := s.Get(ctx, "prj_a", sub.ID)
	if err != nil || got.Personal.Applicant != a || got.State.Status != kyc.Incomplete || got.State.Stage != kyc.AwaitingID {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if _, err := s.Get(ctx, "prj_b", sub.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("another project sees the submission: %v", err)
	}
	// At rest: no personal data in clear.
	var personal []byte
	d.Read.QueryRowContext(ctx, d.Rebind(`SELECT personal FROM submissions WHERE id = ?`), sub.ID).Scan(&personal)
	for _, secret := range []string{"GILDONG", "1985-03-12", "example.com", "user-77"} {
		if bytes.Contains(personal, []byte(secret)) {
			t.Errorf("%q stored in clear", secret)
		}
	}
	// A change, its event and audit record, and a follow-up that fails:
	// nothing of it is kept.
	boom := errors.New("enqueue failed")
	_, err = s.Update(ctx, "prj_a", sub.ID, "worker", func(x *Submission) (Event, error) {
		x.State.Stage = kyc.AwaitingSelfie
		return Event{Kind: "id_submitted"}, nil
	}, func(*sql.Tx, *Submission, Event) error { return boom })
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "prj_a", sub.ID); got.State.Stage != kyc.AwaitingID {
		t.Error("a change whose follow-up failed was kept")
	}
	clock = clock.Add(time.Minute)
	doc := kyc.Document{Type: kyc.Passport, Country: "KOR", BirthDate: &kyc.Date{Year: 1985, Month: 3, Day: 12}, ExpiryDate: &kyc.Date{Year: 2030, Month: 1, Day: 1}}
	upd, err := s.Update(ctx, "prj_a", sub.ID, "worker", func(x *Submission) (Event, error) {
		tr, err := x.State.SubmitID(kyc.DefaultPolicy(), doc, clock)
		if err != nil {
			return Event{}, err
		}
		x.State, x.Result.Checks = tr.State, tr.Checks
		x.Personal.Fields = map[string]string{"surname": "HONG", "birth_date": "1985-03-12"}
		return Event{Kind: "id_submitted"}, nil
	}, nil)
	if err != nil || upd.State.Stage != kyc.AwaitingSelfie {
		t.Fatalf("update: %+v %v", upd, err)
	}
	if got, _ := s.Get(ctx, "prj_a", sub.ID); got.Personal.Fields["surname"] != "HONG" || len(got.Result.Checks) == 0 || !got.UpdatedAt.Equal(clock) {
		t.Errorf("after update: %+v", got)
	}
	if _, err := s.Update(ctx, "prj_b", sub.ID, "x", func(*Submission) (Event, error) { return Event{Kind: "x"}, nil }, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("another project changed it: %v", err)
	}
	events, err := s.Events(ctx, "prj_a", sub.ID)
	if err != nil || len(events) != 2 || events[0].Kind != "created" || events[1].Kind != "id_submitted" {
		t.Errorf("events: %+v %v", events, err)
	}
	var audits int
	d.Read.QueryRowContext(ctx, d.Rebind(`SELECT COUNT(*) FROM audit_log WHERE target = ?`), sub.ID).Scan(&audits)
	if audits != 2 {
		t.Errorf("%d audit records, want 2", audits)
	}
	// Lookups by e-mail (any case) and user id, within the project only.
	if l, _, _ := s.List(ctx, "prj_a", Filter{Email: " hong@example.COM "}); len(l) != 1 || l[0].ID != sub.ID {
		t.Errorf("by e-mail: %d", len(l))
	}
	if l, _, _ := s.List(ctx, "prj_b", Filter{UserID: "user-77"}); len(l) != 0 {
		t.Error("lookup crossed projects")
	}
	// Delete wipes personal data and keeps the skeleton.
	if err := s.Delete(ctx, "prj_a", sub.ID, "user:u1", nil); err != nil {
		t.Fatal(err)
	}
	got, err = s.Get(ctx, "prj_a", sub.ID)
	if err != nil || !got.Deleted || got.Personal.Applicant != (Applicant{}) || got.Personal.Fields != nil || got.State.Stage != kyc.AwaitingSelfie {
		t.Errorf("after delete: %+v %v", got, err)
	}
	var p, ei []byte
	d.Read.QueryRowContext(ctx, d.Rebind(`SELECT personal, email_index FROM submissions WHERE id = ?`), sub.ID).Scan(&p, &ei)
	if p != nil || ei != nil {
		t.Error("personal data or its index left after delete")
	}
	if l, _, _ := s.List(ctx, "prj_a", Filter{Email: "hong@example.com"}); len(l) != 0 {
		t.Error("a deleted submission is still found by e-mail")
	}
	if err := s.Delete(ctx, "prj_a", sub.ID, "user:u1", nil); !errors.Is(err, ErrDeleted) {
		t.Errorf("second delete: %v", err)
	}
}

func TestList(t *testing.T) { dbtest.ForEach(t, testList) }

func testList(t *testing.T, d *db.DB) {
	ctx := context.Background()
	keys := testenv.Keyring(t)
	clock := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	s := NewStore(d, keys, func() time.Time { return clock })
	dbtest.InsertProject(t, d, "prj_a")
	var made []string
	for i := range 7 {
		clock = clock.Add(time.Hour)
		if i == 3 {
			clock = clock.Add(-time.Hour) // two in the same millisecond: the id orders them
		}
		sub, err := s.Create(ctx, "prj_a", "t", Applicant{UserID: map[bool]string{true: "even", false: "odd"}[i%2 == 0]}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, sub.ID)
	}
	var seen []string
	cursor := ""
	for page := 0; ; page++ {
		l, next, err := s.List(ctx, "prj_a", Filter{Limit: 3, Cursor: cursor})
		if err != nil || page > 5 {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, sub := range l {
			seen = append(seen, sub.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	got, want := slices.Sorted(slices.Values(seen)), slices.Sorted(slices.Values(made))
	if !slices.Equal(got, want) {
		t.Fatalf("paged through %v, made %v", seen, made)
	}
	if l, _, _ := s.List(ctx, "prj_a", Filter{UserID: "even"}); len(l) != 4 {
		t.Errorf("by user id: %d, want 4", len(l))
	}
	from := time.Date(2026, 11, 1, 5, 0, 0, 0, time.UTC)
	if l, _, _ := s.List(ctx, "prj_a", Filter{From: from}); len(l) != 2 {
		t.Errorf("from %s: %d, want 2 (05:00 and 06:00)", from, len(l))
	}
	if l, _, _ := s.List(ctx, "prj_a", Filter{Status: kyc.Approved}); len(l) != 0 {
		t.Errorf("approved: %d", len(l))
	}
	for _, bad := range []string{"x", "bm90IGEgY3Vyc29y", encodeCursor(1, "prj_x")} {
		if _, _, err := s.List(ctx, "prj_a", Filter{Cursor: bad}); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q: %v", bad, err)
		}
	}
}

func TestSeenBefore(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		keys := testenv.Keyring(t)
		clock := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
		s := NewStore(d, keys, func() time.Time { return clock })
		dbtest.InsertProject(t, d, "prj_a")
		dbtest.InsertProject(t, d, "prj_b")
		decide := func(project string, a Applicant, fields map[string]string, status kyc.Status, code kyc.RejectCode) *Submission {
			sub, err := s.Create(ctx, project, "t", a, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			sub, err = s.Update(ctx, project, sub.ID, "t", func(x *Submission) (Event, error) {
				x.Personal.Fields, x.State.Status, x.State.Code = fields, status, code
				return Event{Kind: string(status)}, nil
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return sub
		}
		id := map[string]string{"surname": "Hong", "given_names": "Gildong", "birth_date": "1985-03-12"}
		decide("prj_a", Applicant{Email: "a@example.com", UserID: "u1"}, id, kyc.Approved, "")
		decide("prj_a", Applicant{Email: "r@example.com"}, nil, kyc.Rejected, kyc.TooManyRetry)
		decide("prj_a", Applicant{Email: "d@example.com"}, nil, kyc.Rejected, kyc.DuplicateUser)
		newcomer := func(a Applicant, fields map[string]string) *Submission {
			sub, _ := s.Create(ctx, "prj_a", "t", a, nil, nil)
			sub.Personal.Fields = fields
			return sub
		}
		for name, c := range map[string]struct {
			sub    *Submission
			status kyc.Status
			since  time.Time
			want   bool
		}{
			"same e-mail, other case":       {newcomer(Applicant{Email: " A@Example.com"}, nil), kyc.Approved, time.Time{}, true},
			"same user id":                  {newcomer(Applicant{UserID: "u1"}, nil), kyc.Approved, time.Time{}, true},
			"same identity, name reordered": {newcomer(Applicant{}, map[string]string{"surname": "GILDONG", "given_names": "HONG", "birth_date": "1985-03-12"}), kyc.Approved, time.Time{}, true},
			"same name, other birth date":   {newcomer(Applicant{}, map[string]string{"surname": "Hong", "given_names": "Gildong", "birth_date": "1985-03-13"}), kyc.Approved, time.Time{}, false},
			"approved before the period":    {newcomer(Applicant{Email: "a@example.com"}, nil), kyc.Approved, clock.Add(time.Minute), false},
			"rejected e-mail":               {newcomer(Applicant{Email: "r@example.com"}, nil), kyc.Rejected, clock.Add(-time.Hour), true},
			"rejected as a duplicate: no":   {newcomer(Applicant{Email: "d@example.com"}, nil), kyc.Rejected, time.Time{}, false},
			"nothing to match on":           {newcomer(Applicant{}, nil), kyc.Approved, time.Time{}, false},
		} {
			if got, err := s.SeenBefore(ctx, c.sub, c.status, c.since); err != nil || got != c.want {
				t.Errorf("%s: %v %v, want %v", name, got, err, c.want)
			}
		}
		other, _ := s.Create(ctx, "prj_b", "t", Applicant{Email: "a@example.com"}, nil, nil)
		if got, _ := s.SeenBefore(ctx, other, kyc.Approved, time.Time{}); got {
			t.Error("another project's approval counts")
		}
	})
}

// A key rotation on both databases: personal data resealed, indexes
// recomputed under the new key.
func TestReseal(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		oldKey, newKey := make([]byte, crypto.KeySize), make([]byte, crypto.KeySize)
		newKey[0] = 1
		before, _ := crypto.NewKeyring(oldKey)
		dbtest.InsertProject(t, d, "prj_a")
		s := NewStore(d, before, nil)
		for i := range 3 {
			s.Create(ctx, "prj_a", "t", Applicant{Email: fmt.Sprintf("u%d@example.com", i)}, nil, nil)
		}
		during, _ := crypto.NewKeyring(newKey, oldKey)
		if n, err := NewStore(d, during, nil).Reseal(ctx); err != nil || n != 3 {
			t.Fatalf("reseal: %d %v", n, err)
		}
		after, _ := crypto.NewKeyring(newKey)
		s = NewStore(d, after, nil)
		list, _, err := s.List(ctx, "prj_a", Filter{Email: "u1@example.com"})
		if err != nil || len(list) != 1 || list[0].Personal.Applicant.Email != "u1@example.com" {
			t.Errorf("after the rotation, by e-mail: %v %v", list, err)
		}
	})
}
