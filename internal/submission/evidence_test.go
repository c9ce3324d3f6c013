package submission

import (
	"errors"
	"strings"
	"testing"
	"time"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/kyc"
)

func evidence(typ, birth, expiry string, checks ...document.Check) *document.Evidence {
	ev := &document.Evidence{Found: true, DocumentType: typ, IssuingCountry: "KOR", Fields: map[string]document.Field{},
		FieldConfidence: 0.95, Checks: checks}
	if birth != "" {
		ev.Fields["birth_date"] = document.Field{Value: birth}
	}
	if expiry != "" {
		ev.Fields["expiry_date"] = document.Field{Value: expiry}
	}
	ev.Fields["surname"] = document.Field{Value: "HONG"}
	return ev
}

func TestDocumentFromEvidence(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	p := kyc.DefaultPolicy()
	tests := []struct {
		name string
		ev   *document.Evidence
		want kyc.Status
		code kyc.RejectCode
	}{
		{"Korean resident card without expiry awaits the selfie", evidence("id_card", "1985-03-12", ""), kyc.Incomplete, ""},
		{"student card", evidence("other", "2001-01-01", "2027-01-01"), kyc.Rejected, kyc.InvalidAcceptedID},
		{"year of birth only", evidence("passport", "1985", "2030-01-01"), kyc.Rejected, kyc.NoDateOfBirth},
		{"expired passport", evidence("passport", "1985-03-12", "2020-01-01"), kyc.Rejected, kyc.ExpiredID},
		{"blurred photo: recapture", evidence("passport", "1985-03-12", "2030-01-01",
			document.Check{Name: "document.blur", Outcome: document.Fail, Code: "id_image_badImage", Recapture: true}), kyc.Incomplete, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := kyc.New(now).SubmitID(p, Document(tt.ev), now)
			if err != nil || tr.State.Status != tt.want || tr.State.Code != tt.code {
				t.Errorf("%+v %v; want %s %q", tr.State, err, tt.want, tt.code)
			}
		})
	}
	if d := parseDate("2026-02"); d == nil || d.Full() || d.Month != 2 {
		t.Errorf("year-month: %+v", d)
	}
	for _, bad := range []string{"", "soon", "12-03-1985", "85-03-12"} {
		if d := parseDate(bad); d != nil {
			t.Errorf("parseDate(%q) = %+v", bad, d)
		}
	}
}

func TestFaceChecks(t *testing.T) {
	p := kyc.DefaultPolicy()
	portrait := &face.Face{Embedding: []float32{1, 0, 0}}
	selfie := func(emb []float32, live float64) *face.Analysis {
		return &face.Analysis{Faces: []face.Face{{Embedding: emb, Liveness: &face.Liveness{Score: live}}}}
	}
	outcome := func(cs []kyc.Check, name string) kyc.Outcome {
		for _, c := range cs {
			if c.Name == name {
				return c.Outcome
			}
		}
		return ""
	}
	same := FaceChecks(p, portrait, selfie([]float32{0.9, 0.1, 0}, 0.95))
	if outcome(same, "face.similarity") != kyc.Pass || outcome(same, "face.liveness") != kyc.Pass {
		t.Errorf("same person, live: %+v", same)
	}
	other := FaceChecks(p, portrait, selfie([]float32{0, 1, 0}, 0.95))
	if outcome(other, "face.similarity") != kyc.Fail {
		t.Errorf("another person: %+v", other)
	}
	spoof := FaceChecks(p, portrait, selfie([]float32{1, 0, 0}, 0.2))
	if outcome(spoof, "face.liveness") != kyc.Fail {
		t.Errorf("a photo of a photo: %+v", spoof)
	}
	if none := FaceChecks(p, portrait, &face.Analysis{}); outcome(none, "face.detected") != kyc.Fail {
		t.Errorf("no face: %+v", none)
	}
	if noID := FaceChecks(p, nil, selfie([]float32{1, 0, 0}, 0.9)); outcome(noID, "face.id_portrait") != kyc.Fail {
		t.Errorf("no ID portrait: %+v", noID)
	}
	p.AgeLimit, p.FaceAgeCheck = 18, true
	young := selfie([]float32{1, 0, 0}, 0.9)
	age := 12.0
	young.Faces[0].Age = &age
	if c := FaceChecks(p, portrait, young); outcome(c, "face.age") != kyc.Warn {
		t.Errorf("young face: %+v", c)
	}
	in := ScoreInputs(evidence("passport", "1985-03-12", "2030-01-01",
		document.Check{Name: "document.blur", Outcome: document.Pass}, document.Check{Name: "document.glare", Outcome: document.Fail}),
		portrait, selfie([]float32{1, 0, 0}, 0.9))
	if in.Completeness != 0.75 || in.Quality != 0.5 || in.Similarity != 1 || in.Liveness != 0.9 || in.Recognition != 0.95 {
		t.Errorf("score inputs: %+v", in)
	}
}

