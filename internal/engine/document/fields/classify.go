package fields

import (
	"regexp"
	"slices"
	"unicode"

	"openkyc/internal/engine/ocr"
)

func allKeywords() []keyword {
	k, _, _ := compiledKeywords()
	return k
}

// licenceNumbering is a line that starts with an EU licence field number
// that only licences use (4a. … 4d.).
var licenceNumbering = regexp.MustCompile(`^\s*4\s*[a-dA-D]\s*[.):]`)

// classify decides the document type and issuing country from the titles
// and state names printed on the document, with the MRZ's document code and
// the licence field numbers as weaker evidence. The type's confidence is
// its score over the total score of all types plus 0.5, so one title alone
// gives 0.67 and two titles of the same type 0.8, while a title of another
// type pulls it down.
func classify(ts []*text) (typ string, confidence float64, country string, found []string) {
	kws, _, payments := compiledKeywords()
	payment := false
	for _, t := range ts {
		if cardNumber.MatchString(t.s) {
			payment = true
			found = append(found, "card number")
			break
		}
	}
	for _, t := range ts {
		for _, p := range payments {
			if hasTerm(t, p) {
				payment = true
			}
		}
	}
	scores := map[string]float64{}
	if payment {
		scores[TypeOther] += 1
	}
	countries := map[string]int{}
	var countryOrder []string
	seen := map[string]bool{}
	mrzSeen, numbering := false, 0
	for _, t := range ts {
		if t.mrz {
			if !mrzSeen {
				mrzSeen = true
				if typ := mrzType(t.s); typ != "" {
					scores[typ] += 0.5
					found = append(found, "MRZ "+t.s[:1])
				}
			}
			continue
		}
		if licenceNumbering.MatchString(t.s) {
			numbering++
		}
		for _, k := range scanTerms(t, kws) {
			if id := k.src + "|" + k.typ + "|" + k.country; seen[id] {
				continue
			} else {
				seen[id] = true
			}
			if !slices.Contains(found, k.src) {
				found = append(found, k.src)
			}
			if k.country != "" {
				if countries[k.country] == 0 {
					countryOrder = append(countryOrder, k.country)
				}
				countries[k.country]++
				continue
			}
			typ := k.typ
			if typ == TypeVisa && payment {
				typ = TypeOther // VISA on a card with a card number is the brand
			}
			scores[typ] += k.weight
		}
	}
	if numbering >= 2 {
		scores[TypeDriversLicense] += 0.5
		found = append(found, "licence field numbers")
	}
	total, best := 0.0, 0.0
	for _, t := range []string{TypeOther, TypePassport, TypeIDCard, TypeDriversLicense, TypeResidencePermit, TypeVisa} {
		s := scores[t]
		total += s
		// Strictly greater, and "other" first: a card that calls itself
		// both a university card and an ID card is a student ID.
		if s > best {
			typ, best = t, s
		}
	}
	if best > 0 {
		confidence = best / (total + 0.5)
	}
	for _, c := range countryOrder {
		if country == "" || countries[c] > countries[country] {
			country = c
		}
	}
	return typ, confidence, country, found
}

// mrzType maps the document code that starts an MRZ to a type.
func mrzType(line string) string {
	switch line[0] {
	case 'P':
		return TypePassport
	case 'V':
		return TypeVisa
	case 'I', 'A', 'C':
		return TypeIDCard
	case 'D':
		return TypeDriversLicense
	}
	return ""
}

// dominantScript is the script most of the letters are written in,
// ignoring the MRZ. A national script (Hangul, Cyrillic, kanji/kana) wins
// when it has at least a fifth of the letters: bilingual documents print
// their labels and transliterations in Latin as well. Han with any kana, or on
// a line the OCR read as Japanese, is Japanese.
func dominantScript(ts []*text) string {
	var latin, cyrillic, hangul, han, kana int
	japanese := false
	for _, t := range ts {
		if t.mrz {
			continue
		}
		japanese = japanese || t.line.Script == ocr.Japanese
		for _, r := range t.s {
			switch {
			case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
				kana++
			case unicode.Is(unicode.Han, r):
				han++
			case unicode.Is(unicode.Hangul, r):
				hangul++
			case unicode.Is(unicode.Cyrillic, r):
				cyrillic++
			case unicode.Is(unicode.Latin, r):
				latin++
			}
		}
	}
	total := latin + cyrillic + hangul + han + kana
	if total == 0 {
		return ""
	}
	script, n := "", 0
	for _, c := range []struct {
		s ocr.Script
		n int
	}{{ocr.Hangul, hangul}, {ocr.Cyrillic, cyrillic}, {ocr.Han, han + kana}} {
		if c.n > n {
			script, n = string(c.s), c.n
		}
	}
	if n > 0 && n*5 >= total {
		if script == string(ocr.Han) && (kana > 0 || japanese) {
			return string(ocr.Japanese)
		}
		return script
	}
	return string(ocr.Latin)
}
