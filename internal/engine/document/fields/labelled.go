package fields

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"openkyc/internal/engine/document/dates"
)

// scanLine finds the label slots of a line. A line that starts with a
// label (or, on a driving licence, a field number) is a label line; one
// that starts with a value may still carry labels further on
// ("平成元年3月31日生 性別 女"), but its start is left for the labels above
// it or to its left.
func (e *extractor) scanLine(t *text) {
	var slots []*slot
	var cur *slot
	open := func(k int) {
		cur = &slot{t: t, x0: t.xAt(t.at(k))}
		slots = append(slots, cur)
	}
	k := 0
	if _, _, ok := e.numberAt(t, 0); !ok {
		if _, _, ok := labelNear(t, 0); !ok {
			k = e.nextLabel(t, 1)
		}
	}
	e.labelLine[t] = k == 0 && len(t.key) > 0
	for k < len(t.key) {
		if num, end, ok := e.numberAt(t, k); ok {
			open(k)
			cur.num, k = num, end
			continue
		}
		if l, end, ok := labelNear(t, k); ok && (cur == nil || cur.vEnd > cur.vStart || chains(t, k, l)) {
			switch {
			case cur == nil || cur.vEnd > cur.vStart:
				open(k)
			case len(cur.fields) == 0: // "4d DLN": the text label joins the number
			case !compatible(cur.fields, l.field):
				open(k)
			}
			cur.fields = append(cur.fields, l.field)
			k = skipFieldNumber(t, end)
			continue
		}
		if cur == nil {
			break
		}
		j := e.nextLabel(t, k+1)
		cur.vStart, cur.vEnd = t.at(k), t.at(j)
		k = j
	}
	if len(slots) > 0 {
		e.slots = append(e.slots, slots...)
		e.lineSlots[t] = slots
	}
}

// chains reports whether label l at key rune k follows the labels before
// it on the line rather than being the first word of their value. Latin
// and Cyrillic labels chain freely ("Name/Surname/Nom", "Sex Nationality"
// column headers); a CJK word right after a CJK label is its value unless a
// slash separates them: in "氏名 番号 花子" 番号 is the name.
func chains(t *text, k int, l label) bool {
	if !cjk(l.key[0]) || k == 0 {
		return true
	}
	return strings.ContainsAny(t.s[t.endByte(k):t.at(k)], "/|")
}

// compatible reports whether a label continues a chain of labels for the
// same field in other languages. "Name/Surname/Nom" is one slot (the
// surname); "Sex (5) Place of birth (6)" are two columns.
func compatible(fields []string, f string) bool {
	for _, g := range fields {
		if g != f && !(isName(g) && isName(f) && (g == nameGeneric || f == nameGeneric)) {
			return false
		}
	}
	return true
}

// resolve picks the field of a slot: a specific name label wins over a
// generic one, a text label over a field number.
func (e *extractor) resolve(s *slot) string {
	field := ""
	for _, f := range s.fields {
		if field == "" || field == ignored || (field == nameGeneric && f != ignored) {
			field = f
		}
	}
	if field == "" && s.num != "" {
		field = numberedFields[s.num]
	}
	return field
}

// numberAt reads an EU licence field number ("4a.", "5.", "3)") at key
// rune k on a driving licence. At a line's start any number 1–12 with an
// optional letter counts, unless the line starts with a date (12.03.1985);
// inside a line only lettered ones (4b.) do, since plain numbers there are
// parts of values.
func (e *extractor) numberAt(t *text, k int) (string, int, bool) {
	if !e.numbered || (k > 0 && !t.gap[k]) {
		return "", 0, false
	}
	end := k
	for end < len(t.key) && end-k < 2 && t.key[end] >= '0' && t.key[end] <= '9' && (end == k || !t.gap[end]) {
		end++
	}
	if end == k {
		return "", 0, false
	}
	lettered := false
	if end < len(t.key) && !t.gap[end] && t.key[end] >= 'A' && t.key[end] <= 'D' {
		end++
		lettered = true
	}
	if end < len(t.key) && !t.gap[end] {
		return "", 0, false // a longer word: "12345", "4x7"
	}
	// The number is followed by ".", ")", ":" or a space; "11-85-123456"
	// is a Korean licence number, not field 11.
	if after := t.s[t.endByte(end):]; after != "" && !strings.ContainsRune(".): ", rune(after[0])) {
		return "", 0, false
	}
	num := string(t.key[k:end])
	if _, ok := numberedFields[num]; !ok {
		// Other numbers (AAMVA "15 SEX M") only when a text label follows.
		if _, _, label := labelAt(t, end); k > 0 || !label {
			return "", 0, false
		}
	}
	if k > 0 && !lettered {
		return "", 0, false
	}
	if k == 0 {
		if ms := dates.FindAllOrder(t.s, e.order); len(ms) > 0 && ms[0].Start == 0 {
			return "", 0, false
		}
	}
	return num, end, true
}

