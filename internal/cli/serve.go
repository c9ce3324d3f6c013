package cli

import (
	"context"
	"io"
	"log/slog"
	"net"
	"os"

	"openkyc/internal/app"
	"openkyc/internal/config"
)

// runServe runs the server: API and workers, until interrupted.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "", stderr)
	role := fs.String("role", config.RoleAll, "all: API and jobs; api: HTTP only; worker: jobs only (scale mode, on PostgreSQL)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	cfg.Role = *role
	if err := cfg.Validate(); err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, stdout, slog.New(slog.NewTextHandler(stderr, nil)))
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}
