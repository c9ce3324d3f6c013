package mrz

import (
	"slices"
	"strings"
	"time"
)

// pos is a character position: line and byte offset.
type pos struct{ line, i int }

// builder collects fields and checks from lines that already have their
// format's lengths.
type builder struct {
	lines []string
	now   time.Time
	r     *Result
	// covers lists, per check-digit check, the alphanumeric positions it
	// covers, for check-guided repairs.
	covers map[string][]pos
	// longNumber is set when the document number overflowed into the
	// optional data field (ICAO 9303-5 §4.2.4); OptionalData is then what
	// follows the overflow.
	longNumber bool
}

func (b *builder) raw(line, start, end int) string { return b.lines[line][start:end] }

func (b *builder) field(name string, line, start, end int, value string) {
	b.r.Fields = append(b.r.Fields, Field{
		Name: name, Value: value, Raw: b.raw(line, start, end),
		Start: start, End: end, Line: line,
	})
}

// trimmed narrows [start, end) of a line to its content without leading and
// trailing fillers; an all-filler field becomes the empty range at start.
func (b *builder) trimmed(line, start, end int) (int, int) {
	l := b.lines[line]
	for end > start && l[end-1] == '<' {
		end--
	}
	for start < end && l[start] == '<' {
		start++
	}
	return start, end
}

// code adds a code field (document code, state) and returns its value.
func (b *builder) code(name string, line, start, end int) string {
	start, end = b.trimmed(line, start, end)
	v := b.raw(line, start, end)
	b.field(name, line, start, end, v)
	return v
}

// text adds an optional-data style field: fillers trimmed, inner filler runs
// become single spaces.
func (b *builder) text(name string, line, start, end int) string {
	start, end = b.trimmed(line, start, end)
	v := spaced(b.raw(line, start, end))
	b.field(name, line, start, end, v)
	return v
}

func (b *builder) date(name string, line, start int, c century) Date {
	d := parseDate(b.raw(line, start, start+6), c, b.now)
	v := d.String()
	if v == "" {
		v = d.Raw
	}
	b.field(name, line, start, start+6, v)
	b.r.Checks = append(b.r.Checks, Check{Name: name + "_valid", Valid: dateWellFormed(d)})
	return d
}

func (b *builder) sex(line, at int) {
	raw := b.raw(line, at, at+1)
	switch raw {
	case "M", "F", "X":
		b.r.Sex = raw
	case "<":
		b.r.Sex = "X"
	}
	b.field("sex", line, at, at+1, b.r.Sex)
}

// check adds a check-digit check over data, whose digit is at (line, at).
func (b *builder) check(name, data string, line, at int, covers []pos) {
	got := b.lines[line][at]
	want := CheckDigit(data)
	b.r.Checks = append(b.r.Checks, Check{Name: name, Valid: want != 0 && got == want, Want: want, Got: got})
	if covers != nil {
		b.covers[name] = covers
	}
}

// name splits a name field into primary and secondary identifiers at the
// first "<<" and adds both as fields.
func (b *builder) name(line, start, end int) {
	s := b.raw(line, start, end)
	cut := strings.Index(s, "<<")
	if cut < 0 {
		cut = len(s)
	}
	ss, se := b.trimmed(line, start, start+cut)
	b.r.Surname = spaced(b.raw(line, ss, se))
	b.field("surname", line, ss, se, b.r.Surname)
	gs, ge := b.trimmed(line, min(start+cut+2, end), end)
	b.r.GivenNames = spaced(b.raw(line, gs, ge))
	b.field("given_names", line, gs, ge, b.r.GivenNames)
}

func span1(line, start, end int) []pos {
	out := make([]pos, 0, end-start)
	for i := start; i < end; i++ {
		out = append(out, pos{line, i})
	}
	return out
}

// spaced trims fillers and turns inner filler runs into single spaces.
func spaced(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '<' }), " ")
}

// extract parses lines of format f. Lines must have the format's lengths.
func extract(lines []string, f Format, now time.Time) *Result {
	r, _ := extractMeta(lines, f, now)
	return r
}

