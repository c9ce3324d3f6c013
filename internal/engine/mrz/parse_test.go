package mrz

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// ICAO 9303 "Utopia" specimens (parts 4–7) and the UK passport specimen of
// shared/data/documents/icao-examples.
var (
	utoTD3 = []string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UTO7408122F1204159ZE184226B<<<<<10",
	}
	utoTD1 = []string{
		"I<UTOD231458907<<<<<<<<<<<<<<<",
		"7408122F1204159UTO<<<<<<<<<<<6",
		"ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
	}
	utoTD2 = []string{
		"I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
		"D231458907UTO7408122F1204159<<<<<<<6",
	}
	utoMRVA = []string{
		"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L8988901C4XXX4009078F96121096ZE184226B<<<<<<",
	}
	utoMRVB = []string{
		"V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<",
		"L8988901C4XXX4009078F9612109<<<<<<<<",
	}
	gbrTD3 = []string{
		"P<GBRPUDARSAN<<HENERT<<<<<<<<<<<<<<<<<<<<<<<",
		"7077979792GBR9505209M1704224<<<<<<<<<<<<<<00",
	}
)

func TestFormats(t *testing.T) {
	cases := []struct {
		name  string
		lines []string
		want  want
	}{
		{"TD3", utoTD3, want{format: TD3, valid: true, code: "P", state: "UTO", nationality: "UTO", surname: "ERIKSSON",
			given: "ANNA MARIA", docNum: "L898902C3", personal: "ZE184226B", birth: "740812", expiry: "120415", sex: "F"}},
		{"TD1", utoTD1, want{format: TD1, valid: true, code: "I", state: "UTO", nationality: "UTO", surname: "ERIKSSON",
			given: "ANNA MARIA", docNum: "D23145890", birth: "740812", expiry: "120415", sex: "F"}},
		{"TD2", utoTD2, want{format: TD2, valid: true, code: "I", state: "UTO", nationality: "UTO", surname: "ERIKSSON",
			given: "ANNA MARIA", docNum: "D23145890", birth: "740812", expiry: "120415", sex: "F"}},
		{"MRVA", utoMRVA, want{format: MRVA, valid: true, code: "V", state: "UTO", nationality: "XXX", surname: "ERIKSSON",
			given: "ANNA MARIA", docNum: "L8988901C", optional: "6ZE184226B", birth: "400907", expiry: "961210", sex: "F"}},
		{"MRVB", utoMRVB, want{format: MRVB, valid: true, code: "V", state: "UTO", nationality: "XXX", surname: "ERIKSSON",
			given: "ANNA MARIA", docNum: "L8988901C", birth: "400907", expiry: "961210", sex: "F"}},
		// ICAO 9303-6 long document number: '<' as its check digit, the
		// overflow and its check digit at the start of the optional data.
		{"TD2 long document number", []string{utoTD2[0], "D23145890<UTO7408122F1204159AB11<<<8"},
			want{format: TD2, valid: true, code: "I", state: "UTO", nationality: "UTO", surname: "ERIKSSON",
				given: "ANNA MARIA", docNum: "D23145890AB1", birth: "740812", expiry: "120415", sex: "F"}},
		{"GBR specimen", gbrTD3, want{format: TD3, valid: true, code: "P", state: "GBR", nationality: "GBR", surname: "PUDARSAN",
			given: "HENERT", docNum: "707797979", birth: "950520", expiry: "170422", sex: "M"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.lines, testNow)
			if err != nil {
				t.Fatal(err)
			}
			tc.want.compare(t, r)
		})
	}
}