func TestDataMatch(t *testing.T) {
	fields := map[string]string{"surname": "NÚÑEZ GÓMEZ", "given_names": "LUCÍA", "full_name_native": "", "birth_date": "2000-06-13"}
	korean := map[string]string{"surname": "HONG", "given_names": "GILDONG", "full_name_native": "홍길동", "birth_date": "1985-03-12"}
	outcome := func(cs []kyc.Check) kyc.Outcome {
		o := kyc.Pass
		for _, c := range cs {
			if c.Outcome == kyc.Fail {
				o = kyc.Fail
			}
		}
		return o
	}
	for _, tt := range []struct {
		a      Applicant
		fields map[string]string
		want   kyc.Outcome
	}{
		{Applicant{Name: "Lucia Nunez Gomez", BirthDate: "2000-06-13"}, fields, kyc.Pass},
		{Applicant{Name: "Núñez Gómez, Lucía"}, fields, kyc.Pass},
		{Applicant{Name: "Lucia Nunez"}, fields, kyc.Fail},
		{Applicant{BirthDate: "2000-06-14"}, fields, kyc.Fail},
		{Applicant{BirthDate: "13.06.2000"}, fields, kyc.Fail}, // not ISO: not comparable, a person looks
		{Applicant{Name: "홍길동"}, korean, kyc.Pass},
		{Applicant{Name: "Gildong Hong", BirthDate: "1985-03-12"}, korean, kyc.Pass},
		{Applicant{}, fields, kyc.Pass}, // nothing typed, nothing to compare
	} {
		checks := DataMatch(tt.a, tt.fields)
		if got := outcome(checks); got != tt.want {
			t.Errorf("%+v: %s, want %s (%+v)", tt.a, got, tt.want, checks)
		}
		for _, c := range checks {
			if c.Outcome == kyc.Fail && c.Code != kyc.IDInfoDataMismatch {
				t.Errorf("code %q", c.Code)
			}
		}
	}
}

func TestDeclared(t *testing.T) {
	a := Applicant{Country: "KOR", IDType: kyc.Passport}
	d := kyc.Document{Country: "KOR", Type: kyc.Passport}
	for _, c := range Declared(a, &d) {
		if c.Outcome != kyc.Pass {
			t.Errorf("same as read: %+v", c)
		}
	}
	d = kyc.Document{}
	checks := Declared(a, &d)
	if d.Country != "KOR" || d.Type != kyc.Passport || len(checks) != 2 || checks[0].Outcome != kyc.Warn {
		t.Errorf("not read: %+v %+v", d, checks)
	}
	d = kyc.Document{Country: "JPN", Type: kyc.DriversLicense}
	checks = Declared(a, &d)
	if d.Country != "JPN" || len(checks) != 2 || checks[0].Outcome != kyc.Fail || checks[1].Code != kyc.IDInfoDataMismatch {
		t.Errorf("another document: %+v %+v", d, checks)
	}
	if len(Declared(Applicant{}, &d)) != 0 {
		t.Error("checks without a selection")
	}
	for _, bad := range []Applicant{{Country: "korea"}, {IDType: "student"}, {BirthDate: "12/03/1985"}, {Email: strings.Repeat("x", 600)}} {
		if err := bad.Validate(); !errors.Is(err, ErrBadApplicant) {
			t.Errorf("%+v: %v", bad, err)
		}
	}
}
