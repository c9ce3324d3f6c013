package mrz

import (
	"fmt"
	"testing"
)

func TestFind(t *testing.T) {
	cases := []struct {
		name  string
		text  []string
		want  [][]string
		valid bool // Parse of the first group gives a valid result
	}{
		{"passport page with OCR spaces, lowercase and «",
			[]string{
				"PASSPORT  PASSEPORT",
				"Surname / Nom",
				"ERIKSSON",
				"Date of birth 12 AUG 1974",
				"p<utoeriksson«<anna<maria «««<<<<<<<<<<<<<<<<",
				"L898902C36 UTO7408122 F1204159 ZE184226B<<<<<10",
			},
			[][]string{utoTD3}, true},
		{"lines in reverse order, with a page number between",
			[]string{utoTD3[1], "", utoTD3[0], "12"},
			[][]string{utoTD3}, true},
		{"TD1 scattered and out of order",
			[]string{"IDENTITY CARD", utoTD1[2], "Signature", utoTD1[0], "Nationality UTO", utoTD1[1]},
			[][]string{utoTD1}, true},
		{"TD1 adjacent, shuffled",
			[]string{utoTD1[1], utoTD1[2], utoTD1[0]},
			[][]string{utoTD1}, true},
		{"OCR duplicated a line: every window",
			[]string{utoTD3[0], utoTD3[1], utoTD3[1]},
			[][]string{utoTD3, {utoTD3[1], utoTD3[1]}}, true},
		{"French ID with stray border characters",
			[]string{"|IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02|", "  1710GVA123451ROBERTA<<<<<<<9112311F2."},
			[][]string{{"IDFRATEST<NAME<<<<<<<<<<<<<<<<0CHE02", "1710GVA123451ROBERTA<<<<<<<9112311F2"}}, true},
		{"French driving licence",
			[]string{"PERMIS DE CONDUIRE", "D1FRA13AA000026181231MARTIN<<9"},
			[][]string{{"D1FRA13AA000026181231MARTIN<<9"}}, true},
		{"Swiss driving licence",
			[]string{"FÜHRERAUSWEIS", "AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"},
			[][]string{{"AAA001D<<", "FACHE305142128097<<800126<<<<<", "MARCHAND<<FABIENNE<<<<<<<<<<<<"}}, true},
		{"no MRZ",
			[]string{"REPUBLIQUE FRANCAISE", "CARTE NATIONALE D'IDENTITE N° 123456789012", "Nom: MARTIN"},
			nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Find(tc.text)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tc.want) {
				t.Fatalf("Find\n got %q\nwant %q", got, tc.want)
			}
			if len(got) == 0 {
				return
			}
			r, err := Parse(got[0], testNow)
			if err != nil {
				t.Fatal(err)
			}
			if r.Valid != tc.valid {
				t.Errorf("valid=%v %v", r.Valid, r.Failed())
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"p<uto eriksson", "P<UTOERIKSSON"},
		{"ANNA«MARIA‹‹", "ANNA<MARIA<<"},
		{"ＰＡＳＳ＜１２", "PASS<12"}, // full-width
		{" .'L898902C3,", "L898902C3"},
		{"", ""},
	}
	for _, tc := range cases {
		if got := normalize(tc.in); got != tc.want {
			t.Errorf("normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Lines with OCR spaces and lowercase go through Find and then Parse.
func TestFindThenParse(t *testing.T) {
	text := []string{
		"i<uto d23145890 7<<<<<<< <<<<<<<<",
		"7408122 f 1204159 ut0 <<<<<<<<<<<6",
		"eriksson<<anna<maria<<<<<<<<<<",
	}
	groups := Find(text)
	if len(groups) != 1 {
		t.Fatalf("groups %q", groups)
	}
	r, err := Parse(groups[0], testNow)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Valid || r.Nationality != "UTO" || r.DocumentNumber != "D23145890" || r.GivenNames != "ANNA MARIA" {
		t.Errorf("%+v", r)
	}
}
