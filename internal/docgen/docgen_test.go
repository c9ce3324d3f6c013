package docgen

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"openkyc/internal/engine/imaging"
)

var (
	genOnce sync.Once
	genVal  *Generator
	genErr  error
)

// testGenerator is shared: loading the CJK fonts and cutting the
// portraits is the slow part of New.
func testGenerator(t *testing.T) *Generator {
	t.Helper()
	dir := samplesDir(t)
	genOnce.Do(func() { genVal, genErr = New(Config{Seed: 1, SamplesDir: dir}) })
	if genErr != nil {
		t.Fatal(genErr)
	}
	return genVal
}

// icaoCheck is the ICAO 9303 check digit, written out again here so the
// test does not trust the code under test (nor mrz.CheckDigit).
func icaoCheck(s string) byte {
	w := []int{7, 3, 1}
	sum := 0
	for i, c := range []byte(s) {
		v := 0
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		}
		sum += v * w[i%3]
	}
	return byte('0' + sum%10)
}

var mrzChars = regexp.MustCompile(`^[0-9A-Z<]+$`)

// checkMRZ verifies the format and every check digit of a TD1 or TD3 MRZ.
func checkMRZ(t *testing.T, lines []string) {
	t.Helper()
	for _, l := range lines {
		if !mrzChars.MatchString(l) {
			t.Errorf("MRZ line %q has characters outside 0-9 A-Z <", l)
		}
	}
	digit := func(what string, got byte, field string) {
		t.Helper()
		if want := icaoCheck(field); got != want {
			t.Errorf("%s check digit of %q: got %c, want %c", what, field, got, want)
		}
	}
	switch {
	case len(lines) == 2 && len(lines[0]) == 44 && len(lines[1]) == 44:
		l2 := lines[1]
		digit("document number", l2[9], l2[0:9])
		digit("birth date", l2[19], l2[13:19])
		digit("expiry date", l2[27], l2[21:27])
		if strings.Trim(l2[28:42], "<") != "" || l2[42] != '<' {
			digit("personal number", l2[42], l2[28:42])
		}
		digit("composite", l2[43], l2[0:10]+l2[13:20]+l2[21:43])
	case len(lines) == 3 && len(lines[0]) == 30 && len(lines[1]) == 30 && len(lines[2]) == 30:
		l1, l2 := lines[0], lines[1]
		digit("document number", l1[14], l1[5:14])
		digit("birth date", l2[6], l2[0:6])
		digit("expiry date", l2[14], l2[8:14])
		digit("composite", l2[29], l1[5:30]+l2[0:7]+l2[8:15]+l2[18:29])
	default:
		t.Errorf("MRZ is neither TD1 (3×30) nor TD3 (2×44): %q", lines)
	}
}

func TestMRZKnownVectors(t *testing.T) {
	date := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"ICAO TD3 Utopia", td3(mrzData{docCode: "P<", issuer: "UTO", nationality: "UTO", surname: "ERIKSSON",
			given: "ANNA MARIA", number: "L898902C3", birth: date("1974-08-12"), sex: 'F', expiry: date("2012-04-15"), optional: "ZE184226B"}),
			[]string{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"}},
		{"ICAO TD1 Utopia", td1(mrzData{docCode: "I<", issuer: "UTO", nationality: "UTO", surname: "ERIKSSON",
			given: "ANNA MARIA", number: "D23145890", birth: date("1974-08-12"), sex: 'F', expiry: date("2012-04-15")}),
			[]string{"I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", tt.got, tt.want)
			}
			checkMRZ(t, tt.got)
		})
	}
}

