package fields

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"openkyc/internal/engine/document/dates"
	"openkyc/internal/engine/ocr"
)

// text is one OCR line prepared for matching. Matching runs on a "key":
// the line's letters and digits only, folded (upper case, no accents,
// full-width to ASCII), because the recognizer often drops spaces
// ("Dateofbirth") and reads colons and slashes inconsistently. Each key rune
// remembers where it came from so that values are cut from the line as
// printed.
type text struct {
	idx  int      // index in the input slice
	line ocr.Line // as given
	s    string   // the line with full-width forms and spaces normalized
	key  []rune   // folded letters and digits of s
	pos  []int    // byte offset in s of each key rune; pos[len(key)] = len(s)
	gap  []bool   // gap[i]: something other than a letter or digit precedes key[i]
	low  []bool   // low[i]: the printed rune of key[i] is lower case
	mrz  bool     // the line is part of a machine-readable zone

	x0, y0, x1, y1 float64 // axis-aligned bounds of the box
}

// cleanSpace rewrites full-width ASCII and every kind of space the way NFKC
// does, collapses runs of spaces and trims. Values are cut from this form,
// so "１２３" is reported as "123" (the evaluation compares after NFKC).
func cleanSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		case r == 0x3000 || r == '\u00A0' || (r >= 0x2000 && r <= 0x200A) || r == 0x202F:
			r = ' '
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// alnum reports whether r is part of a word for matching. The ordinal
// signs º and ª are letters to Unicode but punctuation on documents (Nº).
func alnum(r rune) bool {
	return (unicode.IsLetter(r) || unicode.IsDigit(r)) && r != 'º' && r != 'ª'
}

func newText(idx int, l ocr.Line) *text {
	t := &text{idx: idx, line: l, s: cleanSpace(l.Text)}
	sep := false
	for i, r := range t.s {
		if !alnum(r) {
			sep = true
			continue
		}
		t.key = append(t.key, dates.FoldRune(r))
		t.pos = append(t.pos, i)
		t.gap = append(t.gap, sep)
		t.low = append(t.low, unicode.IsLower(r))
		sep = false
	}
	t.pos = append(t.pos, len(t.s))
	t.mrz = isMRZ(t.s)
	t.x0, t.y0, t.x1, t.y1 = bounds(l.Box)
	return t
}

// isMRZ spots a line of a machine-readable zone: long, only A–Z, 0–9 and
// the filler, with a run of fillers. Its "dates" and "words" are not the
// printed fields, and the MRZ parser reads it instead.
func isMRZ(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) < 25 || !strings.Contains(s, "<<") {
		return false
	}
	ok := 0
	for _, r := range s {
		if (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') || r == '<' {
			ok++
		}
	}
	return ok*10 >= len(s)*9
}

// scriptClass groups runes for word boundaries: a label runs into its
// value without a space when the script changes (氏名山田, ФамилияIVANOV).
func scriptClass(r rune) int {
	switch {
	case unicode.IsDigit(r):
		return 1
	case unicode.Is(unicode.Latin, r):
		return 2
	case unicode.Is(unicode.Cyrillic, r):
		return 3
	case unicode.Is(unicode.Hangul, r):
		return 4
	case unicode.Is(unicode.Han, r), unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
		return 5
	}
	return 0
}

// cjk reports whether r is written without spaces between words.
func cjk(r rune) bool { c := scriptClass(r); return c == 4 || c == 5 }

// term is a label or keyword compiled for matching against a text's key.
type term struct {
	src string
	key []rune
	brk []bool // brk[i]: the term has a space or punctuation before key[i]
	// bounded: the term must end at a word boundary. Short Latin and
	// Cyrillic words (NOM, ИМЯ) and single CJK characters (성) are also the
	// beginnings of names (NOMURA, 성춘향), so they need a space, a colon or
	// a script change after them; longer ones are taken even when the
	// recognizer glued them to the value ("SurnameSMITH" read as SURNAMESMITH).
	bounded bool
}

func compileTerm(s string) term {
	t := term{src: s}
	sep := false
	for _, r := range s {
		if !alnum(r) {
			sep = true
			continue
		}
		t.key = append(t.key, dates.FoldRune(r))
		t.brk = append(t.brk, sep && len(t.key) > 1)
		sep = false
	}
	if len(t.key) > 0 && cjk(t.key[0]) {
		t.bounded = len(t.key) < 2
	} else {
		t.bounded = len(t.key) < 6
	}
	return t
}

// matchAt reports whether term m matches t's key at rune k, and where it
// ends. The line may omit the term's spaces but may not put a space where
// the term has none ("PRÉ NOMS" is not a label), and the match must end on
// a boundary when the term asks for one.
func (t *text) matchAt(m term, k int) (end int, ok bool) { return t.matchFuzzy(m, k, 0) }

// fuzzyMin is the shortest term that may match with one misread letter:
// long enough that one wrong letter cannot make it another word.
const fuzzyMin = 8

