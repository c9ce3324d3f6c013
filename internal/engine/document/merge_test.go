package document

import (
	"slices"
	"testing"
	"time"

	"openkyc/internal/engine/mrz"
	"openkyc/internal/engine/ocr"
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

func TestCyrillicSpellings(t *testing.T) {
	for latin, want := range map[string]string{
		"SHEVCHENKO": "ШЕВЧЕНКО", "SHCHERBAKOVA": "ЩЕРБАКОВА", "EVGENII": "ЕВГЕНИЙ", "ZAITSEV": "ЗАЙЦЕВ",
		"MARIIA": "МАРИЯ", "KHARITONOV": "ХАРИТОНОВ",
	} {
		if !slices.Contains(cyrillicSpellings(latin), want) {
			t.Errorf("cyrillicSpellings(%q) lacks %q", latin, want)
		}
	}
	if got := cyrillicSpellings("SMITHW"); got != nil {
		t.Errorf("W is no ICAO transliteration of Cyrillic, got %v", got)
	}
}

func TestLookalikeName(t *testing.T) {
	line := func(s string) ocr.Line { return ocr.Line{Text: s} }
	lines := []ocr.Line{line("930913963"), line("WEBYEHKO"), line("SHEVCHENKO"), line("EKATEPMHA"), line("EKATERINA")}
	if got, _ := lookalikeName("SHEVCHENKO", lines); got != "ШЕВЧЕНКО" {
		t.Errorf("surname = %q", got)
	}
	if got, _ := lookalikeName("EKATERINA", lines); got != "ЕКАТЕРИНА" {
		t.Errorf("given name = %q", got)
	}
	if got, _ := lookalikeName("IVANOV", lines); got != "" {
		t.Errorf("a name not printed was found: %q", got)
	}
}