func TestMRZText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"MÜLLER", "MUELLER"},
		{"STRAUß", "STRAUSS"},
		{"ÅSTRÖM", "AASTROEM"},
		{"ŁUKASZ", "LUKASZ"},
		{"DVOŘÁKOVÁ", "DVORAKOVA"},
		{"O'BRIEN", "OBRIEN"},
		{"MARIE-CLAIRE", "MARIE<CLAIRE"},
		{"GARCÍA LÓPEZ", "GARCIA<LOPEZ"},
		{"СОЛОВЬЁВА", "SOLOVEVA"},
		{"ЩЕРБАКОВ", "SHCHERBAKOV"},
		{"НАТАЛЬЯ", "NATALIA"},
		{"ЮЛИЯ", "IULIIA"},
		{"ЖУКОВ", "ZHUKOV"},
	}
	for _, tt := range tests {
		if got := mrzText(tt.in); got != tt.want {
			t.Errorf("mrzText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestJapaneseEra(t *testing.T) {
	tests := []struct {
		date, era string
		year      int
	}{
		{"1985-03-12", "昭和", 60},
		{"1989-01-07", "昭和", 64},
		{"1989-01-08", "平成", 1},
		{"2019-04-30", "平成", 31},
		{"2019-05-01", "令和", 1},
		{"2026-01-01", "令和", 8},
	}
	for _, tt := range tests {
		d, _ := time.Parse(time.DateOnly, tt.date)
		if era, y := japaneseEra(d); era != tt.era || y != tt.year {
			t.Errorf("japaneseEra(%s) = %s%d, want %s%d", tt.date, era, y, tt.era, tt.year)
		}
	}
	if got := eraDate(time.Date(2019, 5, 7, 0, 0, 0, 0, time.UTC), true); got != "令和01年05月07日" {
		t.Errorf("padded era date %q", got)
	}
}

func TestNumbers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		birth := day(rng, time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2007, 12, 31, 0, 0, 0, 0, time.UTC))
		sex := byte("FM"[rng.IntN(2)])
		rrn := korRRN(rng, birth, sex)
		if !regexp.MustCompile(`^\d{6}-\d{7}$`).MatchString(rrn) || rrn[:6] != birth.Format("060102") {
			t.Fatalf("RRN %q for %s", rrn, birth)
		}
		if g := rrn[7]; (g-'0')%2 == map[byte]byte{'M': 0, 'F': 1}[sex] {
			t.Errorf("RRN %q: digit %c does not encode sex %c", rrn, g, sex)
		}
		cn := chnIDNumber(rng, "110105", birth, sex)
		w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
		sum := 0
		for i, wt := range w {
			sum += int(cn[i]-'0') * wt
		}
		if len(cn) != 18 || cn[17] != "10X98765432"[sum%11] || cn[6:14] != birth.Format("20060102") {
			t.Errorf("citizen number %q for %s", cn, birth)
		}
		card := luhn("4" + strings.Repeat(string(rune('0'+rng.IntN(10))), 14))
		total := 0
		for i := range 16 {
			d := int(card[15-i] - '0')
			if i%2 == 1 {
				if d *= 2; d > 9 {
					d -= 9
				}
			}
			total += d
		}
		if total%10 != 0 {
			t.Errorf("card number %s fails Luhn", card)
		}
	}
}

// kindWant is what every card of a kind must say about itself.
var kindWant = map[Kind]struct {
	docType string
	scripts []string
	mrz     int // MRZ lines: 0 none, 2 TD3, 3 TD1 (or none: the card's front)
}{
	KorResidentCard:   {"id_card", []string{"hangul"}, 0},
	KorDriversLicense: {"drivers_license", []string{"hangul"}, 0},
	JpnDriversLicense: {"drivers_license", []string{"japanese"}, 0},
	ChnIDCard:         {"id_card", []string{"han"}, 0},
	RusPassport:       {"passport", []string{"cyrillic"}, 2},
	EUIDCard:          {"id_card", []string{"latin"}, 3},
	PassportTD3:       {"passport", []string{"latin", "hangul", "han"}, 2},
	StudentCard:       {"other", nil, 0},
	PaymentCard:       {"other", nil, 0},
	NoDocument:        {"none", nil, 0},
}