// nextLabel is the first key rune at or after k where a new field starts
// inside a line's value, or len(t.key).
func (e *extractor) nextLabel(t *text, k int) int {
	for ; k < len(t.key); k++ {
		if !t.gap[k] && !(cjk(t.key[k]) && !cjk(t.key[k-1])) {
			continue
		}
		if _, _, ok := e.numberAt(t, k); ok {
			return k
		}
		if l, _, ok := labelAt(t, k); ok && l.midLine() {
			return k
		}
	}
	return len(t.key)
}

// fieldNumber is what may follow a label: the "(4)" of a passport field, or
// an optional plural or gender ending, "Prénom(s)", "Nom(s)".
var fieldNumber = regexp.MustCompile(`^\s*\(\s*(?:\d{1,2}|[a-zA-Z]{1,2})\s*\)`)

// skipFieldNumber steps over the "(4)" or "(s)" printed after a label.
func skipFieldNumber(t *text, k int) int {
	if k == 0 || k >= len(t.key) {
		return k
	}
	b := t.endByte(k)
	if m := fieldNumber.FindStringIndex(t.s[b:]); m != nil {
		return t.keyIndex(b + m[1])
	}
	return k
}

// fits reports whether an inline value can be the field's at all: a name
// has letters, a date is a date. What does not fit is usually a misread
// second-language label ("성명 Name" read as "성명 2006"), and the value is
// then in the box to the right or the line below.
func fits(field, v string) bool {
	switch field {
	case Surname, GivenNames, Patronymic, nameGeneric, FullNameNative:
		return strings.IndexFunc(v, unicode.IsLetter) >= 0
	case BirthDate, ExpiryDate, IssueDate:
		_, ok := dates.Parse(unglue(v), dates.DMY) // any date in v, or v a bare year
		return ok
	}
	return true
}

// fill turns a slot into a candidate: its inline value, else the value
// in the box to its right or in the line under it.
func (e *extractor) fill(s *slot) {
	field := e.resolve(s)
	if field == "" || field == ignored {
		return
	}
	v := trimValue(s.t.s[s.vStart:s.vEnd])
	src, h, x0 := s.t, afterLabel, s.t.xAt(s.vStart)
	if strings.IndexFunc(v, alnum) < 0 || !fits(field, v) || translation(s.t.s[:s.vStart], s.vEnd == len(s.t.s)) {
		v, src, h = e.neighbour(s)
		if src == nil {
			return
		}
		x0 = src.x0
	}
	e.addValue(field, v, h, src, x0)
}

// translation reports whether the text after a label (before is the line
// up to it), ending its line, is
// the label again in another language that the tables do not know or the
// recogniser garbled: "Фамилия / $игпате" is "Фамилия / Surname" read by
// Tesseract's Russian model. A slash right after the label introduces a
// translation, not a value; the value is then beside or below.
func translation(before string, endsLine bool) bool {
	sep := before[len(strings.TrimRightFunc(before, func(r rune) bool { return !alnum(r) })):]
	return endsLine && strings.Contains(sep, "/")
}

// romanisation finds the Latin box printed right after a native-script name
// on the same row ("송성민  SONG SUNGMIN") and returns its text, or "".
// The recogniser often drops the space ("PARKTAEYUN"); a Korean name is
// then split after the romanisation of its surname syllable (박 → PARK).
func (e *extractor) romanisation(name *text) string {
	if strings.IndexFunc(name.s, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) >= 0 {
		return ""
	}
	h := name.height()
	for _, r := range e.ts {
		if r == name || r.mrz || e.labelLine[r] || r.x0 < name.x1-h/2 || r.x0-name.x1 > 3*h {
			continue
		}
		if math.Abs((name.y0+name.y1)/2-(r.y0+r.y1)/2) > max(h, r.height())/2 {
			continue
		}
		v := trimValue(r.s)
		if !latinOnly(v) || !hasLetter(v) {
			continue
		}
		if strings.Contains(v, " ") {
			return v
		}
		if e.korean {
			if split := splitKoreanRomanisation(strings.TrimSpace(name.s), v); split != "" {
				return split
			}
		}
	}
	return ""
}

