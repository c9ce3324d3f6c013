package dates

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Match is one date found in a line of text.
type Match struct {
	Date Date
	// Start and End are the byte span of the date in the string searched.
	Start, End int
	// Ambiguous is set when day and month were both 12 or less and
	// different (03/04/1985), so the Order decided which is which.
	Ambiguous bool
}

// pattern is one printed form of a date. parse gets the submatches of re
// (unmatched groups are "") and returns the date, whether the Order was
// needed, and false when the text is not a real date.
type pattern struct {
	re    *regexp.Regexp
	parse func(g []string, hint Order) (d Date, ambiguous, ok bool)
}

// The patterns run on normalize's output: ASCII digits, upper case.
var patterns = []pattern{
	// 1985-03-12, 1985.03.12, 1985/03/12, 1985 03 12, 1985. 3. 12. (Korean)
	{regexp.MustCompile(`(\d{4})\s*([./-]|\s)\s*(\d{1,2})\s*([./-]|\s)\s*(\d{1,2})\.?`), parseYMD},
	// 12.03.1985, 12/03/1985, 12-03-1985, 12 03 1985, 03/12/1985 (US),
	// 12.03.85, XX.XX.1985 (day and month unknown)
	{regexp.MustCompile(`(\d{1,2}|XX)\s*([./-]|\s)\s*(\d{1,2}|XX)\s*([./-]|\s)\s*(\d{4}|\d{2})`), parseDMY},
	// 12 MAR 1985, 12MAR1985, 12 MAR/MAR 85, 12 марта 1985
	{regexp.MustCompile(`(\d{1,2})\s*[./-]?\s*(` + monthRE + `)\.?(?:\s*/\s*(` + monthRE + `)\.?)?\s*[./-]?\s*(\d{4}|\d{2})`), parseDMonY},
	// MAR 12, 1985; MARCH 12TH 1985
	{regexp.MustCompile(`(` + monthRE + `)\.?\s*(\d{1,2})(?:ST|ND|RD|TH)?\s*,?\s*(\d{4})`), parseMonDY},
	// 1985 MAR 12, 1985-MAR-12
	{regexp.MustCompile(`(\d{4})\s*[./-]?\s*(` + monthRE + `)\.?\s*[./-]?\s*(\d{1,2})`), parseYMonD},
	// MAR 1985 (year and month only)
	{regexp.MustCompile(`(` + monthRE + `)\.?\s*[./-]?\s*(\d{4})`), parseMonY},
	// 03/1985, XX.1985 (year and month only)
	{regexp.MustCompile(`(\d{2}|XX)\s*[./]\s*(\d{4})`), parseMY},
	// 1985年3月12日, 1985年, 2026年(令和8年)04月12日
	{regexp.MustCompile(`(\d{4})\s*年\s*(?:\([^)]{0,12}\)\s*)?(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?`), parseCJK},
	// 1985년 3월 12일
	{regexp.MustCompile(`(\d{4})\s*년\s*(?:(\d{1,2})\s*월\s*(?:(\d{1,2})\s*일)?)?`), parseCJK},
	// 昭和60年3月12日, 平成元年1月8日, 令和5年
	{regexp.MustCompile(`(明治|大正|昭和|平成|令和|合和|今和)\s*(元|\d{1,2})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?`), parseEra},
	// S60.3.12, H1.1.8: the short era form of Japanese forms and cards
	{regexp.MustCompile(`([MTSHR])\s*(\d{1,2})\s*([./])\s*(\d{1,2})\s*([./])\s*(\d{1,2})`), parseEraShort},
}

// part reads a day or month: "XX" and "00" mean the document left it out.
func part(s string) int {
	if s == "XX" {
		return 0
	}
	v, _ := strconv.Atoi(s)
	return v
}

func sameSep(a, b string) bool { return strings.TrimSpace(a) == strings.TrimSpace(b) }

func parseYMD(g []string, _ Order) (Date, bool, bool) {
	if !sameSep(g[2], g[4]) {
		return Date{}, false, false
	}
	y, _ := strconv.Atoi(g[1])
	return Date{y, part(g[3]), part(g[5])}, false, true
}

