package mrz

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Character maps by field class. They hold only the confusions OCR engines
// make on the OCR-B font; anything else is left for the checks to report.
var (
	toDigit = map[byte]byte{
		'O': '0', 'Q': '0', 'D': '0', 'I': '1', 'L': '1',
		'Z': '2', 'S': '5', 'G': '6', 'B': '8',
	}
	toAlpha = map[byte]byte{
		'0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B', '(': 'C',
	}
	// swaps are tried, one character at a time, in alphanumeric fields that
	// a check digit covers.
	swaps = map[byte]string{
		'O': "0", '0': "OD", 'D': "0", 'I': "1", '1': "I", 'B': "8", '8': "B",
		'S': "5", '5': "S", 'Z': "2", '2': "Z",
	}
)

// fillerLike reports characters OCR produces for '<': Tesseract reads OCR-B
// filler runs as K/KKK, other engines as C or a bracket.
func fillerLike(c byte) bool {
	return c == 'K' || c == 'C' || c == '(' || c == '[' || c == '{'
}

// refNow is the clock used when repairs compare candidates. Only check
// digits and the character classes decide between candidates, and neither
// depends on the century, so any fixed date does.
var refNow = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// recorder collects human-readable repair notes.
type recorder struct{ notes []string }

func (r *recorder) add(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func (r *recorder) char(line, at int, from, to byte, why string) {
	r.add("line %d pos %d: %c→%c (%s)", line+1, at+1, from, to, why)
}

// Repair normalises MRZ lines read by OCR and repairs them for format f
// (see Parse for how to find f). It returns the repaired lines and one note
// per change. When a line cannot be brought to its format's length (off by
// more than 2, or no place to add or remove a filler safely), the lines are
// returned as far as they were repaired and Parse reports ErrNotMRZ.
//
// Repairs, in order:
//  1. normalisation: uppercase, whitespace removed, '«', '‹' and other
//     look-alikes mapped to '<', junk trimmed at both ends;
//  2. filler look-alikes in name fields. Any symbol other than '<' is a
//     filler (a bracket between two letters is read as C in step 4). In the
//     trailing filler run of a name, every K or C after the run's first '<'
//     becomes '<'; a K or C touching the last letter is kept, since names end
//     in K (ERIK<<<, FRANK<<<). Inside the name only runs of four or more
//     '<' are treated so, because names legitimately hold "<K<" (an
//     initial). Anything after three fillers in a row is a filler: a
//     name never holds more than two ("VZOR<<<…<<KH"). A name of several
//     parts without "<<" lost it to a K ("ERIKSSONK<ANNA"). When Ks were found
//     in filler runs and the line is too long
//     by exactly the number of Ks that bracket single words ("<KMARIAK<"),
//     those are removed: Tesseract's output on OCR-B filler runs;
//  3. lengths off by 1 or 2: fillers are inserted or removed in one of the
//     line's filler runs (name fields: only their trailing run, or runs of
//     three or more). Each way is scored by the checks that pass after
//     steps 4–5 would run; the best wins, ties going to the layout's slack
//     region (the end of the optional data or of the name). This finds a
//     filler dropped from "D<<" as well as from the optional data;
//  4. field classes: in numeric fields O/Q/D→0, I/L→1, Z→2, S→5, G→6, B→8;
//     in alphabetic fields (codes, names, sex) 0→O, 1→I, 2→Z, 5→S, 6→G,
//     8→B; a K, C or bracket standing for a filler in codes ("D<K"), the sex
//     and filler-only positions;
//  5. check-guided repairs: when the document number (or the TD3 personal
//     number) fails its check digit, each single O/0, D/0, I/1, B/8, S/5, Z/2 swap
//     in it is tried. A swap is applied only when it is the only one that
//     makes the check pass, and, where the format has a composite check,
//     makes that pass too; with two or more candidates nothing is changed.
//     Filler look-alikes after the first '<' of the trailing filler run of an
//     optional data field become '<': Ks always (check digits cannot see
//     them, K weighs 0 mod 10 like '<'), a C or bracket only when the checks
//     covering the field pass afterwards.
//
// No value is ever invented: a check that still fails after this is left
// for the caller to report.
func Repair(lines []string, f Format) ([]string, []string) {
	out, notes, _ := repair(lines, f)
	return out, notes
}

func repair(in []string, f Format) ([]string, []string, error) {
	lay, ok := layouts[f]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownFormat, f)
	}
	rec := &recorder{}
	var lines []string
	for _, l := range in {
		n, note := normalizeNote(l)
		if n == "" {
			continue
		}
		if note != "" {
			rec.add("line %d: %s", len(lines)+1, note)
		}
		lines = append(lines, n)
	}
	if len(lines) != len(lay.lines) {
		return lines, rec.notes, fmt.Errorf("%w: %d lines, %s has %d", ErrUnknownFormat, len(lines), f, len(lay.lines))
	}
	kDisease := make([]bool, len(lines))
	for i, sh := range lay.lines {
		if sh.name {
			var n int
			lines[i], n = fixNameFillers(lines[i], i, sh.head, len(lines[i])-sh.tail, rec)
			kDisease[i] = n > 0
		}
	}
	if err := fixLengths(lines, f, kDisease, rec); err != nil {
		return lines, rec.notes, err
	}
	// Once more: removing a trailing filler can leave look-alikes that the
	// rules now see differently ("CCC<" → "CCC"), and a second Parse of
	// the result must find nothing left to change.
	for i, sh := range lay.lines {
		if sh.name {
			lines[i], _ = fixNameFillers(lines[i], i, sh.head, len(lines[i])-sh.tail, rec)
		}
	}
	mapClasses(lines, f, rec)
	// And after the class mapping, which turns digits in names into
	// letters and look-alikes into fillers: the run and separator rules
	// must see what a second Parse will.
	for i, sh := range lay.lines {
		if sh.name {
			lines[i], _ = fixNameFillers(lines[i], i, sh.head, len(lines[i])-sh.tail, rec)
		}
	}
	guided(lines, f, rec)
	return lines, rec.notes, nil
}

