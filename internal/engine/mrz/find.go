package mrz

// Find picks candidate MRZ line groups out of the OCR'd text lines of a whole
// document: lines mixed with other text, in any order, with spaces inserted,
// lowercase letters and '<' look-alikes. Each line is normalised as in Parse
// (uppercase, whitespace removed, '«', '‹' and similar mapped to '<', stray
// characters trimmed at both ends).
//
// A line is an MRZ candidate when its length is within 2 of 30, 36 or 44
// (or 7–11 for the first line of a Swiss driving licence), at most one
// character in ten is outside A–Z, 0–9 and '<', and it has at least two
// fillers or is at least 40 % digits. Candidates of the same length that
// follow each other (blank lines aside) form groups of 2 (36, 44) or 3 (30);
// a longer run gives every window of that size, since OCR can duplicate a
// line. Leftover candidates of one length are grouped when there are exactly
// enough of them, wherever they are. A single 30-character "D…FRA" line is a
// French driving licence. Lines in a group are put in MRZ order when their
// content makes it clear (the line that starts with a document code and
// country first, for TD1 the line with the dates second), else kept in input
// order.
//
// Groups come in input order; pass each to Parse and keep the one that
// parses, preferring a Valid result.
func Find(lines []string) [][]string {
	type cand struct {
		idx  int // position among the non-blank lines
		s    string
		band int
		used bool
	}
	var cs []*cand
	nonBlank := 0
	for _, l := range lines {
		s := normalize(l)
		if s == "" {
			continue // blank lines do not break a run
		}
		b := band(len(s))
		if b == 0 && band9(len(s)) {
			b = 9
		}
		if b != 0 && mrzLike(s, b) {
			cs = append(cs, &cand{idx: nonBlank, s: s, band: b})
		}
		nonBlank++
	}
	var groups [][]string
	emit := func(g []*cand) {
		out := make([]string, len(g))
		for i, c := range g {
			out[i] = c.s
			c.used = true
		}
		groups = append(groups, permute(out, orderIdx(out)))
	}
	// Runs of adjacent candidates of one length.
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && cs[j].idx == cs[j-1].idx+1 && cs[j].band == cs[i].band {
			j++
		}
		run := cs[i:j]
		switch b := run[0].band; {
		case b == 9:
			// Swiss licence: the short line, then two of 30.
			if j+1 < len(cs) && cs[j].idx == run[len(run)-1].idx+1 && cs[j+1].idx == cs[j].idx+1 &&
				cs[j].band == 30 && cs[j+1].band == 30 {
				emit([]*cand{run[len(run)-1], cs[j], cs[j+1]})
				j += 2
			}
		case b == 30 && len(run) == 1:
			if code := alphaProbe(run[0].s, 5); code[0] == 'D' && code[2:5] == "FRA" {
				emit(run)
			}
		default:
			k := 2
			if b == 30 {
				k = 3
			}
			for w := 0; w+k <= len(run); w++ {
				emit(run[w : w+k])
			}
		}
		i = j
	}
	// Leftovers: the lines of one MRZ may be scattered by the OCR's reading
	// order.
	for _, b := range []int{30, 36, 44} {
		var left []*cand
		for _, c := range cs {
			if c.band == b && !c.used {
				left = append(left, c)
			}
		}
		k := 2
		if b == 30 {
			k = 3
		}
		if len(left) == k {
			emit(left)
		}
	}
	return groups
}

// mrzLike tells MRZ lines from other text of the same length.
func mrzLike(s string, band int) bool {
	bad, fill, digits := 0, 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<':
			fill++
		case isDigit(c):
			digits++
		case !isMRZChar(c):
			bad++
		}
	}
	if bad*10 > len(s) {
		return false
	}
	if band == 9 {
		return fill >= 1
	}
	return fill >= 2 || digits*10 >= len(s)*4
}

// firstLineLike: a document code (letter, letter or '<'), a 3-letter state
// and few digits, as TD2/TD3/MRV/French ID first lines are.
func firstLineLike(s string) bool {
	if len(s) < 5 || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < 5; i++ {
		if !isLetter(s[i]) && s[i] != '<' {
			return false
		}
	}
	return countDigits(s)*4 < len(s)
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// orderIdx returns the permutation order applies: out[i] = g[idx[i]].
func orderIdx(g []string) []int {
	id := make([]int, len(g))
	for i := range id {
		id[i] = i
	}
	switch len(g) {
	case 2:
		if !firstLineLike(g[0]) && firstLineLike(g[1]) {
			return []int{1, 0}
		}
	case 3:
		if len(g[0]) < 20 {
			return id // Swiss licence: the short line comes first
		}
		// TD1: line 2 has the dates at 0–6 and 8–14; of the other two the
		// name line has fewer digits.
		dates := func(s string) int {
			n := 0
			for i := 0; i < 14 && i < len(s); i++ {
				if i != 6 && i != 7 && isDigit(s[i]) {
					n++
				}
			}
			return n
		}
		l2 := 0
		for i := range g {
			if dates(g[i]) > dates(g[l2]) {
				l2 = i
			}
		}
		if dates(g[l2]) < 9 {
			return id
		}
		var rest []int
		for i := range g {
			if i != l2 {
				rest = append(rest, i)
			}
		}
		a, b := countDigits(g[rest[0]]), countDigits(g[rest[1]])
		switch {
		case a > b:
			return []int{rest[0], l2, rest[1]}
		case b > a:
			return []int{rest[1], l2, rest[0]}
		}
	}
	return id
}
