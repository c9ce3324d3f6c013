package jobs

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

type echoArgs struct {
	Value string `json:"value"`
}

func (echoArgs) Kind() string { return "test_echo" }

type echoWorker struct {
	river.WorkerDefaults[echoArgs]
	done chan string
}

func (w *echoWorker) Work(ctx context.Context, j *river.Job[echoArgs]) error {
	w.done <- j.Args.Value
	return nil
}

// A job inserted in a transaction runs when the transaction commits, and
// never when it rolls back.
func TestJobInTransaction(t *testing.T) { dbtest.ForEach(t, testJobInTransaction) }

func testJobInTransaction(t *testing.T, d *db.DB) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := &echoWorker{done: make(chan string, 4)}
	workers := river.NewWorkers()
	river.AddWorker(workers, w)
	c, err := New(ctx, d, workers, Config{Workers: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer c.Stop(context.Background())

	boom := errors.New("rolled back")
	err = d.InTx(ctx, func(tx *sql.Tx) error {
		if _, err := c.InsertTx(ctx, tx, echoArgs{"lost"}, nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	err = d.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, d.Rebind(`INSERT INTO projects (id, name, options, created_at) VALUES (?, 'p', '{}', 1)`), "prj_job")
		if err != nil {
			return err
		}
		_, err = c.InsertTx(ctx, tx, echoArgs{"kept"}, nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	select {
	case v := <-w.done:
		if v != "kept" {
			t.Fatalf("ran %q", v)
		}
	case <-ctx.Done():
		t.Fatal("the committed job did not run")
	}
	select {
	case v := <-w.done:
		t.Fatalf("a second job ran: %q", v)
	case <-time.After(300 * time.Millisecond):
	}
}
