package document

import (
	"context"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ocr"
)

// latinLanguages are the Tesseract languages of Latin-script countries
// whose names carry letters PaddleOCR's dictionary lacks (Ń, Ä, Ñ, Í…): it
// reads them as the bare letter ("ZIELIŃSKI" → "ZIELINSKI").
var latinLanguages = map[string]string{
	"DEU": "deu", "D": "deu", "AUT": "deu", "CHE": "deu", "LIE": "deu",
	"FRA": "fra", "BEL": "fra", "LUX": "fra", "MCO": "fra",
	"ESP": "spa", "MEX": "spa", "ARG": "spa", "COL": "spa", "CHL": "spa", "PER": "spa",
	"ITA": "ita", "SMR": "ita", "POL": "pol", "SWE": "swe", "CZE": "ces",
	"PRT": "por", "BRA": "por", "NLD": "nld",
}

// DiacriticLanguages are latinLanguages' Tesseract languages; the pool
// should hold them (loaded lazily: tess.Options.Lazy).
var DiacriticLanguages = slices.Sorted(maps.Keys(invert(latinLanguages)))

// invert turns a country → language map into its set of languages.
func invert(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for _, lang := range m {
		out[lang] = true
	}
	return out
}

// diacriticFields are the visual fields whose accents matter: names, as
// the applicant typed them, and the address.
var diacriticFields = []string{"surname", "given_names", "address"}

// restoreDiacritics reads the lines of the visual name and address fields
// again with Tesseract in the issuing country's language and takes its
// spelling where, accents and spaces aside, it says exactly what
// PaddleOCR read: the letters stay PaddleOCR's, only marks and spaces come
// from Tesseract ("NUNEZGOMEZ" → "NÚÑEZ GÓMEZ").
func (e *Engine) restoreDiacritics(ctx context.Context, ev *Evidence, doc *imaging.Image) error {
	lang := latinLanguages[ev.IssuingCountry]
	if e.tess == nil || lang == "" {
		return nil
	}
	for _, name := range diacriticFields {
		f, ok := ev.Fields[name]
		if !ok || f.Source != "visual" || f.Box == nil {
			continue
		}
		r, err := e.tess.Read(ctx, ocr.CropLine(doc, *f.Box), lang)
		if err != nil {
			return err
		}
		if v, ok := respell(f.Value, r.Text); ok {
			f.Value = v
			ev.Fields[name] = f
		}
	}
	return nil
}

// respell finds value in line, comparing letters without their marks,
// in upper case, ignoring spaces and punctuation, and returns line's
// spelling of it, upper-cased if value was. ok is false when line does
// not hold value.
func respell(value, line string) (string, bool) {
	want, _ := baseLetters(value)
	got, at := baseLetters(line)
	i := strings.Index(got, want)
	if want == "" || i < 0 {
		return "", false
	}
	// at maps each byte of got to the byte of line it came from.
	start, end := at[i], at[i+len(want)-1]
	_, size := utf8.DecodeRuneInString(line[end:])
	v := line[start : end+size]
	if strings.ToUpper(value) == value {
		v = strings.ToUpper(v)
	}
	return v, true
}

// baseLetters folds s to upper-case letters and digits without marks the
// way the MRZ spells them (Ń → N, Ł → L, ß → SS), dropping everything else, and says for each byte of the
// result which byte of s it came from.
func baseLetters(s string) (string, []int) {
	var b strings.Builder
	var at []int
	for i, r := range s {
		for _, c := range norm.NFKD.String(mrzSpecial.Replace(strings.ToUpper(string(r)))) {
			if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
				b.WriteRune(c)
				at = append(at, i)
			}
		}
	}
	return b.String(), at
}