var scriptOf = map[string]*regexp.Regexp{
	"hangul":   regexp.MustCompile(`^[\p{Hangul} ]+$`),
	"japanese": regexp.MustCompile(`^[\p{Han}\p{Hiragana}\p{Katakana} ]+$`),
	"han":      regexp.MustCompile(`^[\p{Han}]+$`),
	"cyrillic": regexp.MustCompile(`^[\p{Cyrillic} ]+$`),
}

// TestRenderKinds renders every kind for several people and checks the
// truth against the kind's rules, the MRZ digits, the dates and the
// portrait.
func TestRenderKinds(t *testing.T) {
	g := testGenerator(t)
	now := g.Config().Now
	for _, kind := range Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			want := kindWant[kind]
			sides := map[bool]bool{}
			for seed := range uint64(6) {
				rng := rand.New(rand.NewPCG(seed, 99))
				id, err := NewIdentity(rng, CountryFor(kind, rng), now)
				if err != nil {
					t.Fatal(err)
				}
				card, err := g.Render(kind, id, rng)
				if err != nil {
					t.Fatal(err)
				}
				tr := card.Truth
				if tr.DocumentType != want.docType {
					t.Errorf("document_type %q, want %q", tr.DocumentType, want.docType)
				}
				if want.scripts == nil {
					if tr.Fields != nil || tr.MRZ != nil || tr.IssuingCountry != "" {
						t.Errorf("negative with labels: %+v", tr)
					}
					continue
				}
				if !slices.Contains(want.scripts, tr.Script) {
					t.Errorf("script %q, want one of %v", tr.Script, want.scripts)
				}
				if tr.IssuingCountry != id.Country || len(tr.IssuingCountry) != 3 {
					t.Errorf("issuing_country %q for a %s identity", tr.IssuingCountry, id.Country)
				}
				if tr.Fields == nil || tr.Fields.DocumentNumber == "" {
					t.Fatalf("no document number: %+v", tr)
				}
				checkFields(t, tr, now)
				sides[tr.MRZ != nil] = true
				if tr.MRZ != nil {
					if len(tr.MRZ) != want.mrz {
						t.Errorf("%d MRZ lines, want %d", len(tr.MRZ), want.mrz)
					}
					checkMRZ(t, tr.MRZ)
					checkMRZAgrees(t, tr)
				} else if want.mrz == 2 {
					t.Error("passport without MRZ")
				}
				if tr.MRZ == nil || kind != EUIDCard {
					checkPortrait(t, card)
				}
				if re := scriptOf[tr.Script]; re != nil && !re.MatchString(tr.Fields.FullNameNative) {
					t.Errorf("full_name_native %q is not %s", tr.Fields.FullNameNative, tr.Script)
				}
			}
			if kind == EUIDCard && (!sides[true] || !sides[false]) {
				t.Errorf("identity cards rendered only one side: %v", sides)
			}
		})
	}
}

func checkFields(t *testing.T, tr Truth, now time.Time) {
	t.Helper()
	f := tr.Fields
	parse := func(name, s string) time.Time {
		t.Helper()
		d, err := time.Parse(time.DateOnly, s)
		if s != "" && err != nil {
			t.Errorf("%s %q is not YYYY-MM-DD", name, s)
		}
		return d
	}
	birth, issue, expiry := parse("birth_date", f.BirthDate), parse("issue_date", f.IssueDate), parse("expiry_date", f.ExpiryDate)
	if !birth.IsZero() && (birth.Year() < 1940 || birth.Year() > 2007) {
		t.Errorf("birth date %s outside 1940–2007", f.BirthDate)
	}
	if !issue.IsZero() && (issue.Before(birth) || issue.After(now)) {
		t.Errorf("issued %s, born %s, now %s", f.IssueDate, f.BirthDate, now.Format(time.DateOnly))
	}
	if !issue.IsZero() && !expiry.IsZero() && !expiry.After(issue) {
		t.Errorf("expires %s before issue %s", f.ExpiryDate, f.IssueDate)
	}
	if f.Sex != "" && f.Sex != "F" && f.Sex != "M" {
		t.Errorf("sex %q", f.Sex)
	}
	if f.Nationality != "" && len(f.Nationality) != 3 {
		t.Errorf("nationality %q is not alpha-3", f.Nationality)
	}
}

