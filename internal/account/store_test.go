package account

import (
	"context"
	"errors"
	"testing"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

func TestStore(t *testing.T) { dbtest.ForEach(t, testStore) }

func testStore(t *testing.T, d *db.DB) {
	ctx := context.Background()
	s := NewStore(d, nil)
	u, err := s.Create(ctx, " Reviewer@Example.COM ", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "reviewer@example.com" {
		t.Errorf("email %q", u.Email)
	}
	if _, err := s.Create(ctx, "reviewer@example.com", "another password"); !errors.Is(err, ErrExists) {
		t.Errorf("duplicate: %v", err)
	}
	for _, bad := range []string{"", "not an address", "Name <a@b.c>"} {
		if _, err := s.Create(ctx, bad, "correct horse battery"); !errors.Is(err, ErrBadEmail) {
			t.Errorf("email %q: %v", bad, err)
		}
	}
	if _, err := s.Create(ctx, "weak@example.com", "short"); !errors.Is(err, ErrWeakPassword) {
		t.Errorf("weak password: %v", err)
	}
	if got, err := s.Login(ctx, "REVIEWER@example.com", "correct horse battery"); err != nil || got.ID != u.ID {
		t.Errorf("login: %+v %v", got, err)
	}
	for _, c := range [][2]string{{"reviewer@example.com", "wrong password!"}, {"nobody@example.com", "correct horse battery"}, {"", ""}} {
		if _, err := s.Login(ctx, c[0], c[1]); !errors.Is(err, ErrBadLogin) {
			t.Errorf("login %q: %v", c[0], err)
		}
	}
	if err := s.SetPassword(ctx, u.ID, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(ctx, u.Email, "correct horse battery"); !errors.Is(err, ErrBadLogin) {
		t.Error("old password still works")
	}
	if _, err := s.Login(ctx, u.Email, "a brand new passphrase"); err != nil {
		t.Errorf("new password: %v", err)
	}
	// Roles in a project.
	dbtest.InsertProject(t, d, "prj_1")
	if _, err := s.RoleIn(ctx, u.ID, "prj_1"); !errors.Is(err, ErrNotAMember) {
		t.Errorf("role before joining: %v", err)
	}
	if err := s.SetRole(ctx, u.ID, "prj_1", Owner); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRole(ctx, u.ID, "prj_1", Reviewer); !errors.Is(err, ErrLastOwnerGone) {
		t.Errorf("last owner demoted: %v", err)
	}
	v, _ := s.Create(ctx, "second@example.com", "correct horse battery")
	s.SetRole(ctx, v.ID, "prj_1", Owner)
	if err := s.SetRole(ctx, u.ID, "prj_1", Reviewer); err != nil {
		t.Errorf("demote with another owner: %v", err)
	}
	if r, _ := s.RoleIn(ctx, u.ID, "prj_1"); r != Reviewer {
		t.Errorf("role %q", r)
	}
	if err := s.SetRole(ctx, u.ID, "prj_1", "god"); !errors.Is(err, ErrBadRole) {
		t.Errorf("unknown role: %v", err)
	}
}
