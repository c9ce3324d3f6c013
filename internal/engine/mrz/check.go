// Package mrz parses and validates ICAO 9303 machine-readable zones.
package mrz

// charValue is a character's value in the ICAO 9303 check-digit scheme:
// digits are themselves, A–Z are 10–35, the filler '<' is 0. ok is false for
// any other character.
func charValue(c byte) (v int, ok bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'A' && c <= 'Z':
		return int(c-'A') + 10, true
	case c == '<':
		return 0, true
	}
	return 0, false
}

// CheckDigit computes the ICAO 9303 check digit of s (weights 7, 3, 1
// repeating, sum modulo 10) as an ASCII digit. Characters outside 0–9, A–Z
// and '<' make it return 0 (not a digit), so no check can pass on them.
func CheckDigit(s string) byte {
	weights := [3]int{7, 3, 1}
	sum := 0
	for i := 0; i < len(s); i++ {
		v, ok := charValue(s[i])
		if !ok {
			return 0
		}
		sum += v * weights[i%3]
	}
	return byte('0' + sum%10)
}