// checkMRZAgrees compares the MRZ with the fields it encodes.
func checkMRZAgrees(t *testing.T, tr Truth) {
	t.Helper()
	f := tr.Fields
	yymmdd := func(s string) string { return strings.ReplaceAll(s, "-", "")[2:] }
	var num, birth, sex, expiry string
	if len(tr.MRZ) == 2 {
		l := tr.MRZ[1]
		num, birth, sex, expiry = l[0:9], l[13:19], l[20:21], l[21:27]
	} else {
		num, birth, sex, expiry = tr.MRZ[0][5:14], tr.MRZ[1][0:6], tr.MRZ[1][7:8], tr.MRZ[1][8:14]
	}
	if strings.TrimRight(num, "<") != strings.ReplaceAll(f.DocumentNumber, " ", "") {
		t.Errorf("MRZ number %q, field %q", num, f.DocumentNumber)
	}
	if birth != yymmdd(f.BirthDate) || expiry != yymmdd(f.ExpiryDate) || sex != f.Sex {
		t.Errorf("MRZ %q disagrees with fields %+v", tr.MRZ, *f)
	}
}

// checkPortrait requires a portrait of a sensible size inside the card,
// with the variation of a photograph (a blank box would have none).
func checkPortrait(t *testing.T, c *Card) {
	t.Helper()
	r := c.Portrait
	if r.Empty() || !r.In(c.Image.Bounds()) || r.Dx()*r.Dy() < c.Image.W*c.Image.H/20 {
		t.Fatalf("portrait box %v in a %dx%d card", r, c.Image.W, c.Image.H)
	}
	var sum, sq float64
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb := c.Image.RGB(x, y)
			l := 0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)
			sum += l
			sq += l * l
		}
	}
	n := float64(r.Dx() * r.Dy())
	if sd := math.Sqrt(sq/n - (sum/n)*(sum/n)); sd < 20 {
		t.Errorf("portrait luminance standard deviation %.1f: blank", sd)
	}
}

// TestDegradeKeepsCardInFrame photographs a plain card many times: its
// corners must stay in the frame, the clean level must keep it upright
// with a 10 % margin, and the pixel at its centre must be the card.
func TestDegradeKeepsCardInFrame(t *testing.T) {
	card := imaging.New(id1W/2, id1H/2)
	for i := 0; i < len(card.Pix); i += 3 {
		card.Pix[i], card.Pix[i+1], card.Pix[i+2] = 255, 0, 255 // magenta: no background is
	}
	for _, level := range []Level{Clean, Mild, Hard} {
		t.Run(string(level), func(t *testing.T) {
			for seed := range uint64(5) {
				rng := rand.New(rand.NewPCG(seed, 7))
				s := Degrade(card, level, rng)
				for _, p := range s.Corners {
					if p.X < 0 || p.Y < 0 || p.X > float64(s.Image.W) || p.Y > float64(s.Image.H) {
						t.Fatalf("seed %d: corner %v outside %dx%d", seed, p, s.Image.W, s.Image.H)
					}
				}
				if s.Quality < 40 || s.Quality > 95 {
					t.Errorf("seed %d: JPEG quality %d", seed, s.Quality)
				}
				cx := (s.Corners[0].X + s.Corners[2].X) / 2
				cy := (s.Corners[0].Y + s.Corners[2].Y) / 2
				r, g, b := s.Image.RGB(int(cx), int(cy))
				if level != Hard && (r < 150 || g > 110 || b < 150) {
					t.Errorf("seed %d: card centre is (%d,%d,%d), not the card", seed, r, g, b)
				}
				if level == Clean {
					m := math.Round(float64(card.W) / 10)
					want := [4]Point{{m, m}, {m + float64(card.W), m}, {m + float64(card.W), m + float64(card.H)}, {m, m + float64(card.H)}}
					if s.Corners != want || s.Image.W != card.W+2*int(m) {
						t.Errorf("clean corners %v in %dx%d, want %v", s.Corners, s.Image.W, s.Image.H, want)
					}
				}
			}
		})
	}
}

