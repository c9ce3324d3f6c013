package docgen

import (
	"os"
	"path/filepath"
	"testing"

	"openkyc/internal/engine/models"
	"openkyc/internal/testenv"
)

// samplesDir returns the sample photos directory, failing (not skipping)
// when it is absent: make test installs it, and the portraits come from it.
func samplesDir(tb testing.TB) string {
	tb.Helper()
	dir := filepath.Join(testenv.Root(), models.SamplesDir)
	if _, err := os.Stat(filepath.Join(dir, faceRefs[0].file)); err != nil {
		tb.Fatalf("sample photos missing in %s (run make deps): %v", dir, err)
	}
	return dir
}
