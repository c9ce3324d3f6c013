package document

import (
	"slices"
	"testing"
	"time"

	"openkyc/internal/engine/mrz"
)

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
