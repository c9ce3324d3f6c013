package mrz

import (
	"fmt"
	"math/bits"
	"slices"
	"time"
)

// maxNameGuesses bounds ResolveNames: at most this many K/C positions are
// tried, 2^n combinations.
const maxNameGuesses = 8

// ResolveNames settles what check digits cannot: whether a K or C touching
// a filler in a name field is a letter or a misread filler. OCR-B's '<'
// comes out as K or C ("ERIKSSONK<ANNA", "BEATAK<<<", "PIPPAC"), and real
// names end in K or C too (ERIK, NOVAK, MARC), so only the names printed
// elsewhere on the document can tell. ResolveNames tries turning those Ks
// and Cs into '<', fewest first, and returns the first reading whose
// surname and given names accept approves; r itself if accept approves it
// as it is, nil if no reading does.
func (r *Result) ResolveNames(accept func(surname, givenNames string) bool, now time.Time) *Result {
	if accept(r.Surname, r.GivenNames) {
		return r
	}
	type pos struct{ line, at int }
	var cands []pos
	for _, sp := range layouts[r.Format].spans {
		if sp.kind != kName || sp.line >= len(r.Lines) {
			continue
		}
		l := r.Lines[sp.line]
		for i := sp.start; i < sp.end && i < len(l); i++ {
			touches := i+1 == sp.end || l[i+1] == '<' || i > sp.start && l[i-1] == '<'
			if (l[i] == 'K' || l[i] == 'C') && touches {
				cands = append(cands, pos{sp.line, i})
			}
		}
	}
	if len(cands) == 0 || len(cands) > maxNameGuesses {
		return nil
	}
	for size := 1; size <= len(cands); size++ {
		for set := 1; set < 1<<len(cands); set++ {
			if bits.OnesCount(uint(set)) != size {
				continue
			}
			lines := make([][]byte, len(r.Lines))
			for i, l := range r.Lines {
				lines[i] = []byte(l)
			}
			var notes []string
			for k, p := range cands {
				if set&(1<<k) != 0 {
					lines[p.line][p.at] = '<'
					notes = append(notes, fmt.Sprintf("line %d pos %d: %c→< (the names printed on the document)", p.line+1, p.at+1, r.Lines[p.line][p.at]))
				}
			}
			strs := make([]string, len(lines))
			for i, l := range lines {
				strs[i] = string(l)
			}
			r2, err := Parse(strs, now)
			if err != nil || !accept(r2.Surname, r2.GivenNames) {
				continue
			}
			r2.Repairs = slices.Concat(r.Repairs, r2.Repairs, notes)
			return r2
		}
	}
	return nil
}
