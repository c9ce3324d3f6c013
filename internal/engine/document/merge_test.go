package document

import (
	"slices"
	"testing"
	"time"

	"openkyc/internal/engine/mrz"
)

func TestSameName(t *testing.T) {
	for _, tt := range []struct {
		printed, mrz string
		want         bool
	}{
		{"HÄGGLUND", "HAEGGLUND", true}, {"HÄGGLUND", "HAGGLUND", true}, {"ZIELIŃSKI", "ZIELINSKI", true},
		{"NÚÑEZ GÓMEZ", "NUNEZ GOMEZ", true}, {"O'BRIEN", "O BRIEN", true}, {"ЩЕРБАКОВА", "SHCHERBAKOVA", true},
		{"KOWALSKA", "KOWALSKI", false}, {"", "", false},
	} {
		if got := sameName(tt.printed, tt.mrz); got != tt.want {
			t.Errorf("sameName(%q, %q) = %v, want %v", tt.printed, tt.mrz, got, tt.want)
		}
	}
}

func TestRespell(t *testing.T) {
	for _, tt := range []struct{ value, line, want string }{
		{"NUNEZGOMEZ", "NÚÑEZ GÓMEZ", "NÚÑEZ GÓMEZ"},
		{"LUCIA", "LUCÍA", "LUCÍA"},
		{"ZIELINSKI", "Nazwisko ZIELIŃSKI", "ZIELIŃSKI"},
		{"STRASSE 5", "Straße 5", "STRAßE 5"}, // ß read as SS; upper-cased as the value was
		{"KUNGSVAGEN54,42686UPPSALA", "KUNGSVÄGEN 54, 426 86 UPPSALA", "KUNGSVÄGEN 54, 426 86 UPPSALA"},
		{"LUCIA", "LUCIO", ""}, // other letters: PaddleOCR's reading stands
	} {
		got, ok := respell(tt.value, tt.line)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("respell(%q, %q) = %q, %v; want %q", tt.value, tt.line, got, ok, tt.want)
		}
	}
}

func TestMergeMRZNames(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	m, err := mrz.Parse([]string{
		"P<RUSSHCHERBAKOVA<<EKATERINA<<<<<<<<<<<<<<<<",
		"9647540450RUS9108275F2901259<<<<<<<<<<<<<<<2",
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name             string
		surname, given   string
		wantSur          string
		wantDisagreement []string
	}{
		{"Cyrillic transliterates to the MRZ", "ЩЕРБАКОВА", "ЕКАТЕРИНА", "SHCHERBAKOVA", nil},
		{"Latin with accents is kept", "SHCHERBAKOVÁ", "EKATERINA", "SHCHERBAKOVÁ", nil},
		{"another name disagrees", "ЩЕРБАКОВ", "ЕКАТЕРИНА", "SHCHERBAKOVA", []string{"surname"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := &Evidence{Fields: map[string]Field{
				"surname": {Value: tt.surname}, "given_names": {Value: tt.given},
			}}
			mergeMRZ(ev, m)
			if got := ev.Fields["surname"].Value; got != tt.wantSur {
				t.Errorf("surname = %q, want %q", got, tt.wantSur)
			}
			if !slices.Equal(ev.Disagreements, tt.wantDisagreement) {
				t.Errorf("disagreements = %v, want %v", ev.Disagreements, tt.wantDisagreement)
			}
		})
	}
}
