package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"openkyc/internal/account"
	"openkyc/internal/config"
	"openkyc/internal/db"
	"openkyc/internal/kyc"
	"openkyc/internal/project"
)

// withDB opens (and migrates) the database the environment names, runs
// fn on it and closes it.
func withDB(ctx context.Context, fn func(d *db.DB) error) error {
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	d, err := db.Open(ctx, db.Config{DataDir: cfg.DataDir, URL: cfg.DatabaseURL})
	if err != nil {
		return err
	}
	defer d.Close()
	return fn(d)
}

// parseRequired parses flags and positional-free arguments, and refuses
// a run without the named flags.
func parseRequired(fs *flag.FlagSet, args []string, required ...string) error {
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected %q", errUsage, rest[0])
	}
	var missing []string
	for _, name := range required {
		if fs.Lookup(name).Value.String() == "" {
			missing = append(missing, "--"+name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s required", errUsage, strings.Join(missing, " and "))
	}
	return nil
}

// runMigrate brings the database to this binary's schema.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "", stderr)
	if _, err := parse(fs, args); err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		v, err := d.Version(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Schema: %s version %d\n", d.Dialect, v)
		return nil
	})
}

// runAdmin manages projects, keys and users from the shell.
func runAdmin(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	subs := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"create-project": adminCreateProject,
		"create-key":     adminCreateKey,
		"list-keys":      adminListKeys,
		"revoke-key":     adminRevokeKey,
		"create-user":    adminCreateUser,
		"reset-password": adminResetPassword,
		"rotate-key":     adminRotateKey,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		fmt.Fprintln(stderr, "usage: openkyc admin create-project|create-key|list-keys|revoke-key|create-user|reset-password|rotate-key [flags]")
		return fmt.Errorf("%w: name a subcommand", errUsage)
	}
	return subs[args[0]](ctx, args[1:], stdout, stderr)
}

// adminCreateProject prints `Project: ID` and `API key: KEY` (other tools
// read these lines).
func adminCreateProject(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin create-project", "", stderr)
	name := fs.String("name", "", "project name (required)")
	if err := parseRequired(fs, args, "name"); err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		projects := project.NewStore(d, nil)
		p, err := projects.Create(ctx, *name, kyc.DefaultPolicy())
		if err != nil {
			return err
		}
		key, _, err := projects.CreateKey(ctx, p.ID, "created by openkyc admin")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Project: %s\nAPI key: %s\n", p.ID, key)
		return nil
	})
}

func adminCreateKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin create-key", "", stderr)
	id := fs.String("project", "", "project id (required)")
	name := fs.String("name", "", "what the key is for")
	if err := parseRequired(fs, args, "project"); err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		key, _, err := project.NewStore(d, nil).CreateKey(ctx, *id, *name)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "API key: %s\n", key)
		return nil
	})
}

// adminListKeys prints a project's keys, one per line: id, prefix,
// created, last used, revoked, name. Never the key itself: only its hash
// is kept.
func adminListKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin list-keys", "", stderr)
	id := fs.String("project", "", "project id (required)")
	if err := parseRequired(fs, args, "project"); err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		projects := project.NewStore(d, nil)
		if _, err := projects.Get(ctx, *id); err != nil {
			return err
		}
		keys, err := projects.Keys(ctx, *id)
		if err != nil {
			return err
		}
		when := func(t *time.Time) string {
			if t == nil {
				return "-"
			}
			return t.Format(time.RFC3339)
		}
		for _, k := range keys {
			fmt.Fprintf(stdout, "%s\tokyc_%s_…\tcreated %s\tused %s\trevoked %s\t%s\n", k.ID, k.Prefix,
				k.CreatedAt.Format(time.RFC3339), when(k.LastUsedAt), when(k.RevokedAt), k.Name)
		}
		return nil
	})
}

// adminRevokeKey revokes one of a project's keys: requests with it are
// refused from then on.
func adminRevokeKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin revoke-key", "", stderr)
	id := fs.String("project", "", "project id (required)")
	key := fs.String("key", "", "key id, as list-keys prints it (required)")
	if err := parseRequired(fs, args, "project", "key"); err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		if err := project.NewStore(d, nil).RevokeKey(ctx, *id, *key); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Revoked: %s\n", *key)
		return nil
	})
}

func adminCreateUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin create-user", "", stderr)
	email := fs.String("email", "", "login e-mail (required)")
	password := fs.String("password", "", "password; read from OPENKYC_PASSWORD when empty")
	id := fs.String("project", "", "project to join")
	role := fs.String("role", string(account.Owner), "role in the project: owner, admin, reviewer, viewer")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	pw, err := credentials(*email, *password)
	if err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		users := account.NewStore(d, nil)
		u, err := users.Create(ctx, *email, pw)
		if err != nil {
			return err
		}
		if *id != "" {
			if _, err := project.NewStore(d, nil).Get(ctx, *id); err != nil {
				return err
			}
			if err := users.SetRole(ctx, u.ID, *id, account.Role(*role)); err != nil {
				return err
			}
		}
		fmt.Fprintf(stdout, "User: %s\nLogin: %s\n", u.ID, u.Email)
		return nil
	})
}

// credentials checks the e-mail and password flags; the password may come
// from OPENKYC_PASSWORD instead, which keeps it out of the process list.
func credentials(email, password string) (string, error) {
	if password == "" {
		password = os.Getenv("OPENKYC_PASSWORD")
	}
	if email == "" || password == "" {
		return "", fmt.Errorf("%w: --email and a password are required", errUsage)
	}
	return password, nil
}

func adminResetPassword(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin reset-password", "", stderr)
	email := fs.String("email", "", "login e-mail (required)")
	password := fs.String("password", "", "new password; read from OPENKYC_PASSWORD when empty")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	pw, err := credentials(*email, *password)
	if err != nil {
		return err
	}
	return withDB(ctx, func(d *db.DB) error {
		users := account.NewStore(d, nil)
		u, err := users.ByEmail(ctx, *email)
		if err != nil {
			return err
		}
		if err := users.SetPassword(ctx, u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Password reset for %s\n", u.Email)
		return nil
	})
}
