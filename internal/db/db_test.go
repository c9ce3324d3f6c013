package db_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

func TestMigratePostgres(t *testing.T) {
	ctx := context.Background()
	cfg := dbtest.Config(t, db.Postgres)
	for range 2 { // the second run has nothing to do
		d, err := db.Open(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		latest, _ := db.LatestVersion(db.Postgres)
		if v, err := d.Version(ctx); err != nil || v != latest {
			t.Fatalf("version %d, %v; want %d", v, err, latest)
		}
		var n int
		if err := d.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM submission_events`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		d.Close()
	}
}

func TestOpenMigrates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, db.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	latest, _ := db.LatestVersion(db.SQLite)
	if v, err := d.Version(ctx); err != nil || v != latest {
		t.Fatalf("version %d, %v; want %d", v, err, latest)
	}
	for _, table := range []string{"projects", "api_keys", "users", "memberships", "submissions", "submission_events", "audit_log"} {
		var n int
		if err := d.Read.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var mode string
	if err := d.Read.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal mode %q, %v", mode, err)
	}
	if info, err := os.Stat(filepath.Join(dir, db.FileName)); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("database file: %v %v", info.Mode(), err)
	}
	d.Close()
	// Again: nothing to do, nothing lost.
	d2, err := db.Open(ctx, db.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	if v, _ := d2.Version(ctx); v != latest {
		t.Errorf("version after reopening: %d", v)
	}
}

func TestNewerDatabaseRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, db.Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (999, 'future', 'x')`); err != nil {
		t.Fatal(err)
	}
	d.Close()
	if _, err := db.Open(ctx, db.Config{DataDir: dir}); err == nil || !strings.Contains(err.Error(), "upgrade openkyc") {
		t.Errorf("a newer schema was accepted: %v", err)
	}
}

func TestInTx(t *testing.T) { dbtest.ForEach(t, testInTx) }

func testInTx(t *testing.T, d *db.DB) {
	ctx := context.Background()
	insert := func(tx *sql.Tx, id string) error {
		_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO projects (id, name, options, created_at) VALUES (?, 'p', '{}', 1)`), id)
		return err
	}
	boom := errors.New("boom")
	if err := d.InTx(ctx, func(tx *sql.Tx) error { insert(tx, "p1"); return boom }); !errors.Is(err, boom) {
		t.Fatalf("error not returned: %v", err)
	}
	func() {
		defer func() { recover() }()
		d.InTx(ctx, func(tx *sql.Tx) error { insert(tx, "p2"); panic("crash") })
	}()
	if err := d.InTx(ctx, func(tx *sql.Tx) error { return insert(tx, "p3") }); err != nil {
		t.Fatal(err)
	}
	var n int
	d.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&n)
	if n != 1 {
		t.Errorf("%d projects, want only the committed one", n)
	}
	// Foreign keys are enforced.
	err := d.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO api_keys (id, project_id, prefix, hash, created_at) VALUES ('k', 'nope', 'pre', ?, 1)`), []byte{0})
		return err
	})
	if err == nil {
		t.Error("an API key of a missing project was stored")
	}
}

func TestRebindAndURLs(t *testing.T) {
	pg := &db.DB{Dialect: db.Postgres}
	if got := pg.Rebind(`SELECT a FROM t WHERE b = ? AND c = ?`); got != `SELECT a FROM t WHERE b = $1 AND c = $2` {
		t.Errorf("rebind: %s", got)
	}
	if got := (&db.DB{Dialect: db.SQLite}).Rebind(`x = ?`); got != `x = ?` {
		t.Errorf("sqlite rebind: %s", got)
	}
	ctx := context.Background()
	if _, err := db.Open(ctx, db.Config{URL: "postgres://u:secret@127.0.0.1:1/db?connect_timeout=1"}); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("unreachable postgres: %v", err)
	}
	if _, err := db.Open(ctx, db.Config{URL: "mysql://u:secret@h/db"}); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("unsupported URL: %v", err)
	}
}
