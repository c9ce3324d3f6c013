package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"openkyc/internal/crypto"
)

// Local keeps blobs as files below a directory (data/blobs), sealed with
// the keyring, files 0600 and directories 0700.
type Local struct {
	dir  string
	keys *crypto.Keyring
}

// NewLocal opens (creating it if needed) a local store in dir.
func NewLocal(dir string, keys *crypto.Keyring) (*Local, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return &Local{dir: dir, keys: keys}, nil
}

func (l *Local) path(name string) string { return filepath.Join(l.dir, filepath.FromSlash(name)) }

// Put seals data and writes it atomically: a reader sees the old blob or
// the new one, never half of one.
func (l *Local) Put(ctx context.Context, name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	sealed, err := l.keys.Seal(data, []byte(name))
	if err != nil {
		return err
	}
	p := l.path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if _, err := tmp.Write(sealed); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("blob: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

// Get reads and opens name.
func (l *Local) Get(ctx context.Context, name string) ([]byte, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sealed, err := os.ReadFile(l.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: %w", err)
	}
	return l.keys.Open(sealed, []byte(name))
}

// Delete removes name.
func (l *Local) Delete(ctx context.Context, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Remove(l.path(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}

// Names walks the directory; files a Put left half-written are not blobs.
func (l *Local) Names(ctx context.Context) ([]string, error) {
	var out []string
	err := filepath.WalkDir(l.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(l.dir, p)
		if err != nil {
			return err
		}
		if name := filepath.ToSlash(rel); checkName(name) == nil && !strings.HasPrefix(e.Name(), ".put-") {
			out = append(out, name)
		}
		return nil
	})
	return out, err
}
