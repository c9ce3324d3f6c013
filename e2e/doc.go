// Package e2e is the end-to-end suite: it builds the real openkyc binary,
// starts `openkyc serve` on a temporary data directory with the real
// models, and drives it only through HTTP (and the `openkyc admin` CLI, as
// an operator would), once on SQLite and once on PostgreSQL
// (OPENKYC_TEST_DATABASE_URL, as for the store tests; skipped when unset).
//
//	OPENKYC_MODELS=$PWD/var/models OMP_THREAD_LIMIT=1 go test -count=1 -v ./e2e/
//
// Beyond HTTP the suite reads the data directory and the database
// directly only to prove what the API cannot show: that a deleted
// submission's files and personal data are really gone.
package e2e
