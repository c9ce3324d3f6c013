package blob

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"openkyc/internal/crypto"
	"openkyc/internal/testenv"
)

// conformance is what every Store must do; the S3 backend will run it too.
func conformance(t *testing.T, s Store) {
	ctx := context.Background()
	img := bytes.Repeat([]byte("\xff\xd8jpeg"), 10000)
	if err := s.Put(ctx, "projects/p1/submissions/s1/id-front", img); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, "projects/p1/submissions/s1/id-front")
	if err != nil || !bytes.Equal(got, img) {
		t.Fatalf("get: %v", err)
	}
	if err := s.Put(ctx, "projects/p1/submissions/s1/id-front", []byte("second")); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get(ctx, "projects/p1/submissions/s1/id-front"); string(got) != "second" {
		t.Errorf("overwrite: %q", got)
	}
	if _, err := s.Get(ctx, "projects/p1/submissions/s1/selfie-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing blob: %v", err)
	}
	if err := s.Delete(ctx, "projects/p1/submissions/s1/id-front"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "projects/p1/submissions/s1/id-front"); !errors.Is(err, ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	if err := s.Delete(ctx, "projects/p1/submissions/s1/id-front"); err != nil {
		t.Errorf("deleting twice: %v", err)
	}
	for _, bad := range []string{"", "../etc/passwd", "a/../../b", "/abs", "a//b", "A/B", "a/./b", "a b", "a\x00b"} {
		if err := s.Put(ctx, bad, []byte("x")); !errors.Is(err, ErrBadName) {
			t.Errorf("Put(%q): %v", bad, err)
		}
		if _, err := s.Get(ctx, bad); !errors.Is(err, ErrBadName) {
			t.Errorf("Get(%q): %v", bad, err)
		}
	}
	s.Put(ctx, "projects/p1/submissions/s2/selfie-1", []byte("a"))
	s.Put(ctx, "projects/p2/submissions/s3/id-front", []byte("b"))
	names, err := s.Names(ctx)
	slices.Sort(names)
	if err != nil || !slices.Equal(names, []string{"projects/p1/submissions/s2/selfie-1", "projects/p2/submissions/s3/id-front"}) {
		t.Errorf("names: %v %v", names, err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Put(cancelled, "x", []byte("x")); err == nil {
		t.Error("put with a cancelled context")
	}
}

func TestLocal(t *testing.T) {
	dir := t.TempDir()
	s, err := NewLocal(dir, testenv.Keyring(t))
	if err != nil {
		t.Fatal(err)
	}
	conformance(t, s)
}

// On disk a blob is sealed, private, and bound to its name.
func TestLocalAtRest(t *testing.T) {
	dir := t.TempDir()
	kr := testenv.Keyring(t)
	s, _ := NewLocal(dir, kr)
	ctx := context.Background()
	secret := []byte("HONG GILDONG 850312-1234567")
	if err := s.Put(ctx, "p/s/fields", secret); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "p", "s", "fields")
	raw, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("GILDONG")) {
		t.Error("plaintext on disk")
	}
	if info, _ := os.Stat(p); info.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", info.Mode())
	}
	// Copied under another name, it does not open.
	if err := os.WriteFile(filepath.Join(dir, "p", "s", "other"), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "p/s/other"); !errors.Is(err, crypto.ErrDecrypt) {
		t.Errorf("moved blob opened: %v", err)
	}
	// Another master key cannot read it.
	other, _ := NewLocal(dir, testenv.Keyring(t))
	if _, err := other.Get(ctx, "p/s/fields"); err == nil {
		t.Error("read with another master key")
	}
}

// A key rotation: every blob opened with the old key and sealed with the
// new, after which the new key alone opens them.
func TestReseal(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	oldKey, newKey := make([]byte, crypto.KeySize), make([]byte, crypto.KeySize)
	newKey[0] = 1
	before, _ := crypto.NewKeyring(oldKey)
	s, _ := NewLocal(dir, before)
	for _, name := range []string{"projects/p/submissions/a/id-front", "projects/p/submissions/b/selfie-1"} {
		s.Put(ctx, name, []byte(name))
	}
	os.WriteFile(filepath.Join(dir, "projects", "p", ".put-123"), []byte("half a put"), 0o600)
	during, _ := crypto.NewKeyring(newKey, oldKey)
	rotating, _ := NewLocal(dir, during)
	if n, err := Reseal(ctx, rotating); err != nil || n != 2 {
		t.Fatalf("reseal: %d %v", n, err)
	}
	after, _ := crypto.NewKeyring(newKey)
	s, _ = NewLocal(dir, after)
	for _, name := range []string{"projects/p/submissions/a/id-front", "projects/p/submissions/b/selfie-1"} {
		if b, err := s.Get(ctx, name); err != nil || string(b) != name {
			t.Errorf("%s with the new key alone: %q %v", name, b, err)
		}
	}
}
