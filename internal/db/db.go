// Package db opens the database — SQLite in the data directory by
// default, PostgreSQL when a URL is given — runs the embedded migrations
// and runs transactions. The stores of each domain write their SQL next
// to their code and run it through DB; the dialect tells them which
// placeholder style to use (Rebind).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver
)

// Dialect is the SQL flavour of a DB.
type Dialect string

// Dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// FileName is the SQLite database file in the data directory.
const FileName = "openkyc.db"

// DB is an open database. For SQLite it holds one writer connection
// (SQLite serialises writers anyway; one connection avoids busy errors
// between our own writers) and a pool of readers, which WAL lets run
// beside the writer.
type DB struct {
	Dialect Dialect
	// Write is for transactions and writes; Read for queries.
	Write, Read *sql.DB
}

// Config says which database to open.
type Config struct {
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// URL is a postgres:// URL (OPENKYC_DATABASE_URL); empty means SQLite.
	URL string
	// Readers is the SQLite read pool size; 0 means 4.
	Readers int
}

// Open opens the database and brings its schema up to date.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	var d *DB
	var err error
	switch {
	case cfg.URL == "":
		d, err = openSQLite(ctx, cfg)
	case strings.HasPrefix(cfg.URL, "postgres://"), strings.HasPrefix(cfg.URL, "postgresql://"):
		d, err = openPostgres(ctx, cfg.URL)
	default:
		return nil, fmt.Errorf("db: unsupported database URL scheme in %q", redact(cfg.URL))
	}
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func openSQLite(ctx context.Context, cfg Config) (*DB, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	path := filepath.Join(cfg.DataDir, FileName)
	// busy_timeout: a reader meeting a checkpoint waits rather than fails;
	// synchronous NORMAL is durable in WAL mode up to the last checkpointed
	// transaction and much faster than FULL.
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite", dsn+"&mode=ro")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("db: %w", err)
	}
	n := cfg.Readers
	if n <= 0 {
		n = 4
	}
	r.SetMaxOpenConns(n)
	d := &DB{Dialect: SQLite, Write: w, Read: r}
	if err := w.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: open %s: %w", path, err)
	}
	// The file is personal data's home: private.
	if err := os.Chmod(path, 0o600); err != nil {
		d.Close()
		return nil, fmt.Errorf("db: %w", err)
	}
	return d, nil
}

// openPostgres opens one pool for reads and writes: PostgreSQL runs
// writers concurrently.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("db: %w", err)
	}
	p.SetMaxOpenConns(16)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return nil, fmt.Errorf("db: connect to %s: %w", redact(url), err)
	}
	return &DB{Dialect: Postgres, Write: p, Read: p}, nil
}

// Querier runs queries: a pool or a transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Close closes the pools.
func (d *DB) Close() error {
	if d.Read == d.Write {
		return d.Write.Close()
	}
	return errors.Join(d.Write.Close(), d.Read.Close())
}

// Ping checks that the database answers (readiness).
func (d *DB) Ping(ctx context.Context) error { return d.Write.PingContext(ctx) }

// InTx runs fn in a write transaction, committing when it returns nil and
// rolling back otherwise (and on panic, which it re-raises).
func (d *DB) InTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("db: commit: %w", err)
	}
	return nil
}

// Rebind turns the '?' placeholders of a query into the dialect's: $1, $2…
// for PostgreSQL. Queries must not hold '?' elsewhere (in a string).
func (d *DB) Rebind(q string) string {
	if d.Dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// redact hides a URL's password for messages and logs.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