// normalize maps OCR output to the MRZ alphabet as far as that can be done
// without knowing the layout.
func normalize(s string) string {
	n, _ := normalizeNote(s)
	return n
}

func normalizeNote(s string) (string, string) {
	var b strings.Builder
	spaces, lower, looks, other := 0, 0, 0, 0
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			spaces++
			continue
		}
		if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII
			r -= 0xFEE0
		}
		switch r {
		case '«', '‹', '〈', '《', '⟨', '≤', '˂', '❮':
			r = '<'
			looks++
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
			lower++
		}
		if r >= 0x80 {
			r = '?'
			other++
		}
		b.WriteRune(r)
	}
	full := b.String()
	out := strings.TrimFunc(full, func(r rune) bool { return r > 0x7f || !isMRZChar(byte(r)) })
	var parts []string
	if spaces > 0 {
		parts = append(parts, fmt.Sprintf("removed %d spaces", spaces))
	}
	if lower > 0 {
		parts = append(parts, fmt.Sprintf("uppercased %d letters", lower))
	}
	if looks > 0 {
		parts = append(parts, fmt.Sprintf("mapped %d '<' look-alikes to '<'", looks))
	}
	if other > 0 {
		parts = append(parts, fmt.Sprintf("replaced %d other non-ASCII characters with '?'", other))
	}
	if t := len(full) - len(out); t > 0 {
		parts = append(parts, fmt.Sprintf("trimmed %d stray characters at the ends", t))
	}
	return out, strings.Join(parts, ", ")
}

