package fields

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"openkyc/internal/engine/document/dates"
	"openkyc/internal/engine/ocr"
)

// trimValue strips what surrounds a value on the card: label punctuation
// (": ", "/ "), field numbers in brackets, stray separators.
func trimValue(s string) string {
	s = cleanSpace(s)
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(":;,./\\|-_~=*·•", r)
	})
}

var parenthesized = regexp.MustCompile(`\s*[(（][^)）]*[)）]?`)

// hasLetter reports whether s contains a letter.
func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// latinOnly reports whether every letter of s is Latin.
func latinOnly(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// cleanName keeps the name part of a value: it stops at the first digit or
// date (氏名 山田 太郎 昭和60年3月12日生 holds the birth date too), drops a
// bracketed transcription (홍길동 (洪吉童)) and, for a bilingual value
// (ИВАНОВ / IVANOV), keeps the Latin side when latin is true and the
// national one otherwise. The result is empty when no letters are left.
func cleanName(v string, latin bool) string {
	if ms := dates.FindAll(v); len(ms) > 0 {
		v = v[:ms[0].Start]
	}
	if i := strings.IndexFunc(v, unicode.IsDigit); i >= 0 {
		v = v[:i]
		// An era name (昭和) belongs to the number that followed.
		for e := range eraNames {
			v = strings.TrimSuffix(strings.TrimSpace(v), e)
		}
	}
	v = parenthesized.ReplaceAllString(v, "")
	if parts := strings.Split(v, "/"); len(parts) == 2 && hasLetter(parts[0]) && hasLetter(parts[1]) &&
		latinOnly(parts[0]) != latinOnly(parts[1]) {
		if latinOnly(parts[1]) == latin {
			v = parts[1]
		} else {
			v = parts[0]
		}
	}
	v = trimValue(v)
	if !hasLetter(v) {
		return ""
	}
	return v
}

var eraNames = map[string]bool{"明治": true, "大正": true, "昭和": true, "平成": true, "令和": true}

// sexWords map the printed sex values to ICAO codes.
var sexWords = map[string]string{
	"M": "M", "F": "F", "X": "X", "MALE": "M", "FEMALE": "F",
	"MASCULIN": "M", "FEMININ": "F", "MANNLICH": "M", "WEIBLICH": "F",
	"MASCULINO": "M", "FEMENINO": "F", "FEMININO": "F", "HOMBRE": "M", "MUJER": "F",
	"MASCHILE": "M", "FEMMINILE": "F", "MAN": "M", "VROUW": "F",
	"МУЖ": "M", "ЖЕН": "F", "МУЖСКОЙ": "M", "ЖЕНСКИЙ": "F", "М": "M", "Ж": "F",
	"남": "M", "여": "F", "남자": "M", "여자": "F", "남성": "M", "여성": "F",
	"男": "M", "女": "F",
}

// parseSex reads the first word of v that names a sex ("F / F", "МУЖ.").
func parseSex(v string) (string, bool) {
	words := strings.FieldsFunc(v, func(r rune) bool { return !alnum(r) })
	for _, w := range words {
		var b strings.Builder
		for _, r := range w {
			b.WriteRune(dates.FoldRune(r))
		}
		if s, ok := sexWords[b.String()]; ok {
			return s, true
		}
		if r, _ := utf8.DecodeRuneInString(w); len(words) == 1 && cjk(r) {
			// 男性 / 女性 and the like: the first character decides.
			if s, ok := sexWords[string(r)]; ok {
				return s, true
			}
		}
	}
	return "", false
}

var codeWord = regexp.MustCompile(`^(?:[A-Z]{3}|D)$`)

// parseNationality reads an ICAO code from a value: the code itself
// ("GBR", "D") or a nationality word in any language ("BRITISH CITIZEN",
// "DEUTSCH", "РОССИЯ").
func parseNationality(v string) (string, bool) {
	t := newText(0, ocr.Line{Text: v})
	_, nationals, _ := compiledKeywords()
	if hits := scanTerms(t, nationals); len(hits) > 0 {
		return hits[0].country, true
	}
	for _, w := range strings.FieldsFunc(cleanSpace(v), func(r rune) bool { return !alnum(r) }) {
		if codeWord.MatchString(w) {
			return w, true
		}
	}
	return "", false
}

var numberToken = regexp.MustCompile(`^[A-Z0-9][A-Z0-9<-]*$`)

// parseNumber reads a document or personal number: the first word that
// contains a digit and, when that word is all digits, the all-digit words
// that follow it ("45 03 123456" is one Russian passport number, while the
// "35" after a UK licence number is its issue number). Words before it
// (No., №, #) are dropped.
func parseNumber(v string) (string, bool) {
	words := strings.Fields(strings.ToUpper(cleanSpace(v)))
	var out []string
	for _, w := range words {
		w = strings.Trim(w, ".,:;#№()")
		digit := strings.IndexFunc(w, unicode.IsDigit) >= 0
		if len(out) == 0 {
			if digit && numberToken.MatchString(w) {
				out = append(out, w)
			}
			continue
		}
		if !allDigits(out[0]) || !allDigits(w) {
			break
		}
		out = append(out, w)
	}
	n := strings.Join(out, " ")
	if len(strings.ReplaceAll(n, " ", "")) < 4 {
		return "", false
	}
	return n, true
}

func allDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// compactDate reads eight digits under a date label as a date in the
// document's order: Spanish cards print "13 06 2000", which the recogniser
// often returns without its spaces. Only a labelled value is read this
// way; elsewhere eight digits are more often a number.
func compactDate(v string, order dates.Order) (dates.Date, bool) {
	v = strings.ReplaceAll(v, " ", "")
	if len(v) != 8 || !allDigits(v) {
		return dates.Date{}, false
	}
	switch order {
	case dates.YMD:
		v = v[:4] + "-" + v[4:6] + "-" + v[6:]
	default: // DMY and MDY put the year last
		v = v[:2] + "." + v[2:4] + "." + v[4:]
	}
	d, ok := dates.Parse(v, order)
	return d, ok && d.Full()
}