func extractMeta(lines []string, f Format, now time.Time) (*Result, map[string][]pos) {
	b := &builder{
		lines:  lines,
		now:    now,
		r:      &Result{Format: f, Lines: append([]string(nil), lines...)},
		covers: map[string][]pos{},
	}
	r := b.r
	switch f {
	case TD3, MRVA, TD2, MRVB:
		n := len(lines[0])
		r.DocumentCode = b.code("document_code", 0, 0, 2)
		r.IssuingState = b.code("issuing_state", 0, 2, 5)
		b.name(0, 5, n)
		l2 := lines[1]
		b.documentNumber(1, 0, 28, 35, f == TD2)
		r.Nationality = b.code("nationality", 1, 10, 13)
		r.BirthDate = b.date("birth_date", 1, 13, pastCentury)
		b.check("birth_date", l2[13:19], 1, 19, nil)
		b.sex(1, 20)
		r.ExpiryDate = b.date("expiry_date", 1, 21, expiryCentury)
		b.check("expiry_date", l2[21:27], 1, 27, nil)
		switch f {
		case TD3:
			r.PersonalNumber = b.text("personal_number", 1, 28, 42)
			b.optionalCheck(l2[28:42], 1, 42)
			b.check("composite", l2[0:10]+l2[13:20]+l2[21:43], 1, 43, nil)
		case TD2:
			if !b.longNumber {
				r.OptionalData = b.text("optional_data", 1, 28, 35)
			}
			b.check("composite", l2[0:10]+l2[13:20]+l2[21:35], 1, 35, nil)
		default:
			r.OptionalData = b.text("optional_data", 1, 28, n)
		}
	case TD1:
		l1, l2 := lines[0], lines[1]
		r.DocumentCode = b.code("document_code", 0, 0, 2)
		r.IssuingState = b.code("issuing_state", 0, 2, 5)
		b.documentNumber(0, 5, 15, 30, true)
		if !b.longNumber {
			r.OptionalData = b.text("optional_data", 0, 15, 30)
		}
		r.BirthDate = b.date("birth_date", 1, 0, pastCentury)
		b.check("birth_date", l2[0:6], 1, 6, nil)
		b.sex(1, 7)
		r.ExpiryDate = b.date("expiry_date", 1, 8, expiryCentury)
		b.check("expiry_date", l2[8:14], 1, 14, nil)
		r.Nationality = b.code("nationality", 1, 15, 18)
		r.OptionalData2 = b.text("optional_data2", 1, 18, 29)
		b.check("composite", l1[5:30]+l2[0:7]+l2[8:15]+l2[18:29], 1, 29, nil)
		b.name(2, 0, 30)
	case FRAID:
		l1, l2 := lines[0], lines[1]
		r.DocumentCode = b.code("document_code", 0, 0, 2)
		r.IssuingState = b.code("issuing_state", 0, 2, 5)
		// Surname only: the French layout has no "<<" split on line 1, and
		// inner fillers are spaces of a compound surname.
		r.Surname = b.text("surname", 0, 5, 30)
		b.text("administrative_code", 0, 30, 36)
		// Issue year and month (YYMM): the first part of the card number.
		b.field("issue_date", 1, 0, 4, l2[0:4])
		b.text("administrative_code2", 1, 4, 7)
		r.DocumentNumber = l2[0:12]
		b.field("document_number", 1, 0, 12, r.DocumentNumber)
		b.check("document_number", l2[0:12], 1, 12, span1(1, 4, 7))
		// Given names are separated by "<<" on this card; all of them are
		// given names.
		r.GivenNames = b.text("given_names", 1, 13, 27)
		r.BirthDate = b.date("birth_date", 1, 27, pastCentury)
		b.check("birth_date", l2[27:33], 1, 33, nil)
		b.sex(1, 34)
		b.check("composite", l1+l2[:35], 1, 35, nil)
	case FRADL:
		l := lines[0]
		r.DocumentCode = b.code("document_code", 0, 0, 2)
		r.IssuingState = b.code("issuing_state", 0, 2, 5)
		r.DocumentNumber = b.code("document_number", 0, 5, 14)
		// The check digit covers the code and state too (cheminfo vector).
		b.check("document_number", l[0:14], 0, 14, span1(0, 5, 14))
		// cheminfo/mrz names this date the expiry date; we follow it.
		r.ExpiryDate = b.date("expiry_date", 0, 15, expiryCentury)
		r.Surname = b.text("surname", 0, 21, 29)
		b.check("composite", l[0:29], 0, 29, nil)
	case CHEDL:
		r.DocumentNumber = b.code("document_number", 0, 0, 9)
		b.text("language_code", 0, 6, 7)
		r.DocumentCode = b.code("document_code", 1, 0, 2)
		r.IssuingState = b.code("issuing_state", 1, 2, 5)
		r.PersonalNumber = b.code("pin", 1, 5, 14)
		b.code("version_number", 1, 14, 17)
		r.BirthDate = b.date("birth_date", 1, 19, pastCentury)
		b.name(2, 0, 30)
	}
	b.characters(f)
	slices.SortStableFunc(r.Checks, func(a, c Check) int { return checkRank(a.Name) - checkRank(c.Name) })
	r.Valid = true
	for _, c := range r.Checks {
		r.Valid = r.Valid && c.Valid
	}
	return r, b.covers
}