// readmeKeys are the keys truth.jsonl may use, from the shared data README.
var (
	readmeKeys = []string{"file", "document_type", "issuing_country", "script", "mrz", "fields"}
	fieldKeys  = []string{"surname", "given_names", "full_name_native", "document_number", "birth_date",
		"expiry_date", "issue_date", "nationality", "sex", "address"}
)

// TestWriteSet writes the same small set twice, in parallel and serially:
// the bytes must be equal, every truth line must use only the README's
// keys, name an image that exists and decodes, and negatives must say so.
func TestWriteSet(t *testing.T) {
	dir := samplesDir(t)
	cfg := Config{Seed: 42, Degrade: Hard, SamplesDir: dir}
	var sums [2]map[string][32]byte
	var base string
	for run, workers := range []int{2, 1} {
		g, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		if err := g.WriteSet(context.Background(), out, len(Kinds()), workers, nil); err != nil {
			t.Fatal(err)
		}
		sums[run] = map[string][32]byte{}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(out, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			sums[run][e.Name()] = sha256.Sum256(b)
		}
		base = out
	}
	if len(sums[0]) != len(Kinds())+1 {
		t.Errorf("%d files, want %d images and the truth", len(sums[0]), len(Kinds())+1)
	}
	for name, s := range sums[0] {
		if sums[1][name] != s {
			t.Errorf("%s differs between two runs of the same seed", name)
		}
	}

	f, err := os.Open(filepath.Join(base, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	lines := 0
	for sc.Scan() {
		lines++
		var m map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		for k := range m {
			if !slices.Contains(readmeKeys, k) {
				t.Errorf("line %d: key %q not in the README", lines, k)
			}
		}
		if raw, ok := m["fields"]; ok {
			var fm map[string]string
			if err := json.Unmarshal(raw, &fm); err != nil {
				t.Fatalf("line %d fields: %v", lines, err)
			}
			for k, v := range fm {
				if !slices.Contains(fieldKeys, k) || v == "" {
					t.Errorf("line %d: field %q=%q", lines, k, v)
				}
			}
		}
		var tr Truth
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&tr); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		if _, _, err := imaging.DecodeFile(filepath.Join(base, tr.File), imaging.DefaultLimits); err != nil {
			t.Errorf("line %d: %s: %v", lines, tr.File, err)
		}
		isNeg := strings.Contains(tr.File, string(StudentCard)) || strings.Contains(tr.File, string(PaymentCard)) || strings.Contains(tr.File, string(NoDocument))
		if isNeg != (tr.DocumentType == "other" || tr.DocumentType == "none") {
			t.Errorf("%s: document_type %q", tr.File, tr.DocumentType)
		}
	}
	if lines != len(Kinds()) {
		t.Errorf("%d truth lines, want %d", lines, len(Kinds()))
	}
}

// TestSeedsDiffer: another seed is another data set.
func TestSeedsDiffer(t *testing.T) {
	g := testGenerator(t)
	other, err := New(Config{Seed: 2, Kinds: []Kind{KorResidentCard}, Degrade: Clean, SamplesDir: samplesDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	a, err := g.Document(0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := other.Document(0)
	if err != nil {
		t.Fatal(err)
	}
	if a.Truth.Fields.DocumentNumber == b.Truth.Fields.DocumentNumber {
		t.Errorf("seeds 1 and 2 both give %s", a.Truth.Fields.DocumentNumber)
	}
}

func TestNewWithoutSamples(t *testing.T) {
	_, err := New(Config{SamplesDir: filepath.Join(t.TempDir(), "absent")})
	if err == nil || !strings.Contains(err.Error(), "make deps") {
		t.Errorf("New without sample photos: %v, want an error saying to run make deps", err)
	}
}

func TestParse(t *testing.T) {
	if ks, err := ParseKinds("eu_id_td1, passport_td3"); err != nil || !slices.Equal(ks, []Kind{EUIDCard, PassportTD3}) {
		t.Errorf("ParseKinds: %v %v", ks, err)
	}
	for _, bad := range []string{"", "passport", "eu_id_td1,nope"} {
		if _, err := ParseKinds(bad); err == nil {
			t.Errorf("ParseKinds(%q) accepted", bad)
		}
	}
	if _, err := ParseLevel("extreme"); err == nil {
		t.Error("ParseLevel accepted extreme")
	}
	if _, err := New(Config{Kinds: []Kind{"x"}}); err == nil || errors.Is(err, ErrFonts) {
		t.Errorf("New with unknown kind: %v", err)
	}
}

// TestYearOnlyBirth: with YearOnlyBirth a passport prints the birth year
// alone (MRZ fillers with their check digit, truth "YYYY") and is otherwise
// the same document as without it.
func TestYearOnlyBirth(t *testing.T) {
	dir := samplesDir(t)
	for _, i := range []int{0, 1, 2, 3} {
		var docs [2]Document
		for j, yearOnly := range []bool{false, true} {
			g, err := New(Config{Seed: 5, Degrade: Clean, Kinds: []Kind{PassportTD3}, SamplesDir: dir, YearOnlyBirth: yearOnly})
			if err != nil {
				t.Fatal(err)
			}
			if docs[j], err = g.Document(i); err != nil {
				t.Fatal(err)
			}
		}
		full, partial := docs[0].Truth, docs[1].Truth
		checkMRZ(t, partial.MRZ)
		if got, want := partial.MRZ[1][13:19], full.MRZ[1][13:15]+"<<<<"; got != want {
			t.Errorf("document %d: MRZ birth %q, want %q", i, got, want)
		}
		if partial.Fields.BirthDate != full.Fields.BirthDate[:4] {
			t.Errorf("document %d: truth birth %q, full %q", i, partial.Fields.BirthDate, full.Fields.BirthDate)
		}
		f1, f2 := *full.Fields, *partial.Fields
		f1.BirthDate, f2.BirthDate = "", ""
		if f1 != f2 || full.MRZ[0] != partial.MRZ[0] || full.IssuingCountry != partial.IssuingCountry {
			t.Errorf("document %d differs beyond the birth date:\n%+v\n%+v", i, full, partial)
		}
	}
	for _, c := range []struct {
		in   string
		year int
		want string
	}{
		{"15.09.1949", 1949, "XX.XX.1949"}, {"15 SEP/SEPT 1949", 1949, "XX XXX/XXXX 1949"},
		{"1985.03.12", 1985, "1985.XX.XX"}, {"20 Feb 2020", 2020, "XX XXX 2020"},
	} {
		if got := unknownDayMonth(c.in, c.year); got != c.want {
			t.Errorf("unknownDayMonth(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSelfie(t *testing.T) {
	g, err := New(Config{Seed: 5, Degrade: Clean, Kinds: []Kind{PassportTD3, NoDocument}, SamplesDir: samplesDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := g.Document(0)
	s, r := doc.Selfie(), doc.Card.Portrait
	pad := r.Dx() / 2
	framed := image.Rect(r.Min.X-pad, r.Min.Y-pad, r.Max.X+pad, r.Max.Y+pad).Intersect(doc.Card.Image.Bounds())
	if s == nil || s.W != 3*framed.Dx() || s.H != 3*framed.Dy() {
		t.Errorf("selfie of the %v portrait: %v, want 3 × %v", r, s, framed)
	}
	none, _ := g.Document(1)
	if none.Selfie() != nil {
		t.Error("a selfie from no document")
	}
}
