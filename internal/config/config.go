// Package config reads the server's settings: defaults, then OPENKYC_*
// environment variables. Secrets never print: Config's LogValue redacts
// them.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is every setting of a server process.
type Config struct {
	// DataDir holds the SQLite database, blobs and the generated master
	// key (OPENKYC_DATA_DIR, default ./data).
	DataDir string
	// Addr is where the HTTP server listens (OPENKYC_ADDR, default
	// 127.0.0.1:8080).
	Addr string
	// DatabaseURL selects PostgreSQL (OPENKYC_DATABASE_URL); empty is
	// SQLite in DataDir.
	DatabaseURL string
	// BlobURL selects an S3-compatible store for images
	// (OPENKYC_BLOB_URL, s3://[ACCESS:SECRET@]HOST[:PORT]/BUCKET[/PREFIX]
	// [?tls=false]); empty is DataDir/blobs. Several machines need it.
	BlobURL string
	// MasterKey seals images and personal data (OPENKYC_MASTER_KEY: 32
	// bytes, hex or base64); empty means the key file in DataDir.
	MasterKey string
	// Models is the model directory (OPENKYC_MODELS, default var/models).
	Models string
	// WebhookAllowPrivate lets webhooks reach loopback and private
	// addresses (OPENKYC_WEBHOOK_ALLOW_PRIVATE=1): receivers inside the
	// operator's network, and tests.
	WebhookAllowPrivate bool
	// SweepInterval is how often abandoned submissions are looked for
	// (OPENKYC_SWEEP_INTERVAL, a Go duration, default 1m).
	SweepInterval time.Duration
	// JobRescueAfter is how long a job may stay running before it is
	// taken for lost (its process died) and run again
	// (OPENKYC_JOB_RESCUE_AFTER, default 5m, at least 10s). A running job
	// is cancelled after half of it, at most a minute: under load on two
	// cores a document analysis may wait seconds for a core.
	JobRescueAfter time.Duration
	// Role is what this process does (serve --role): RoleAll (default),
	// RoleAPI (HTTP only: no models, no jobs run here) or RoleWorker
	// (jobs only, with health and metrics over HTTP). The scale mode runs
	// several of each on one PostgreSQL.
	Role string
}

// Roles of a server process.
const (
	RoleAll    = "all"
	RoleAPI    = "api"
	RoleWorker = "worker"
)

// Defaults.
const (
	DefaultDataDir = "./data"
	DefaultAddr    = "127.0.0.1:8080"
	DefaultModels  = "var/models"

	DefaultSweepInterval  = time.Minute
	DefaultJobRescueAfter = 5 * time.Minute
	MinJobRescueAfter     = 10 * time.Second
)

// FromEnv reads the settings from getenv (os.Getenv in the binary).
func FromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DataDir:             or(getenv("OPENKYC_DATA_DIR"), DefaultDataDir),
		Addr:                or(getenv("OPENKYC_ADDR"), DefaultAddr),
		DatabaseURL:         getenv("OPENKYC_DATABASE_URL"),
		BlobURL:             getenv("OPENKYC_BLOB_URL"),
		MasterKey:           getenv("OPENKYC_MASTER_KEY"),
		Models:              or(getenv("OPENKYC_MODELS"), DefaultModels),
		WebhookAllowPrivate: getenv("OPENKYC_WEBHOOK_ALLOW_PRIVATE") == "1",
	}
	var errs []error
	for _, d := range []struct {
		name string
		dst  *time.Duration
		def  time.Duration
	}{
		{"OPENKYC_SWEEP_INTERVAL", &c.SweepInterval, DefaultSweepInterval},
		{"OPENKYC_JOB_RESCUE_AFTER", &c.JobRescueAfter, DefaultJobRescueAfter},
	} {
		v, err := duration(getenv(d.name), d.def)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d.name, err))
		}
		*d.dst = v
	}
	return c, errors.Join(append(errs, c.Validate())...)
}

// duration parses a positive Go duration ("90s", "5m"); empty is def.
func duration(v string, def time.Duration) (time.Duration, error) {
	if strings.TrimSpace(v) == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return def, fmt.Errorf("%q: want a positive duration such as 90s or 5m", v)
	}
	return d, nil
}

func or(v, def string) string {
	if strings.TrimSpace(v) == "" {
		return def
	}
	return v
}

// Validate reports the first setting that cannot work, by its variable.
func (c Config) Validate() error {
	var errs []error
	if c.JobRescueAfter != 0 && c.JobRescueAfter < MinJobRescueAfter {
		errs = append(errs, fmt.Errorf("OPENKYC_JOB_RESCUE_AFTER %s: at least %s", c.JobRescueAfter, MinJobRescueAfter))
	}
	if c.BlobURL != "" {
		if u, err := url.Parse(c.BlobURL); err != nil || u.Scheme != "s3" || u.Host == "" {
			errs = append(errs, errors.New("OPENKYC_BLOB_URL: want an s3://host/bucket URL"))
		}
	}
	switch c.Role {
	case "", RoleAll, RoleAPI, RoleWorker:
	default:
		errs = append(errs, fmt.Errorf("role %q: all, api or worker", c.Role))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("OPENKYC_ADDR %q: want host:port", c.Addr))
	}
	if c.DatabaseURL != "" {
		u, err := url.Parse(c.DatabaseURL)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			errs = append(errs, errors.New("OPENKYC_DATABASE_URL: want a postgres:// URL"))
		}
	}
	return errors.Join(errs...)
}

// LogValue prints the settings without secrets.
func (c Config) LogValue() slog.Value {
	key := "file in data dir"
	if c.MasterKey != "" {
		key = "from environment"
	}
	return slog.GroupValue(slog.String("data_dir", c.DataDir), slog.String("addr", c.Addr),
		slog.String("database", redacted(c.DatabaseURL, "sqlite")), slog.String("blobs", redacted(c.BlobURL, "data dir")),
		slog.String("master_key", key), slog.String("models", c.Models))
}

// redacted is a URL setting without its password; unset is what stands
// in for it.
func redacted(raw, unset string) string {
	if raw == "" {
		return unset
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable)"
	}
	return u.Redacted()
}
