package document

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/engine/mrz"
	"openkyc/internal/engine/textnorm"
)

// mergeMRZ records the MRZ and prefers its values where its check digits
// hold: they are verified, the printed zone is not. Where both exist and
// differ, the difference is evidence for the mrz_agreement check.
func mergeMRZ(ev *Evidence, m *mrz.Result) {
	ev.MRZ = &MRZ{Format: string(m.Format), Lines: m.Lines, Valid: m.Valid, Repairs: m.Repairs}
	for _, c := range m.Checks {
		if !c.Valid {
			ev.MRZ.FailedChecks = append(ev.MRZ.FailedChecks, c.Name)
		}
	}
	fromMRZ := map[string]string{
		"surname": m.Surname, "given_names": m.GivenNames, "document_number": m.DocumentNumber,
		"nationality": m.Nationality, "sex": m.Sex, "birth_date": m.BirthDate.String(),
		"expiry_date": m.ExpiryDate.String(), "personal_number": m.PersonalNumber,
	}
	for name, v := range fromMRZ {
		if v == "" || name == "sex" && v == "X" {
			continue
		}
		if vis, ok := ev.Fields[name]; ok {
			if isName(name) && sameName(vis.Value, v) {
				// The printed zone says the same with its diacritics and
				// apostrophes (KOZŁOWSKI, O'BRIEN): keep it, it is what
				// the document shows.
				continue
			}
			if !textnorm.Equal(name, vis.Value, v) {
				ev.Disagreements = append(ev.Disagreements, name)
			}
		}
		conf := 0.9
		if m.Valid {
			conf = 0.99
		}
		ev.Fields[name] = Field{Value: v, Confidence: conf, Source: "mrz"}
	}
	slices.Sort(ev.Disagreements)
	if ev.IssuingCountry == "" {
		ev.IssuingCountry = m.IssuingState
	}
	if ev.DocumentType == "" {
		ev.DocumentType = typeFromMRZ(m)
	}
}

// typeFromMRZ maps the MRZ document code to a document type.
func typeFromMRZ(m *mrz.Result) string {
	switch {
	case m.DocumentCode == "":
		return ""
	case m.DocumentCode[0] == 'P':
		return "passport"
	case m.DocumentCode[0] == 'V':
		return "visa"
	case m.DocumentCode == "IR" || m.DocumentCode == "AR" || m.DocumentCode == "RP":
		return "residence_permit"
	case m.DocumentCode[0] == 'I' || m.DocumentCode[0] == 'A' || m.DocumentCode[0] == 'C':
		return "id_card"
	case m.DocumentCode[0] == 'D':
		return "drivers_license"
	}
	return ""
}

func isName(field string) bool { return field == "surname" || field == "given_names" }

// sameName reports whether a printed name and an MRZ name are the same
// once the printed one is written the way ICAO 9303 transliterates: accents
// dropped, ligatures and special letters spelled out, every character that
// is not A–Z a separator.
func sameName(printed, fromMRZ string) bool {
	return mrzLetters(printed) == mrzLetters(fromMRZ) && mrzLetters(printed) != ""
}

var mrzSpecial = strings.NewReplacer("Ł", "L", "ł", "l", "Ø", "O", "ø", "o", "Đ", "D", "đ", "d", "ß", "SS",
	"Æ", "AE", "æ", "ae", "Œ", "OE", "œ", "oe", "Þ", "TH", "þ", "th", "Ħ", "H", "ħ", "h", "ı", "i")

func mrzLetters(s string) string {
	s = norm.NFKD.String(mrzSpecial.Replace(s))
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
