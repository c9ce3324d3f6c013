package models

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Packer fetches an npm package tarball into dir and returns its path.
// The default runs `npm pack`; tests substitute a local tarball.
type Packer func(ctx context.Context, spec, dir string) (string, error)

// NPMPack runs `npm pack SPEC` in dir. npm verifies the registry's integrity
// hash; we verify every extracted file again against the manifest.
func NPMPack(ctx context.Context, spec, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "npm", "pack", "--silent", spec)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("npm pack %s: %w: %s", spec, err, strings.TrimSpace(stderr.String()))
	}
	lines := strings.Fields(strings.TrimSpace(string(out)))
	if len(lines) == 0 {
		return "", fmt.Errorf("npm pack %s: no tarball name printed", spec)
	}
	return filepath.Join(dir, lines[len(lines)-1]), nil
}

// Install makes dir hold every file of the manifest. Files already present
// with the right hash are kept, so running it again costs only the hashing.
// Each file is written to a temporary name and renamed once its hash matches,
// so an interrupted install never leaves a half-written model behind.
func (m Manifest) Install(ctx context.Context, dir string, pack Packer, log io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("models: %w", err)
	}
	for _, p := range m.Packages {
		need := p.missing(dir)
		if len(need) == 0 {
			fmt.Fprintf(log, "models: %s ok\n", p.Spec())
			continue
		}
		fmt.Fprintf(log, "models: fetching %s (%d files)\n", p.Spec(), len(need))
		if err := p.install(ctx, dir, need, pack); err != nil {
			return err
		}
	}
	if probs := m.Verify(dir); len(probs) > 0 {
		return fmt.Errorf("%w after install: %v", ErrMismatch, probs)
	}
	return nil
}

func (p Package) missing(dir string) map[string]File {
	need := map[string]File{}
	for _, f := range p.Files {
		if sum, err := hashFile(filepath.Join(dir, f.To)); err != nil || sum != f.SHA256 {
			need[f.From] = f
		}
	}
	return need
}

func (p Package) install(ctx context.Context, dir string, need map[string]File, pack Packer) error {
	tmp, err := os.MkdirTemp("", "openkyc-models-")
	if err != nil {
		return fmt.Errorf("models: %w", err)
	}
	defer os.RemoveAll(tmp)
	tgz, err := pack(ctx, p.Spec(), tmp)
	if err != nil {
		return fmt.Errorf("models: %w", err)
	}
	if err := extract(tgz, dir, need); err != nil {
		return fmt.Errorf("models: %s: %w", p.Spec(), err)
	}
	if len(need) > 0 {
		var names []string
		for from := range need {
			names = append(names, from)
		}
		return fmt.Errorf("models: %s: not in the tarball: %s", p.Spec(), strings.Join(names, ", "))
	}
	return nil
}

// extract copies the wanted members of the tarball into dir, checking each
// hash, and deletes them from need as they land.
func extract(tgz, dir string, need map[string]File) error {
	f, err := os.Open(tgz)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	for len(need) > 0 {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		want, ok := need[hdr.Name]
		if !ok || hdr.Typeflag != tar.TypeReg {
			continue
		}
		if err := writeChecked(tr, filepath.Join(dir, want.To), want.SHA256); err != nil {
			return err
		}
		delete(need, hdr.Name)
	}
	return nil
}

func writeChecked(r io.Reader, dst, sha string) error {
	tmp := dst + ".part"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(io.MultiWriter(out, h), r)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		if got := hex.EncodeToString(h.Sum(nil)); got != sha {
			err = fmt.Errorf("%s: sha256 %s, manifest says %s", filepath.Base(dst), got, sha)
		}
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, dst)
}