// neighbour finds the value of a label that has none on its line: the
// nearest box to the right on the same row, else the nearest line below
// that overlaps the label's column. A label under the label means the
// value is missing: the search does not skip over it.
func (e *extractor) neighbour(s *slot) (string, *text, how) {
	t := s.t
	slots := e.lineSlots[t]
	i := 0
	for i < len(slots) && slots[i] != s {
		i++
	}
	h := t.height()
	last := i == len(slots)-1
	if last {
		var best *text
		for _, r := range e.ts {
			if r == t || r.mrz || e.labelLine[r] || e.onlyLabels(r) || r.x0 < t.x1-h/2 || r.x0-t.x1 > 6*h {
				continue
			}
			if math.Abs((t.y0+t.y1)/2-(r.y0+r.y1)/2) > max(h, r.height())/2 {
				continue
			}
			if best == nil || r.x0 < best.x0 {
				best = r
			}
		}
		if best != nil {
			v := trimValue(best.s)
			if slices.Contains(s.fields, nameGeneric) {
				if r := e.romanisation(best); r != "" {
					v += " " + r
				}
			}
			return v, best, rightOfLabel
		}
	}
	// The column: from the slot's start to the next slot's.
	x0 := s.x0 - h/2
	if i == 0 {
		x0 = min(t.x0, s.x0) - h/2
	}
	x1, cut := t.x1+2*h, math.Inf(1)
	if !last {
		x1, cut = slots[i+1].x0, slots[i+1].x0
	} else if next := e.rightOf(t); next != nil {
		// The next column's label box ends this column.
		x1 = min(x1, next.x0-h/2)
	}
	var best *text
	bestGap := 0.0
	for _, r := range e.ts {
		if r == t || r.mrz || r.y0 < t.y1-0.3*h {
			continue
		}
		gap := r.y0 - t.y1
		if gap > 2.5*h || r.x1 <= x0 || r.x0 >= x1 {
			continue
		}
		if best == nil || gap < bestGap-0.1*h ||
			(math.Abs(gap-bestGap) <= 0.1*h && math.Abs(r.x0-x0) < math.Abs(best.x0-x0)) {
			best, bestGap = r, gap
		}
	}
	if best == nil || e.labelLine[best] {
		return "", nil, 0
	}
	v := best.s
	if len(slots) > 1 {
		v = wordsIn(best, x0, cut)
	}
	return trimValue(v), best, belowLabel
}

// rightOf is the nearest box right of t on its row, or nil.
func (e *extractor) rightOf(t *text) *text {
	var best *text
	for _, r := range e.ts {
		if r == t || r.x0 < t.x1-t.height()/2 || math.Abs((t.y0+t.y1)/2-(r.y0+r.y1)/2) > max(t.height(), r.height())/2 {
			continue
		}
		if best == nil || r.x0 < best.x0 {
			best = r
		}
	}
	return best
}

// onlyLabels reports whether t holds labels and no value: the next
// column's header ("Myndighet/Authority/Autorité" right of "Date of issue"),
// even when its first word is a label the tables do not know.
func (e *extractor) onlyLabels(t *text) bool {
	slots := e.lineSlots[t]
	for _, s := range slots {
		if s.vEnd > s.vStart {
			return false
		}
	}
	return len(slots) > 0
}

