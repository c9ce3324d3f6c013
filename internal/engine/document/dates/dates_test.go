package dates

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		hint Order
		want string // Date.String(); "" means no date
	}{
		// Numeric, year first.
		{"1985-03-12", DMY, "1985-03-12"},
		{"1985.03.12", DMY, "1985-03-12"},
		{"1985. 3. 12.", DMY, "1985-03-12"},
		{"2015. 6. 1.", DMY, "2015-06-01"},
		{"1985/03/12", MDY, "1985-03-12"},
		{"1985 03 12", DMY, "1985-03-12"},
		// Numeric, year last.
		{"12.03.1985", DMY, "1985-03-12"},
		{"12/03/1985", DMY, "1985-03-12"},
		{"12-03-1985", DMY, "1985-03-12"},
		{"12 03 1985", DMY, "1985-03-12"},
		{"12. 03. 1985", DMY, "1985-03-12"},
		{"03/04/1985", DMY, "1985-04-03"},
		{"03/04/1985", MDY, "1985-03-04"},
		{"03/04/1985", YMD, "1985-04-03"},
		{"13/04/1985", MDY, "1985-04-13"}, // 13 cannot be a month
		{"04/13/1985", DMY, "1985-04-13"}, // so the order is forced
		{"00.00.1985", DMY, "1985"},       // day and month not printed
		{"XX.XX.1985", DMY, "1985"},
		{"00.03.1985", DMY, "1985-03"},
		{"03/1985", DMY, "1985-03"},
		// Two-digit years stay two-digit (see ExpandYear).
		{"12.03.85", DMY, "85-03-12"},
		{"85.03.12", YMD, "85-03-12"},
		{"12 MAR 85", DMY, "85-03-12"},
		{"04 DEC /DEC 88", DMY, "88-12-04"},
		// Month names.
		{"12 MAR 1985", DMY, "1985-03-12"},
		{"12MAR1985", DMY, "1985-03-12"},
		{"12 mar 1985", DMY, "1985-03-12"},
		{"12 MAR/MAR 1985", DMY, "1985-03-12"},
		{"12 MARS 1985", DMY, "1985-03-12"},
		{"12 MÄR 1985", DMY, "1985-03-12"},
		{"12 MÄRZ 1985", DMY, "1985-03-12"},
		{"12 ENE 1985", DMY, "1985-01-12"},
		{"1 FÉVR. 1990", DMY, "1990-02-01"},
		{"15 AOÛT 2001", DMY, "2001-08-15"},
		{"15 DEZ/DEC 2001", DMY, "2001-12-15"},
		{"12 MAR/JUN 1985", DMY, ""}, // the two languages disagree
		{"MAR 12, 1985", DMY, "1985-03-12"},
		{"March 12th 1985", DMY, "1985-03-12"},
		{"1985 MAR 12", DMY, "1985-03-12"},
		{"MAR 1985", DMY, "1985-03"},
		{"12 марта 1985 г.", DMY, "1985-03-12"},
		{"1 января 2000", DMY, "2000-01-01"},
		{"12 МАЯ 1985", DMY, "1985-05-12"},
		// East Asian.
		{"1985年3月12日", DMY, "1985-03-12"},
		{"1985年03月12日", DMY, "1985-03-12"},
		{"１９８５年３月１２日", DMY, "1985-03-12"},
		{"1985 年 3 月 12 日", DMY, "1985-03-12"},
		{"1985年", DMY, "1985"},
		{"1985年3月", DMY, "1985-03"},
		{"2026年(令和8年)04月12日まで有効", DMY, "2026-04-12"},
		{"2026年（令和８年）０４月１２日まで有効", DMY, "2026-04-12"},
		{"1985년 3월 12일", DMY, "1985-03-12"},
		{"1985년3월12일생", DMY, "1985-03-12"},
		// Japanese eras.
		{"昭和60年3月12日", DMY, "1985-03-12"},
		{"昭和六十年三月十二日", DMY, "1985-03-12"},
		{"昭和６０年３月１２日生", DMY, "1985-03-12"},
		{"平成元年1月8日", DMY, "1989-01-08"},
		{"平成元年1月7日", DMY, ""}, // still 昭和64年
		{"昭和64年1月7日", DMY, "1989-01-07"},
		{"昭和64年1月8日", DMY, ""},
		{"昭和65年", DMY, ""},
		{"平成31年4月30日", DMY, "2019-04-30"},
		{"平成31年5月1日", DMY, ""},
		{"平成31年5月", DMY, ""},
		{"令和元年5月1日", DMY, "2019-05-01"},
		{"合和01年05月07日", DMY, "2019-05-07"}, // OCR slip 令→合
		{"令和5年", DMY, "2023"},
		{"明治元年", DMY, "1868"},
		{"明治45年7月29日", DMY, "1912-07-29"},
		{"大正元年7月30日", DMY, "1912-07-30"},
		{"大正15年12月24日", DMY, "1926-12-24"},
		{"昭和元年12月25日", DMY, "1926-12-25"},
		{"昭和元年12月24日", DMY, ""},
		{"S60.3.12", DMY, "1985-03-12"},
		{"H1.1.8", DMY, "1989-01-08"},
		{"昭和 61年 5月 1日", DMY, "1986-05-01"},
		// Found inside text.
		{"Date of birth: 12 MAR 1985", DMY, "1985-03-12"},
		{"Dateofbirth12MAR1985", DMY, "1985-03-12"},
		{"DOB 01/02/1985 SEX M", MDY, "1985-01-02"},
		{"1985", DMY, "1985"}, // a bare year: the document printed no more
		{"1985.", DMY, "1985"},
		// Not dates.
		{"30.02.1985", DMY, ""},
		{"31 FEB 1985", DMY, ""},
		{"29.02.1985", DMY, ""},
		{"29.02.1984", DMY, "1984-02-29"},
		{"29.02.1900", DMY, ""},
		{"29.02.2000", DMY, "2000-02-29"},
		{"12.13.1985", DMY, "1985-12-13"}, // 13 can only be the day
		{"13.13.1985", DMY, ""},
		{"1985-13-01", DMY, ""},
		{"1985-02-30", DMY, ""},
		{"1985年13月1日", DMY, ""},
		{"12 MARSEILLE 1985", DMY, ""},
		{"霞が関2-1-2", DMY, ""},
		{"1-2-12", DMY, ""},
		{"123.03.1985", DMY, ""},
		{"12.03.19851", DMY, ""},
		{"X12345678", DMY, ""},
		{"0123 4567 8901", DMY, ""},
		{"12345", DMY, ""},
		{"", DMY, ""},
		{"1234-05-06", DMY, ""}, // before any document
	}
	for _, tt := range tests {
		got, ok := Parse(tt.in, tt.hint)
		if tt.want == "" {
			if ok {
				t.Errorf("Parse(%q) = %v, want no date", tt.in, got)
			}
			continue
		}
		if !ok || got.String() != tt.want {
			t.Errorf("Parse(%q, %d) = %q, %v; want %q", tt.in, tt.hint, got.String(), ok, tt.want)
		}
	}
}

func TestFindAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string // the matched text of each date
	}{
		{"4a. 01.01.2015 4b. 01.01.2025", []string{"01.01.2015", "01.01.2025"}},
		{"2015.06.01-2025.06.01", []string{"2015.06.01", "2025.06.01"}},
		{"交付 令和03年05月10日 12345", []string{"令和03年05月10日"}},
		{"２０２６年（令和８年）０４月１２日まで有効", []string{"２０２６年（令和８年）０４月１２日"}},
		{"Date of issue 29 OCT /OCT 14", []string{"29 OCT /OCT 14"}},
		{"氏名 山田 太郎 昭和60年3月12日生", []string{"昭和60年3月12日"}},
		{"no dates here 1-2-3", nil},
	}
	for _, tt := range tests {
		ms := FindAll(tt.in)
		if len(ms) != len(tt.want) {
			t.Errorf("FindAll(%q) = %d matches %v, want %d", tt.in, len(ms), ms, len(tt.want))
			continue
		}
		for i, m := range ms {
			if got := tt.in[m.Start:m.End]; got != tt.want[i] {
				t.Errorf("FindAll(%q)[%d] spans %q, want %q", tt.in, i, got, tt.want[i])
			}
		}
	}
}

func TestAmbiguous(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]bool{
		"03/04/1985": true,
		"03/03/1985": false,
		"13/04/1985": false,
		"1985-03-04": false,
	} {
		ms := FindAll(in)
		if len(ms) != 1 || ms[0].Ambiguous != want {
			t.Errorf("FindAll(%q) = %+v, want one match with Ambiguous=%v", in, ms, want)
		}
	}
}