// matchFuzzy is matchAt allowing up to subst letters (not the first)
// misread as other letters of the same script: "Dale of birth", "GEBURTSDATIIM".
func (t *text) matchFuzzy(m term, k, subst int) (end int, ok bool) {
	if len(m.key) == 0 || k+len(m.key) > len(t.key) || (subst > 0 && len(m.key) < fuzzyMin) {
		return 0, false
	}
	for i, r := range m.key {
		got := t.key[k+i]
		if i > 0 && !m.brk[i] && (t.gap[k+i] || (t.low[k+i-1] && !t.low[k+i])) {
			// A space, or a change from lower to upper case ("SurnameSMITH"
			// is not "Surnames" + "MITH"), inside one word of the term.
			return 0, false
		}
		if got != r {
			if i == 0 || subst == 0 || scriptClass(got) != scriptClass(r) || !unicode.IsLetter(got) {
				return 0, false
			}
			subst--
		}
	}
	end = k + len(m.key)
	return end, t.boundaryAt(end, m.bounded)
}

// boundaryAt reports whether a word may end before key rune e.
func (t *text) boundaryAt(e int, strict bool) bool {
	if e >= len(t.key) || t.gap[e] || !strict {
		return true
	}
	if scriptClass(t.key[e-1]) != scriptClass(t.key[e]) {
		return true
	}
	// "SurnameSMITH": a lower-case label glued to an upper-case value.
	return t.low[e-1] && !t.low[e]
}

// startsWord reports whether key rune k begins a word of the line.
func (t *text) startsWord(k int) bool {
	return k == 0 || t.gap[k] || scriptClass(t.key[k-1]) != scriptClass(t.key[k])
}

// at is the byte offset in t.s of key rune k (len(t.s) past the end).
func (t *text) at(k int) int { return t.pos[k] }

// endByte is the byte offset in t.s just after key rune k-1: where a word
// ending before key rune k ends.
func (t *text) endByte(k int) int {
	if k == 0 {
		return 0
	}
	_, n := utf8.DecodeRuneInString(t.s[t.pos[k-1]:])
	return t.pos[k-1] + n
}

// keyIndex is the first key rune at or after byte offset b of t.s.
func (t *text) keyIndex(b int) int {
	for k, p := range t.pos {
		if p >= b {
			return k
		}
	}
	return len(t.key)
}

// xAt estimates the image x of byte offset b of t.s by spreading the
// line's width evenly over its runes. Good enough to tell columns apart.
func (t *text) xAt(b int) float64 {
	n := utf8.RuneCountInString(t.s)
	if n == 0 {
		return t.x0
	}
	return t.x0 + (t.x1-t.x0)*float64(utf8.RuneCountInString(t.s[:b]))/float64(n)
}

func bounds(q ocr.Quad) (x0, y0, x1, y1 float64) {
	x0, y0, x1, y1 = q[0].X, q[0].Y, q[0].X, q[0].Y
	for _, p := range q[1:] {
		x0, y0 = min(x0, p.X), min(y0, p.Y)
		x1, y1 = max(x1, p.X), max(y1, p.Y)
	}
	return
}

func (t *text) height() float64 { return max(t.y1-t.y0, 1) }

// joinSpaced joins the characters of a label printed letter-spaced, which
// the text detector boxes one by one: "姓  名", "性  别", "住  址" on a
// Chinese identity card. Boxes of one or two CJK characters on one row,
// less than a character and a half apart, become one text.
func joinSpaced(ts []*text) []*text {
	short := func(t *text) bool {
		n := utf8.RuneCountInString(t.s)
		return n >= 1 && n <= 2 && strings.IndexFunc(t.s, func(r rune) bool { return !cjk(r) }) < 0
	}
	used := make([]bool, len(ts))
	out := make([]*text, 0, len(ts))
	for i, t := range ts {
		if used[i] {
			continue
		}
		if !short(t) {
			out = append(out, t)
			continue
		}
		joined := t
		for {
			next := -1
			h := joined.height()
			for j, r := range ts {
				if used[j] || r == t || !short(r) || r.x0 <= joined.x1-h/2 || r.x0-joined.x1 > 1.5*h ||
					math.Abs((joined.y0+joined.y1)/2-(r.y0+r.y1)/2) > h/2 {
					continue
				}
				if next < 0 || r.x0 < ts[next].x0 {
					next = j
				}
			}
			if next < 0 {
				break
			}
			used[next] = true
			r := ts[next]
			l := joined.line
			l.Text = joined.s + ts[next].s
			l.Box = ocr.Quad{{X: joined.x0, Y: min(joined.y0, r.y0)}, {X: r.x1, Y: min(joined.y0, r.y0)},
				{X: r.x1, Y: max(joined.y1, r.y1)}, {X: joined.x0, Y: max(joined.y1, r.y1)}}
			l.Confidence = min(joined.line.Confidence, r.line.Confidence)
			joined = newText(t.idx, l)
		}
		used[i] = true
		out = append(out, joined)
	}
	return out
}
