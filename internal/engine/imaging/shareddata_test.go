package imaging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sharedData returns the project's shared test-data folder (real photos
// that must not be copied into the repository), or skips the test.
func sharedData(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("OPENKYC_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "..", "shared", "data")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("shared test data not found at %s (set OPENKYC_TESTDATA): skipping real-image checks", dir)
	}
	return dir
}

func isImageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".webp":
		return true
	}
	return false
}

func TestSharedDataDecodes(t *testing.T) {
	root := sharedData(t)
	for _, sub := range []string{"faces/deepface", "documents/passport-orientations"} {
		dir := filepath.Join(root, sub)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatalf("%s: %v", sub, err)
		}
		n := 0
		for _, e := range entries {
			if e.IsDir() || !isImageName(e.Name()) {
				continue
			}
			n++
			path := filepath.Join(dir, e.Name())
			img, info, err := DecodeFile(path, DefaultLimits)
			if err != nil {
				t.Errorf("%s: %v", path, err)
				continue
			}
			if img.W < MinSide || img.H < MinSide || len(img.Pix) != 3*img.W*img.H || max(img.W, img.H) > DefaultLimits.MaxSide {
				t.Errorf("%s: bad image %dx%d", path, img.W, img.H)
			}
			if e.Name() == "img47.jpg" && info.Format != "webp" {
				t.Errorf("img47.jpg is WebP inside, decoded as %q", info.Format)
			}
		}
		if n == 0 {
			t.Errorf("%s: no images", sub)
		}
	}
}

// The Czech passport comes stored in all eight EXIF orientations; once
// oriented, every variant must be the same upright 1300×1002 picture.
func TestSharedDataOrientations(t *testing.T) {
	dir := filepath.Join(sharedData(t), "documents", "passport-orientations")
	const name = "Czech_passport_2005_MRZ_orient%d_1300x1002.jpg"
	var ref *Image
	for o := 1; o <= 8; o++ {
		img, info, err := DecodeFile(filepath.Join(dir, fmtName(name, o)), DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		if info.Orientation != o {
			t.Errorf("orient%d: EXIF orientation read as %d", o, info.Orientation)
		}
		if img.W != 1300 || img.H != 1002 {
			t.Errorf("orient%d: %dx%d after orientation, want 1300x1002", o, img.W, img.H)
			continue
		}
		small := Resize(img, 130, 100)
		if ref == nil {
			ref = small
			continue
		}
		if d := meanAbsDiff(small, ref); d > 3 { // a wrong orientation is ~50
			t.Errorf("orient%d: differs from orient1 by %.1f levels on average", o, d)
		}
	}
}

func fmtName(pattern string, o int) string {
	return strings.Replace(pattern, "%d", string(rune('0'+o)), 1)
}
