package eval

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFieldEqual(t *testing.T) {
	for _, c := range []struct {
		name, want, got string
		eq              bool
	}{
		{"surname", "ERIKSSON", "Eriksson", true},
		{"given_names", "ANNA MARIA", "ANNA-MARIA", true},
		{"document_number", "L898902C3", "L 898 902 C3", true},
		{"birth_date", "1974-08-12", "１９７４-08-12", true}, // full-width digits
		{"birth_date", "1974-08-12", "1974-08-13", false},
		{"address", "1 Main  St", "1 main st", true},
		{"address", "1 Main St", "1MainSt", false}, // spaces count outside names
		{"surname", "X", "", false},
		{"surname", "", "", false}, // nothing labelled is never a hit
	} {
		if got := FieldEqual(c.name, c.want, c.got); got != c.eq {
			t.Errorf("FieldEqual(%s, %q, %q) = %v", c.name, c.want, c.got, got)
		}
	}
}

func TestBuildDocumentReport(t *testing.T) {
	truth := []DocTruth{
		{File: "a.jpg", DocumentType: "passport", MRZ: []string{"P<UTO", "L898"}, Fields: map[string]string{"surname": "ERIKSSON", "birth_date": "1974-08-12", "address": "X"}},
		{File: "b.jpg", DocumentType: "id_card", Fields: map[string]string{"surname": "DOE"}},
		{File: "c.jpg", DocumentType: "none"},
		{File: "d.jpg", DocumentType: "other"},
	}
	preds := []DocPrediction{
		{DocTruth: DocTruth{File: "a.jpg", DocumentType: "passport", MRZ: []string{"P<UTO", "L898"}, Fields: map[string]string{"surname": "Eriksson", "birth_date": "1974-08-12"}}, Found: true, LatencyMS: 100},
		{DocTruth: DocTruth{File: "b.jpg", DocumentType: "passport", Fields: map[string]string{"surname": "D0E"}}, Found: true, LatencyMS: 200},
		{DocTruth: DocTruth{File: "c.jpg", DocumentType: "other"}, Found: true, LatencyMS: 50},
		// d.jpg: no prediction at all
	}
	r := BuildDocumentReport(truth, preds)
	check := func(name string, got *float64, want float64) {
		t.Helper()
		if got == nil || *got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("detection_rate", r.DetectionRate, 2.0/3)
	check("type_accuracy", r.TypeAccuracy, 1.0/4)
	check("mrz_exact", r.MRZExact, 1)
	check("fields.surname", r.Fields["surname"], 0.5)
	check("fields.address", r.Fields["address"], 0)
	check("fields_exact", r.FieldsExact, 2.0/3)
	if r.FalseDetections != 1 || r.Images != 4 {
		t.Errorf("false detections %d, images %d", r.FalseDetections, r.Images)
	}
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	json.Unmarshal(buf.Bytes(), &m)
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	want := []string{"detection_rate", "false_detections", "fields", "fields_exact", "images", "latency_ms", "mrz_exact", "type_accuracy"}
	if !slices.Equal(keys, want) {
		t.Errorf("JSON keys %v, want %v", keys, want)
	}
	if err := r.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
}

func TestReadTruth(t *testing.T) {
	p := filepath.Join(t.TempDir(), TruthFile)
	os.WriteFile(p, []byte(`{"file":"a.jpg","document_type":"passport","mrz":["A","B"],"fields":{"surname":"X"}}`+"\n\n"+`{"file":"b.jpg"}`+"\n"), 0o644)
	got, err := ReadTruth(p)
	if err != nil || len(got) != 2 || got[0].Fields["surname"] != "X" || len(got[0].MRZ) != 2 {
		t.Fatalf("ReadTruth = %+v, %v", got, err)
	}
	for _, bad := range []string{`{"document_type":"passport"}`, `not json`, ``} {
		os.WriteFile(p, []byte(bad), 0o644)
		if _, err := ReadTruth(p); err == nil {
			t.Errorf("ReadTruth(%q) accepted", bad)
		}
	}
}