// fixNameFillers turns filler look-alikes into '<' in the name field
// [a, e) of line l (see Repair, step 2). It returns the line and how many
// Ks it changed, the sign of Tesseract's K-for-filler habit. Applied to its
// own output it changes nothing, so Parse is idempotent on repaired lines.
func fixNameFillers(s string, l, a, e int, rec *recorder) (string, int) {
	if a < 0 || e > len(s) || a >= e {
		return s, 0
	}
	b := []byte(s)
	n := 0
	set := func(i int, why string) {
		if b[i] == 'K' {
			n++
		}
		rec.char(l, i, b[i], '<', why)
		b[i] = '<'
	}
	// '<' is the only symbol an MRZ has, so any other symbol in a name is
	// an OCR reading of it, except a bracket between two plain letters,
	// which mapClasses reads as C.
	plain := func(i int) bool { return i >= a && i < e && isLetter(b[i]) && !fillerLike(b[i]) }
	for i := a; i < e; i++ {
		if !isMRZChar(b[i]) && !(isBracket(b[i]) && plain(i-1) && plain(i+1)) {
			set(i, "filler look-alike")
		}
	}
	// Trailing suffix of fillers and look-alikes.
	k := e
	for k > a && (b[k-1] == '<' || fillerLike(b[k-1])) {
		k--
	}
	switch first := slices.Index(b[k:e], '<'); {
	case first >= 0:
		// Before the first '<', a K or C is the last letter of the name.
		for i := k + first + 1; i < e; i++ {
			if fillerLike(b[i]) {
				set(i, "filler run in name field")
			}
		}
	case e-k >= 3:
		// No '<' left at all, but no name ends in three K/C: keep the first.
		for i := k + 1; i < e; i++ {
			set(i, "filler run in name field")
		}
	}
	// Three fillers in a row end the name: its parts are joined by one '<'
	// and surname and given names by two, so whatever follows is a misread
	// filler ("VZOR<<<…<<KH", "MARIA<<<…<<S").
	if i := strings.Index(string(b[a:k]), "<<<"); i >= 0 {
		for x := a + i + 3; x < e; x++ {
			if b[x] != '<' {
				set(x, "after the name's end")
			}
		}
		k = a + i
	}
	// A name with more than one part but no "<<" between surname and given
	// names lost it to a K: "ERIKSSONK<ANNA" is ERIKSSON<<ANNA.
	if name := string(b[a:k]); !strings.Contains(name, "<<") {
		if i := strings.Index(name, "K<"); i > 0 && a+i+2 < k && b[a+i+2] != '<' {
			set(a+i, "missing surname separator")
		}
	}
	// Inner runs: only a segment with four or more '<' is certainly filler,
	// since names only ever hold '<' and "<<" between their parts.
	for i := a; i < k; {
		if b[i] != '<' && !fillerLike(b[i]) {
			i++
			continue
		}
		j := i
		for j < k && (b[j] == '<' || fillerLike(b[j])) {
			j++
		}
		seg := b[i:j]
		if strings.Count(string(seg), "<") >= 4 {
			lo, hi := slices.Index(seg, '<'), bytes.LastIndexByte(seg, '<')
			for x := i + lo + 1; x < i+hi; x++ {
				if fillerLike(b[x]) {
					set(x, "filler run in name field")
				}
			}
		}
		i = j
	}
	return string(b), n
}

func isBracket(c byte) bool { return c == '(' || c == '[' || c == '{' }

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' }

// edit is one filler insertion or deletion; at is an index in the line
// before the edit.
type edit struct {
	at  int
	ins bool
	c   byte // the character deleted, for the note
}

type candidate struct {
	edits []edit
	why   string
}

// apply returns s with the edits done, right to left so indices hold.
func (c candidate) apply(s string) string {
	es := slices.Clone(c.edits)
	slices.SortStableFunc(es, func(a, b edit) int { return b.at - a.at })
	for _, e := range es {
		if e.ins {
			s = s[:e.at] + "<" + s[e.at:]
		} else {
			s = s[:e.at] + s[e.at+1:]
		}
	}
	return s
}

// slot is a place where fillers can be inserted (before ins) or deleted
// (ending at ins, at most cap of them).
type slot struct {
	ins, cap int
}

