package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"
)

// TestDatabaseEnv names the PostgreSQL database the tests use; `make test`
// starts a throwaway cluster and sets it (scripts/pgtest.sh).
const TestDatabaseEnv = "OPENKYC_TEST_DATABASE_URL"

// testConfig is a fresh, empty database of the dialect: a temporary
// directory for SQLite, a schema of its own for PostgreSQL, dropped when
// the test ends.
func testConfig(t *testing.T, d Dialect) Config {
	t.Helper()
	if d == SQLite {
		return Config{DataDir: t.TempDir()}
	}
	base := os.Getenv(TestDatabaseEnv)
	if base == "" {
		t.Skipf("%s is not set: `make test` runs the PostgreSQL tests on a throwaway cluster", TestDatabaseEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("t%d", time.Now().UnixNano())
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return Config{URL: u.String()}
}
