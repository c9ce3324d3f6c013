package document

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/engine/mrz"
	"openkyc/internal/engine/ocr"
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
	conf := 0.9
	if m.Valid {
		conf = 0.99
	}
	failed := map[string]bool{}
	for _, c := range m.Checks {
		if !c.Valid {
			failed[strings.TrimSuffix(c.Name, "_valid")] = true
		}
	}
	if failed["optional"] {
		failed["personal_number"] = true
	}
	for name, v := range fromMRZ {
		if v == "" || name == "sex" && v == "X" {
			continue
		}
		vis, printed := ev.Fields[name]
		if !m.Valid && printed && (failed[name] || !checked[name]) {
			// An MRZ that does not validate is misread somewhere: a
			// field whose own check digit fails, or that has none, does
			// not overrule the printed zone.
			continue
		}
		if printed {
			same := isName(name) && sameName(vis.Value, v)
			if same && latinOnly(vis.Value) {
				// The printed zone says the same with its diacritics and
				// apostrophes (KOZŁOWSKI, O'BRIEN): keep it, it is what
				// the document shows. A name printed only in Cyrillic
				// gives way to the MRZ's Latin spelling (the native one
				// is the full native name).
				continue
			}
			if !same && !textnorm.Equal(name, vis.Value, v) {
				ev.Disagreements = append(ev.Disagreements, name)
			}
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

// nativeNameMatch: how close a native-script line's ICAO transliteration
// must come to the MRZ name (1 − edit distance / length) to be that name
// as printed: "СОКОЛОВ" → SOKOLOV is 1, one misread letter on a 7-letter
// name 0.86.
const nativeNameMatch = 0.8

// nativeFromMRZ finds the native spelling of the MRZ name among the lines
// when no label gave it (a photo whose small labels were unreadable): the
// non-Latin lines whose transliteration is the MRZ surname and given
// names, or, on a Cyrillic document, the Latin look-alike lines that spell
// one of the name's Cyrillic transliterations (lookalikeName).
func nativeFromMRZ(ev *Evidence, lines []ocr.Line, m *mrz.Result) {
	if _, ok := ev.Fields["full_name_native"]; ok || m.Surname == "" {
		return
	}
	find := func(name string) (string, *ocr.Quad) {
		want := mrzLetters(name)
		best, bestSim := -1, nativeNameMatch
		for i, l := range lines {
			if latinOnly(l.Text) {
				continue
			}
			if sim := similarity(mrzLetters(l.Text), want); sim >= bestSim {
				best, bestSim = i, sim
			}
		}
		if best < 0 {
			if countryLanguage[ev.IssuingCountry] == "rus" {
				return lookalikeName(name, lines)
			}
			return "", nil
		}
		return strings.TrimSpace(lines[best].Text), &lines[best].Box
	}
	sur, box := find(m.Surname)
	if sur == "" {
		return
	}
	if m.GivenNames != "" {
		given, _ := find(m.GivenNames)
		if given == "" {
			return
		}
		sur += " " + given
	}
	ev.Fields["full_name_native"] = Field{Value: sur, Confidence: 0.8, Source: "visual", Box: box}
}

// printedNames lets the names printed in the visual zone settle the Ks
// and Cs of the MRZ name field that may be misread fillers
// (mrz.Result.ResolveNames): "ERIKSSONK<ANNA" beside a printed ERIKSSON
// is ERIKSSON<<ANNA. Without printed names, or when no reading agrees
// with them, m stands.
func printedNames(ev *Evidence, m *mrz.Result, now time.Time) *mrz.Result {
	sur, given := ev.Fields["surname"], ev.Fields["given_names"]
	if sur.Value == "" && given.Value == "" {
		return m
	}
	agree := func(s, g string) bool {
		return (sur.Value == "" || sameName(sur.Value, s)) && (given.Value == "" || sameName(given.Value, g))
	}
	if r := m.ResolveNames(agree, now); r != nil {
		return r
	}
	return m
}

// checked are the MRZ fields a check digit covers.
var checked = map[string]bool{"document_number": true, "birth_date": true, "expiry_date": true, "personal_number": true}

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

// latinOnly reports whether every letter of s is Latin.
func latinOnly(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) })
}

func isName(field string) bool { return field == "surname" || field == "given_names" }

// sameName reports whether a printed name and an MRZ name are the same
// once the printed one is written the way ICAO 9303 transliterates: accents
// dropped, ligatures and special letters spelled out, every character that
// is not A–Z a separator. Ä, Ö, Ü and Å may also be spelled AE, OE, UE and
// AA, as German and Nordic passports do (HÄGGLUND → HAEGGLUND).
func sameName(printed, fromMRZ string) bool {
	m := mrzLetters(fromMRZ)
	up := strings.ToUpper(printed)
	return m != "" && (mrzLetters(up) == m || mrzLetters(umlauts.Replace(up)) == m)
}

var umlauts = strings.NewReplacer("Ä", "AE", "Ö", "OE", "Ü", "UE", "Å", "AA")

// mrzSpecial spells letters the way ICAO 9303 Part 3 transliterates them
// for the MRZ: Latin specials and the Cyrillic table (Е and Ё → E, Ж → ZH,
// Х → KH, Ц → TS, Щ → SHCH, Ы → Y, Ь dropped, Ю → IU, Я → IA).
var mrzSpecial = strings.NewReplacer("Ł", "L", "Ø", "O", "Đ", "D", "ß", "SS", "Æ", "AE", "Œ", "OE", "Þ", "TH", "Ħ", "H",
	"А", "A", "Б", "B", "В", "V", "Г", "G", "Д", "D", "Е", "E", "Ё", "E", "Ж", "ZH", "З", "Z", "И", "I", "Й", "I",
	"К", "K", "Л", "L", "М", "M", "Н", "N", "О", "O", "П", "P", "Р", "R", "С", "S", "Т", "T", "У", "U", "Ф", "F",
	"Х", "KH", "Ц", "TS", "Ч", "CH", "Ш", "SH", "Щ", "SHCH", "Ъ", "IE", "Ы", "Y", "Ь", "", "Э", "E", "Ю", "IU", "Я", "IA",
	"І", "I", "Ї", "I", "Є", "IE", "Ґ", "G", "Ў", "U")

func mrzLetters(s string) string {
	s = norm.NFKD.String(mrzSpecial.Replace(strings.ToUpper(s)))
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