// lengthCandidates lists the ways to bring s to its shape's length, most
// preferred first (see Repair, step 3).
func lengthCandidates(s string, sh lineShape, kDisease bool) []candidate {
	d := sh.n - len(s)
	if d == 0 || d > 2 || d < -2 {
		return nil
	}
	e := max(len(s)-sh.tail, sh.head)
	var out []candidate
	var slots []slot // preferred first
	var runs []slot
	for i := 0; i < len(s); {
		if s[i] != '<' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '<' {
			j++
		}
		runs = append(runs, slot{ins: j, cap: j - i})
		i = j
	}
	if sh.name {
		// The name's trailing run, or the line end when the name fills the
		// field up to the end of the line.
		trailing := -1
		for x, r := range runs {
			// The run that reaches the region's end; it may go on into an
			// all-filler tail (French ID without administrative code).
			if start := r.ins - r.cap; start >= sh.head && start < e && r.ins >= e {
				trailing = x
			}
		}
		if trailing >= 0 {
			slots = append(slots, runs[trailing])
		} else if sh.tail == 0 && d > 0 {
			slots = append(slots, slot{ins: len(s)})
		}
		for x := len(runs) - 1; x >= 0; x-- {
			r := runs[x]
			if x != trailing && r.cap >= 3 && r.ins-r.cap >= sh.head && r.ins <= e {
				slots = append(slots, r)
			}
		}
		if d < 0 && kDisease {
			if dels := bracketKs(s, sh.head, e); len(dels) == -d {
				out = append(out, candidate{edits: dels, why: "spurious K around a word"})
			}
		}
	} else {
		// Data line: the last run inside the slack region first, then every
		// other run from the end, since a filler can drop anywhere (e.g. in
		// the "D<<" nationality) and the checks will tell.
		pref := -1
		for x, r := range runs {
			if r.ins-r.cap < e && r.ins > sh.head {
				pref = x
			}
		}
		if sh.tail == 0 && (len(runs) == 0 || runs[len(runs)-1].ins != len(s)) && d > 0 {
			slots = append(slots, slot{ins: len(s)})
		}
		if pref >= 0 {
			slots = append(slots, runs[pref])
		}
		for x := len(runs) - 1; x >= 0; x-- {
			if x != pref {
				slots = append(slots, runs[x])
			}
		}
	}
	if d > 0 {
		for x := range slots {
			if d == 1 {
				out = append(out, candidate{edits: []edit{{at: slots[x].ins, ins: true}}})
				continue
			}
			for y := x; y < len(slots); y++ {
				out = append(out, candidate{edits: []edit{{at: slots[x].ins, ins: true}, {at: slots[y].ins, ins: true}}})
			}
		}
		return out
	}
	del := func(sl slot, k int) edit { return edit{at: sl.ins - 1 - k, c: '<'} }
	for x := range slots {
		if slots[x].cap < 1 {
			continue
		}
		if d == -1 {
			out = append(out, candidate{edits: []edit{del(slots[x], 0)}})
			continue
		}
		for y := x; y < len(slots); y++ {
			switch {
			case x == y && slots[x].cap >= 2:
				out = append(out, candidate{edits: []edit{del(slots[x], 0), del(slots[x], 1)}})
			case x != y && slots[y].cap >= 1:
				out = append(out, candidate{edits: []edit{del(slots[x], 0), del(slots[y], 0)}})
			}
		}
	}
	return out
}

// bracketKs finds Ks that bracket a word between fillers ("<KMARIAK<") in
// [a, e) and returns their deletions.
func bracketKs(s string, a, e int) []edit {
	var out []edit
	for i := a; i < e; {
		if !isLetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < e && isLetter(s[j]) {
			j++
		}
		if j-i >= 3 && s[i] == 'K' && s[j-1] == 'K' && i > a && s[i-1] == '<' && j < e && s[j] == '<' {
			out = append(out, edit{at: i, c: 'K'}, edit{at: j - 1, c: 'K'})
		}
		i = j
	}
	return out
}