func parseDMY(g []string, hint Order) (Date, bool, bool) {
	if !sameSep(g[2], g[4]) {
		return Date{}, false, false
	}
	a, b := part(g[1]), part(g[3])
	y, _ := strconv.Atoi(g[5])
	if len(g[5]) == 2 {
		// A two-digit year is only taken in the zero-padded, punctuated
		// form (12.03.85): looser forms are house numbers (1-2-12) or
		// parts of other numbers.
		if len(g[1]) != 2 || len(g[3]) != 2 || strings.TrimSpace(g[2]) == "" {
			return Date{}, false, false
		}
		if hint == YMD && g[1] != "XX" && g[3] != "XX" {
			// 85.03.12 in a year-first country.
			yy, _ := strconv.Atoi(g[1])
			return Date{yy, b, y}, false, true
		}
	}
	switch {
	case a == 0: // unknown day (00.03.1985 or XX.XX.1985): day first
		return Date{y, b, 0}, false, true
	case b == 0:
		return Date{}, false, false // a day without a month
	case a > 12 && b <= 12:
		return Date{y, b, a}, false, true
	case b > 12 && a <= 12:
		return Date{y, a, b}, false, true
	case a > 12 && b > 12:
		return Date{}, false, false
	case hint == MDY:
		return Date{y, a, b}, a != b, true
	}
	return Date{y, b, a}, a != b, true
}

// monthOf reads one or two month names; a bilingual pair (MAR/MAR) must
// agree, or the text is not one date.
func monthOf(name, second string) (int, bool) {
	m := monthNames[name]
	if second != "" && monthNames[second] != m {
		return 0, false
	}
	return m, m > 0
}

func parseDMonY(g []string, _ Order) (Date, bool, bool) {
	m, ok := monthOf(g[2], g[3])
	d, _ := strconv.Atoi(g[1])
	y, _ := strconv.Atoi(g[4])
	return Date{y, m, d}, false, ok && d > 0
}

func parseMonDY(g []string, _ Order) (Date, bool, bool) {
	m, ok := monthOf(g[1], "")
	d, _ := strconv.Atoi(g[2])
	y, _ := strconv.Atoi(g[3])
	return Date{y, m, d}, false, ok && d > 0
}

func parseYMonD(g []string, _ Order) (Date, bool, bool) {
	m, ok := monthOf(g[2], "")
	y, _ := strconv.Atoi(g[1])
	d, _ := strconv.Atoi(g[3])
	return Date{y, m, d}, false, ok && d > 0
}

func parseMonY(g []string, _ Order) (Date, bool, bool) {
	m, ok := monthOf(g[1], "")
	y, _ := strconv.Atoi(g[2])
	return Date{y, m, 0}, false, ok
}

func parseMY(g []string, _ Order) (Date, bool, bool) {
	y, _ := strconv.Atoi(g[2])
	return Date{y, part(g[1]), 0}, false, true
}

func parseCJK(g []string, _ Order) (Date, bool, bool) {
	y, _ := strconv.Atoi(g[1])
	m, d := part(g[2]), part(g[3])
	// 1985年00月 would be a month the document left out; it is not how
	// East Asian documents print unknown parts, so treat it as noise.
	if (g[2] != "" && m == 0) || (g[3] != "" && d == 0) {
		return Date{}, false, false
	}
	return Date{y, m, d}, false, true
}

func parseEra(g []string, _ Order) (Date, bool, bool) {
	y := 1
	if g[2] != "元" {
		y, _ = strconv.Atoi(g[2])
	}
	m, d := part(g[3]), part(g[4])
	if (g[3] != "" && m == 0) || (g[4] != "" && d == 0) {
		return Date{}, false, false
	}
	out, ok := eraDate(eras[g[1]], y, m, d)
	return out, false, ok
}

func parseEraShort(g []string, _ Order) (Date, bool, bool) {
	if g[3] != g[5] {
		return Date{}, false, false
	}
	y, _ := strconv.Atoi(g[2])
	m, d := part(g[4]), part(g[6])
	if m == 0 || d == 0 {
		return Date{}, false, false
	}
	out, ok := eraDate(eras[g[1]], y, m, d)
	return out, false, ok
}

