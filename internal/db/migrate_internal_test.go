package db

import "testing"

// Both dialects have the same migrations, numbered from 1 without gaps.
func TestMigrationFiles(t *testing.T) {
	s, err := migrations(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := migrations(Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(s) != len(p) {
		t.Fatalf("%d SQLite migrations, %d PostgreSQL", len(s), len(p))
	}
	for i := range s {
		if s[i].name != p[i].name {
			t.Errorf("migration %d: %s vs %s", i+1, s[i].name, p[i].name)
		}
	}
}
