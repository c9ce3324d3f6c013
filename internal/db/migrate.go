package db

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered, forward-only schema change.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the dialect's migrations in order. Files are named
// NNNN_name.sql; numbers must be unique and gap-free from 1.
func migrations(d Dialect) ([]migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("db: migration file %q is not NNNN_name.sql", e.Name())
		}
		b, err := fs.ReadFile(migrationFiles, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, name, string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("db: %s migrations: expected version %d, found %d (%s)", d, i+1, m.version, m.name)
		}
	}
	return ms, nil
}

// Migrate applies the migrations not yet applied, each in its own
// transaction with its record in schema_migrations. It is what
// `openkyc migrate` and the server's start run; running it again does
// nothing. A database newer than this binary is refused.
func (d *DB) Migrate(ctx context.Context) error {
	ms, err := migrations(d.Dialect)
	if err != nil {
		return err
	}
	if _, err := d.Write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("db: %w", err)
	}
	current, err := d.Version(ctx)
	if err != nil {
		return err
	}
	if current > len(ms) {
		return fmt.Errorf("db: the database is at schema version %d, this binary knows %d: upgrade openkyc", current, len(ms))
	}
	for _, m := range ms[current:] {
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return fmt.Errorf("db: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// LatestVersion is the schema version this binary brings a database of
// dialect d to.
func LatestVersion(d Dialect) (int, error) {
	ms, err := migrations(d)
	return len(ms), err
}

// Version is the number of the last migration applied.
func (d *DB) Version(ctx context.Context) (int, error) {
	var v sql.NullInt64
	if err := d.Read.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("db: schema version: %w", err)
	}
	return int(v.Int64), nil
}
