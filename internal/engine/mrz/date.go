package mrz

import (
	"fmt"
	"time"
)

// Date is an MRZ date (YYMMDD) with its century inferred.
//
// Century rules, relative to the now passed to Parse:
//   - birth dates (and the French ID issue month) are in the past: the
//     latest year ending in YY that does not put the date after now. With
//     now = 2026-11-25, "300101" is 1930, "260101" is 2026 and "261201" is
//     1926.
//   - expiry dates may be up to 20 years ahead: the latest year ending in YY
//     that is at most now's year + 20. With now in 2026 the window is
//     1947–2046, so "310101" is 2031 and "470101" is 1947.
//
// The MRZ marks unknown parts with fillers ("7408<<" when the day of birth
// is unknown); those parts are 0 here.
type Date struct {
	// Raw is the text as it stands in the MRZ.
	Raw string
	// Year, Month and Day are 0 when unknown or unreadable. Month and Day
	// keep the digits read even when the date does not exist (Feb 31).
	Year, Month, Day int
	// Valid is true for a complete, real calendar date.
	Valid bool
}

// String returns the date as "YYYY-MM-DD", or "" when it is not Valid.
func (d Date) String() string {
	if !d.Valid {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

type century int

const (
	pastCentury   century = iota // birth and issue dates
	expiryCentury                // expiry dates
)

// parseDate reads a YYMMDD (or YYMM) field. It never fails: what cannot be
// read stays 0.
func parseDate(raw string, c century, now time.Time) Date {
	d := Date{Raw: raw}
	yy, okY := twoDigits(raw, 0)
	mm, okM := twoDigits(raw, 2)
	dd, okD := twoDigits(raw, 4)
	if okM && mm >= 1 && mm <= 12 {
		d.Month = mm
	}
	if okD && dd >= 1 && dd <= 31 {
		d.Day = dd
	}
	if !okY {
		return d
	}
	switch c {
	case expiryCentury:
		d.Year = latestYear(yy, now.Year()+20)
	default:
		d.Year = latestYear(yy, now.Year())
		// Same year as now but later in it: the person was born a century
		// earlier. Unknown month/day compare as "not later".
		if d.Year == now.Year() && (d.Month > int(now.Month()) || (d.Month == int(now.Month()) && d.Day > now.Day())) {
			d.Year -= 100
		}
	}
	d.Valid = len(raw) == 6 && okM && okD && realDate(d.Year, mm, dd)
	return d
}

// latestYear returns the largest year ≤ limit whose last two digits are yy.
func latestYear(yy, limit int) int {
	back := ((limit%100-yy)%100 + 100) % 100
	return limit - back
}

func twoDigits(s string, at int) (int, bool) {
	if at+2 > len(s) || !isDigit(s[at]) || !isDigit(s[at+1]) {
		return 0, false
	}
	return int(s[at]-'0')*10 + int(s[at+1]-'0'), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func realDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Year() == y && t.Month() == time.Month(m) && t.Day() == d
}

// dateWellFormed reports whether raw is a date the MRZ may legitimately
// hold: a real date, or one whose unknown parts are fillers ("7408<<",
// "74<<<<", "<<<<<<"), as ICAO 9303-3 allows when the day or month of birth
// is unknown. It is what the "…_date_valid" checks report.
func dateWellFormed(d Date) bool {
	raw := d.Raw
	if d.Valid {
		return true
	}
	if len(raw) != 6 {
		return false
	}
	part := func(i int) string { return raw[i : i+2] }
	known := 0
	for i := 0; i < 6; i += 2 {
		switch p := part(i); {
		case p == "<<":
		case isDigit(p[0]) && isDigit(p[1]):
			// A known part after an unknown one (e.g. "<<0812") is not a
			// pattern the standard uses.
			if known != i/2 {
				return false
			}
			known++
		default:
			return false
		}
	}
	if known == 3 {
		return false // all digits but not a real date
	}
	if known >= 2 && d.Month == 0 {
		return false
	}
	return true
}
