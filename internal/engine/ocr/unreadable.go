package ocr

import (
	"strings"
	"unicode"
)

// ScriptOf classifies text the PP-OCRv4 recogniser produced: Han when at
// least half of its letters are CJK ideographs, Latin when it has other
// letters, and "" when it has none (digits and punctuation say nothing).
// The recogniser only knows Chinese and Latin well (ENGINE-NOTES §6), so
// those are the only two answers; Hangul, kana and Cyrillic lines come out
// as garbage that LooksUnreadable flags.
func ScriptOf(s string) Script {
	var han, letters int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	switch {
	case letters == 0:
		return ""
	case 2*han >= letters:
		return Han
	}
	return Latin
}

// Thresholds of LooksUnreadable, chosen on the rendered and real lines of
// the tests (TestLooksUnreadableRendered logs every value). Readable lines
// scored: Confidence ≥ 0.89, Han characters ≥ 0.95, Unread 0, and at
// most 9% of characters under 0.65.
const (
	// unreadMax is the largest share of inked line length that may go
	// unrecognised. Dropped Hangul or kana beside digits or Latin scored
	// 0.15–0.75; every readable line 0.
	unreadMax = 0.1
	// confMin is the lowest acceptable mean character confidence.
	confMin = 0.8
	// hanConfMin is the lowest acceptable mean confidence of the Han
	// characters of a line: Chinese read by the model it was trained for
	// scores ≥ 0.95, while the ideographs it substitutes for Hangul and
	// kana ("喜", "夕口") score 0.4–0.7.
	hanConfMin = 0.85
	// weakChar is a character confidence that marks a guess; a line is
	// unreadable when weakMin or more of its characters, and at least
	// weakShare of them, are guesses. It is how Cyrillic read as Latin
	// look-alikes shows ("NACNOPT", "MecTo poxμeHu9": И, П, Д, Ж have no
	// look-alike and come out at 0.2–0.6).
	weakChar  = 0.65
	weakMin   = 2
	weakShare = 0.15
)

// LooksUnreadable reports whether PP-OCRv4's reading of a line should be
// set aside and the line read again by Tesseract, with the language of the
// document's country. PP-OCRv4's dictionary has no Hangul syllables and
// only a handful of kana and Cyrillic letters, so it does not fail on such
// lines by returning nothing: it returns look-alikes. The rule, in order:
//
//  1. Empty text: unreadable (whole Hangul and kana lines usually end here).
//  2. An MRZ line (only A–Z, 0–9 and '<', with a "<<" filler, at least 20
//     characters): readable whatever its confidence. PP-OCRv4 reads OCR-B
//     filler runs that Tesseract garbles, and MRZ check digits catch its
//     slips.
//  3. Any Greek, Cyrillic, Hangul or kana letter: unreadable. PP-OCRv4 has
//     a few such entries ("Φ", "И", "Я", "マ") and emits them almost only
//     as misreadings of Cyrillic or Japanese lines.
//  4. Unread ≥ 0.1: inked parts of the line produced no character — the
//     signature of Hangul or kana beside text it can read ("생년월일
//     1985.03.12" → "1985.03.12" at confidence 0.99).
//  5. Mean confidence under 0.8.
//  6. Han characters whose mean confidence is under 0.85: the random
//     ideographs it substitutes for Hangul and kana.
//  7. At least two characters, and at least 15% of them, under 0.65: the
//     Latin look-alikes of Cyrillic ("POCCИNCKAA", "NACNOPT").
//
// It does not catch Cyrillic words made only of letters with exact Latin
// look-alikes ("ОРЕХОВ" → "OPEXOB" at 0.999): no per-line signal can. A
// caller that finds one unreadable Cyrillic line on a document should read
// the whole document with Tesseract.
func LooksUnreadable(t Text) bool {
	text := strings.TrimSpace(t.Text)
	switch {
	case text == "":
		return true
	case isMRZLike(text):
		return false
	case hasForeignLetter(text):
		return true
	case t.Unread >= unreadMax:
		return true
	case t.Confidence < confMin:
		return true
	}
	var hanSum float64
	var han, weak int
	conf := t.CharConf
	for i, r := range []rune(t.Text) {
		if i >= len(conf) {
			break // a hand-made Text; judge what is there
		}
		if unicode.Is(unicode.Han, r) {
			han++
			hanSum += conf[i]
		}
		if conf[i] < weakChar {
			weak++
		}
	}
	if han > 0 && hanSum/float64(han) < hanConfMin {
		return true
	}
	return weak >= weakMin && float64(weak) >= weakShare*float64(len(conf))
}

// isMRZLike reports whether s (spaces ignored) reads as a machine-readable
// zone line: A–Z, 0–9 and '<' only, at least 20 of them, with a "<<".
func isMRZLike(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) < 20 || !strings.Contains(s, "<<") {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '<') {
			return false
		}
	}
	return true
}

// hasForeignLetter reports whether s holds a letter of a script PP-OCRv4
// cannot read: Greek, Cyrillic, Hangul, hiragana or katakana.
func hasForeignLetter(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Greek, unicode.Cyrillic, unicode.Hangul, unicode.Hiragana, unicode.Katakana) {
			return true
		}
	}
	return false
}
