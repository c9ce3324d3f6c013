package tess

import (
	"unicode/utf8"

	"openkyc/internal/engine/textnorm"
)

// cer is the character error rate of got against want: the Levenshtein
// distance over runes divided by the length of want.
func cer(got, want string) float64 {
	if want == "" {
		if got == "" {
			return 0
		}
		return 1
	}
	return float64(textnorm.Distance(got, want)) / float64(utf8.RuneCountInString(want))
}
