package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func writeLabels(t *testing.T, content string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, LabelsFile), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestReadLabels(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []Labelled
		wantErr string // substring of the error; empty means success
	}{
		{
			name:    "identity header with CRLF",
			content: "file,identity\r\na.jpg,alice\r\nb.jpg,bob\r\n",
			want:    []Labelled{{"a.jpg", "alice"}, {"b.jpg", "bob"}},
		},
		{
			name:    "quoted names with spaces and commas",
			content: "file,identity\n\"Barack Obama/0.png\",\"Obama, Barack\"\n\"dir/with \"\"quote\"\".png\",x\n",
			want:    []Labelled{{"Barack Obama/0.png", "Obama, Barack"}, {`dir/with "quote".png`, "x"}},
		},
		{
			name:    "unquoted spaces kept in file",
			content: "file,identity\ntrain/Ben Afflek/1.jpg,ben_afflek\n",
			want:    []Labelled{{"train/Ben Afflek/1.jpg", "ben_afflek"}},
		},
		{
			name:    "label header, extra and uneven columns",
			content: "file,label,attack_type,label_source\nlive.jpg,live,,upstream\nprint.jpg,spoof,\"print, glossy\",x\nshort.jpg,spoof\n",
			want:    []Labelled{{"live.jpg", "live"}, {"print.jpg", "spoof"}, {"short.jpg", "spoof"}},
		},
		{
			name:    "blank lines and trailing blank line",
			content: "file,identity\n\na.jpg,alice\n\nb.jpg,alice\n\n",
			want:    []Labelled{{"a.jpg", "alice"}, {"b.jpg", "alice"}},
		},
		{
			name:    "byte-order mark and header case",
			content: "\ufeffFile,Identity\na.jpg, alice \n",
			want:    []Labelled{{"a.jpg", "alice"}},
		},
		{name: "empty file", content: "", wantErr: "empty file"},
		{name: "header only", content: "file,identity\n", wantErr: "no data rows"},
		{name: "wrong header", content: "image,person\na.jpg,alice\n", wantErr: "labels.csv:1: header"},
		{name: "no header", content: "a.jpg,alice\nb.jpg,bob\n", wantErr: "labels.csv:1: header"},
		{name: "one column row", content: "file,identity\na.jpg,alice\nb.jpg\n", wantErr: "labels.csv:3:"},
		{name: "empty label", content: "file,identity\na.jpg,alice\nb.jpg,\n", wantErr: "labels.csv:3: empty identity"},
		{name: "empty file name", content: "file,label\n,live\n", wantErr: "labels.csv:2: empty file name"},
		{name: "duplicate file", content: "file,identity\na.jpg,x\nb.jpg,y\na.jpg,z\n", wantErr: "labels.csv:4: \"a.jpg\" already listed on line 2"},
		{name: "bare quote", content: "file,identity\na\"b.jpg,x\n", wantErr: "line 2"},
		{name: "unterminated quote", content: "file,identity\n\"a.jpg,x\n", wantErr: "labels.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReadLabels(writeLabels(t, tc.content))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadLabelsMissing(t *testing.T) {
	_, err := ReadLabels(t.TempDir())
	if err == nil || !os.IsNotExist(err) {
		t.Fatalf("error = %v, want a not-exist error", err)
	}
	if !strings.Contains(err.Error(), LabelsFile) {
		t.Errorf("error %q does not name %s", err, LabelsFile)
	}
}

func TestIsAligned(t *testing.T) {
	tests := []struct {
		name  string
		setup func(dir string) error
		want  bool
	}{
		{"no marker", func(string) error { return nil }, false},
		{"marker file", func(d string) error { return os.WriteFile(filepath.Join(d, AlignedMarker), nil, 0o644) }, true},
		{"marker is a directory", func(d string) error { return os.Mkdir(filepath.Join(d, AlignedMarker), 0o755) }, false},
		{"other case", func(d string) error { return os.WriteFile(filepath.Join(d, "aligned.txt"), nil, 0o644) }, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := tc.setup(dir); err != nil {
				t.Fatal(err)
			}
			if got := IsAligned(dir); got != tc.want {
				t.Errorf("IsAligned = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSplitLiveSpoof(t *testing.T) {
	items := []Labelled{{"a", "live"}, {"b", "spoof"}, {"c", "spoof?"}, {"d", "Live"}, {"e", "unlabelled"}}
	live, spoof, other := SplitLiveSpoof(items)
	if !reflect.DeepEqual(live, []int{0, 3}) || !reflect.DeepEqual(spoof, []int{1}) || !reflect.DeepEqual(other, []int{2, 4}) {
		t.Errorf("got live %v spoof %v other %v", live, spoof, other)
	}
}

// testData returns the shared test-data folder or skips the test.
func testData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("OPENKYC_TESTDATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "data")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("test data folder %s not found (set OPENKYC_TESTDATA to its path to run this test): %v", dir, err)
	}
	return dir
}

func TestReadLabelsSharedData(t *testing.T) {
	root := testData(t)
	tests := []struct {
		folder     string
		rows       int
		identities int
		aligned    bool
	}{
		{"faces/celebrity-crops", 942, 24, true},
		{"faces/deepface", 61, 13, false},
		{"faces/face-recognition-examples", 25, 9, false},
		{"faces/facenet-samples", 9, 5, false},
		{"faces/five-celebrities", 118, 5, false},
		{"faces/human-samples", 19, 3, false},
		{"spoof/silent-face", 3, 2, false},
		{"spoof/vendor-samples", 18, 4, false},
	}
	for _, tc := range tests {
		t.Run(tc.folder, func(t *testing.T) {
			dir := filepath.Join(root, filepath.FromSlash(tc.folder))
			items, err := ReadLabels(dir)
			if err != nil {
				t.Fatal(err)
			}
			labels := map[string]bool{}
			for _, it := range items {
				labels[it.Label] = true
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(it.File))); err != nil {
					t.Errorf("listed image missing: %v", err)
				}
			}
			if len(items) != tc.rows || len(labels) != tc.identities {
				t.Errorf("got %d rows, %d labels; want %d, %d", len(items), len(labels), tc.rows, tc.identities)
			}
			if got := IsAligned(dir); got != tc.aligned {
				t.Errorf("IsAligned = %v, want %v", got, tc.aligned)
			}
		})
	}

	// Every labels.csv present must parse, including folders added later.
	for _, pattern := range []string{"faces/*/labels.csv", "spoof/*/labels.csv"} {
		files, err := filepath.Glob(filepath.Join(root, filepath.FromSlash(pattern)))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if _, err := ReadLabels(filepath.Dir(f)); err != nil {
				t.Errorf("%v", err)
			}
		}
	}

	// The spoof folders mix in doubtful and unlabelled images, which must
	// not reach APCER/BPCER.
	items, err := ReadLabels(filepath.Join(root, "spoof", "vendor-samples"))
	if err != nil {
		t.Fatal(err)
	}
	live, spoof, other := SplitLiveSpoof(items)
	if len(live) != 1 || len(spoof) != 7 || len(other) != 10 {
		t.Errorf("vendor-samples split: %d live, %d spoof, %d other; want 1, 7, 10", len(live), len(spoof), len(other))
	}
}

func TestSingleIdentity(t *testing.T) {
	items := []Labelled{{"a.jpg", "alice"}, {"g.jpg", "alice+bob"}, {"u.jpg", "unknown"}, {"b.jpg", "bob"}}
	kept, skipped := SingleIdentity(items)
	if len(kept) != 2 || kept[0].File != "a.jpg" || kept[1].File != "b.jpg" {
		t.Errorf("kept = %v", kept)
	}
	if len(skipped) != 2 || skipped[0].File != "g.jpg" || skipped[1].File != "u.jpg" {
		t.Errorf("skipped = %v", skipped)
	}
}
