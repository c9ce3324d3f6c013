package docgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Identity is one invented person, in every script a document may print
// the name in.
type Identity struct {
	// Country is the ISO 3166-1 alpha-3 code of the state whose documents
	// the person holds, also their nationality.
	Country string
	Sex     byte // 'F' or 'M'
	// Surname and GivenNames are the Latin forms, upper case, as a Latin
	// visual zone prints them (diacritics kept; romanised or transliterated
	// for other scripts).
	Surname, GivenNames string
	// SurnameNative and GivenNative are in the native script (Hangul, Han,
	// Kanji or kana, Cyrillic); empty for Latin-script countries.
	SurnameNative, GivenNative string
	// SurnameKana and GivenKana are the hiragana reading of a Japanese name.
	SurnameKana, GivenKana string
	BirthDate              time.Time
	BirthPlace             string
	// AddressLines is the address as printed on separate lines, native
	// script.
	AddressLines []string
	// PersonalNumber is the national identity number where the country has
	// one on its documents (Korean resident registration number, Chinese
	// citizen identity number).
	PersonalNumber string
	// region indexes the country's region table, so that the address, the
	// issuing office and number prefixes agree.
	region int
}

// Address is the address on one line, as truth.jsonl records it.
func (id Identity) Address() string { return strings.Join(id.AddressLines, " ") }

// NativeName is the full name in the native script, written the way that
// script writes names: Korean and Chinese without a space, Japanese and
// Russian surname first with one.
func (id Identity) NativeName() string {
	switch id.Country {
	case "KOR", "CHN":
		return id.SurnameNative + id.GivenNative
	}
	return id.SurnameNative + " " + id.GivenNative
}

// birthRange bounds birth dates: 1940–2007, and never so late that the
// person is too young for a driving licence at cfg.Now.
func birthRange(now time.Time) (time.Time, time.Time) {
	lo := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2007, 12, 31, 0, 0, 0, 0, time.UTC)
	if limit := now.AddDate(-19, 0, 0); hi.After(limit) {
		hi = limit
	}
	return lo, hi
}

// day returns a uniformly random day in [lo, hi].
func day(rng *rand.Rand, lo, hi time.Time) time.Time {
	n := int(hi.Sub(lo).Hours()/24) + 1
	if n < 1 {
		return lo
	}
	return lo.AddDate(0, 0, rng.IntN(n))
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// englishSpeaking countries share the "ENG" name stock.
var englishSpeaking = map[string]bool{"GBR": true, "USA": true, "CAN": true, "AUS": true, "IRL": true, "UTO": true}

// NewIdentity invents a person holding documents of country (alpha-3).
func NewIdentity(rng *rand.Rand, country string, now time.Time) (Identity, error) {
	id := Identity{Country: country, Sex: 'F'}
	if rng.IntN(2) == 1 {
		id.Sex = 'M'
	}
	lo, hi := birthRange(now)
	id.BirthDate = day(rng, lo, hi)

	var names nameSet
	switch country {
	case "KOR":
		names = korNames
	case "JPN":
		names = jpnNames
	case "CHN":
		names = chnNames
	case "RUS":
		names = rusNames
	default:
		key := country
		if englishSpeaking[country] {
			key = "ENG"
		}
		var ok bool
		if names, ok = latinNames[key]; !ok {
			return id, fmt.Errorf("docgen: no names for country %q", country)
		}
	}
	sur := pick(rng, names.surnames)
	s := sur.masc
	if id.Sex == 'F' && sur.fem != (nameEntry{}) {
		s = sur.fem
	}
	given := names.male
	if id.Sex == 'F' {
		given = names.female
	}
	g := pick(rng, given)
	id.Surname, id.GivenNames = s.latin, g.latin
	id.SurnameNative, id.GivenNative = s.native, g.native
	id.SurnameKana, id.GivenKana = s.kana, g.kana
	if country == "RUS" {
		id.Surname, id.GivenNames = transliterate(s.native), transliterate(g.native)
	}

	switch country {
	case "KOR":
		id.region = rng.IntN(len(korRegions))
		r := korRegions[id.region]
		line2 := fmt.Sprintf("%s %d", pick(rng, r.roads), 1+rng.IntN(300))
		if rng.IntN(2) == 0 {
			line2 += fmt.Sprintf(", %d동 %d호", 101+rng.IntN(12), (1+rng.IntN(25))*100+1+rng.IntN(6))
		}
		id.AddressLines = []string{r.city + " " + pick(rng, r.districts), line2}
		id.PersonalNumber = korRRN(rng, id.BirthDate, id.Sex)
		id.BirthPlace = pick(rng, birthPlaces["KOR"])
	case "JPN":
		id.region = rng.IntN(len(jpnRegions))
		r := jpnRegions[id.region]
		num := fmt.Sprintf("%d-%d-%d", 1+rng.IntN(6), 1+rng.IntN(20), 1+rng.IntN(30))
		if rng.IntN(3) == 0 {
			num = fmt.Sprintf("%d丁目%d番%d号", 1+rng.IntN(6), 1+rng.IntN(20), 1+rng.IntN(30))
		}
		if rng.IntN(2) == 0 {
			num = fullWidth(num)
		}
		id.AddressLines = []string{r.pref + pick(rng, r.towns) + num}
		id.BirthPlace = pick(rng, birthPlaces["JPN"])
	case "CHN":
		id.region = rng.IntN(len(chnRegions))
		r := chnRegions[id.region]
		l2 := fmt.Sprintf("%s%d号", pick(rng, r.roads), 1+rng.IntN(400))
		if rng.IntN(2) == 0 {
			l2 += fmt.Sprintf("%d栋%d单元%d室", 1+rng.IntN(30), 1+rng.IntN(6), (1+rng.IntN(30))*100+1+rng.IntN(4))
		}
		id.AddressLines = []string{r.area, l2}
		id.PersonalNumber = chnIDNumber(rng, r.code, id.BirthDate, id.Sex)
		id.BirthPlace = pick(rng, birthPlaces["CHN"])
	case "RUS":
		id.BirthPlace = pick(rng, rusCities)
	default:
		if bp, ok := birthPlaces[country]; ok {
			id.BirthPlace = pick(rng, bp)
		}
	}
	return id, nil
}

// fullWidth turns ASCII digits and hyphens into their full-width forms, as
// Japanese cards often print addresses; NFKC maps them back.
func fullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r - '0' + '０')
		case r == '-':
			b.WriteRune('－')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// korRRN makes a Korean resident registration number YYMMDD-GRRRRSC: G
