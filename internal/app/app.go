// Package app is the composition root: configuration → database → keys →
// blobs → engine → stores and services → jobs → HTTP. `openkyc serve`
// runs it.
package app

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/riverqueue/river"

	"openkyc/internal/account"
	"openkyc/internal/blob"
	"openkyc/internal/config"
	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/engine"
	"openkyc/internal/httpapi"
	"openkyc/internal/ids"
	"openkyc/internal/jobs"
	"openkyc/internal/kyc"
	"openkyc/internal/liveform"
	"openkyc/internal/metrics"
	"openkyc/internal/project"
	"openkyc/internal/submission"
	"openkyc/internal/webhook"
)

// App is a running server's parts.
type App struct {
	cfg      config.Config
	log      *slog.Logger
	db       *db.DB
	engine   *engine.Engine
	jobs     *jobs.Client
	handler  http.Handler
	Projects *project.Store
	Accounts *account.Store
}

// New opens and wires everything. On a database without any project it
// creates a default project and its owner and prints, one per line,
// Dashboard:, Login:, Password:, API key: and Liveform: to out — what a
// newcomer needs, shown once.
func New(ctx context.Context, cfg config.Config, out io.Writer, log *slog.Logger) (*App, error) {
	log.Info("starting", "config", cfg)
	d, err := db.Open(ctx, db.Config{DataDir: cfg.DataDir, URL: cfg.DatabaseURL})
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: log, db: d}
	if err := a.wire(ctx, out); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) wire(ctx context.Context, out io.Writer) error {
	master, err := crypto.LoadMasterKey(a.cfg.MasterKey, a.cfg.DataDir, a.log)
	if err != nil {
		return err
	}
	keys, err := crypto.NewKeyring(master)
	if err != nil {
		return err
	}
	blobs, err := blob.Open(ctx, a.cfg.BlobURL, filepath.Join(a.cfg.DataDir, "blobs"), keys)
	if err != nil {
		return err
	}
	var analyzer submission.Analyzer
	if a.runsJobs() {
		if a.engine, err = engine.New(ctx, engine.Config{ModelsDir: a.cfg.Models}); err != nil {
			return err
		}
		analyzer = a.engine
	}
	a.Projects = project.NewStore(a.db, nil)
	a.Accounts = account.NewStore(a.db, nil)
	hooks := webhook.NewStore(a.db, keys, nil)
	svc := submission.NewService(submission.NewStore(a.db, keys, nil), a.Projects, blobs, analyzer, nil)
	svc.SetWebhooks(hooks)
	m := metrics.New()
	svc.SetMetrics(m)
	jc := jobs.Config{RescueAfter: a.cfg.JobRescueAfter, Logger: a.log}
	var workers *river.Workers
	tokens := liveform.NewStore(a.db, keys, nil)
	if a.runsJobs() {
		workers = svc.Workers()
		river.AddWorker(workers, &webhook.Deliverer{Store: hooks, Client: webhook.NewClient(a.cfg.WebhookAllowPrivate)})
		river.AddWorker(workers, &liveform.Purger{Store: tokens})
		jc.Periodic = append(submission.PeriodicJobs(a.cfg.SweepInterval), liveform.PurgeJob())
	}
	if a.jobs, err = jobs.New(ctx, a.db, workers, jc); err != nil {
		return err
	}
	svc.SetJobs(a.jobs)
	api := httpapi.New(httpapi.Deps{DB: a.db, Keys: keys, Projects: a.Projects, Submissions: svc, Webhooks: hooks, Jobs: a.jobs,
		Liveform: tokens, Metrics: m, Ready: ready(a.db, blobs), Log: a.log})
	if a.cfg.Role == config.RoleWorker {
		a.handler = api.Operations() // health and metrics only: no API on a worker
		return nil
	}
	a.handler = api
	return a.bootstrap(ctx, out)
}

// ready is what /readyz checks: the database answers, and the S3 bucket
// when images are kept there. (The models are loaded before serving.)
func ready(d *db.DB, blobs blob.Store) func(context.Context) error {
	return func(ctx context.Context) error {
		if err := d.Ping(ctx); err != nil {
			return err
		}
		if p, ok := blobs.(interface{ Ping(context.Context) error }); ok {
			return p.Ping(ctx)
		}
		return nil
	}
}

// runsJobs reports whether this process works the job queue (and so
// loads the models).
func (a *App) runsJobs() bool { return a.cfg.Role != config.RoleAPI }

// ownerEmail is the login of the owner the first start creates.
const ownerEmail = "admin@openkyc.local"

// bootstrap creates the default project, its API key and its owner when
// the database has no project yet.
func (a *App) bootstrap(ctx context.Context, out io.Writer) error {
	var n int
	if err := a.db.Read.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	p, err := a.Projects.Create(ctx, "Default project", kyc.DefaultPolicy())
	if err != nil {
		return err
	}
	key, _, err := a.Projects.CreateKey(ctx, p.ID, "default")
	if err != nil {
		return err
	}
	password := ids.New("pw")[3:]
	u, err := a.Accounts.Create(ctx, ownerEmail, password)
	if err != nil {
		return err
	}
	if err := a.Accounts.SetRole(ctx, u.ID, p.ID, account.Owner); err != nil {
		return err
	}
	base := "http://" + a.cfg.Addr
	fmt.Fprintf(out, "Dashboard: %s/dashboard\nLogin: %s\nPassword: %s\nAPI key: %s\nLiveform: %s%s\n",
		base, ownerEmail, password, key, base, liveform.Path(p.ID))
	return nil
}

// Serve answers HTTP on ln and works jobs until ctx ends, then shuts down
// gracefully: requests in flight finish, running jobs get their time.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	if a.runsJobs() {
		if err := a.jobs.Start(ctx); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: a.handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("listening", "addr", ln.Addr().String(), "role", cmp.Or(a.cfg.Role, config.RoleAll))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if !a.runsJobs() {
		return err
	}
	if jerr := a.jobs.Stop(shutdown); jerr != nil && !errors.Is(jerr, context.Canceled) {
		err = errors.Join(err, jerr)
	}
	return err
}

// Close frees the engine and the database.
func (a *App) Close() error {
	var errs []error
	if a.engine != nil {
		errs = append(errs, a.engine.Close())
	}
	return errors.Join(append(errs, a.db.Close())...)
}
