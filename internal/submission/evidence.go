package submission

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/kyc"
)

// documentTypes maps the engine's document types to the product's.
var documentTypes = map[string]kyc.DocumentType{
	"passport": kyc.Passport, "id_card": kyc.GovernmentID, "drivers_license": kyc.DriversLicense,
	"residence_permit": kyc.ResidencePermit, "visa": kyc.Visa, "other": kyc.NotGovernment,
}

// Document turns the engine's evidence into what the policy judges.
func Document(ev *document.Evidence) kyc.Document {
	d := kyc.Document{Type: documentTypes[ev.DocumentType], Country: ev.IssuingCountry}
	if f, ok := ev.Fields["birth_date"]; ok {
		d.BirthDate = parseDate(f.Value)
	}
	if f, ok := ev.Fields["expiry_date"]; ok {
		d.ExpiryDate = parseDate(f.Value)
	}
	for _, c := range ev.Checks {
		d.Checks = append(d.Checks, kyc.Check{Name: c.Name, Outcome: kyc.Outcome(c.Outcome), Value: c.Value,
			Threshold: c.Threshold, Code: kyc.RejectCode(c.Code), Reason: c.Reason, Recapture: c.Recapture})
	}
	return d
}

// parseDate reads the engine's dates: YYYY-MM-DD, YYYY-MM or YYYY.
func parseDate(v string) *kyc.Date {
	parts := strings.Split(v, "-")
	if len(parts) == 0 || len(parts) > 3 {
		return nil
	}
	var n [3]int
	for i, p := range parts {
		x, err := strconv.Atoi(p)
		if err != nil {
			return nil
		}
		n[i] = x
	}
	if n[0] < 1000 {
		return nil
	}
	return &kyc.Date{Year: n[0], Month: n[1], Day: n[2]}
}

// Face checks of a selfie attempt against the ID portrait. A failed one
// fails the attempt (kyc.State.SubmitSelfie): the applicant may retry.
func FaceChecks(p kyc.Policy, portrait *face.Face, selfie *face.Analysis) []kyc.Check {
	var checks []kyc.Check
	det := kyc.Check{Name: "face.detected", Outcome: kyc.Pass}
	if selfie == nil || len(selfie.Faces) == 0 {
		det.Outcome, det.Reason = kyc.Fail, "no face found in the selfie"
		return append(checks, det)
	}
	s := selfie.Faces[0]
	det.Value = len(selfie.Faces)
	if len(selfie.Faces) > 1 {
		det.Outcome, det.Reason = kyc.Warn, "more than one face in the selfie"
	}
	checks = append(checks, det)
	id := kyc.Check{Name: "face.id_portrait", Outcome: kyc.Pass}
	if portrait == nil || len(portrait.Embedding) == 0 {
		id.Outcome, id.Code, id.Reason = kyc.Fail, kyc.IDImageInvalidID, "no face photo on the ID to compare with"
		return append(checks, id)
	}
	checks = append(checks, id)
	sim := face.Compare(portrait.Embedding, s.Embedding)
	simCheck := kyc.Check{Name: "face.similarity", Outcome: kyc.Pass, Value: round3(sim), Threshold: p.SimilarityThreshold}
	if sim < p.SimilarityThreshold {
		simCheck.Outcome, simCheck.Reason = kyc.Fail, "the selfie does not match the ID photo (if the ID photo is old, use your latest ID)"
	}
	checks = append(checks, simCheck)
	live := kyc.Check{Name: "face.liveness", Outcome: kyc.Pass, Threshold: p.LivenessThreshold}
	switch {
	case s.Liveness == nil:
		live.Outcome, live.Reason = kyc.Fail, "liveness not measured"
	case s.Liveness.Score < p.LivenessThreshold:
		live.Value = round3(s.Liveness.Score)
		live.Outcome, live.Reason = kyc.Fail, "the selfie did not pass the liveness check: take it again, live, in good light"
	default:
		live.Value = round3(s.Liveness.Score)
	}
	checks = append(checks, live)
	if p.FaceAgeCheck && p.AgeLimit > 0 && s.Age != nil {
		// An estimate: a face that looks under age goes to a person, it
		// does not reject or fail the attempt on its own.
		age := kyc.Check{Name: "face.age", Outcome: kyc.Pass, Value: round3(*s.Age), Threshold: p.AgeLimit}
		if *s.Age < float64(p.AgeLimit) {
			age.Outcome, age.Code, age.Reason = kyc.Warn, kyc.UnderAgeLimit, "the face looks younger than the age limit"
		}
		checks = append(checks, age)
	}
	return checks
}

