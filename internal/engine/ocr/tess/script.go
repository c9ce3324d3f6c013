package tess

import (
	"strings"
	"unicode"
)

// Script names returned by ScriptOf. They are the values of ocr.Script, so
// the caller can convert them directly.
const (
	ScriptHangul   = "hangul"
	ScriptJapanese = "japanese"
	ScriptHan      = "han"
	ScriptCyrillic = "cyrillic"
	ScriptLatin    = "latin"
)

// scriptCounts counts the letters of a text by script. Digits, punctuation
// and spaces count nowhere: they are shared by every script.
type scriptCounts struct {
	hangul, kana, han, cyrillic, latin, other, letters int
}

func countScripts(text string) scriptCounts {
	var c scriptCounts
	for _, r := range text {
		if !unicode.IsLetter(r) && !isKanaMark(r) {
			continue
		}
		c.letters++
		switch {
		case isHangul(r):
			c.hangul++
		case isKana(r):
			c.kana++
		case isHan(r):
			c.han++
		case isCyrillic(r):
			c.cyrillic++
		case isLatin(r):
			c.latin++
		default:
			c.other++
		}
	}
	return c
}

// isKanaMark reports the characters Japanese writes with kana that Unicode
// files under Common: the prolonged sound mark ー (and its halfwidth form)
// and the voiced sound marks. ー is frequent in katakana names.
func isKanaMark(r rune) bool {
	switch r {
	case 'ー', 'ｰ', '゛', '゜', 'ﾞ', 'ﾟ':
		return true
	}
	return false
}

// ScriptOf names the script most of text's letters are written in:
// "hangul", "japanese", "han", "cyrillic" or "latin"; "" when text has no
// letters or most are in another script. Any kana makes a text Japanese,
// and then its Han ideographs count as Japanese too (a Japanese name line
// mixes kanji and kana); without kana, ideographs count as "han", because
// a kanji-only line such as 日本国旅券 cannot be told from Chinese by its
// characters. Ties go to the first in the order above.
func ScriptOf(text string) string {
	c := countScripts(text)
	if c.letters == 0 {
		return ""
	}
	han, japanese := c.han, 0
	if c.kana > 0 {
		han, japanese = 0, c.kana+c.han
	}
	best, n := "", 0
	for _, s := range []struct {
		name string
		n    int
	}{
		{ScriptHangul, c.hangul},
		{ScriptJapanese, japanese},
		{ScriptHan, han},
		{ScriptCyrillic, c.cyrillic},
		{ScriptLatin, c.latin},
	} {
		if s.n > n {
			best, n = s.name, s.n
		}
	}
	if c.other > n {
		return ""
	}
	return best
}

// langScripts maps Tesseract languages to the script their readings must
// be written in. Languages not here have no script check in Identify.
var langScripts = map[string]func(r rune) bool{
	"kor":     isHangul,
	"jpn":     isJapanese,
	"chi_sim": isHan,
	"chi_tra": isHan,
	"rus":     isCyrillic,
	"ukr":     isCyrillic,
	"eng":     isLatin,
}

func isHangul(r rune) bool   { return unicode.Is(unicode.Hangul, r) }
func isHan(r rune) bool      { return unicode.Is(unicode.Han, r) }
func isCyrillic(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }
func isLatin(r rune) bool    { return unicode.Is(unicode.Latin, r) }
func isKana(r rune) bool     { return unicode.In(r, unicode.Hiragana, unicode.Katakana) || isKanaMark(r) }

// isJapanese is kana or kanji: Japanese lines mix them.
func isJapanese(r rune) bool { return isKana(r) || isHan(r) }

// ScriptShare is the share of text's characters that are written in
// lang's script (Hangul for kor, kana and kanji for jpn, Cyrillic for rus,
// Latin for eng, Han for chi_sim and chi_tra). Spaces, digits and the
// punctuation of dates and numbers (. , - / : ( ) ' ") are written the same
// in every script and are not counted; every other character is, so
// symbols Tesseract makes up when reading a script it does not know (= ^ ®
// | ①) lower the share. A text with nothing counted has share 0: it
// cannot show that lang was the right choice. ok is false for a language
// with no known script.
func ScriptShare(text, lang string) (share float64, ok bool) {
	in := langScripts[lang]
	if in == nil {
		return 0, false
	}
	var n, total int
	for _, r := range text {
		if unicode.IsSpace(r) || unicode.IsDigit(r) || strings.ContainsRune(neutralPunct, r) {
			continue
		}
		total++
		if in(r) {
			n++
		}
	}
	if total == 0 {
		return 0, true
	}
	return float64(n) / float64(total), true
}

// neutralPunct is the punctuation ScriptShare ignores.
const neutralPunct = ".,-/:()'\""
