// Package dates finds and parses the dates printed on identity documents:
// numeric forms in every field order, month names in several languages,
// East Asian 年月日 / 년월일 forms and Japanese era years.
//
// The package never makes a date up: a string that does not name a real
// calendar day (30.02.1985, month 13) is not a date, and a date printed
// with only a year or a year and month is returned with the missing parts
// zero so that the caller can tell it is incomplete.
package dates

import (
	"fmt"
	"time"
)

// Date is a calendar date as printed. Month and Day are 0 when the
// document does not print them (a year-only or year-month birth date,
// which fails the "full birth date" check and so must not be filled in).
//
// Year is below 100 when the document prints a two-digit year: the century
// depends on whether the date is a birth or an expiry date, which only the
// caller knows, so it is left to ExpandYear.
type Date struct{ Year, Month, Day int }

// Full reports whether the year (four digits), month and day are all known.
func (d Date) Full() bool { return d.Year >= 100 && d.Month > 0 && d.Day > 0 }

// TwoDigitYear reports whether the year was printed with two digits and
// still needs ExpandYear.
func (d Date) TwoDigitYear() bool { return d.Year < 100 }

// String formats d as "YYYY-MM-DD", "YYYY-MM" or "YYYY" depending on which
// parts are known; a two-digit year is written with two digits ("85-03-12")
// so that it cannot pass for a real year. The zero Date is "".
func (d Date) String() string {
	if d == (Date{}) {
		return ""
	}
	y := fmt.Sprintf("%04d", d.Year)
	if d.TwoDigitYear() {
		y = fmt.Sprintf("%02d", d.Year)
	}
	switch {
	case d.Month == 0:
		return y
	case d.Day == 0:
		return fmt.Sprintf("%s-%02d", y, d.Month)
	}
	return fmt.Sprintf("%s-%02d-%02d", y, d.Month, d.Day)
}

// Compare orders dates: -1 if d is before o, 0 if equal, +1 if after.
// Unknown parts (0) sort before every known one, so 1985 < 1985-01.
func (d Date) Compare(o Date) int {
	a, b := d.key(), o.key()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (d Date) key() int { return d.Year*10000 + d.Month*100 + d.Day }

// Time returns midnight UTC of a full date; ok is false for a partial date.
func (d Date) Time() (t time.Time, ok bool) {
	if !d.Full() {
		return time.Time{}, false
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC), true
}

// Order is the field order used to read an all-numeric date whose day and
// month could be swapped (03/04/1985). It only breaks ties: 13/04/1985 is
// 13 April whatever the order, and year-first forms are always year-month-day.
type Order int

const (
	// DMY is day-month-year: Europe, Russia, most of the world. The default.
	DMY Order = iota
	// MDY is month-day-year: the United States.
	MDY
	// YMD is year-month-day: Korea, Japan, China. It also makes a
	// two-digit-year numeric date like 85.03.12 read as 1985-03-12.
	YMD
)

// minYear and maxYear bound a four-digit year: outside them a four-digit
// number is a document number, not a date. 1868 lets Meiji dates through.
const (
	minYear = 1850
	maxYear = 2199
)

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// daysIn is the number of days in month m of year y. A two-digit year is
// treated as leap when divisible by four, so 29.02.00 survives until
// ExpandYear picks 1900 or 2000 and checks again.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if (y < 100 && y%4 == 0) || (y >= 100 && leap(y)) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// valid reports whether d names a real day, month or year. Unknown parts
// must be the trailing ones: a day without a month is not a date.
func (d Date) valid() bool {
	if d.Year < 0 || (d.Year >= 100 && (d.Year < minYear || d.Year > maxYear)) {
		return false
	}
	if d.Month < 0 || d.Month > 12 || d.Day < 0 {
		return false
	}
	if d.Month == 0 {
		return d.Day == 0
	}
	return d.Day <= daysIn(d.Year, d.Month)
}

// ExpandYear gives a two-digit year its century. past is true for dates
// that cannot be in the future (birth, issue): the year is the latest one
// not after now. Otherwise (expiry) it is the one nearest to now. Dates with
// a four-digit year are returned unchanged. ok is false when the expanded
// date does not exist (29 February of a non-leap year).
func ExpandYear(d Date, now time.Time, past bool) (Date, bool) {
	if !d.TwoDigitYear() {
		return d, d.valid()
	}
	century := now.Year() / 100 * 100
	if past {
		d.Year += century
		if d.Compare(Date{now.Year(), int(now.Month()), now.Day()}) > 0 {
			d.Year -= 100
		}
	} else {
		best := 0
		for _, y := range []int{century - 100 + d.Year, century + d.Year, century + 100 + d.Year} {
			if best == 0 || abs(y-now.Year()) < abs(best-now.Year()) {
				best = y
			}
		}
		d.Year = best
	}
	return d, d.valid()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