func TestExpandYear(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 6, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   Date
		past bool
		want string
		ok   bool
	}{
		{Date{85, 3, 12}, true, "1985-03-12", true},
		{Date{5, 3, 12}, true, "2005-03-12", true},
		{Date{25, 6, 15}, true, "2025-06-15", true},
		{Date{25, 6, 16}, true, "1925-06-16", true}, // tomorrow: not a birth date
		{Date{24, 10, 29}, false, "2024-10-29", true},
		{Date{35, 1, 1}, false, "2035-01-01", true},
		{Date{90, 1, 1}, false, "1990-01-01", true},
		{Date{0, 2, 29}, true, "2000-02-29", true},
		{Date{0, 2, 29}, false, "2000-02-29", true},
		{Date{1985, 3, 12}, true, "1985-03-12", true},
	}
	for _, tt := range tests {
		got, ok := ExpandYear(tt.in, now, tt.past)
		if ok != tt.ok || got.String() != tt.want {
			t.Errorf("ExpandYear(%v, past=%v) = %q, %v; want %q, %v", tt.in, tt.past, got, ok, tt.want, tt.ok)
		}
	}
	// 29 February of a year that turns out not to be leap is no date.
	if _, ok := ExpandYear(Date{0, 2, 29}, time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), true); ok {
		t.Error("ExpandYear(00-02-29) in 1950 gave 1900-02-29")
	}
}

func TestDateMethods(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d    Date
		full bool
		str  string
	}{
		{Date{1985, 3, 12}, true, "1985-03-12"},
		{Date{1985, 3, 0}, false, "1985-03"},
		{Date{1985, 0, 0}, false, "1985"},
		{Date{85, 3, 12}, false, "85-03-12"},
		{Date{}, false, ""},
	}
	for _, tt := range tests {
		if tt.d.Full() != tt.full || tt.d.String() != tt.str {
			t.Errorf("%#v: Full %v String %q; want %v %q", tt.d, tt.d.Full(), tt.d.String(), tt.full, tt.str)
		}
	}
	if (Date{1985, 0, 0}).Compare(Date{1985, 1, 0}) >= 0 || (Date{1985, 3, 12}).Compare(Date{1985, 3, 12}) != 0 {
		t.Error("Compare orders unknown parts wrongly")
	}
	if tm, ok := (Date{1985, 3, 12}).Time(); !ok || tm.Format("2006-01-02") != "1985-03-12" {
		t.Errorf("Time() = %v, %v", tm, ok)
	}
}

// FuzzFindAll checks that any text gives well-formed, ordered,
// non-overlapping spans of real dates.
func FuzzFindAll(f *testing.F) {
	for _, s := range []string{"12.03.1985", "昭和六十年三月十二日生", "２０２６年（令和８年）０４月１２日", "12 MAR/MAR 85", "XX.XX.1985", "ё十年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		end := 0
		for _, m := range FindAllOrder(s, YMD) {
			if m.Start < end || m.End <= m.Start || m.End > len(s) {
				t.Fatalf("FindAll(%q): bad span %d..%d after %d", s, m.Start, m.End, end)
			}
			if !m.Date.valid() || m.Date.String() == "" {
				t.Fatalf("FindAll(%q): invalid date %#v", s, m.Date)
			}
			end = m.End
		}
		Parse(s, MDY)
	})
}
