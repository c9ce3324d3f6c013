// Package dbtest gives tests a fresh, migrated database of each dialect:
// SQLite in a temporary directory, and PostgreSQL in a schema of its own
// on the cluster `make test` starts (OPENKYC_TEST_DATABASE_URL).
package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"openkyc/internal/db"
)

// Env names the PostgreSQL database the tests use; scripts/pgtest.sh
// prints it.
const Env = "OPENKYC_TEST_DATABASE_URL"

var seq atomic.Int64

// Config is a fresh, empty database of the dialect, dropped when the test
// ends. Without Env, PostgreSQL tests skip and say how to run them.
func Config(t testing.TB, d db.Dialect) db.Config {
	t.Helper()
	if d == db.SQLite {
		return db.Config{DataDir: t.TempDir()}
	}
	base := os.Getenv(Env)
	if base == "" {
		t.Skipf("%s is not set: `make test` runs the PostgreSQL tests on a throwaway cluster", Env)
	}
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano(), seq.Add(1))
	exec := func(q string) error {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.ExecContext(context.Background(), q)
		return err
	}
	if err := exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return db.Config{URL: u.String()}
}

// Open opens a fresh, migrated database of the dialect.
func Open(t testing.TB, d db.Dialect) *db.DB {
	t.Helper()
	h, err := db.Open(context.Background(), Config(t, d))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

// ForEach runs fn as a subtest on SQLite and on PostgreSQL.
func ForEach(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) { fn(t, Open(t, d)) })
	}
}

// InsertProject adds a bare project row, for store tests that need one to
// hang their rows on.
func InsertProject(t testing.TB, d *db.DB, id string) {
	t.Helper()
	err := d.InTx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(context.Background(), d.Rebind(`INSERT INTO projects (id, name, options, created_at) VALUES (?, 'test', '{}', 1)`), id)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
