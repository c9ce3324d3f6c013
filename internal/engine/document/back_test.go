package document

import (
	"slices"
	"testing"
	"time"

	"openkyc/internal/engine/ocr"
)

func TestMergeBack(t *testing.T) {
	e := New(nil, nil, nil, func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) })
	sharp := Quality{Sharpness: 500, TextHeight: 30}
	front := func() *Evidence {
		return &Evidence{Found: true, Method: "edges", Margin: 0.1, DocumentType: "id_card", Script: "latin",
			Quality: sharp, MeanConfidence: 0.95, Lines: make([]ocr.Line, 1),
			Fields: map[string]Field{"surname": {Value: "MÜLLER", Source: "visual"}, "given_names": {Value: "ANNA", Source: "visual"},
				"document_number": {Value: "L01X00T47", Source: "visual"}},
			Stages: map[string]time.Duration{}}
	}
	back := &Evidence{Found: true, Method: "edges", Margin: 0.1, IssuingCountry: "DEU", Quality: Quality{Sharpness: 20, TextHeight: 30},
		MRZ: &MRZ{Format: "TD1", Valid: true},
		Fields: map[string]Field{"surname": {Value: "MUELLER", Source: "mrz"}, "given_names": {Value: "ANNA", Source: "mrz"},
			"document_number": {Value: "L01X00T48", Source: "mrz"}, "birth_date": {Value: "1990-08-12", Source: "mrz"},
			"expiry_date": {Value: "2031-05-01", Source: "mrz"}},
		Stages: map[string]time.Duration{StageMRZ: time.Millisecond}}

	f := front()
	e.MergeBack(f, back)
	if f.Fields["birth_date"].Value != "1990-08-12" || f.IssuingCountry != "DEU" || f.MRZ == nil {
		t.Errorf("the back's MRZ did not fill the front: %+v", f)
	}
	if f.Fields["surname"].Value != "MÜLLER" {
		t.Errorf("the printed name with its umlaut gave way to the MRZ's: %q", f.Fields["surname"].Value)
	}
	if f.Fields["document_number"].Value != "L01X00T48" || !slices.Equal(f.Disagreements, []string{"document_number"}) {
		t.Errorf("verified MRZ number: %q, disagreements %v", f.Fields["document_number"].Value, f.Disagreements)
	}
	byName := map[string]Check{}
	for _, c := range f.Checks {
		byName[c.Name] = c
	}
	if c := byName["document.birth_date"]; c.Outcome != Pass {
		t.Errorf("birth date judged again: %+v", c)
	}
	if c := byName["document.mrz_agreement"]; c.Outcome != Warn {
		t.Errorf("mrz agreement: %+v", c)
	}
	if c := byName["document.back.blur"]; c.Outcome != Fail || !c.Recapture {
		t.Errorf("a blurred back: %+v", c)
	}
	if f.Stages["back."+StageMRZ] == 0 {
		t.Error("the back's stage times are lost")
	}

	f = front()
	e.MergeBack(f, &Evidence{Found: false})
	if c := f.Checks[len(f.Checks)-1]; c.Name != "document.back.detected" || c.Outcome != Fail || !c.Recapture {
		t.Errorf("no document on the back: %+v", c)
	}
}
