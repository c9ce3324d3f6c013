package docgen

import (
	"strings"
	"time"

	"openkyc/internal/engine/mrz"
)

// fill pads s with the filler '<' to n characters, or cuts it to n.
func fill(s string, n int) string {
	if len(s) >= n {
		return s[:n]
	}
	return s + strings.Repeat("<", n-len(s))
}

// mrzName is the name field: primary identifier, "<<", secondary
// identifiers separated by '<', padded or truncated to n characters.
func mrzName(surname, given string, n int) string {
	s := mrzText(surname)
	if g := mrzText(given); g != "" {
		s += "<<" + g
	}
	return fill(s, n)
}

// mrzDate is YYMMDD.
func mrzDate(t time.Time) string { return t.Format("060102") }

// withCheck appends the ICAO check digit of s to s.
func withCheck(s string) string { return s + string(mrz.CheckDigit(s)) }

// optCheck is withCheck for optional fields: an all-filler field gets a
// filler check digit, as ICAO 9303 allows and many issuers print.
func optCheck(s string) string {
	if strings.Trim(s, "<") == "" {
		return s + "<"
	}
	return withCheck(s)
}

// mrzData is what both MRZ formats encode.
type mrzData struct {
	docCode     string // "P<", "PN", "I<", "ID"
	issuer      string // issuing state as the MRZ spells it ("D" for Germany)
	nationality string
	surname     string
	given       string
	number      string // document number, at most 9 characters
	birth       time.Time
	sex         byte
	expiry      time.Time
	optional    string // personal number (TD3) or optional data (TD1 line 1)
	// birthYearOnly: the day and month of birth are unknown, printed as
	// fillers ("85<<<<", ICAO 9303-3); td3 only.
	birthYearOnly bool
}

// td3 returns the two 44-character lines of a passport MRZ.
func td3(d mrzData) []string {
	l1 := fill(d.docCode, 2) + fill(d.issuer, 3) + mrzName(d.surname, d.given, 39)
	num := withCheck(fill(d.number, 9))
	birth := mrzDate(d.birth)
	if d.birthYearOnly {
		birth = fill(birth[:2], 6)
	}
	birth = withCheck(birth)
	expiry := withCheck(mrzDate(d.expiry))
	personal := optCheck(fill(d.optional, 14))
	composite := num + birth + expiry + personal
	l2 := num + fill(d.nationality, 3) + birth + string(d.sex) + expiry + personal + string(mrz.CheckDigit(composite))
	return []string{l1, l2}
}

// td1 returns the three 30-character lines of an identity-card MRZ.
func td1(d mrzData) []string {
	num := withCheck(fill(d.number, 9))
	l1 := fill(d.docCode, 2) + fill(d.issuer, 3) + num + fill(d.optional, 15)
	birth := withCheck(mrzDate(d.birth))
	expiry := withCheck(mrzDate(d.expiry))
	l2 := birth + string(d.sex) + expiry + fill(d.nationality, 3) + fill("", 11)
	composite := l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
	l2 += string(mrz.CheckDigit(composite))
	return []string{l1, l2, mrzName(d.surname, d.given, 30)}
}