// ScoreInputs measures a submission for the score from the document
// evidence and the selfie.
func ScoreInputs(ev *document.Evidence, portrait *face.Face, selfie *face.Analysis) kyc.ScoreInputs {
	in := kyc.ScoreInputs{Recognition: ev.FieldConfidence}
	if in.Recognition == 0 {
		in.Recognition = ev.MeanConfidence
	}
	have := 0
	for _, f := range [][]string{{"surname", "full_name_native"}, {"birth_date"}, {"expiry_date"}, {"document_number", "personal_number"}} {
		for _, name := range f {
			if ev.Fields[name].Value != "" {
				have++
				break
			}
		}
	}
	in.Completeness = float64(have) / 4
	quality, passed := 0, 0
	for _, c := range ev.Checks {
		switch c.Name {
		case "document.blur", "document.glare", "document.resolution", "document.margin":
			quality++
			if c.Outcome == document.Pass {
				passed++
			}
		}
	}
	if quality > 0 {
		in.Quality = float64(passed) / float64(quality)
	}
	if selfie != nil && len(selfie.Faces) > 0 {
		s := selfie.Faces[0]
		if portrait != nil {
			in.Similarity = face.Compare(portrait.Embedding, s.Embedding)
		}
		if s.Liveness != nil {
			in.Liveness = s.Liveness.Score
		}
	}
	return in
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// Declared compares the issuing country and ID type the applicant selected
// with the document's. Where the engine could not tell, the selection
// stands in for the policy, and a warning shows it to a reviewer; where
// they differ, the data-mismatch condition sends the submission to one.
func Declared(a Applicant, d *kyc.Document) []kyc.Check {
	var out []kyc.Check
	for _, x := range []struct {
		name, declared string
		read           *string
	}{{"data.issuing_country", a.Country, &d.Country}, {"data.id_type", string(a.IDType), (*string)(&d.Type)}} {
		if x.declared == "" {
			continue
		}
		c := kyc.Check{Name: x.name, Outcome: kyc.Pass, Value: x.declared}
		switch *x.read {
		case x.declared:
		case "":
			*x.read = x.declared
			c.Outcome, c.Reason = kyc.Warn, "not read from the document: the applicant's selection was used"
		default:
			c.Outcome, c.Code, c.Reason = kyc.Fail, kyc.IDInfoDataMismatch, "the document is not the one selected ("+*x.read+")"
		}
		out = append(out, c)
	}
	return out
}

// DataMatch compares what the applicant typed (name, birth date) with the
// document: a difference is the id_info_dataMismatch condition, which
// sends the submission to a reviewer. Names match whatever the order of
// their parts, case, accents and punctuation; a native-script name matches
// the native full name.
func DataMatch(a Applicant, fields map[string]string) []kyc.Check {
	var out []kyc.Check
	if a.Name != "" {
		c := kyc.Check{Name: "data.name", Outcome: kyc.Pass}
		typed := nameKey(a.Name)
		candidates := []string{nameKey(fields["surname"] + " " + fields["given_names"]), nameKey(fields["full_name_native"])}
		if !slices.Contains(candidates, typed) || typed == "" {
			c.Outcome, c.Code, c.Reason = kyc.Fail, kyc.IDInfoDataMismatch, "the name entered does not match the ID"
		}
		out = append(out, c)
	}
	if a.BirthDate != "" {
		c := kyc.Check{Name: "data.birth_date", Outcome: kyc.Pass}
		if d := parseDate(a.BirthDate); d == nil || fields["birth_date"] == "" || d.String() != fields["birth_date"] {
			c.Outcome, c.Code, c.Reason = kyc.Fail, kyc.IDInfoDataMismatch, "the birth date entered does not match the ID"
		}
		out = append(out, c)
	}
	return out
}

// nameKey is a name's parts, without accents, case or punctuation, in
// sorted order: "Núñez Gómez, Lucía" and "LUCIA NUNEZ GOMEZ" are one key.
func nameKey(s string) string {
	s = norm.NFKD.String(strings.ToUpper(s))
	parts := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) })
	for i, p := range parts {
		parts[i] = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, p)
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}
