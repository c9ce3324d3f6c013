package dates

import (
	"regexp"
	"slices"
	"strings"
)

// monthNames maps month names and abbreviations, as they look after
// normalize (upper case, Latin accents removed), to month numbers. No key
// means two different months in two languages, so a single table serves
// every document. Russian names are listed in the genitive ("12 марта") that
// dates use, and in the nominative and abbreviated forms.
var monthNames = map[string]int{
	// English
	"JAN": 1, "JANUARY": 1, "FEB": 2, "FEBRUARY": 2, "MAR": 3, "MARCH": 3,
	"APR": 4, "APRIL": 4, "MAY": 5, "JUN": 6, "JUNE": 6, "JUL": 7, "JULY": 7,
	"AUG": 8, "AUGUST": 8, "SEP": 9, "SEPT": 9, "SEPTEMBER": 9,
	"OCT": 10, "OCTOBER": 10, "NOV": 11, "NOVEMBER": 11, "DEC": 12, "DECEMBER": 12,
	// French
	"JANV": 1, "JANVIER": 1, "FEV": 2, "FEVR": 2, "FEVRIER": 2, "MARS": 3,
	"AVR": 4, "AVRIL": 4, "MAI": 5, "JUIN": 6, "JUIL": 7, "JUILLET": 7,
	"AOU": 8, "AOUT": 8, "SEPTEMBRE": 9, "OCTOBRE": 10, "NOVEMBRE": 11, "DECEMBRE": 12,
	// German (MÄR folds to MAR)
	"JANUAR": 1, "FEBRUAR": 2, "MRZ": 3, "MARZ": 3, "JUNI": 6, "JULI": 7,
	"OKT": 10, "OKTOBER": 10, "DEZ": 12, "DEZEMBER": 12,
	// Spanish, Italian, Portuguese, Dutch
	"ENE": 1, "ENERO": 1, "FEBRERO": 2, "MARZO": 3, "ABR": 4, "ABRIL": 4,
	"MAYO": 5, "JUNIO": 6, "JULIO": 7, "AGO": 8, "AGOSTO": 8,
	"SET": 9, "SEPTIEMBRE": 9, "OCTUBRE": 10, "NOVIEMBRE": 11, "DIC": 12, "DICIEMBRE": 12,
	"GEN": 1, "GENNAIO": 1, "FEBBRAIO": 2, "APRILE": 4, "MAG": 5, "MAGGIO": 5,
	"GIU": 6, "GIUGNO": 6, "LUG": 7, "LUGLIO": 7, "SETTEMBRE": 9, "OTT": 10,
	"OTTOBRE": 10, "DICEMBRE": 12, "OUT": 10, "DEZEMBRO": 12,
	"MRT": 3, "MEI": 5,
	// Russian: genitive, nominative, abbreviations (Ё folds to Е)
	"ЯНВАРЯ": 1, "ФЕВРАЛЯ": 2, "МАРТА": 3, "АПРЕЛЯ": 4, "МАЯ": 5, "ИЮНЯ": 6,
	"ИЮЛЯ": 7, "АВГУСТА": 8, "СЕНТЯБРЯ": 9, "ОКТЯБРЯ": 10, "НОЯБРЯ": 11, "ДЕКАБРЯ": 12,
	"ЯНВАРЬ": 1, "ФЕВРАЛЬ": 2, "МАРТ": 3, "АПРЕЛЬ": 4, "МАЙ": 5, "ИЮНЬ": 6,
	"ИЮЛЬ": 7, "АВГУСТ": 8, "СЕНТЯБРЬ": 9, "ОКТЯБРЬ": 10, "НОЯБРЬ": 11, "ДЕКАБРЬ": 12,
	"ЯНВ": 1, "ФЕВ": 2, "МАР": 3, "АПР": 4, "ИЮН": 6, "ИЮЛ": 7, "АВГ": 8,
	"СЕН": 9, "СЕНТ": 9, "ОКТ": 10, "НОЯ": 11, "НОЯБ": 11, "ДЕК": 12,
}

// monthRE is an alternation of every month name, longest first so that
// MARS wins over MAR and the regexp's leftmost-first choice is the right one.
var monthRE = func() string {
	names := make([]string, 0, len(monthNames))
	for n := range monthNames {
		names = append(names, regexp.QuoteMeta(n))
	}
	slices.SortFunc(names, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	return "(?:" + strings.Join(names, "|") + ")"
}()

// era is a Japanese imperial era: its first day and, for closed eras, its
// last year number.
type era struct {
	start   Date
	maxYear int // 0 for the current era
}

// eras are keyed by kanji and by the Latin initial used in short forms
// (S60.3.12). Each era starts on the day its emperor acceded, so 昭和64年
// ends on 7 January 1989 and 平成元年 starts on 8 January.
var eras = map[string]era{
	"明治": {Date{1868, 1, 25}, 45}, "M": {Date{1868, 1, 25}, 45},
	"大正": {Date{1912, 7, 30}, 15}, "T": {Date{1912, 7, 30}, 15},
	"昭和": {Date{1926, 12, 25}, 64}, "S": {Date{1926, 12, 25}, 64},
	"平成": {Date{1989, 1, 8}, 31}, "H": {Date{1989, 1, 8}, 31},
	"令和": {Date{2019, 5, 1}, 0}, "R": {Date{2019, 5, 1}, 0},
	// PP-OCRv4 reads 令 as the similar 合 or 今 on licence print; no
	// other era starts with either, so the slip is safe to undo.
	"合和": {Date{2019, 5, 1}, 0}, "今和": {Date{2019, 5, 1}, 0},
}

// eraEnd is the first day after era e, or the zero Date for the current era.
func eraEnd(e era) Date {
	if e.maxYear == 0 {
		return Date{}
	}
	for _, next := range eras {
		if next.start.Year == e.start.Year+e.maxYear-1 {
			return next.start
		}
	}
	return Date{}
}

// eraDate converts era year y (1 = 元年) and an optional month and day to a
// Gregorian date, and checks that the date lies inside the era: 平成元年1月7日
// does not exist (it was still 昭和64年).
func eraDate(e era, y, m, d int) (Date, bool) {
	if y < 1 || (e.maxYear > 0 && y > e.maxYear) {
		return Date{}, false
	}
	out := Date{e.start.Year + y - 1, m, d}
	if !out.valid() {
		return Date{}, false
	}
	// Compare only the parts that are known: a year-only date is in the era
	// if the year is; a year-month if that month overlaps it.
	trunc := func(x Date) Date {
		if out.Month == 0 {
			return Date{Year: x.Year}
		}
		if out.Day == 0 {
			return Date{Year: x.Year, Month: x.Month}
		}
		return x
	}
	if out.Compare(trunc(e.start)) < 0 {
		return Date{}, false
	}
	if end := eraEnd(e); end != (Date{}) {
		// The era's last day is the day before the next one starts.
		last := Date{end.Year, end.Month, end.Day - 1}
		if last.Day == 0 {
			last.Month--
			if last.Month == 0 {
				last.Year, last.Month = last.Year-1, 12
			}
			last.Day = daysIn(last.Year, last.Month)
		}
		if out.Compare(trunc(last)) > 0 {
			return Date{}, false
		}
	}
	return out, true
}
