// Package jobs runs background work — document and face analysis, the
// incomplete-timeout sweep, webhook delivery, retention purges — with
// River, on the same database as everything else: River's SQLite driver
// on SQLite, its database/sql driver on PostgreSQL. A job inserted in the
// transaction that records a change runs if and only if the change
// commits.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"openkyc/internal/db"
)

// Client is River's client over our transactions.
type Client = river.Client[*sql.Tx]

// Config tunes the job runner.
type Config struct {
	// Workers is how many jobs run at once; 0 means 4.
	Workers int
	// PollInterval is how often new jobs are looked for; 0 means 20 ms.
	// River also checks its own notification table every 50 ms on
	// SQLite; a short poll saves ~40 ms per job for ~20 ms of CPU per
	// second when idle (bench e2e).
	PollInterval time.Duration
	// RescueAfter is how long a job may stay running before it is taken
	// for lost (its process died) and run again; 0 means 5 minutes. A job
	// is cancelled after half of it, at most a minute, so that a live
	// one is never run twice.
	RescueAfter time.Duration
	// Periodic jobs: the timeout sweeper, the retention purge.
	Periodic []*river.PeriodicJob
	Logger   *slog.Logger
}

func driver(d *db.DB) riverdriver.Driver[*sql.Tx] {
	if d.Dialect == db.Postgres {
		return riverdatabasesql.New(d.Write)
	}
	// SQLite: River shares our single writer connection, which its driver
	// recommends (SQLite allows one writer at a time anyway).
	return riversqlite.New(d.Write)
}

// Migrate brings River's own tables up to date (beside db.Migrate).
func Migrate(ctx context.Context, d *db.DB) error {
	m, err := rivermigrate.New(driver(d), nil)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}

// New migrates River's tables and returns a client that works the given
// workers once started (Start); a client with no workers only inserts.
func New(ctx context.Context, d *db.DB, workers *river.Workers, cfg Config) (*Client, error) {
	if err := Migrate(ctx, d); err != nil {
		return nil, err
	}
	rc := &river.Config{Logger: cfg.Logger, PeriodicJobs: cfg.Periodic}
	if workers != nil {
		n := cfg.Workers
		if n <= 0 {
			n = 4
		}
		poll := cfg.PollInterval
		if poll <= 0 {
			poll = 20 * time.Millisecond
		}
		rc.Queues = map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}}
		rc.Workers = workers
		rc.FetchPollInterval = poll
		rc.FetchCooldown = min(poll, 100*time.Millisecond)
		rescue := cfg.RescueAfter
		if rescue <= 0 {
			rescue = 5 * time.Minute
		}
		rc.RescueStuckJobsAfter = rescue
		rc.JobTimeout = min(rescue/2, time.Minute)
	}
	c, err := river.NewClient(driver(d), rc)
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	return c, nil
}
