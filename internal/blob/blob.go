// Package blob stores images and other large values, encrypted, under
// names the caller chooses ("projects/p1/submissions/s1/id-front"). Every
// backend seals with the same crypto.Keyring and binds each blob to its
// name, so a blob copied under another name does not open.
package blob

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Store is a blob backend. Implementations are safe for concurrent use.
type Store interface {
	// Put stores data under name, replacing what was there.
	Put(ctx context.Context, name string, data []byte) error
	// Get returns the data stored under name, or ErrNotFound.
	Get(ctx context.Context, name string) ([]byte, error)
	// Delete removes name; deleting what is not there is no error.
	Delete(ctx context.Context, name string) error
	// Names lists every blob's name, in no particular order.
	Names(ctx context.Context) ([]string, error)
}

// Reseal rewrites every blob of s: each is opened and sealed again by s's
// keyring, which seals under its current master key (a key rotation). It
// returns how many.
func Reseal(ctx context.Context, s Store) (int, error) {
	names, err := s.Names(ctx)
	if err != nil {
		return 0, err
	}
	for i, name := range names {
		b, err := s.Get(ctx, name)
		if err != nil {
			return i, err
		}
		if err := s.Put(ctx, name, b); err != nil {
			return i, err
		}
	}
	return len(names), nil
}

// Errors.
var (
	ErrNotFound = errors.New("blob: not found")
	ErrBadName  = errors.New("blob: invalid name")
)

// checkName accepts slash-separated names of lower-case letters, digits,
// '-', '_' and '.', without empty, "." or ".." parts: a name can never
// leave the store's root.
func checkName(name string) error {
	if name == "" || len(name) > 512 {
		return fmt.Errorf("%w: %q", ErrBadName, name)
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("%w: %q", ErrBadName, name)
		}
		for _, r := range part {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
				return fmt.Errorf("%w: %q", ErrBadName, name)
			}
		}
	}
	return nil
}
