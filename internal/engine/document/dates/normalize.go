package dates

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// normText is a string rewritten for matching, with a map back to the
// original so that matches can be reported as spans of the caller's text.
type normText struct {
	s   string
	off []int // off[i] is the original byte offset of s[i]; off[len(s)] = len(original)
}

// normalize rewrites s for the date patterns: full-width forms become ASCII
// (what NFKC does to them; the OCR emits them for Japanese text), letters
// are upper-cased with Latin accents removed (OCR often drops them: "FEVR"
// for "FÉVR"), dashes and odd spaces are unified, and kanji numerals in
// front of 年/月/日 become decimal digits (昭和六十年 → 昭和60年).
func normalize(s string) normText {
	var b strings.Builder
	off := make([]int, 0, len(s)+1)
	emit := func(r rune, at int) {
		n := b.Len()
		b.WriteRune(r)
		for i := n; i < b.Len(); i++ {
			off = append(off, at)
		}
	}
	for i := 0; i < len(s); {
		if v, n, ok := kanjiNumber(s[i:]); ok {
			for _, r := range strconv.Itoa(v) {
				emit(r, i)
			}
			i += n
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		emit(FoldRune(r), i)
		i += size
	}
	off = append(off, len(s))
	return normText{s: b.String(), off: off}
}

// FoldRune maps r to the form used for matching printed text: full-width
// ASCII to ASCII, any space to ' ', any dash to '-', Latin letters to
// upper case without accents, Cyrillic Ё to Е, other letters upper-cased.
// It is exported so that the fields package folds labels the same way.
func FoldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		r -= 0xFEE0
	case r == 0x3000 || r == '\t' || r == '\u00A0' || (r >= 0x2000 && r <= 0x200A) || r == 0x202F:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return '-'
	case r == 'ё' || r == 'Ё':
		return 'Е'
	case r == '。':
		return '.'
	}
	if f, ok := latinFold[r]; ok {
		return f
	}
	return unicode.ToUpper(r)
}

// latinFold strips the accents of the Latin letters found on European
// documents. A table (rather than Unicode decomposition) keeps the package
// on the standard library.
var latinFold = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'A': "ÀÁÂÃÄÅĀĂĄàáâãäåāăą",
		'C': "ÇĆĈĊČçćĉċč",
		'D': "ĎĐďđ",
		'E': "ÈÉÊËĒĔĖĘĚèéêëēĕėęě",
		'G': "ĜĞĠĢĝğġģ",
		'H': "ĤĦĥħ",
		'I': "ÌÍÎÏĨĪĬĮİìíîïĩīĭįı",
		'J': "Ĵĵ",
		'K': "Ķķ",
		'L': "ĹĻĽĿŁĺļľŀł",
		'N': "ÑŃŅŇñńņň",
		'O': "ÒÓÔÕÖØŌŎŐòóôõöøōŏő",
		'R': "ŔŖŘŕŗř",
		'S': "ŚŜŞŠśŝşšȘș",
		'T': "ŢŤŦţťŧȚț",
		'U': "ÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűų",
		'W': "Ŵŵ",
		'Y': "ÝŶŸýÿŷ",
		'Z': "ŹŻŽźżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// kanjiDigits are the numerals that appear in Japanese dates written in
// kanji (昭和六十年三月十二日).
var kanjiDigits = map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// kanjiNumber reads a run of kanji numerals at the start of s, but only when
// 年, 月 or 日 follows: elsewhere 一 and 三 are parts of names (山田一郎) and
// must stay as they are. It understands positional (一九八五) and 十-based
// (六十, 十二, 三十一) numbers.
func kanjiNumber(s string) (v, n int, ok bool) {
	var ds []int
	ten := -1 // index in ds where 十 appeared
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if d, isDigit := kanjiDigits[r]; isDigit {
			ds = append(ds, d)
		} else if r == '十' && ten < 0 {
			ten = len(ds)
			ds = append(ds, -1)
		} else {
			break
		}
		n += size
	}
	if n == 0 {
		return 0, 0, false
	}
	rest := strings.TrimLeft(s[n:], " \u3000")
	if !strings.HasPrefix(rest, "年") && !strings.HasPrefix(rest, "月") && !strings.HasPrefix(rest, "日") {
		return 0, 0, false
	}
	if ten < 0 {
		for _, d := range ds {
			v = v*10 + d
		}
		return v, n, true
	}
	// 十 form: at most one digit before (tens, default 1) and one after.
	if ten > 1 || len(ds)-ten > 2 {
		return 0, 0, false
	}
	tens, units := 1, 0
	if ten == 1 {
		tens = ds[0]
	}
	if len(ds)-ten == 2 {
		units = ds[ten+1]
	}
	return tens*10 + units, n, true
}
