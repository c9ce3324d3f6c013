package eval

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// LabelsFile is the name of the label file inside an evaluation folder.
const LabelsFile = "labels.csv"

// AlignedMarker is the name of the file whose presence says that a face
// folder holds crops already aligned to the embedding template.
const AlignedMarker = "ALIGNED"

// Labelled is one row of a labels.csv.
type Labelled struct {
	// File is the image path relative to the folder, as written in the CSV
	// (it may contain subfolders and spaces).
	File string
	// Label is the identity for face folders, or live/spoof (or whatever
	// the CSV says, e.g. "unlabelled") for presentation-attack folders.
	Label string
}

// ReadLabels reads dir/labels.csv.
//
// The first row must be a header whose first two columns are `file` and
// either `identity` or `label` (case-insensitive); further columns such as
// notes or attack types are ignored, and rows may have any number of
// columns beyond the first two. Blank lines are skipped. Labels are trimmed
// of surrounding spaces; file names are kept verbatim because they may
// legitimately contain spaces. A row with an empty file or label, a file
// listed twice (it would pair an image with itself), a CSV syntax error or
// a file with no data rows is an error naming the file and line.
func ReadLabels(dir string) ([]Labelled, error) {
	path := filepath.Join(dir, LabelsFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseLabels(f, path)
}

// parseLabels does the work of ReadLabels on any reader so that the rules
// can be tested without touching the file system; name is used in errors.
func parseLabels(r io.Reader, name string) ([]Labelled, error) {
	cr := csv.NewReader(r)
	// Extra columns are optional and not every row fills them, so the
	// record length is checked by hand rather than by encoding/csv.
	cr.FieldsPerRecord = -1

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: empty file, want a header row file,identity or file,label", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	line, _ := cr.FieldPos(0)
	if len(header) > 0 {
		// Spreadsheet exports often start with a byte-order mark.
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if len(header) < 2 || !strings.EqualFold(strings.TrimSpace(header[0]), "file") ||
		!(strings.EqualFold(strings.TrimSpace(header[1]), "identity") || strings.EqualFold(strings.TrimSpace(header[1]), "label")) {
		return nil, fmt.Errorf("%s:%d: header is %q, want file,identity[,...] or file,label[,...]", name, line, strings.Join(header, ","))
	}

	var items []Labelled
	seen := make(map[string]int)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// csv.ParseError already carries the line and column.
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) < 2 {
			return nil, fmt.Errorf("%s:%d: %d column(s), want at least file and %s", name, line, len(rec), strings.TrimSpace(header[1]))
		}
		file, label := rec[0], strings.TrimSpace(rec[1])
		if strings.TrimSpace(file) == "" {
			return nil, fmt.Errorf("%s:%d: empty file name", name, line)
		}
		if label == "" {
			return nil, fmt.Errorf("%s:%d: empty %s for %q", name, line, strings.TrimSpace(header[1]), file)
		}
		if prev, dup := seen[file]; dup {
			return nil, fmt.Errorf("%s:%d: %q already listed on line %d", name, line, file, prev)
		}
		seen[file] = line
		items = append(items, Labelled{File: file, Label: label})
	}
	if len(items) == 0 {
		return nil, fmt.Errorf("%s: no data rows after the header", name)
	}
	return items, nil
}

// IsAligned reports whether dir contains a file named ALIGNED, meaning its
// images are crops already aligned to the embedding template and face
// detection must be skipped.
func IsAligned(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, AlignedMarker))
	return err == nil && !fi.IsDir()
}

// Presentation-attack labels understood by SplitLiveSpoof.
const (
	LabelLive  = "live"
	LabelSpoof = "spoof"
)

// SplitLiveSpoof returns the indices of items labelled live and spoof
// (case-insensitive). Every other label, such as "spoof?" for a doubtful
// case or "unlabelled", is returned in other: such images must not count
// towards APCER or BPCER, but the caller may still want to report them.
func SplitLiveSpoof(items []Labelled) (live, spoof, other []int) {
	for i, it := range items {
		switch strings.ToLower(it.Label) {
		case LabelLive:
			live = append(live, i)
		case LabelSpoof:
			spoof = append(spoof, i)
		default:
			other = append(other, i)
		}
	}
	return live, spoof, other
}

// SingleIdentity keeps the items that name exactly one known person. Group
// photos are labelled "a+b" and unnamed faces "unknown"; pairing them as if
// they were one identity would count a correct match of a person inside a
// group photo as a false accept.
func SingleIdentity(items []Labelled) (kept, skipped []Labelled) {
	for _, it := range items {
		if strings.Contains(it.Label, "+") || strings.EqualFold(it.Label, "unknown") {
			skipped = append(skipped, it)
		} else {
			kept = append(kept, it)
		}
	}
	return kept, skipped
}
