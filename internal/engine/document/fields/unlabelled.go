package fields

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"openkyc/internal/engine/document/dates"
)

var (
	// 第 123456789012 号: a Japanese licence number. 号 is often a box of
	// its own, so eight digits or more after 第 will do.
	licenceNumber = regexp.MustCompile(`第\s*([0-9][0-9 ]{3,}[0-9])\s*号|第\s*([0-9][0-9 ]{6,}[0-9])`)
	// まで有効 (valid until) after a date, also as PaddleOCR misreads it
	// (まで as 二 or 下, 効 as the simplified 效).
	validUntil = regexp.MustCompile(`^\pL{0,2}\s*有[効效]`)
	// A Korean resident registration number: YYMMDD-SNNNNNN.
	residentNumber = regexp.MustCompile(`(?:^|[^0-9])(\d{6})\s*-\s*(\d{7})(?:[^0-9]|$)`)
	// A Korean driving licence number, printed unlabelled above the name:
	// region-year-serial-check, 11-20-451088-49.
	koreanLicenceNumber = regexp.MustCompile(`(?:^|[^0-9])(\d{2})\s*-\s*(\d{2})\s*-\s*(\d{6})\s*-\s*(\d{2})(?:[^0-9]|$)`)
)

// selfEvident reads values that say what they are without a label:
// a date followed by 生 (born) or まで / 까지 (until), 第…号, the Korean
// licence number pattern, and the Korean resident registration number,
// which encodes the birth date and sex.
func (e *extractor) selfEvident() {
	for _, t := range e.ts {
		if t.mrz {
			continue
		}
		for _, m := range dates.FindAllOrder(t.s, e.order) {
			rest := strings.TrimLeft(t.s[m.End:], " ")
			switch {
			case strings.HasPrefix(rest, "生"):
				e.used[usedKey(t, m.Date)] = true
				e.addDate(BirthDate, m.Date, true, selfEvident, t)
			case strings.HasPrefix(rest, "まで"), strings.HasPrefix(rest, "까지"), validUntil.MatchString(rest):
				e.used[usedKey(t, m.Date)] = true
				e.addDate(ExpiryDate, m.Date, false, selfEvident, t)
			}
		}
		if g := licenceNumber.FindStringSubmatch(t.s); g != nil {
			e.add(DocumentNumber, strings.ReplaceAll(g[1]+g[2], " ", ""), selfEvident, t)
		}
		if g := koreanLicenceNumber.FindStringSubmatch(t.s); g != nil && e.korean {
			e.add(DocumentNumber, g[1]+"-"+g[2]+"-"+g[3]+"-"+g[4], selfEvident, t)
		}
		if g := residentNumber.FindStringSubmatch(t.s); g != nil && (e.korean || hasPersonalLabel(e.lineSlots[t])) {
			e.rrnLine = t
			e.add(PersonalNumber, g[1]+"-"+g[2], selfEvident, t)
			if d, sex, ok := decodeRRN(g[1], g[2]); ok {
				e.add(BirthDate, d.String(), selfEvident, t)
				e.add(Sex, sex, selfEvident, t)
			}
		}
	}
}

func hasPersonalLabel(slots []*slot) bool {
	for _, s := range slots {
		for _, f := range s.fields {
			if f == PersonalNumber {
				return true
			}
		}
	}
	return false
}

// decodeRRN reads the birth date and sex from a Korean resident
// registration number. The 7th digit gives the century and sex: 1/2 born
// 1900–1999, 3/4 2000–, 9/0 1800–1899, and 5–8 the same for foreigners;
// odd is male. A number whose date does not exist gives nothing.
func decodeRRN(front, back string) (dates.Date, string, bool) {
	century := map[byte]int{'1': 1900, '2': 1900, '5': 1900, '6': 1900, '3': 2000, '4': 2000, '7': 2000, '8': 2000, '9': 1800, '0': 1800}[back[0]]
	yy, _ := strconv.Atoi(front[:2])
	d, ok := dates.Parse(fmt.Sprintf("%d-%s-%s", century+yy, front[2:4], front[4:6]), dates.YMD)
	if !ok || !d.Full() {
		return dates.Date{}, "", false
	}
	sex := "F"
	if (back[0]-'0')%2 == 1 {
		sex = "M"
	}
	return d, sex, true
}