// fixLengths brings every line to its format's length (Repair, step 3).
func fixLengths(lines []string, f Format, kDisease []bool, rec *recorder) error {
	shapes := layouts[f].lines
	cands := make([][]candidate, len(lines))
	for i, sh := range shapes {
		if len(lines[i]) == sh.n {
			continue
		}
		for _, c := range lengthCandidates(lines[i], sh, kDisease[i]) {
			// A deletion must not leave a stray character at an end of the
			// line: normalisation would trim it next time.
			if t := c.apply(lines[i]); isMRZChar(t[0]) && isMRZChar(t[len(t)-1]) {
				cands[i] = append(cands[i], c)
			}
		}
		if len(cands[i]) == 0 {
			return fmt.Errorf("%w: line %d has %d characters, %s wants %d, and no filler run to adjust",
				ErrNotMRZ, i+1, len(lines[i]), f, sh.n)
		}
	}
	// Score each line's candidates with the other lines at their preferred
	// repair, so the checks that span lines (composite) can be computed.
	prov := slices.Clone(lines)
	for i, cs := range cands {
		if len(cs) > 0 {
			prov[i] = cs[0].apply(lines[i])
		}
	}
	for i, cs := range cands {
		if len(cs) == 0 {
			continue
		}
		best, bestScore := 0, -1
		for x, c := range cs {
			try := slices.Clone(prov)
			try[i] = c.apply(lines[i])
			if sc := score(try, f); sc > bestScore {
				best, bestScore = x, sc
			}
		}
		c := cs[best]
		before := len(lines[i])
		prov[i] = c.apply(lines[i])
		for _, e := range c.edits {
			why := c.why
			if why == "" {
				why = fmt.Sprintf("line had %d characters, %s wants %d", before, f, shapes[i].n)
			}
			if e.ins {
				rec.add("line %d: inserted '<' before pos %d (%s)", i+1, e.at+1, why)
			} else {
				rec.add("line %d: removed '%c' at pos %d (%s)", i+1, e.c, e.at+1, why)
			}
		}
	}
	copy(lines, prov)
	return nil
}

// score counts the checks that pass once field classes are repaired.
func score(lines []string, f Format) int {
	try := slices.Clone(lines)
	mapClasses(try, f, nil)
	n := 0
	for _, c := range extract(try, f, refNow).Checks {
		if c.Valid {
			n++
		}
	}
	return n
}

// mapClasses repairs OCR confusions by field class (Repair, step 4). rec may
// be nil.
func mapClasses(lines []string, f Format, rec *recorder) {
	for _, sp := range layouts[f].spans {
		b := []byte(lines[sp.line])
		for i := sp.start; i < sp.end; i++ {
			from := b[i]
			to := from
			switch sp.kind {
			case kNum:
				if c, ok := toDigit[from]; ok {
					to = c
				}
			case kAlpha, kName:
				if c, ok := toAlpha[from]; ok {
					to = c
				}
				// "D<<" read as "D<K": in a code, nothing follows a filler.
				if sp.kind == kAlpha && fillerLike(from) && i > sp.start && b[i-1] == '<' {
					to = '<'
				}
			case kSex, kFill:
				if fillerLike(from) {
					to = '<'
				}
			}
			// '<' is the only symbol an MRZ has, so any other in a name or
			// filler is an OCR reading of it.
			if (sp.kind == kName || sp.kind == kFill) && to == from && !isMRZChar(from) {
				to = '<'
			}
			if to != from {
				b[i] = to
				if rec != nil {
					rec.char(sp.line, i, from, to, sp.kind.String())
				}
			}
		}
		lines[sp.line] = string(b)
	}
}

// guided applies the check-guided repairs (Repair, step 5).
func guided(lines []string, f Format, rec *recorder) {
	guideCheck(lines, f, "document_number", rec)
	var opt []span
	switch f {
	case TD3:
		guideCheck(lines, f, "optional", rec)
		opt = []span{{1, 28, 42, kAlnum}}
	case MRVA:
		opt = []span{{1, 28, 44, kAlnum}}
	case TD2:
		opt = []span{{1, 28, 35, kAlnum}}
	case MRVB:
		opt = []span{{1, 28, 36, kAlnum}}
	case TD1:
		opt = []span{{0, 15, 30, kAlnum}, {1, 18, 29, kAlnum}}
	}
	// Until nothing changes: whether a C in one field's filler run may turn
	// into '<' depends on the composite check, which covers the other
	// fields too, so the order of the fields must not decide (a second
	// Parse would otherwise convert what the first did not; FuzzParse).
	for range len(opt) + 1 {
		before := slices.Clone(lines)
		for _, sp := range opt {
			guideFillers(lines, f, sp, rec)
		}
		if slices.Equal(before, lines) {
			break
		}
	}
}

