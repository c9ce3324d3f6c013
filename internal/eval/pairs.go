package eval

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
)

// DefaultMaxDifferent is the README's cap on sampled different-identity
// pairs: enough for a FAR of 1e-3 to be backed by 20 impostor acceptances,
// while keeping an evaluation of ~1000 images to seconds of scoring.
const DefaultMaxDifferent = 20000

// DefaultSeed is the seed `openkyc eval` uses for the different-pair sample,
// so that two runs on the same folder score exactly the same pairs.
const DefaultSeed uint64 = 1

// pcgStream is the fixed second PCG word; only the caller's seed varies.
const pcgStream = 0x6f70656e6b7963 // "openkyc"

// Pair is a verification pair of two indices into the labelled slice given
// to Pairs, with A < B.
type Pair struct {
	A, B int
	// Same is true when both images carry the same identity.
	Same bool
}

// Pairs returns every same-identity pair plus a uniform sample, without
// repetition, of up to maxDifferent different-identity pairs, all sorted by
// (A, B).
//
// When the folder has at most maxDifferent different-identity pairs they
// are all returned; a negative maxDifferent means no cap. The sample is a
// pure function of (items, maxDifferent, seed): math/rand/v2's PCG seeded
// with seed drives Floyd's subset algorithm over the index space of
// different pairs, so memory and time grow with the sample size, not with
// the ~n²/2 pairs of the folder.
func Pairs(items []Labelled, maxDifferent int, seed uint64) []Pair {
	n := len(items)
	if n < 2 {
		return nil
	}

	// pos[i] is the position of i in its identity's ascending index list;
	// the lists let us count same-identity neighbours by binary search.
	groups := make(map[string][]int)
	pos := make([]int, n)
	for i, it := range items {
		pos[i] = len(groups[it.Label])
		groups[it.Label] = append(groups[it.Label], i)
	}

	var out []Pair
	var sameTotal int64
	for _, g := range groups {
		for x := 0; x < len(g); x++ {
			for y := x + 1; y < len(g); y++ {
				out = append(out, Pair{A: g[x], B: g[y], Same: true})
			}
		}
		sameTotal += int64(len(g)) * int64(len(g)-1) / 2
	}
	diffTotal := int64(n)*int64(n-1)/2 - sameTotal

	switch {
	case maxDifferent < 0 || diffTotal <= int64(maxDifferent):
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				if items[i].Label != items[j].Label {
					out = append(out, Pair{A: i, B: j})
				}
			}
		}
	case maxDifferent > 0:
		out = append(out, sampleDifferent(items, groups, pos, diffTotal, maxDifferent, seed)...)
	}

	slices.SortFunc(out, func(p, q Pair) int {
		return cmp.Or(cmp.Compare(p.A, q.A), cmp.Compare(p.B, q.B))
	})
	return out
}

// sampleDifferent draws m distinct different-identity pairs uniformly.
//
// Different pairs are numbered 0..total-1 in (i, j) lexicographic order.
// Floyd's algorithm picks m distinct numbers with exactly m random draws
// (no rejection loop, so it stays fast even when m is close to total), and
// each number is then decoded into its (i, j).
func sampleDifferent(items []Labelled, groups map[string][]int, pos []int, total int64, m int, seed uint64) []Pair {
	rng := rand.New(rand.NewPCG(seed, pcgStream))
	chosen := make(map[uint64]struct{}, m)
	for j := uint64(total) - uint64(m); j < uint64(total); j++ {
		t := rng.Uint64N(j + 1)
		if _, ok := chosen[t]; ok {
			t = j
		}
		chosen[t] = struct{}{}
	}
	idx := make([]int64, 0, m)
	for k := range chosen {
		idx = append(idx, int64(k))
	}
	// Map iteration order is random; sorting restores determinism and lets
	// the decoder below walk i forward only once.
	slices.Sort(idx)

	n := len(items)
	// diffAfter(i) = number of j > i with a different identity.
	diffAfter := func(i int) int64 {
		sameAfter := len(groups[items[i].Label]) - 1 - pos[i]
		return int64(n-1-i) - int64(sameAfter)
	}

	out := make([]Pair, 0, m)
	i, start := 0, int64(0) // start = number of different pairs whose first index is < i
	for _, k := range idx {
		for k >= start+diffAfter(i) {
			start += diffAfter(i)
			i++
		}
		r := k - start // k is the r-th (0-based) different partner of i after i
		g := groups[items[i].Label]
		// Smallest j > i such that (i, j] holds r+1 indices of another
		// identity; that count only grows with j, so binary search applies.
		j := i + 1 + sort.Search(n-i-1, func(d int) bool {
			jj := i + 1 + d
			sameIn := sort.SearchInts(g, jj+1) - (pos[i] + 1) // same-identity indices in (i, jj]
			return int64(jj-i-sameIn) >= r+1
		})
		out = append(out, Pair{A: i, B: j})
	}
	return out
}

// ReadPairs reads an explicit pair list — a CSV with a header and the
// columns file_x, file_y, same_person (Yes/No, true/false, 1/0; extra
// columns ignored), as deepface's pairs_all.csv — and returns the distinct
// files (label = the file itself) and the pairs over them.
func ReadPairs(path string) ([]Labelled, []Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) < 2 {
		return nil, nil, fmt.Errorf("%s: no pairs", path)
	}
	index := map[string]int{}
	var items []Labelled
	id := func(file string) int {
		i, ok := index[file]
		if !ok {
			i = len(items)
			index[file] = i
			items = append(items, Labelled{File: file, Label: file})
		}
		return i
	}
	var pairs []Pair
	for n, row := range rows[1:] {
		if len(row) < 3 || strings.TrimSpace(row[0]) == "" || strings.TrimSpace(row[1]) == "" {
			return nil, nil, fmt.Errorf("%s:%d: want file_x,file_y,same_person", path, n+2)
		}
		var same bool
		switch strings.ToLower(strings.TrimSpace(row[2])) {
		case "yes", "true", "1", "same":
			same = true
		case "no", "false", "0", "different":
		default:
			return nil, nil, fmt.Errorf("%s:%d: same_person %q is not yes or no", path, n+2, row[2])
		}
		a, b := id(strings.TrimSpace(row[0])), id(strings.TrimSpace(row[1]))
		if a == b {
			return nil, nil, fmt.Errorf("%s:%d: a file paired with itself", path, n+2)
		}
		pairs = append(pairs, Pair{A: min(a, b), B: max(a, b), Same: same})
	}
	return items, pairs, nil
}
