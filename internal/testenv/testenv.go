// Package testenv finds what tests need outside the package directory: the
// installed models and the shared, unversioned test images.
package testenv

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"openkyc/internal/crypto"
	"openkyc/internal/engine/models"
)

var (
	rootOnce sync.Once
	root     string
)

// Root is the repository root: the nearest directory above the working
// directory that holds go.mod. Tests run in their package directory.
func Root() string {
	rootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			return
		}
		for {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return
			}
			dir = parent
		}
	})
	return root
}

// ModelsDir returns the verified models directory ($OPENKYC_MODELS, else
// var/models in the repository). Models are not optional: `make test`
// installs them, so a missing or altered file fails the test.
func ModelsDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv(models.EnvDir)
	if dir == "" {
		dir = filepath.Join(Root(), models.DefaultDir)
	}
	if err := models.Check(dir); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// Data returns a folder of the shared test images ($OPENKYC_TESTDATA, else
// ../shared/data beside the repository), or skips the test when it is
// absent: those images are never copied into the repository.
func Data(tb testing.TB, parts ...string) string {
	tb.Helper()
	base := os.Getenv("OPENKYC_TESTDATA")
	if base == "" {
		base = filepath.Join(Root(), "..", "shared", "data")
	}
	dir := filepath.Join(append([]string{base}, parts...)...)
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("shared test data %s absent (set OPENKYC_TESTDATA): %v", dir, err)
	}
	return dir
}

// Keyring is a keyring under a fresh random master key, for tests that
// seal (stores, blobs).
func Keyring(t testing.TB) *crypto.Keyring {
	t.Helper()
	k := make([]byte, crypto.KeySize)
	rand.Read(k)
	keys, err := crypto.NewKeyring(k)
	if err != nil {
		t.Fatal(err)
	}
	return keys
}