// sub replaces one character.
type sub struct {
	p        pos
	from, to byte
}

// change is a set of character replacements tried or made together.
type change []sub

func (c change) apply(lines []string) []string {
	out := slices.Clone(lines)
	for _, x := range c {
		b := []byte(out[x.p.line])
		b[x.p.i] = x.to
		out[x.p.line] = string(b)
	}
	return out
}

// guideCheck tries single swaps in the positions the named check covers
// and applies the only one that makes it pass. Where the format has a
// composite check, the swap must make that pass too: the composite weighs
// the document number's characters as its own check does, so a true fix
// repairs both, while a wrong check digit (not an OCR slip) can be "fixed"
// by a swap by chance one time in ten but never fixes the composite, which
// covers that digit too.
func guideCheck(lines []string, f Format, name string, rec *recorder) {
	r, covers := extractMeta(lines, f, refNow)
	c, ok := r.Check(name)
	if !ok || c.Valid {
		return
	}
	comp, hasComp := r.Check("composite")
	if hasComp && comp.Valid {
		// The composite vouches for every character it covers: the fault is
		// not in them.
		return
	}
	var pass []change
	for _, p := range covers[name] {
		from := lines[p.line][p.i]
		for _, to := range []byte(swaps[from]) {
			ch := change{sub{p, from, to}}
			r2 := extract(ch.apply(lines), f, refNow)
			if c2, _ := r2.Check(name); !c2.Valid {
				continue
			}
			if c3, ok := r2.Check("composite"); hasComp && (!ok || !c3.Valid) {
				continue
			}
			pass = append(pass, ch)
		}
	}
	if len(pass) != 1 {
		return // nothing fits, or a guess between several
	}
	applyChange(lines, pass[0], fmt.Sprintf("%s check digit", strings.ReplaceAll(name, "_", " ")), rec)
}

func applyChange(lines []string, ch change, why string, rec *recorder) {
	copy(lines, ch.apply(lines))
	for _, x := range ch {
		rec.char(x.p.line, x.p.i, x.from, x.to, why)
	}
}

// trailingFillers returns the conversion of filler look-alikes in the
// trailing filler run of the positions ps (one field, in order): those after
// the run's first '<'.
func trailingFillers(lines []string, ps []pos) change {
	k := len(ps)
	for k > 0 {
		c := lines[ps[k-1].line][ps[k-1].i]
		if c != '<' && !fillerLike(c) {
			break
		}
		k--
	}
	var ch change
	seen := false
	for _, p := range ps[k:] {
		c := lines[p.line][p.i]
		if c == '<' {
			seen = true
		} else if seen {
			ch = append(ch, sub{p, c, '<'})
		}
	}
	return ch
}

// guideFillers turns filler look-alikes in the trailing filler run of an
// optional data field into '<' (those after the run's first '<'; one
// touching the data is kept). Check digits cannot tell a K from '<': K is
// worth 20, which weighs 0 mod 10 like '<'. So a change of Ks only is made
// when it breaks no check (it cannot), while a C or bracket, which the check
// digits do see, is changed only when the checks over the field (TD3
// personal number, composite) pass afterwards.
func guideFillers(lines []string, f Format, sp span, rec *recorder) {
	ch := trailingFillers(lines, span1(sp.line, sp.start, sp.end))
	if len(ch) == 0 {
		return
	}
	before := extract(lines, f, refNow)
	after := extract(ch.apply(lines), f, refNow)
	if len(after.Failed()) > len(before.Failed()) {
		return
	}
	onlyK := true
	for _, x := range ch {
		onlyK = onlyK && x.from == 'K'
	}
	if !onlyK {
		for _, name := range []string{"optional", "composite"} {
			if c, ok := after.Check(name); ok && !c.Valid {
				return
			}
		}
	}
	applyChange(lines, ch, "filler run in optional data", rec)
}
