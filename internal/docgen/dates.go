package docgen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// isoDate is the truth format, YYYY-MM-DD.
func isoDate(t time.Time) string { return t.Format("2006-01-02") }

// korDate is the Korean dotted date, 1985.03.12.
func korDate(t time.Time) string { return t.Format("2006.01.02") }

// dotDate is the day-first dotted date of Russian and central European
// documents, 12.03.1985.
func dotDate(t time.Time) string { return t.Format("02.01.2006") }

// spaceDate is 12 03 1985, as French and Spanish identity cards print it.
func spaceDate(t time.Time) string { return t.Format("02 01 2006") }

// monthsEN and monthsFR are the month abbreviations of bilingual passport
// dates (12 MAR/MARS 1985).
var (
	monthsEN = [12]string{"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}
	monthsFR = [12]string{"JAN", "FÉV", "MARS", "AVR", "MAI", "JUIN", "JUIL", "AOÛT", "SEPT", "OCT", "NOV", "DÉC"}
)

// passportDate is 12 MAR 1985, or 12 MAR/MARS 1985 when bilingual (the
// French form is left out where it is the same word).
func passportDate(t time.Time, bilingual bool) string {
	m := monthsEN[t.Month()-1]
	if fr := monthsFR[t.Month()-1]; bilingual && fr != m {
		m += "/" + fr
	}
	return fmt.Sprintf("%02d %s %d", t.Day(), m, t.Year())
}

// japaneseEra returns the era name and year of t. Eras start on the day
// the emperor acceded, not on January 1st: 1989-01-07 is Shōwa 64 and
// 1989-01-08 Heisei 1.
func japaneseEra(t time.Time) (string, int) {
	switch {
	case !t.Before(time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC)):
		return "令和", t.Year() - 2018
	case !t.Before(time.Date(1989, 1, 8, 0, 0, 0, 0, time.UTC)):
		return "平成", t.Year() - 1988
	case !t.Before(time.Date(1926, 12, 25, 0, 0, 0, 0, time.UTC)):
		return "昭和", t.Year() - 1925
	}
	return "大正", t.Year() - 1911
}

// eraDate is a Japanese era date: 昭和60年3月12日, or with two-digit
// fields (令和01年05月07日) as licences print issue dates.
func eraDate(t time.Time, padded bool) string {
	era, y := japaneseEra(t)
	if padded {
		return fmt.Sprintf("%s%02d年%02d月%02d日", era, y, int(t.Month()), t.Day())
	}
	return fmt.Sprintf("%s%d年%d月%d日", era, y, int(t.Month()), t.Day())
}

// unknownDayMonth turns a printed date into one whose day and month are
// unknown, as ICAO 9303 prints them: every letter and digit outside the
// year becomes X ("15.09.1949" → "XX.XX.1949", "15 SEP 1949" → "XX XXX
// 1949").
func unknownDayMonth(printed string, year int) string {
	y := strconv.Itoa(year)
	at := strings.LastIndex(printed, y)
	var b strings.Builder
	for i, r := range printed {
		if (at < 0 || i < at || i >= at+len(y)) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			r = 'X'
		}
		b.WriteRune(r)
	}
	return b.String()
}
