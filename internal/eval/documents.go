package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"openkyc/internal/engine/textnorm"
)

// TruthFile is the name of a document folder's labels.
const TruthFile = "truth.jsonl"

// DocTruth is one line of truth.jsonl, and also the shape of what the
// engine read, so the two compare field by field.
type DocTruth struct {
	File           string            `json:"file"`
	DocumentType   string            `json:"document_type,omitempty"`
	IssuingCountry string            `json:"issuing_country,omitempty"`
	Script         string            `json:"script,omitempty"`
	MRZ            []string          `json:"mrz,omitempty"`
	Fields         map[string]string `json:"fields,omitempty"`
}

// ReadTruth reads a truth.jsonl file. Blank lines are skipped; a line that
// is not a JSON object with a "file" is an error naming its line.
func ReadTruth(path string) ([]DocTruth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []DocTruth
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var t DocTruth
		if err := json.Unmarshal([]byte(line), &t); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, n, err)
		}
		if t.File == "" {
			return nil, fmt.Errorf("%s:%d: no \"file\"", path, n)
		}
		out = append(out, t)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no entries", path)
	}
	return out, nil
}

// DocPrediction is what the engine made of one image.
type DocPrediction struct {
	DocTruth
	Found     bool    // a document was detected
	LatencyMS float64 // decode through checks
	// Recapture: a failed check asked for another photo (blur, glare,
	// resolution, legibility, margin). The product reads no fields from
	// such a photo; the applicant takes another.
	Recapture bool
}

// DocumentReport is `openkyc eval documents`: the README's keys exactly.
type DocumentReport struct {
	Images          int                 `json:"images"`
	DetectionRate   *float64            `json:"detection_rate"`
	FalseDetections int                 `json:"false_detections"`
	TypeAccuracy    *float64            `json:"type_accuracy"`
	MRZExact        *float64            `json:"mrz_exact"`
	Fields          map[string]*float64 `json:"fields"`
	FieldsExact     *float64            `json:"fields_exact"`
	Latency         LatencyMS           `json:"latency_ms"`
	// Beyond the README's keys, for the table only: of the images with
	// labelled fields, how many were kept (no recapture asked), and the
	// fields exact on those. A degraded photo the engine refuses is not
	// read wrong, it is sent back.
	Kept            int      `json:"-"`
	KeptOf          int      `json:"-"`
	FieldsExactKept *float64 `json:"-"`
}

// rate is a fraction that is null when nothing was counted.
type rate struct{ hit, n int }

func (r *rate) add(ok bool) {
	r.n++
	if ok {
		r.hit++
	}
}

func (r rate) value() *float64 {
	if r.n == 0 {
		return nil
	}
	v := float64(r.hit) / float64(r.n)
	return &v
}

// BuildDocumentReport scores predictions against the truth, matched by
// File. An image with no prediction counts as nothing found.
func BuildDocumentReport(truth []DocTruth, preds []DocPrediction) DocumentReport {
	byFile := make(map[string]DocPrediction, len(preds))
	for _, p := range preds {
		byFile[p.File] = p
	}
	var detect, typ, mrz, all, kept rate
	keptImages, withFields := 0, 0
	fields := map[string]*rate{}
	falseDet := 0
	var lat []float64
	for _, t := range truth {
		p, ok := byFile[t.File]
		if ok {
			lat = append(lat, p.LatencyMS)
		}
		if t.DocumentType == "none" {
			if p.Found {
				falseDet++
			}
		} else if t.DocumentType != "" {
			detect.add(p.Found)
		}
		if t.DocumentType != "" {
			typ.add(p.DocumentType == t.DocumentType || (t.DocumentType == "none" && !p.Found))
		}
		if len(t.MRZ) > 0 {
			mrz.add(sameMRZ(t.MRZ, p.MRZ))
		}
		if len(t.Fields) > 0 {
			withFields++
			if p.Found && !p.Recapture {
				keptImages++
			}
		}
		for name, want := range t.Fields {
			if fields[name] == nil {
				fields[name] = &rate{}
			}
			hit := FieldEqual(name, want, p.Fields[name])
			fields[name].add(hit)
			if name != "address" {
				all.add(hit)
				if p.Found && !p.Recapture {
					kept.add(hit)
				}
			}
		}
	}
	rep := DocumentReport{
		Images: len(truth), DetectionRate: detect.value(), FalseDetections: falseDet,
		TypeAccuracy: typ.value(), MRZExact: mrz.value(), Fields: map[string]*float64{},
		FieldsExact: all.value(), Latency: NewLatency(lat),
		Kept: keptImages, KeptOf: withFields, FieldsExactKept: kept.value(),
	}
	for name, r := range fields {
		rep.Fields[name] = r.value()
	}
	return rep
}

func sameMRZ(want, got []string) bool {
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		if strings.TrimSpace(want[i]) != strings.TrimSpace(got[i]) {
			return false
		}
	}
	return true
}

// FieldEqual compares a read value with the truth the way the README says
// (textnorm.Equal).
func FieldEqual(name, want, got string) bool { return textnorm.Equal(name, want, got) }

// WriteJSON prints the report as one JSON object.
func (r DocumentReport) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteTable prints the report for people.
func (r DocumentReport) WriteTable(w io.Writer) error {
	t := newTable()
	t.row("images", fmt.Sprint(r.Images), "")
	t.row("detection rate", pct(r.DetectionRate), "documents found where there is one")
	t.row("false detections", fmt.Sprint(r.FalseDetections), "documents found where there is none")
	t.row("type accuracy", pct(r.TypeAccuracy), "")
	t.row("MRZ exact", pct(r.MRZExact), "every line read exactly")
	names := make([]string, 0, len(r.Fields))
	for n := range r.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		note := ""
		if n == "address" {
			note = "not in fields exact"
		}
		t.row("  "+n, pct(r.Fields[n]), note)
	}
	t.row("fields exact", pct(r.FieldsExact), "all labelled fields but address")
	if r.KeptOf > 0 {
		t.row("kept", fmt.Sprintf("%d / %d", r.Kept, r.KeptOf), "images with fields the checks did not send back for a retake")
		t.row("fields exact, kept", pct(r.FieldsExactKept), "the same, on those images")
	}
	t.row("latency p50", ms(r.Latency.P50), "per image")
	t.row("latency p95", ms(r.Latency.P95), "per image")
	return t.flush(w)
}
