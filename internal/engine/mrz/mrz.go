package mrz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Format names an MRZ layout.
type Format string

// The layouts Parse knows. Values are stable strings so they can be stored
// and shown as they are.
const (
	// TD1 is the ID-card layout: 3 lines of 30 characters (ICAO 9303-5).
	TD1 Format = "TD1"
	// TD2 is the 2×36 layout of ID cards and some passports (ICAO 9303-6).
	TD2 Format = "TD2"
	// TD3 is the passport layout: 2 lines of 44 characters (ICAO 9303-4).
	TD3 Format = "TD3"
	// MRVA is the full-size visa: 2×44 like TD3 but without the personal
	// number and composite check digits (ICAO 9303-7).
	MRVA Format = "MRVA"
	// MRVB is the small visa: 2×36 like TD2 but without the composite
	// check digit (ICAO 9303-7).
	MRVB Format = "MRVB"
	// FRAID is the French national ID card issued before 2021: 2×36 with a
	// national layout ("IDFRA" + surname on line 1).
	FRAID Format = "FRA_ID"
	// FRADL is the French driving licence: 1 line of 30.
	FRADL Format = "FRA_DL"
	// CHEDL is the Swiss driving licence: lines of 9, 30 and 30, no check
	// digits at all.
	CHEDL Format = "CHE_DL"
)

// Errors returned by Parse, always wrapped with a detail; test them with
// errors.Is.
var (
	// ErrNotMRZ means the input does not have the shape of an MRZ: no or too
	// many lines, line lengths more than 2 characters away from any MRZ
	// length, too many characters outside A–Z, 0–9 and '<', or numeric
	// fields that are mostly not digits.
	ErrNotMRZ = errors.New("mrz: not a machine-readable zone")
	// ErrUnknownFormat means the lines look like MRZ lines but their count
	// and lengths match no known layout (for example 2 lines of 30).
	ErrUnknownFormat = errors.New("mrz: unknown MRZ format")
)

// Field is one parsed field with its place in the (repaired) lines, so a UI
// can highlight it.
type Field struct {
	// Name is one of document_code, issuing_state, surname, given_names,
	// document_number, nationality, birth_date, sex, expiry_date,
	// personal_number, optional_data, optional_data2; for the French ID also
	// administrative_code, issue_date (YYMM) and administrative_code2; for
	// the Swiss licence language_code, pin and version_number.
	Name string
	// Value is the cleaned value: fillers trimmed, inner filler runs turned
	// into single spaces. Dates hold "YYYY-MM-DD" when they are valid and the
	// raw text otherwise.
	Value string
	// Raw is the text of the field as it stands in the line.
	Raw string
	// Start and End are 0-based byte offsets in Lines[Line], End exclusive,
	// around the value without its leading and trailing fillers (an empty
	// value has Start == End at the field's start).
	Start, End int
	// Line is the 0-based index in Result.Lines.
	Line int
}

// Check is the outcome of one validation. For check digits Want is the
// computed digit (0 when the data has characters no digit can be computed
// over) and Got the character found. For the other checks
// ("birth_date_valid", "expiry_date_valid", "characters") Want is 0 and Got
// is the offending character, if any.
type Check struct {
	// Name is "document_number", "birth_date", "expiry_date", "optional"
	// (TD3 personal number), "composite", "birth_date_valid",
	// "expiry_date_valid" or "characters".
	Name  string
	Valid bool
	Want  byte
	Got   byte
}

// Result is a parsed MRZ.
type Result struct {
	Format Format
	// Lines are the lines after repairs, exactly as validated; each has the
	// format's length.
	Lines []string
	// DocumentCode is the first two characters with fillers removed: "P",
	// "I", "ID", "V", "AC", "D1"…
	DocumentCode string
	// IssuingState and Nationality are the codes as printed, fillers
	// removed ("D<<" → "D"); ICAO codes such as "UTO" or "XXX" are kept.
	// The French ID has no nationality field, so Nationality is empty there.
	IssuingState, Nationality string
	Surname, GivenNames       string
	// DocumentNumber includes the overflow of long TD1/TD2 numbers. For the
	// French ID it is the 12-character card number.
	DocumentNumber string
	// PersonalNumber is the TD3 personal number (line 2, 29–42) or the Swiss
	// licence PIN.
	PersonalNumber string
	// OptionalData is the optional data field (TD1 line 1 after any document
	// number overflow; TD2, MRV-A, MRV-B line 2). OptionalData2 is the TD1
	// line 2 optional field.
	OptionalData, OptionalData2 string
	BirthDate, ExpiryDate       Date
	// Sex is "M", "F" or "X" ('<' or 'X' in the MRZ); empty when the
	// character is none of these.
	Sex string
	// Fields lists every parsed field with its position.
	Fields []Field
	// Checks lists every check the format has, in a fixed order per format.
	Checks []Check
	// Valid is true when every entry of Checks is valid: check digits,
	// calendar dates and the character set.
	Valid bool
	// Repairs says, one entry per change, what was changed to the input to
	// get Lines. Lines and positions in it are 1-based, for people.
	Repairs []string
}