// documentNumber adds the 9-character document number at (line, start), its
// check digit right after it, and handles the long-number rule of ICAO 9303-5
// §4.2.4 (TD1) and 9303-6 (TD2): a '<' in the check-digit position means the
// number continues at ovStart in the optional data field, ended by its check
// digit and a filler.
func (b *builder) documentNumber(line, start, ovStart, ovEnd int, allowLong bool) {
	l := b.lines[line]
	end := start + 9
	main := l[start:end]
	if allowLong && l[end] == '<' && l[ovStart] != '<' {
		j := strings.IndexByte(l[ovStart:ovEnd], '<')
		if j < 0 {
			j = ovEnd - ovStart
		}
		// At least one overflow character and the check digit.
		if j >= 2 {
			cdAt := ovStart + j - 1
			ov := l[ovStart:cdAt]
			num := main + ov
			b.longNumber = true
			b.r.DocumentNumber = num
			b.field("document_number", line, start, cdAt, num)
			got := l[cdAt]
			// ICAO computes the digit over the number without the filler;
			// some issuers (Belgium, BEL-BO-03003) include the filler. Either
			// is accepted.
			want := CheckDigit(num)
			valid := want != 0 && got == want
			if alt := CheckDigit(main + "<" + ov); !valid && alt != 0 && got == alt {
				want, valid = alt, true
			}
			b.r.Checks = append(b.r.Checks, Check{Name: "document_number", Valid: valid, Want: want, Got: got})
			b.covers["document_number"] = append(span1(line, start, end), span1(line, ovStart, cdAt)...)
			b.r.OptionalData = b.text("optional_data", line, cdAt+1, ovEnd)
			return
		}
	}
	b.r.DocumentNumber = b.code("document_number", line, start, end)
	b.check("document_number", main, line, end, span1(line, start, end))
}

// optionalCheck adds the TD3 personal number check. An unused personal
// number may carry '<' or '0' as its check digit (ICAO 9303-4 §4.2.2).
func (b *builder) optionalCheck(data string, line, at int) {
	if strings.Trim(data, "<") == "" {
		got := b.lines[line][at]
		b.r.Checks = append(b.r.Checks, Check{Name: "optional", Valid: got == '<' || got == '0', Want: '0', Got: got})
		b.covers["optional"] = span1(line, at-len(data), at)
		return
	}
	b.check("optional", data, line, at, span1(line, at-len(data), at))
}

// characters adds the "characters" check: every character is allowed by the
// class of its span (no digit left in a name, no letter in a date…).
func (b *builder) characters(f Format) {
	c := Check{Name: "characters", Valid: true}
	for _, s := range layouts[f].spans {
		for i := s.start; i < s.end && c.Valid; i++ {
			if ch := b.lines[s.line][i]; !s.kind.allows(ch) {
				c.Valid, c.Got = false, ch
			}
		}
	}
	b.r.Checks = append(b.r.Checks, c)
}

// checkRank orders Checks: check digits in MRZ order, then the other checks.
func checkRank(name string) int {
	if r, ok := checkRanks[name]; ok {
		return r
	}
	return 99
}

var checkRanks = map[string]int{"document_number": 0, "birth_date": 1, "expiry_date": 2, "optional": 3, "composite": 4,
	"birth_date_valid": 5, "expiry_date_valid": 6, "characters": 7}