// class groups runes for the boundary test: a date must not continue a
// number (123.03.1985) or a word (SUMMAR 12, 1985).
func class(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return 1
	case r < 0x2E80 && unicode.IsLetter(r): // Latin, Greek, Cyrillic, not CJK
		return 2
	}
	return 0
}

func boundaryOK(s string, start, end int) bool {
	if start > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:start])
		first, _ := utf8.DecodeRuneInString(s[start:])
		if c := class(first); c != 0 && c == class(prev) {
			return false
		}
	}
	if end < len(s) {
		last, _ := utf8.DecodeLastRuneInString(s[:end])
		next, _ := utf8.DecodeRuneInString(s[end:])
		if c := class(last); c != 0 && c == class(next) {
			return false
		}
	}
	return true
}

// FindAll returns the dates in s in reading order, reading ambiguous
// numeric dates day first (DMY). Use FindAllOrder where the country is known.
func FindAll(s string) []Match { return FindAllOrder(s, DMY) }

// FindAllOrder returns the dates in s in reading order. Where two readings
// overlap (12.03.1985 also contains 03.1985) the longer one wins, so every
// byte of s belongs to at most one date.
func FindAllOrder(s string, hint Order) []Match {
	n := normalize(s)
	type cand struct {
		Match
		start, end, pat int
	}
	var cands []cand
	// rejected are texts shaped like a date that are not one (30.02.1985):
	// they keep a shorter pattern from reading a piece of them (02.1985).
	var rejected [][2]int
	for pi, p := range patterns {
		for _, loc := range p.re.FindAllStringSubmatchIndex(n.s, -1) {
			start, end := loc[0], loc[1]
			for end > start && n.s[end-1] == ' ' {
				end--
			}
			if !boundaryOK(n.s, start, end) {
				rejected = append(rejected, [2]int{start, end})
				continue
			}
			g := make([]string, len(loc)/2)
			for i := range g {
				if loc[2*i] >= 0 {
					g[i] = n.s[loc[2*i]:loc[2*i+1]]
				}
			}
			d, amb, ok := p.parse(g, hint)
			if !ok || !d.valid() || (d.TwoDigitYear() && d.Month == 0) {
				rejected = append(rejected, [2]int{start, end})
				continue
			}
			cands = append(cands, cand{Match{Date: d, Ambiguous: amb}, start, end, pi})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int {
		if la, lb := a.end-a.start, b.end-b.start; la != lb {
			return lb - la
		}
		if a.start != b.start {
			return a.start - b.start
		}
		return a.pat - b.pat
	})
	var out []Match
	var taken []cand
	for _, c := range cands {
		if slices.ContainsFunc(taken, func(t cand) bool { return c.start < t.end && t.start < c.end }) {
			continue
		}
		if slices.ContainsFunc(rejected, func(r [2]int) bool {
			return c.start < r[1] && r[0] < c.end && r[1]-r[0] > c.end-c.start
		}) {
			continue
		}
		taken = append(taken, c)
		c.Match.Start, c.Match.End = n.off[c.start], n.off[c.end]
		out = append(out, c.Match)
	}
	slices.SortFunc(out, func(a, b Match) int { return a.Start - b.Start })
	return out
}

// bareYear is a string that is nothing but a year ("1985", "1985年").
var bareYear = regexp.MustCompile(`^\s*(\d{4})\s*[.年년]?\s*$`)

// Parse finds the first date in s. When s holds no date but is only a
// year ("1985"), that year is returned with month and day 0: such a
// document prints an incomplete birth date, which must be reported rather
// than missed. hint orders ambiguous numeric dates.
func Parse(s string, hint Order) (Date, bool) {
	if ms := FindAllOrder(s, hint); len(ms) > 0 {
		return ms[0].Date, true
	}
	if g := bareYear.FindStringSubmatch(normalize(s).s); g != nil {
		y, _ := strconv.Atoi(g[1])
		if d := (Date{Year: y}); d.valid() {
			return d, true
		}
	}
	return Date{}, false
}