// encodes century and sex, C is the mod-11 check digit numbers issued
// before 2020 carry.
func korRRN(rng *rand.Rand, birth time.Time, sex byte) string {
	g := 1
	if birth.Year() >= 2000 {
		g = 3
	}
	if sex == 'F' {
		g++
	}
	s := fmt.Sprintf("%s%d%04d%d", birth.Format("060102"), g, rng.IntN(10000), rng.IntN(10))
	weights := []int{2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return fmt.Sprintf("%s-%s%d", s[:6], s[6:], (11-sum%11)%10)
}

// chnIDNumber makes an 18-character citizen identity number: area code,
// birth date, a sequence whose parity is the sex (odd for men) and the ISO
// 7064 MOD 11-2 check character.
func chnIDNumber(rng *rand.Rand, area string, birth time.Time, sex byte) string {
	seq := rng.IntN(500) * 2
	if sex == 'M' {
		seq++
	}
	s := fmt.Sprintf("%s%s%03d", area, birth.Format("20060102"), seq)
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(s[i]-'0') * w
	}
	return s + string("10X98765432"[sum%11])
}

// docNumber fills a pattern: 'A' a letter (no I or O, which issuers avoid
// for their likeness to digits), '9' a digit, 'X' either, 'G' a character
// of the German document-number alphabet; anything else is literal.
func docNumber(rng *rand.Rand, pattern string) string {
	const (
		letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
		digits  = "0123456789"
		german  = "CFGHJKLMNPRTVWXYZ0123456789"
	)
	b := []byte(pattern)
	for i, c := range b {
		switch c {
		case 'A':
			b[i] = letters[rng.IntN(len(letters))]
		case '9':
			b[i] = digits[rng.IntN(len(digits))]
		case 'X':
			all := letters + digits
			b[i] = all[rng.IntN(len(all))]
		case 'G':
			b[i] = german[rng.IntN(len(german))]
		}
	}
	return string(b)
}

// docDates picks issue and expiry dates for a document valid years years:
// most still valid at now, about one in seven expired (an engine must read
// expired documents too, and KYC must reject them), and never issued
// before the holder reached minAge.
func docDates(rng *rand.Rand, now, birth time.Time, years, minAge int) (issue, expiry time.Time) {
	if rng.IntN(7) == 0 {
		expiry = day(rng, now.AddDate(-3, 0, 0), now.AddDate(0, 0, -1))
	} else {
		expiry = day(rng, now.AddDate(0, 1, 0), now.AddDate(years, 0, -1))
	}
	issue = expiry.AddDate(-years, 0, 1)
	if earliest := birth.AddDate(minAge, 0, 0); issue.Before(earliest) {
		issue = day(rng, earliest, earliest.AddDate(0, 6, 0))
		expiry = issue.AddDate(years, 0, -1)
	}
	return issue, expiry
}