// wordsIn keeps the words of t whose estimated centre lies in [x0, x1):
// the part of a value line that sits under one column of labels.
func wordsIn(t *text, x0, x1 float64) string {
	var out []string
	start := -1
	for i, r := range t.s + " " {
		if unicode.IsSpace(r) {
			if start >= 0 {
				if c := (t.xAt(start) + t.xAt(i)) / 2; c >= x0 && c < x1 {
					out = append(out, t.s[start:i])
				}
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return strings.Join(out, " ")
}

// addValue reads a label's value according to its field.
func (e *extractor) addValue(field, v string, h how, src *text, x0 float64) {
	switch field {
	case Surname, GivenNames, Patronymic:
		e.add(field, cleanName(v, true), h, src)
	case nameGeneric:
		n := cleanName(v, false)
		if sur, given, ok := strings.Cut(n, ","); ok && latinOnly(n) && !strings.Contains(given, ",") {
			// "SMITH, JOHN": the comma puts the surname first.
			e.add(Surname, trimValue(sur), h, src)
			e.add(GivenNames, trimValue(given), h, src)
			return
		}
		if native, latin, ok := splitScripts(n); ok && e.korean {
			// "윤지훈 YOON JIHOON": the Hangul name and its romanisation,
			// which Korean documents write surname first.
			e.add(FullNameNative, native, h, src)
			if sur, given, ok := strings.Cut(latin, " "); ok {
				e.add(Surname, sur, h, src)
				e.add(GivenNames, trimValue(given), h, src)
			}
			return
		}
		e.add(FullNameNative, n, h, src)
	case BirthDate, IssueDate, ExpiryDate:
		v = unglue(v)
		ms := dates.FindAllOrder(v, e.order)
		if len(ms) == 0 {
			if d, ok := dates.Parse(v, e.order); ok {
				ms = []dates.Match{{Date: d}}
			} else if d, ok := compactDate(v, e.order); ok {
				ms = []dates.Match{{Date: d}}
			}
		}
		if len(ms) == 0 {
			return
		}
		for _, m := range ms {
			e.used[usedKey(src, m.Date)] = true
		}
		if field == ExpiryDate {
			// A validity range ("2015.06.01-2025.06.01") ends at the
			// expiry and starts at the issue.
			// Weaker than a labelled issue date: some ranges are
			// not validity (a Korean licence's 적성검사기간 is the
			// aptitude-test window), and the card then prints its
			// issue date apart.
			if len(ms) > 1 {
				e.addDate(IssueDate, ms[0].Date, true, max(h, byLayout), src)
			}
			e.addDate(ExpiryDate, ms[len(ms)-1].Date, false, h, src)
			return
		}
		e.addDate(field, ms[0].Date, true, h, src)
	case Sex:
		if s, ok := parseSex(v); ok {
			e.add(Sex, s, h, src)
		}
	case Nationality:
		if n, ok := parseNationality(v); ok {
			e.add(Nationality, n, h, src)
		}
	case issuingCode:
		if n, ok := parseNationality(v); ok {
			e.add(issuingCode, n, h, src)
		}
	case DocumentNumber, PersonalNumber:
		if n, ok := parseNumber(v); ok {
			e.add(field, n, h, src)
		}
	case Address:
		if hasLetter(v) {
			e.add(Address, e.continueAddress(v, src, x0), h, src)
		}
	}
}

// gluedRange is a validity range read without its dash
// ("2027.01.012027.12.31", "01.01.202731.12.2027"): two numeric dates with
// four-digit years back to back.
var gluedRange = regexp.MustCompile(`(\d{4}[./-]\d{1,2}[./-]\d{2}|\d{2}[./-]\d{2}[./-]\d{4})(\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{2}[./-]\d{2}[./-]\d{4})`)

// unglue separates the dates of a gluedRange.
func unglue(v string) string { return gluedRange.ReplaceAllString(v, "$1 $2") }

func usedKey(t *text, d dates.Date) string { return strconv.Itoa(t.idx) + "|" + d.String() }

// addDate adds a date candidate, giving a two-digit year its century:
// birth and issue dates are past, expiry dates nearest to now.
func (e *extractor) addDate(field string, d dates.Date, past bool, h how, src *text) {
	d, ok := dates.ExpandYear(d, e.now, past)
	if ok {
		e.add(field, d.String(), h, src)
	}
}

// continueAddress appends up to two lines printed under the first line of
// an address and aligned with it (Korean and Japanese addresses wrap).
func (e *extractor) continueAddress(v string, src *text, x0 float64) string {
	cur := src
	for range 2 {
		h := cur.height()
		var next *text
		for _, r := range e.ts {
			if r == cur || r == src || r.mrz || e.labelLine[r] ||
				r.y0 < cur.y1-0.3*h || r.y0-cur.y1 > 0.8*h || math.Abs(r.x0-x0) > 2*h {
				continue
			}
			if len(dates.FindAll(r.s)) > 0 {
				continue // the issue date printed under the address
			}
			if next == nil || r.y0 < next.y0 {
				next = r
			}
		}
		if next == nil {
			break
		}
		v += " " + trimValue(next.s)
		cur = next
	}
	return v
}

// splitScripts splits "윤지훈 YOON JIHOON" into the leading non-Latin name
// and the trailing Latin one; ok is false unless the value is exactly that.
func splitScripts(v string) (native, latin string, ok bool) {
	i := strings.IndexFunc(v, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) })
	if i <= 0 {
		return "", "", false
	}
	native, latin = strings.TrimSpace(v[:i]), strings.TrimSpace(v[i:])
	if native == "" || latin == "" || !latinOnly(latin) || strings.IndexFunc(native, func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }) >= 0 {
		return "", "", false
	}
	return native, latin, true
}