// koreanLayout reads a Korean resident card or licence, which prints its
// name and issue date without labels: the name is the Hangul line just
// above the registration number, the issue date the date on a line of its
// own (the birth date is in the registration number).
func (e *extractor) koreanLayout() {
	if !e.korean {
		return
	}
	if r := e.rrnLine; r != nil && !e.has(FullNameNative, Surname, GivenNames) {
		var best *text
		for _, t := range e.ts {
			if t == r || t.y1 > r.y0+0.3*r.height() || r.y0-t.y1 > 3*r.height() || t.x1 <= r.x0 || t.x0 >= r.x1 {
				continue
			}
			if best == nil || t.y1 > best.y1 {
				best = t
			}
		}
		if best != nil && koreanName.MatchString(strings.ReplaceAll(best.s, " ", "")) && len(scanTerms(best, allKeywords())) == 0 {
			e.add(FullNameNative, cleanName(best.s, false), byLayout, best)
		}
	}
	if e.has(IssueDate) || (e.docType != TypeIDCard && e.docType != TypeDriversLicense) {
		return
	}
	var issue *text
	var issued dates.Date
	for _, t := range e.ts {
		ms := dates.FindAllOrder(t.s, e.order)
		if t.mrz || len(ms) != 1 || e.used[usedKey(t, ms[0].Date)] || !ms[0].Date.Full() || ms[0].Date.Compare(e.today) > 0 {
			continue
		}
		// The date must be the whole line ("2015. 6. 1."), not part of one.
		if rest := t.s[:ms[0].Start] + t.s[ms[0].End:]; strings.IndexFunc(rest, alnum) >= 0 {
			continue
		}
		if issue == nil || t.y0 > issue.y0 {
			issue, issued = t, ms[0].Date
		}
	}
	if issue != nil {
		e.used[usedKey(issue, issued)] = true
		e.add(IssueDate, issued.String(), byLayout, issue)
	}
}

// koreanName is a Hangul name of two to five syllables, with an optional
// bracketed hanja transcription: 홍길동(洪吉童).
var koreanName = regexp.MustCompile(`^[가-힣]{2,5}(?:[(（][^)）]*[)）])?$`)

// plausibleDates fills the dates no label gave, from the dates nobody
// claimed: the birth date is the earliest full date in the past (at most
// 130 years ago), the expiry date the latest one in the future, and a
// single past date left after the birth date is the issue date (two left,
// with no expiry in the future: an expired document's issue and expiry
// dates, in that order). Passports print these three dates and little
// else; it is how a photo whose small labels are unreadable still gives
// them. It only runs on what looks like a document (a title or a label was
// read), so that a receipt's date is not taken for a birth date.
func (e *extractor) plausibleDates() {
	if e.docType == "" && len(e.slots) == 0 {
		return
	}
	type dated struct {
		d dates.Date
		t *text
	}
	var past []dated // unclaimed full dates, as past dates
	var expiry dated
	for _, t := range e.ts {
		if t.mrz {
			continue
		}
		for _, m := range dates.FindAllOrder(t.s, e.order) {
			if e.used[usedKey(t, m.Date)] {
				continue
			}
			if b, ok := dates.ExpandYear(m.Date, e.now, true); ok && b.Full() && b.Year >= e.today.Year-130 &&
				b.Compare(e.today) <= 0 && !slices.ContainsFunc(past, func(p dated) bool { return p.d == b }) {
				past = append(past, dated{b, t})
			}
			if x, ok := dates.ExpandYear(m.Date, e.now, false); ok && x.Full() && x.Compare(e.today) > 0 &&
				(expiry.t == nil || x.Compare(expiry.d) > 0) {
				expiry = dated{x, t}
			}
		}
	}
	slices.SortFunc(past, func(a, b dated) int { return a.d.Compare(b.d) })
	if !e.has(BirthDate) && len(past) > 0 {
		e.add(BirthDate, past[0].d.String(), byPlausibility, past[0].t)
		past = past[1:]
	} else if b, ok := e.best(BirthDate); ok {
		past = slices.DeleteFunc(past, func(p dated) bool { return p.d.Compare(b) <= 0 })
	}
	needExpiry := !e.has(ExpiryDate)
	if needExpiry && expiry.t != nil {
		e.add(ExpiryDate, expiry.d.String(), byPlausibility, expiry.t)
		needExpiry = false
	}
	if e.has(IssueDate) {
		return
	}
	switch {
	case len(past) == 1:
		e.add(IssueDate, past[0].d.String(), byPlausibility, past[0].t)
	case len(past) == 2 && needExpiry:
		e.add(IssueDate, past[0].d.String(), byPlausibility, past[0].t)
		e.add(ExpiryDate, past[1].d.String(), byPlausibility, past[1].t)
	}
}

// best returns the date of the field's most trusted candidate.
func (e *extractor) best(field string) (dates.Date, bool) {
	var c *candidate
	for i := range e.cands {
		if e.cands[i].field == field && (c == nil || better(e.cands[i], *c)) {
			c = &e.cands[i]
		}
	}
	if c == nil {
		return dates.Date{}, false
	}
	return dates.Parse(c.value, dates.YMD)
}
