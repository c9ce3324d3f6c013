package models

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakeTarball writes a package tarball holding files and returns a Packer
// serving it, counting how often it was asked.
func fakeTarball(t *testing.T, files map[string]string) (Packer, *int) {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for name, body := range files {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(body))
	}
	tw.Close()
	gz.Close()
	calls := 0
	return func(_ context.Context, spec, dir string) (string, error) {
		calls++
		p := filepath.Join(dir, "pkg.tgz")
		return p, os.WriteFile(p, buf.Bytes(), 0o644)
	}, &calls
}

func sum(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func testManifest() Manifest {
	return Manifest{Packages: []Package{{
		Name: "pkg", Version: "1.0.0",
		Files: []File{
			{From: "package/model/a.onnx", To: "a.onnx", SHA256: sum("model a")},
			{From: "package/model/b.onnx", To: "b.onnx", SHA256: sum("model b")},
		},
	}}}
}

func TestInstallVerifyAndIdempotence(t *testing.T) {
	dir := t.TempDir()
	m := testManifest()
	pack, calls := fakeTarball(t, map[string]string{
		"package/model/a.onnx": "model a",
		"package/model/b.onnx": "model b",
		"package/README.md":    "ignored",
	})
	if err := m.Install(context.Background(), dir, pack, io.Discard); err != nil {
		t.Fatal(err)
	}
	if probs := m.Verify(dir); len(probs) != 0 {
		t.Fatalf("after install: %v", probs)
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); !os.IsNotExist(err) {
		t.Errorf("unlisted file extracted")
	}
	if err := m.Install(context.Background(), dir, pack, io.Discard); err != nil {
		t.Fatal(err)
	}
	if *calls != 1 {
		t.Errorf("second install fetched again: %d fetches", *calls)
	}

	// Alter one file: verify names it, install repairs it.
	os.WriteFile(filepath.Join(dir, "b.onnx"), []byte("tampered"), 0o644)
	probs := m.Verify(dir)
	if len(probs) != 1 || probs[0].File != "b.onnx" || !strings.HasPrefix(probs[0].Reason, "altered") {
		t.Fatalf("verify after tampering = %v", probs)
	}
	if err := m.Install(context.Background(), dir, pack, io.Discard); err != nil {
		t.Fatal(err)
	}
	if probs := m.Verify(dir); len(probs) != 0 {
		t.Fatalf("install did not repair: %v", probs)
	}
}

func TestInstallRefusesWrongHash(t *testing.T) {
	dir := t.TempDir()
	pack, _ := fakeTarball(t, map[string]string{
		"package/model/a.onnx": "model a",
		"package/model/b.onnx": "a different model b",
	})
	err := testManifest().Install(context.Background(), dir, pack, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "b.onnx") {
		t.Fatalf("Install = %v, want hash error naming b.onnx", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.onnx")); !os.IsNotExist(err) {
		t.Errorf("file with a wrong hash was left in place")
	}
	if _, err := os.Stat(filepath.Join(dir, "b.onnx.part")); !os.IsNotExist(err) {
		t.Errorf("partial file left behind")
	}
}

func TestInstallReportsMissingMember(t *testing.T) {
	pack, _ := fakeTarball(t, map[string]string{"package/model/a.onnx": "model a"})
	err := testManifest().Install(context.Background(), t.TempDir(), pack, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "package/model/b.onnx") {
		t.Fatalf("Install = %v, want error naming the missing member", err)
	}
}

func TestCheckSaysWhatToRun(t *testing.T) {
	err := Check(t.TempDir())
	if !errors.Is(err, ErrMismatch) {
		t.Fatalf("Check(empty) = %v, want ErrMismatch", err)
	}
	for _, want := range []string{"fr_feature.onnx: missing", "libonnxruntime.so.1: missing", "openkyc models install"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Check error %q lacks %q", err, want)
		}
	}
}

func TestEmbeddedManifest(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, p := range m.Packages {
		if p.Version == "" || strings.ContainsAny(p.Version, "^~*x") {
			t.Errorf("%s: version %q is not pinned exactly", p.Name, p.Version)
		}
		for _, f := range p.Files {
			if len(f.SHA256) != 64 {
				t.Errorf("%s: sha256 %q", f.To, f.SHA256)
			}
			if seen[f.To] {
				t.Errorf("%s listed twice", f.To)
			}
			seen[f.To] = true
		}
	}
	for _, want := range []string{"libonnxruntime.so.1", "fr_detect.onnx", "fr_feature.onnx", "fr_liveness.onnx"} {
		if !seen[want] {
			t.Errorf("manifest lacks %s", want)
		}
	}
}