// Field returns the field with the given name and whether it exists.
func (r *Result) Field(name string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Check returns the check with the given name and whether it exists.
func (r *Result) Check(name string) (Check, bool) {
	for _, c := range r.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Failed returns the names of the checks that did not pass.
func (r *Result) Failed() []string {
	var out []string
	for _, c := range r.Checks {
		if !c.Valid {
			out = append(out, c.Name)
		}
	}
	return out
}

// Parse identifies the format of an MRZ from its line count and lengths,
// repairs classic OCR errors (see Repair), parses the fields and validates
// them.
//
// Lines are normalised first (uppercase, whitespace removed, '«' and
// similar mapped to '<', junk trimmed at both ends), empty lines are
// dropped and lines in a clearly wrong order are put right (as Find does),
// so OCR output can be passed as it is. Lengths may be off by up
// to 2 characters per line: fillers are inserted or removed where the layout
// allows it.
//
// now is the reference for century inference (see Date). A result whose
// checks fail is returned with Valid false and a nil error, so callers can
// show which check failed; errors are only for input that cannot be read as
// an MRZ (ErrNotMRZ) or whose shape matches no layout (ErrUnknownFormat).
func Parse(lines []string, now time.Time) (*Result, error) {
	var in, raw []string
	for _, l := range lines {
		if n := normalize(l); n != "" {
			in = append(in, n)
			raw = append(raw, l)
		}
	}
	if err := plausible(in); err != nil {
		return nil, err
	}
	r, err := parseNormalized(raw, in, now)
	// Lines in the wrong order are put right, as Find does, only when the
	// reordered zone validates and the given order does not. Anything
	// weaker ("more checks pass") is not stable: the repairs of one order
	// can make the other look better on a second parse, so Parse would not
	// accept its own output (found by FuzzParse).
	idx := orderIdx(in)
	if slices.IsSorted(idx) {
		return r, err
	}
	r2, err2 := parseNormalized(permute(raw, idx), permute(in, idx), now)
	if err2 == nil && r2.Valid && (err != nil || !r.Valid) {
		r2.Repairs = append([]string{fmt.Sprintf("lines reordered: input lines %v", plus1(idx))}, r2.Repairs...)
		return r2, nil
	}
	return r, err
}

// parseNormalized parses lines (raw) whose normalised form is in.
func parseNormalized(raw, in []string, now time.Time) (*Result, error) {
	f, err := Detect(in)
	if err != nil {
		return nil, err
	}
	out, repairs, err := repair(raw, f)
	if err != nil {
		return nil, err
	}
	// Again on the repaired lines, which may have lost their only filler to
	// a length repair: Parse must accept its own Lines.
	if err := plausible(out); err != nil {
		return nil, err
	}
	if err := numericPlausible(out, f); err != nil {
		return nil, err
	}
	r := extract(out, f, now)
	r.Repairs = repairs
	return r, nil
}

func permute(s []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func plus1(idx []int) []int {
	out := make([]int, len(idx))
	for i, j := range idx {
		out[i] = j + 1
	}
	return out
}

// plausible rejects input that is not MRZ text whatever its layout.
func plausible(lines []string) error {
	if len(lines) == 0 {
		return fmt.Errorf("%w: no text", ErrNotMRZ)
	}
	if len(lines) > 3 {
		return fmt.Errorf("%w: %d lines, an MRZ has 1 to 3", ErrNotMRZ, len(lines))
	}
	total, bad, fillers := 0, 0, 0
	for _, l := range lines {
		total += len(l)
		for i := 0; i < len(l); i++ {
			if !isMRZChar(l[i]) {
				bad++
			}
			if l[i] == '<' {
				fillers++
			}
		}
	}
	// OCR leaves the odd stray mark; more than one in ten characters is not
	// a misread MRZ any more.
	if bad*10 > total {
		return fmt.Errorf("%w: %d of %d characters are not A-Z, 0-9 or '<'", ErrNotMRZ, bad, total)
	}
	// Every real MRZ has fillers somewhere (the "<<" name separator at
	// least); ordinary text with its spaces removed has none.
	if fillers == 0 {
		return fmt.Errorf("%w: no '<' filler", ErrNotMRZ)
	}
	return nil
}

// numericPlausible rejects text that has the right shape but whose numeric
// fields (dates, check digits) are mostly letters even after repair:
// ordinary text cut to MRZ length.
func numericPlausible(lines []string, f Format) error {
	total, digits := 0, 0
	for _, s := range layouts[f].spans {
		if s.kind != kNum {
			continue
		}
		for i := s.start; i < s.end; i++ {
			c := lines[s.line][i]
			if c == '<' {
				continue
			}
			total++
			if c >= '0' && c <= '9' {
				digits++
			}
		}
	}
	if total > 0 && digits*2 < total {
		return fmt.Errorf("%w: only %d of %d characters in numeric fields are digits", ErrNotMRZ, digits, total)
	}
	return nil
}

// Detect returns the format of normalised MRZ lines from their count and
// lengths (±2 characters each) and, where two layouts share a shape, from
// the document code: 'V' makes a visa, "IDFRA" the French ID.
func Detect(lines []string) (Format, error) {
	bands := make([]int, len(lines))
	for i, l := range lines {
		bands[i] = band(len(l))
	}
	switch {
	case len(lines) == 3 && band9(len(lines[0])) && bands[1] == 30 && bands[2] == 30:
		return CHEDL, nil
	case len(lines) == 0 || len(lines) > 3:
		return "", fmt.Errorf("%w: %d lines", ErrNotMRZ, len(lines))
	}
	for i, b := range bands {
		if b == 0 {
			return "", fmt.Errorf("%w: line %d has %d characters, not about 30, 36 or 44", ErrNotMRZ, i+1, len(lines[i]))
		}
	}
	for _, b := range bands[1:] {
		if b != bands[0] {
			return "", fmt.Errorf("%w: lines of different lengths %v", ErrNotMRZ, lengths(lines))
		}
	}
	code := alphaProbe(lines[0], 5)
	switch {
	case len(lines) == 1 && bands[0] == 30 && code[0] == 'D' && code[2:5] == "FRA":
		return FRADL, nil
	case len(lines) == 2 && bands[0] == 44 && code[0] == 'V':
		return MRVA, nil
	case len(lines) == 2 && bands[0] == 44:
		return TD3, nil
	case len(lines) == 2 && bands[0] == 36 && code == "IDFRA":
		return FRAID, nil
	case len(lines) == 2 && bands[0] == 36 && code[0] == 'V':
		return MRVB, nil
	case len(lines) == 2 && bands[0] == 36:
		return TD2, nil
	case len(lines) == 3 && bands[0] == 30:
		return TD1, nil
	}
	return "", fmt.Errorf("%w: %d line(s) of lengths %v", ErrUnknownFormat, len(lines), lengths(lines))
}

func lengths(lines []string) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		out[i] = len(l)
	}
	return out
}

// band maps a line length to the MRZ length it can be an OCR reading of,
// or 0. The bands (28–32, 34–38, 42–46) do not overlap, so ±2 is the most
// tolerance that stays unambiguous.
func band(n int) int {
	for _, want := range []int{30, 36, 44} {
		if n >= want-2 && n <= want+2 {
			return want
		}
	}
	return 0
}

func band9(n int) bool { return n >= 7 && n <= 11 }

// alphaProbe returns the first n characters of s read as letters (digits
// mapped to their look-alikes), padded with '<', to recognise document codes
// such as "1DFRA" before the lines are repaired.
func alphaProbe(s string, n int) string {
	b := []byte(strings.Repeat("<", n))
	for i := 0; i < n && i < len(s); i++ {
		b[i] = s[i]
		if c, ok := toAlpha[s[i]]; ok {
			b[i] = c
		}
	}
	return string(b)
}

func isMRZChar(c byte) bool {
	return c == '<' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
