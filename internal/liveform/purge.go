package liveform

import (
	"context"
	"database/sql"
	"time"

	"github.com/riverqueue/river"
)

// KeepAfterEnd is how long a token stays listed after it stopped working
// (expired unused, its use window over, or revoked), for the integrator
// to see what happened; then it and its sealed presets are deleted.
const KeepAfterEnd = 7 * 24 * time.Hour

// Purge deletes the tokens that stopped working — revoked, expired
// unused, or past their use window — more than KeepAfterEnd ago, and
// returns how many.
func (s *Store) Purge(ctx context.Context) (int, error) {
	cutoff := s.clock().Add(-KeepAfterEnd).UnixMilli()
	var n int64
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`DELETE FROM liveform_tokens WHERE revoked_at < ?
			OR (first_used_at IS NULL AND expires_at < ?) OR first_used_at < ?`),
			cutoff, cutoff, cutoff-UseWindow.Milliseconds())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// PurgeArgs is the periodic purge job.
type PurgeArgs struct{}

// Kind names the job.
func (PurgeArgs) Kind() string { return "purge_liveform_tokens" }

// Purger is the purge job's worker.
type Purger struct {
	river.WorkerDefaults[PurgeArgs]
	Store *Store
}

// Work purges.
func (w *Purger) Work(ctx context.Context, _ *river.Job[PurgeArgs]) error {
	_, err := w.Store.Purge(ctx)
	return err
}

// PurgeJob runs the purge hourly.
func PurgeJob() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return PurgeArgs{}, nil }, nil)
}