func TestUtopiaDates(t *testing.T) {
	r, err := Parse(utoTD3, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if r.BirthDate.String() != "1974-08-12" || r.ExpiryDate.String() != "2012-04-15" {
		t.Errorf("dates %v %v", r.BirthDate, r.ExpiryDate)
	}
}

func TestFieldPositions(t *testing.T) {
	// Positions from the cheminfo/mrz "details" expectations (td1, td3 and
	// swissDrivingLicense test files), 0-based, end exclusive.
	cases := []struct {
		lines            []string
		field            string
		value            string
		line, start, end int
	}{
		{[]string{"I<FINXA10000585010195<112X<<<<", "9501016F2803135FIN<<<<<<<<<<<7", "SPECIMEN<TRAVEL<<VILMA<SOFIA<<"},
			"optional_data", "010195 112X", 0, 15, 26},
		{[]string{"I<UTOD231458907ABC<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<1", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
			"optional_data", "ABC", 0, 15, 18},
		{[]string{"I<UTOD231458907ABC<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<1", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
			"optional_data2", "", 1, 18, 18},
		{[]string{"I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"},
			"document_number", "D23145890123", 0, 5, 18},
		{utoTD3, "personal_number", "ZE184226B", 1, 28, 37},
		{utoTD3, "issuing_state", "UTO", 0, 2, 5},
		{[]string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
			"document_number", "AAA001D", 0, 0, 7},
		{[]string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
			"given_names", "FABIENNE", 2, 10, 18},
		{[]string{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
			"surname", "MARCHAND", 2, 0, 8},
	}
	for _, tc := range cases {
		t.Run(tc.field, func(t *testing.T) {
			r, err := Parse(tc.lines, testNow)
			if err != nil {
				t.Fatal(err)
			}
			f, ok := r.Field(tc.field)
			if !ok {
				t.Fatalf("no field %q in %v", tc.field, r.Fields)
			}
			if f.Value != tc.value || f.Line != tc.line || f.Start != tc.start || f.End != tc.end ||
				f.Raw != r.Lines[f.Line][f.Start:f.End] {
				t.Errorf("got %+v, want %q at line %d [%d,%d)", f, tc.value, tc.line, tc.start, tc.end)
			}
		})
	}
}

// setChar returns lines with line l, position i set to c.
func setChar(lines []string, l, i int, c byte) []string {
	out := slices.Clone(lines)
	b := []byte(out[l])
	b[i] = c
	out[l] = string(b)
	return out
}

// bump changes a check digit to another digit.
func bump(c byte) byte { return '0' + (c-'0'+1)%10 }

func TestCheckDigitFailures(t *testing.T) {
	// Each check digit of each format, changed: that check fails (and the
	// composite, which covers the check digits, where the format has one).
	cases := []struct {
		name    string
		lines   []string
		line, i int
		failed  []string
	}{
		{"TD3 document number", utoTD3, 1, 9, []string{"document_number", "composite"}},
		{"TD3 birth date", utoTD3, 1, 19, []string{"birth_date", "composite"}},
		{"TD3 expiry date", utoTD3, 1, 27, []string{"expiry_date", "composite"}},
		{"TD3 personal number", utoTD3, 1, 42, []string{"optional", "composite"}},
		{"TD3 composite", utoTD3, 1, 43, []string{"composite"}},
		{"TD1 document number", utoTD1, 0, 14, []string{"document_number", "composite"}},
		{"TD1 birth date", utoTD1, 1, 6, []string{"birth_date", "composite"}},
		{"TD1 expiry date", utoTD1, 1, 14, []string{"expiry_date", "composite"}},
		{"TD1 composite", utoTD1, 1, 29, []string{"composite"}},
		{"TD2 document number", utoTD2, 1, 9, []string{"document_number", "composite"}},
		{"TD2 birth date", utoTD2, 1, 19, []string{"birth_date", "composite"}},
		{"TD2 expiry date", utoTD2, 1, 27, []string{"expiry_date", "composite"}},
		{"TD2 composite", utoTD2, 1, 35, []string{"composite"}},
		{"MRVA document number", utoMRVA, 1, 9, []string{"document_number"}},
		{"MRVA birth date", utoMRVA, 1, 19, []string{"birth_date"}},
		{"MRVA expiry date", utoMRVA, 1, 27, []string{"expiry_date"}},
		{"MRVB document number", utoMRVB, 1, 9, []string{"document_number"}},
		{"MRVB expiry date", utoMRVB, 1, 27, []string{"expiry_date"}},
		{"FRA_ID document number", []string{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"},
			1, 12, []string{"document_number", "composite"}},
		{"FRA_ID birth date", []string{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"},
			1, 33, []string{"birth_date", "composite"}},
		{"FRA_ID composite", []string{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"},
			1, 35, []string{"composite"}},
		{"FRA_DL document number", []string{"D1FRA13AA000026181231MARTIN<<9"}, 0, 14, []string{"document_number", "composite"}},
		{"FRA_DL composite", []string{"D1FRA13AA000026181231MARTIN<<9"}, 0, 29, []string{"composite"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bad := setChar(tc.lines, tc.line, tc.i, bump(tc.lines[tc.line][tc.i]))
			r, err := Parse(bad, testNow)
			if err != nil {
				t.Fatalf("a failed check digit must not be an error: %v", err)
			}
			if r.Valid || !slices.Equal(r.Failed(), tc.failed) {
				t.Errorf("valid=%v failed=%v, want %v", r.Valid, r.Failed(), tc.failed)
			}
			c, _ := r.Check(tc.failed[0])
			if c.Got != bad[tc.line][tc.i] || c.Want == c.Got {
				t.Errorf("check %+v: Got should be the character read", c)
			}
			// A bare digit change is not an OCR confusion: nothing repaired.
			if len(r.Repairs) != 0 {
				t.Errorf("repairs %q", r.Repairs)
			}
		})
	}
}

// Synthetic documents with correct check digits, for the date and repair
// tests.

func pad(s string, n int) string { return s + strings.Repeat("<", n-len(s)) }

func cd(s string) string { return string(CheckDigit(s)) }

func td3Line2(doc, nat, birth, sex, expiry, personal string) string {
	doc, personal = pad(doc, 9), pad(personal, 14)
	pcd := cd(personal)
	if strings.Trim(personal, "<") == "" {
		pcd = "<"
	}
	s := doc + cd(doc) + nat + birth + cd(birth) + sex + expiry + cd(expiry) + personal + pcd
	return s + cd(s[0:10]+s[13:20]+s[21:43])
}

func TestCenturyInference(t *testing.T) {
	cases := []struct {
		raw  string
		c    century
		want string
	}{
		{"300101", pastCentury, "1930-01-01"},
		{"260101", pastCentury, "2026-01-01"},
		{"261125", pastCentury, "2026-11-25"}, // born today
		{"261126", pastCentury, "1926-11-26"}, // tomorrow: a century ago
		{"261201", pastCentury, "1926-12-01"},
		{"000229", pastCentury, "2000-02-29"},
		{"991231", pastCentury, "1999-12-31"},
		{"310101", expiryCentury, "2031-01-01"},
		{"460101", expiryCentury, "2046-01-01"}, // now + 20 years: last year of the window
		{"470101", expiryCentury, "1947-01-01"},
		{"120415", expiryCentury, "2012-04-15"},
	}
	for _, tc := range cases {
		if got := parseDate(tc.raw, tc.c, testNow).String(); got != tc.want {
			t.Errorf("parseDate(%q, %d) = %q, want %q", tc.raw, tc.c, got, tc.want)
		}
	}
	// Through Parse.
	lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3Line2("L898902C3", "UTO", "300101", "F", "310101", "")}
	r, err := Parse(lines, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid || r.BirthDate.String() != "1930-01-01" || r.ExpiryDate.String() != "2031-01-01" {
		t.Errorf("valid=%v %v birth %v expiry %v", r.Valid, r.Failed(), r.BirthDate, r.ExpiryDate)
	}
}

func TestDates(t *testing.T) {
	cases := []struct {
		name, birth string
		date        Date
		wellFormed  bool
	}{
		{"real date", "740812", Date{Raw: "740812", Year: 1974, Month: 8, Day: 12, Valid: true}, true},
		// Feb 31: the check digit is right but the date does not exist.
		// Date.Valid is false and the separate "birth_date_valid" check fails,
		// which makes the whole result invalid.
		{"february 31", "740231", Date{Raw: "740231", Year: 1974, Month: 2, Day: 31}, false},
		{"month 13", "741301", Date{Raw: "741301", Year: 1974, Day: 1}, false},
		{"1900 was not a leap year", "000229", Date{Raw: "000229", Year: 2000, Month: 2, Day: 29, Valid: true}, true},
		// ICAO 9303-3: unknown day (or month and day) of birth as fillers.
		{"unknown day", "7408<<", Date{Raw: "7408<<", Year: 1974, Month: 8}, true},
		{"unknown month and day", "74<<<<", Date{Raw: "74<<<<", Year: 1974}, true},
		{"known day after unknown month", "74<<12", Date{Raw: "74<<12", Year: 1974, Day: 12}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			lines := []string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", td3Line2("L898902C3", "UTO", tc.birth, "F", "310101", "")}
			r, err := Parse(lines, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if r.BirthDate != tc.date {
				t.Errorf("BirthDate = %+v, want %+v", r.BirthDate, tc.date)
			}
			if c, _ := r.Check("birth_date"); !c.Valid {
				t.Errorf("the check digit itself is right: %+v", c)
			}
			if c, _ := r.Check("birth_date_valid"); c.Valid != tc.wellFormed || r.Valid != tc.wellFormed {
				t.Errorf("birth_date_valid=%v Valid=%v, want %v", c.Valid, r.Valid, tc.wellFormed)
			}
			if (r.BirthDate.String() != "") != tc.date.Valid {
				t.Errorf("String() = %q", r.BirthDate.String())
			}
		})
	}
}

func TestRepairs(t *testing.T) {
	amb := td3Line2("AB1Z30O45", "UTO", "740812", "F", "310101", "")
	cases := []struct {
		name    string
		in      []string
		want    []string // repaired lines
		valid   bool
		docNum  string
		repairs []string // all of them, in order; nil: not compared
	}{
		{"UT0 in state and nationality",
			[]string{"P<UT0ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UT07408122F1204159ZE184226B<<<<<10"},
			utoTD3, true, "L898902C3",
			[]string{"line 1 pos 5: 0→O (alphabetic field)", "line 2 pos 13: 0→O (alphabetic field)"}},
		{"ENGINE-NOTES §6: UT0 and two fillers dropped",
			[]string{utoTD3[0], "L898902C36UT07408122F1204159ZE184226B<<<10"},
			utoTD3, true, "L898902C3",
			[]string{
				"line 2: inserted '<' before pos 41 (line had 42 characters, TD3 wants 44)",
				"line 2: inserted '<' before pos 41 (line had 42 characters, TD3 wants 44)",
				"line 2 pos 13: 0→O (alphabetic field)",
			}},
		{"K in TD1 name filler run",
			[]string{utoTD1[0], utoTD1[1], "ERIKSSON<<ANNA<MARIA<<K<<<KKK<"},
			utoTD1, true, "D23145890", nil},
		{"Tesseract K runs around a word (ENGINE-NOTES §7)",
			[]string{"P<UTOERIKSSON<<ANNA<KMARIAK<<<K<<<<K< KKK KKK KKK", utoTD3[1]},
			utoTD3, true, "L898902C3", nil},
		{"K ending a name is kept",
			[]string{"P<UTOSTARK<<ERIK<<<K<<<<KK<<<<<<<<<<<<<<<<<<", utoTD3[1]},
			[]string{"P<UTOSTARK<<ERIK<<<<<<<<<<<<<<<<<<<<<<<<<<<<", utoTD3[1]}, true, "L898902C3", nil},
		{"letters after three fillers end the name (Czech specimen, Dutch passport)",
			[]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<S<<KH", utoTD3[1]},
			utoTD3, true, "L898902C3", nil},
		{"a K for the missing surname separator",
			[]string{"P<UTOERIKSSONK<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", utoTD3[1]},
			utoTD3, true, "L898902C3", nil},
		{"K in the personal number filler run",
			[]string{utoTD3[0], "L898902C36UTO7408122F1204159ZE184226B<<K<<10"},
			utoTD3, true, "L898902C3",
			[]string{"line 2 pos 40: K→< (filler run in optional data)"}},
		{"K in TD1 optional data, fixed by the composite",
			[]string{"I<UTOD231458907<<<K<<<KKK<<<<<", utoTD1[1], utoTD1[2]},
			utoTD1, true, "D23145890", nil},
		{"D<K state code",
			[]string{"P<D<KMUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"},
			[]string{"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"}, true, "C01X0006H",
			[]string{"line 1 pos 5: K→< (alphabetic field)"}},
		{"document number O/0 slip, unique",
			[]string{utoTD3[0], "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10"},
			utoTD3, true, "L898902C3",
			[]string{"line 2 pos 6: O→0 (document number check digit)"}},
		{"document number slip, two candidates: left alone",
			[]string{utoTD3[0], strings.Replace(amb, "AB1Z30O45", "AB1230O45", 1)},
			[]string{utoTD3[0], strings.Replace(amb, "AB1Z30O45", "AB1230O45", 1)}, false, "AB1230O45",
			[]string{}},
		{"dropped filler in D<< nationality",
			[]string{"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<6408125F1710319<<<<<<<<<<<<<<<0"},
			[]string{"P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0"}, true, "C01X0006H",
			[]string{"line 2: inserted '<' before pos 13 (line had 43 characters, TD3 wants 44)"}},
		{"lines swapped",
			[]string{utoTD3[1], utoTD3[0]}, utoTD3, true, "L898902C3",
			[]string{"lines reordered: input lines [2 1]"}},
		{"TD1 lines shuffled",
			[]string{utoTD1[2], utoTD1[0], utoTD1[1]}, utoTD1, true, "D23145890",
			[]string{"lines reordered: input lines [2 3 1]"}},
		{"name line one short",
			[]string{utoTD3[0][:43], utoTD3[1]}, utoTD3, true, "L898902C3",
			[]string{"line 1: inserted '<' before pos 44 (line had 43 characters, TD3 wants 44)"}},
		{"data line one long",
			[]string{utoTD3[0], "L898902C36UTO7408122F1204159ZE184226B<<<<<<10"}, utoTD3, true, "L898902C3",
			[]string{"line 2: removed '<' at pos 43 (line had 45 characters, TD3 wants 44)"}},
		{"TD1 lines off by two and one",
			[]string{utoTD1[0] + "<<", "7408122F1204159UTO<<<<<<<<<<6", utoTD1[2][:28]}, utoTD1, true, "D23145890", nil},
		{"French ID given names one short",
			[]string{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<9112311F2"},
			[]string{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"}, true, "1710GVA12345", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.in, testNow)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(r.Lines, tc.want) {
				t.Errorf("lines\n got %q\nwant %q", r.Lines, tc.want)
			}
			if r.Valid != tc.valid || r.DocumentNumber != tc.docNum {
				t.Errorf("valid=%v (%v) docnum=%q, want %v %q", r.Valid, r.Failed(), r.DocumentNumber, tc.valid, tc.docNum)
			}
			if tc.repairs != nil && !slices.Equal(r.Repairs, tc.repairs) {
				t.Errorf("repairs\n got %q\nwant %q", r.Repairs, tc.repairs)
			}
			if tc.repairs == nil && len(r.Repairs) == 0 {
				t.Error("no repair recorded")
			}
		})
	}
}

func TestRepairExported(t *testing.T) {
	lines, notes := Repair([]string{"p<ut0eriksson<<anna<maria<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}, TD3)
	if !slices.Equal(lines, utoTD3) {
		t.Errorf("lines %q", lines)
	}
	if len(notes) != 2 || notes[0] != "line 1: uppercased 20 letters" {
		t.Errorf("notes %q", notes)
	}
}

func TestParseErrors(t *testing.T) {
	td3Text := []string{
		"REPUBLIQUE<FRANCAISE<CARTE<NATIONALE<<<<<<<<",
		"BIENVENUE<A<TOUS<LES<VOYAGEURS<DU<MONDE<<<<<",
	}
	cases := []struct {
		name  string
		lines []string
		want  error
	}{
		{"nothing", nil, ErrNotMRZ},
		{"blank lines", []string{"", "  "}, ErrNotMRZ},
		{"garbage", []string{"hello world", "this is not an MRZ"}, ErrNotMRZ},
		{"text of MRZ length, no fillers", []string{strings.Repeat("A", 44), strings.Repeat("B", 44)}, ErrNotMRZ},
		{"text with fillers but letters in dates", td3Text, ErrNotMRZ},
		{"too many odd characters", []string{"P<UTO#R!K$$ON<<AN@A<M@R!A<<<<<<<<<<<<<<<<<<<", "L8989*2C36UTO74%8122F12*4159Z$1842%6B<<<<<10"}, ErrNotMRZ},
		{"four lines", append(slices.Clone(utoTD1), utoTD1[2]), ErrNotMRZ},
		{"line 3 too long", []string{utoTD3[0] + "<<<", utoTD3[1]}, ErrNotMRZ},
		{"lines of different formats", []string{utoTD3[0], utoTD2[1]}, ErrNotMRZ},
		{"data line short without fillers", []string{"POCHNABULIKEMU<<ABULA<<<<<<<<<<<<<<<<<<<<<<<", "E596593216CHN9701078M2510077LAKCLCLMMBKGG93"}, ErrNotMRZ},
		{"two lines of 30", utoTD1[:2], ErrUnknownFormat},
		{"three lines of 44", []string{utoTD3[0], utoTD3[1], utoTD3[0]}, ErrUnknownFormat},
		{"one line of 30, not a French licence", utoTD1[:1], ErrUnknownFormat},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse(tc.lines, testNow)
			if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if r != nil {
				t.Errorf("result with an error: %+v", r)
			}
		})
	}
}

func TestWrongCheckDigitsNoError(t *testing.T) {
	// Every check digit wrong: still a result, just not valid. (With a
	// composite of 9 instead of 1, the swap 8→B would make both the document
	// number and the composite pass, and would be applied: one wrong
	// composite in ten can do that when every check digit is wrong.)
	bad := []string{utoTD3[0], "L898902C35UTO7408121F1204158ZE184226B<<<<<21"}
	r, err := Parse(bad, testNow)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"document_number", "birth_date", "expiry_date", "optional", "composite"}
	if r.Valid || !slices.Equal(r.Failed(), want) {
		t.Errorf("valid=%v failed=%v", r.Valid, r.Failed())
	}
	if r.Surname != "ERIKSSON" || r.DocumentNumber != "L898902C3" {
		t.Errorf("fields must still be parsed: %q %q", r.Surname, r.DocumentNumber)
	}
}

func FuzzParse(f *testing.F) {
	for _, l := range [][]string{utoTD3, utoTD1, utoTD2, utoMRVA, utoMRVB, gbrTD3,
		{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"},
		{"D1FRA13AA000026181231MARTIN<<9"},
		{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
		{"P<UTOERIKSSON<<ANNA<KMARIAK<<<K<<<<K< KKK KKK KKK", "L898902C36UT07408122F1204159ZE184226B<<<10"},
		{"I<UTOD23145890<7349<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2", "STEVENSON<<PETER<JOHN<<<<<<<<<"},
	} {
		f.Add(strings.Join(l, "\n"))
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		_ = Find(lines)
		r, err := Parse(lines, testNow)
		if err != nil {
			if !errors.Is(err, ErrNotMRZ) && !errors.Is(err, ErrUnknownFormat) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		shape := layouts[r.Format].lines
		if len(r.Lines) != len(shape) {
			t.Fatalf("%d lines for %s", len(r.Lines), r.Format)
		}
		for i, l := range r.Lines {
			if len(l) != shape[i].n {
				t.Fatalf("line %d has %d characters, %s wants %d: %q", i, len(l), r.Format, shape[i].n, r.Lines)
			}
		}
		for _, fl := range r.Fields {
			if fl.Raw != r.Lines[fl.Line][fl.Start:fl.End] {
				t.Fatalf("field %+v does not match its position", fl)
			}
		}
		// Parsing the repaired lines again changes nothing.
		again, err := Parse(r.Lines, testNow)
		if err != nil {
			t.Fatalf("repaired lines do not parse: %v", err)
		}
		if !slices.Equal(again.Lines, r.Lines) || again.Valid != r.Valid {
			t.Fatalf("not idempotent: %q → %q", r.Lines, again.Lines)
		}
	})
}

// ExampleParse shows the result of parsing an OCR'd passport MRZ.
func ExampleParse() {
	r, err := Parse([]string{
		"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
		"L898902C36UT07408122F1204159ZE184226B<<<<<10",
	}, time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Format, r.Valid, r.Surname, r.GivenNames, r.Nationality, r.BirthDate)
	fmt.Println(r.Repairs)
	// Output:
	// TD3 true ERIKSSON ANNA MARIA UTO 1974-08-12
	// [line 2 pos 13: 0→O (alphabetic field)]
}

// D read for 0 in a document number: the check digit and the composite
// settle it when one swap alone makes both pass. In the French passport of
// passport-scans (D8CD50338 for 08CD50338) 8→B fits as well, and nothing
// is guessed.
func TestDForZeroInDocumentNumber(t *testing.T) {
	for _, tc := range []struct {
		doc   string
		fixed bool
	}{{"PA0940409", true}, {"08CD50338", false}} {
		good := td3Line2(tc.doc, "FRA", "600410", "M", "180605", "")
		i := strings.IndexByte(tc.doc, '0')
		bad := good[:i] + "D" + good[i+1:]
		r, err := Parse([]string{"P<FRAULYSSE<<CHRISTOPHE<<<<<<<<<<<<<<<<<<<<<", bad}, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := r.DocumentNumber == tc.doc && r.Valid; got != tc.fixed {
			t.Errorf("%s read with D: number %q valid %v, repairs %v", tc.doc, r.DocumentNumber, r.Valid, r.Repairs)
		}
	}
}

func TestResolveNames(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	r, err := Parse([]string{"P<UTOERIKSSON<<ANNA<MARIAK<<<<<<<<<<<<<<<<<<", utoTD3[1]}, now)
	if err != nil {
		t.Fatal(err)
	}
	if r.GivenNames != "ANNA MARIAK" {
		t.Fatalf("given names before = %q", r.GivenNames)
	}
	printed := func(s, g string) bool { return s == "ERIKSSON" && g == "ANNA MARIA" }
	got := r.ResolveNames(printed, now)
	if got == nil || got.Lines[0] != utoTD3[0] || !got.Valid {
		t.Fatalf("resolved = %+v", got)
	}
	if n := len(got.Repairs); n != 1 {
		t.Errorf("repairs = %v, want the K→< noted", got.Repairs)
	}
	// A K that is a letter stays when the printed name has it.
	stark, _ := Parse([]string{"P<UTOSTARK<<ERIK<<<<<<<<<<<<<<<<<<<<<<<<<<<<", utoTD3[1]}, now)
	if got := stark.ResolveNames(func(s, g string) bool { return s == "STARK" && g == "ERIK" }, now); got != stark {
		t.Errorf("STARK ERIK changed: %+v", got)
	}
	// Names that no reading gives: nothing is forced.
	if got := r.ResolveNames(func(s, g string) bool { return s == "SMITH" }, now); got != nil {
		t.Errorf("resolved to another name: %+v", got)
	}
}
