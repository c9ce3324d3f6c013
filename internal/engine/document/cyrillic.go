package document

import (
	"strings"

	"openkyc/internal/engine/ocr"
)

// fromICAO lists the Cyrillic spellings of each ICAO 9303 transliteration
// unit, longest units first; the first spelling is the usual one.
var fromICAO = []struct {
	latin    string
	cyrillic []string
}{
	{"SHCH", []string{"Щ"}}, {"ZH", []string{"Ж"}}, {"KH", []string{"Х"}}, {"TS", []string{"Ц", "ТС"}},
	{"CH", []string{"Ч"}}, {"SH", []string{"Ш"}}, {"IU", []string{"Ю", "ИУ"}}, {"IA", []string{"Я", "ИА"}},
	{"A", []string{"А"}}, {"B", []string{"Б"}}, {"V", []string{"В"}}, {"G", []string{"Г"}}, {"D", []string{"Д"}},
	{"E", []string{"Е", "Э", "Ё"}}, {"Z", []string{"З"}}, {"I", []string{"И", "Й"}}, {"K", []string{"К"}},
	{"L", []string{"Л"}}, {"M", []string{"М"}}, {"N", []string{"Н"}}, {"O", []string{"О"}}, {"P", []string{"П"}},
	{"R", []string{"Р"}}, {"S", []string{"С"}}, {"T", []string{"Т"}}, {"U", []string{"У"}}, {"F", []string{"Ф"}},
	{"Y", []string{"Ы"}},
}

// maxSpellings bounds cyrillicSpellings.
const maxSpellings = 4096

// cyrillicSpellings lists the Cyrillic words that ICAO 9303 transliterates
// to latin (one word, A–Z), at most maxSpellings of them: SHEVCHENKO →
// ШЕВЧЕНКО, ШЭВЧЕНКО, ШЁВЧЕНКО…
func cyrillicSpellings(latin string) []string {
	out := []string{""}
	for i := 0; i < len(latin); {
		var next []string
		step := 0
		for _, u := range fromICAO {
			if !strings.HasPrefix(latin[i:], u.latin) {
				continue
			}
			if step == 0 {
				step = len(u.latin)
			}
			if len(u.latin) != step {
				continue // the longest unit decides the step; its alternatives spell the rest
			}
			for _, prefix := range out {
				for _, c := range u.cyrillic {
					if len(next) < maxSpellings {
						next = append(next, prefix+c)
					}
				}
			}
		}
		if step == 0 {
			return nil // not a transliteration
		}
		out, i = next, i+step
	}
	return out
}

// lookalikeName finds, among lines PaddleOCR read as Latin, the one that
// is a Cyrillic spelling of the one-word MRZ name in look-alikes
// ("WEBYEHKO" for ШЕВЧЕНКО beside SHEVCHENKO) and returns that spelling:
// what Tesseract could not read on a blurred photo, the MRZ and the
// look-alikes together still tell.
func lookalikeName(name string, lines []ocr.Line) (string, *ocr.Quad) {
	spellings := cyrillicSpellings(name)
	if spellings == nil {
		return "", nil // several words, or not a transliteration
	}
	best, bestSim, bestLine := "", nativeNameMatch, -1
	for i, l := range lines {
		text := strings.ToUpper(strings.TrimSpace(l.Text))
		if !latinOnly(text) || mrzish(text) || mrzLetters(text) == mrzLetters(name) {
			continue
		}
		for _, c := range spellings {
			if sim := similarity(text, latinLookalike(c)); sim > bestSim || sim == bestSim && bestLine < 0 {
				best, bestSim, bestLine = c, sim, i
			}
		}
	}
	if bestLine < 0 {
		return "", nil
	}
	return best, &lines[bestLine].Box
}
