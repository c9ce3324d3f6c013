package mrz

import "testing"

func TestCheckDigit(t *testing.T) {
	// ICAO 9303 part 3 worked examples and the Utopia specimen.
	for in, want := range map[string]byte{
		"L898902C3":      '6',
		"740812":         '2',
		"120415":         '9',
		"ZE184226B<<<<<": '1',
		"D23145890":      '7',
		"":               '0',
		"ab":             0,
	} {
		if got := CheckDigit(in); got != want {
			t.Errorf("CheckDigit(%q) = %q, want %q", in, got, want)
		}
	}
}
