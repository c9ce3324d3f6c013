package document

import (
	"testing"
	"time"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/ocr"
)

var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// valid is the evidence of a good passport photo; each case breaks one thing.
func valid() *Evidence {
	return &Evidence{
		Found: true, Method: "edges", Margin: 0.05, DocumentType: "passport", Script: "latin",
		Fields: map[string]Field{
			"surname": {Value: "ERIKSSON"}, "given_names": {Value: "ANNA MARIA"},
			"birth_date": {Value: "1974-08-12"}, "expiry_date": {Value: "2030-04-15"},
		},
		MRZ:      &MRZ{Format: "TD3", Valid: true},
		Portrait: &face.Face{Quality: face.Quality{Size: 180}},
		Lines:    []ocr.Line{{Text: "PASSPORT", Confidence: 0.98}}, MeanConfidence: 0.95, FieldConfidence: 0.96,
		Quality: Quality{Sharpness: 300, Glare: 0.001, TextHeight: 30},
	}
}

func outcomes(cs []Check) map[string]Check {
	m := map[string]Check{}
	for _, c := range cs {
		m[c.Name] = c
	}
	return m
}

func TestChecks(t *testing.T) {
	for _, c := range []struct {
		name    string
		change  func(*Evidence)
		check   string
		outcome Outcome
		code    string
	}{
		{"valid passport", func(*Evidence) {}, "document.expiry", Pass, ""},
		{"no document", func(e *Evidence) { e.Found = false }, "document.detected", Fail, "id_image_invalidImage"},
		{"student card", func(e *Evidence) { e.DocumentType = "other" }, "document.type", Fail, "invalid_acceptedID"},
		{"unknown type", func(e *Evidence) { e.DocumentType = "" }, "document.type", Warn, "id_image_invalidId"},
		{"no portrait", func(e *Evidence) { e.Portrait = nil }, "document.portrait", Fail, "id_image_invalidId"},
		{"no name", func(e *Evidence) { delete(e.Fields, "surname"); delete(e.Fields, "given_names") }, "document.full_name", Fail, "id_image_invalidId"},
		{"native name only", func(e *Evidence) {
			delete(e.Fields, "surname")
			delete(e.Fields, "given_names")
			e.Fields["full_name_native"] = Field{Value: "홍길동"}
		}, "document.full_name", Pass, ""},
		{"half a name", func(e *Evidence) { delete(e.Fields, "given_names") }, "document.full_name", Warn, "id_image_invalidId"},
		{"year-only birth date", func(e *Evidence) { e.Fields["birth_date"] = Field{Value: "1974"} }, "document.birth_date", Fail, "no_date_of_birth"},
		{"no birth date", func(e *Evidence) { delete(e.Fields, "birth_date") }, "document.birth_date", Fail, "no_date_of_birth"},
		{"birth in the future", func(e *Evidence) { e.Fields["birth_date"] = Field{Value: "2030-01-01"} }, "document.birth_date", Fail, "id_image_invalidId"},
		{"expired yesterday", func(e *Evidence) { e.Fields["expiry_date"] = Field{Value: "2026-11-24"} }, "document.expiry", Fail, "expired_id"},
		{"expires today", func(e *Evidence) { e.Fields["expiry_date"] = Field{Value: "2026-11-25"} }, "document.expiry", Pass, ""},
		{"no expiry printed", func(e *Evidence) { delete(e.Fields, "expiry_date") }, "document.expiry", Pass, ""},
		{"Greek script", func(e *Evidence) { e.Script = "greek" }, "document.script", Fail, "id_image_invalidId"},
		{"illegible", func(e *Evidence) { e.MeanConfidence = 0.4 }, "document.legible", Fail, "id_image_badImage"},
		{"hard to read", func(e *Evidence) { e.MeanConfidence = 0.7 }, "document.legible", Warn, ""},
		{"no text", func(e *Evidence) { e.Lines = nil }, "document.legible", Fail, "id_image_badImage"},
		{"handwritten", func(e *Evidence) { e.FieldConfidence = 0.5 }, "document.printed", Warn, "id_image_invalidId"},
		{"blurred", func(e *Evidence) { e.Quality.Sharpness = 20 }, "document.blur", Fail, "id_image_badImage"},
		{"glare", func(e *Evidence) { e.Quality.Glare = 0.1 }, "document.glare", Fail, "id_image_badImage"},
		{"some glare", func(e *Evidence) { e.Quality.Glare = 0.02 }, "document.glare", Warn, ""},
		{"tiny text", func(e *Evidence) { e.Quality.TextHeight = 8 }, "document.resolution", Fail, "id_image_badImage"},
		{"touching the edge", func(e *Evidence) { e.Margin = 0 }, "document.margin", Fail, "id_image_badImage"},
		{"flat scan has no margin", func(e *Evidence) { e.Margin, e.Method = 0, "scan" }, "document.margin", Pass, ""},
		{"bad MRZ check digit", func(e *Evidence) { e.MRZ.Valid, e.MRZ.FailedChecks = false, []string{"birth_date"} }, "document.mrz_checksum", Warn, "id_image_invalidId"},
		{"MRZ disagrees", func(e *Evidence) { e.Disagreements = []string{"birth_date"} }, "document.mrz_agreement", Warn, "id_image_invalidId"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ev := valid()
			c.change(ev)
			got, ok := outcomes(Checks(ev, now))[c.check]
			if !ok {
				t.Fatalf("no %s check", c.check)
			}
			if got.Outcome != c.outcome || got.Code != c.code {
				t.Errorf("%s = %s %q (%s), want %s %q", c.check, got.Outcome, got.Code, got.Reason, c.outcome, c.code)
			}
			if got.Outcome != Pass && got.Reason == "" {
				t.Errorf("%s %s without a reason", c.check, got.Outcome)
			}
		})
	}
}

// TestValidPassesEverything: the baseline evidence passes every check, so
// each case above isolates the one condition it breaks.
func TestValidPassesEverything(t *testing.T) {
	cs := Checks(valid(), now)
	if len(cs) < 14 {
		t.Fatalf("only %d checks", len(cs))
	}
	for _, c := range cs {
		if c.Outcome != Pass {
			t.Errorf("%s = %s (%s)", c.Name, c.Outcome, c.Reason)
		}
	}
}
