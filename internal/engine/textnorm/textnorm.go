// Package textnorm compares document field values on content: the same
// rules serve the engine (does the MRZ agree with the printed zone?) and the
// evaluation (is a field read exactly?), as ../shared/data/README.md defines.
package textnorm

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// nameLike are the fields compared without spaces, hyphens and commas:
// documents break and punctuate names and numbers freely.
var nameLike = map[string]bool{"surname": true, "given_names": true, "full_name_native": true, "document_number": true}

// Field normalises a value of the named field: Unicode NFKC (full-width
// digits become ASCII), trimmed, case-folded, inner whitespace collapsed;
// names and the document number also lose spaces, hyphens and commas.
func Field(name, s string) string {
	s = strings.ToLower(strings.TrimSpace(norm.NFKC.String(s)))
	if nameLike[name] {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '-' || r == ',' {
				return -1
			}
			return r
		}, s)
	}
	return strings.Join(strings.Fields(s), " ")
}

// Equal reports whether two values of the named field say the same thing.
// An empty value equals nothing.
func Equal(name, a, b string) bool {
	na := Field(name, a)
	return na != "" && na == Field(name, b)
}

// Distance is the Levenshtein distance between a and b in runes: the
// fewest insertions, deletions and substitutions turning one into the
// other.
func Distance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			sub := prev[j-1]
			if x[i-1] != y[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(y)]
}
