package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"openkyc/internal/blob"
	"openkyc/internal/config"
	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/liveform"
	"openkyc/internal/submission"
	"openkyc/internal/webhook"
)

// adminRotateKey moves every sealed value — submissions' personal data
// and their lookup indexes, webhook secrets, Liveform presets, images — to
// a new master key. Servers must be stopped: they could not open what is
// already moved. A rotation cut short is finished by running it again:
// the new key waits in master.key.next (or is given again with
// --new-key) and values under either key are opened.
func adminRotateKey(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("admin rotate-key", "", stderr)
	given := fs.String("new-key", "", "the new master key (hex or base64), required when OPENKYC_MASTER_KEY holds the current one")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	current, err := crypto.LoadMasterKey(cfg.MasterKey, cfg.DataDir, nil)
	if err != nil {
		return err
	}
	next, err := nextKey(cfg, *given, stdout)
	if err != nil {
		return err
	}
	if bytes.Equal(next, current) {
		return fmt.Errorf("%w: the new key is the current one", errUsage)
	}
	keys, err := crypto.NewKeyring(next, current)
	if err != nil {
		return err
	}
	err = withDB(ctx, func(d *db.DB) error { return resealAll(ctx, cfg, d, keys, stdout) })
	if err != nil {
		return fmt.Errorf("rotation stopped, run it again to finish: %w", err)
	}
	fmt.Fprintf(stdout, "Master key: %s → %s\n", crypto.KeyID(current), crypto.KeyID(next))
	if cfg.MasterKey != "" {
		fmt.Fprintln(stdout, "Set OPENKYC_MASTER_KEY to the new key before starting the servers.")
		return nil
	}
	retired := filepath.Join(cfg.DataDir, crypto.MasterKeyFile+".retired-"+crypto.KeyID(current))
	if err := crypto.SaveKey(retired, current); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(cfg.DataDir, crypto.NextKeyFile), filepath.Join(cfg.DataDir, crypto.MasterKeyFile)); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "The old key is in %s: it opens backups made before now; keep it offline and delete it here.\n", retired)
	return nil
}

// nextKey is the key to rotate to: the one given, or the one a rotation
// cut short left in the data directory, or a new one saved there first.
func nextKey(cfg config.Config, given string, stdout io.Writer) ([]byte, error) {
	if given != "" {
		return crypto.ParseKey(given)
	}
	if cfg.MasterKey != "" {
		return nil, fmt.Errorf("%w: the current key is in OPENKYC_MASTER_KEY: give the new one with --new-key", errUsage)
	}
	path := filepath.Join(cfg.DataDir, crypto.NextKeyFile)
	b, err := os.ReadFile(path)
	if err == nil {
		fmt.Fprintln(stdout, "Finishing the rotation to the key in", path)
		return crypto.ParseKey(string(b))
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, crypto.KeySize)
	rand.Read(key)
	return key, crypto.SaveKey(path, key)
}

// resealAll seals every stored value again under keys' current key. The
// answers kept for idempotency keys (a day's replay cache) are dropped
// rather than moved.
func resealAll(ctx context.Context, cfg config.Config, d *db.DB, keys *crypto.Keyring, stdout io.Writer) error {
	blobs, err := blob.Open(ctx, cfg.BlobURL, filepath.Join(cfg.DataDir, "blobs"), keys)
	if err != nil {
		return err
	}
	for _, step := range []struct {
		what string
		run  func(context.Context) (int, error)
	}{
		{"submissions", submission.NewStore(d, keys, nil).Reseal},
		{"webhook secrets", webhook.NewStore(d, keys, nil).Reseal},
		{"Liveform tokens", liveform.NewStore(d, keys, nil).Reseal},
		{"images", func(ctx context.Context) (int, error) { return blob.Reseal(ctx, blobs) }},
	} {
		n, err := step.run(ctx)
		if err != nil {
			return fmt.Errorf("%s: %w", step.what, err)
		}
		fmt.Fprintf(stdout, "Resealed: %d %s\n", n, step.what)
	}
	_, err = d.Write.ExecContext(ctx, `DELETE FROM idempotency_keys`)
	return err
}
