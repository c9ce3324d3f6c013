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
