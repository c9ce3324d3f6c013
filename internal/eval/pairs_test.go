package eval

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// makeItems builds a labelled slice with the given identity sizes,
// interleaving identities so that same-identity indices are not contiguous.
func makeItems(sizes ...int) []Labelled {
	var items []Labelled
	for round := 0; ; round++ {
		added := false
		for id, n := range sizes {
			if round < n {
				items = append(items, Labelled{File: fmt.Sprintf("%d/%d.jpg", id, round), Label: fmt.Sprintf("id%d", id)})
				added = true
			}
		}
		if !added {
			return items
		}
	}
}

func TestPairs(t *testing.T) {
	// 24 identities of ~39 images, like celebrity-crops: 942 items.
	crops := make([]int, 24)
	for i := range crops {
		crops[i] = 39
	}
	crops[0], crops[1], crops[2], crops[3], crops[4], crops[5] = 40, 40, 40, 40, 40, 40

	tests := []struct {
		name         string
		sizes        []int
		maxDifferent int
		wantDiff     int // expected number of different pairs
	}{
		{"empty", nil, 10, 0},
		{"single", []int{1}, 10, 0},
		{"one identity", []int{5}, 10, 0},
		{"all different below cap", []int{1, 1, 1, 1}, 10, 6},
		{"exactly at cap", []int{2, 3}, 6, 6},
		{"just above cap", []int{2, 3}, 5, 5},
		{"cap zero", []int{2, 3}, 0, 0},
		{"no cap", []int{3, 4, 5}, -1, 3*4 + 3*5 + 4*5},
		{"unbalanced", []int{50, 1, 1}, 30, 30},
		{"celebrity-crops size", crops, DefaultMaxDifferent, DefaultMaxDifferent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			items := makeItems(tc.sizes...)
			if tc.name == "celebrity-crops size" && len(items) != 942 {
				t.Fatalf("fixture has %d items, want 942", len(items))
			}
			wantSame := 0
			for _, n := range tc.sizes {
				wantSame += n * (n - 1) / 2
			}
			got := Pairs(items, tc.maxDifferent, DefaultSeed)
			same, diff := 0, 0
			seen := map[[2]int]bool{}
			for k, p := range got {
				if p.A < 0 || p.A >= p.B || p.B >= len(items) {
					t.Fatalf("pair %d = %+v out of range or not A<B", k, p)
				}
				if seen[[2]int{p.A, p.B}] {
					t.Fatalf("pair %+v repeated", p)
				}
				seen[[2]int{p.A, p.B}] = true
				if k > 0 && (got[k-1].A > p.A || got[k-1].A == p.A && got[k-1].B > p.B) {
					t.Fatalf("pairs not sorted at %d", k)
				}
				if p.Same != (items[p.A].Label == items[p.B].Label) {
					t.Fatalf("pair %+v Same flag wrong for labels %q %q", p, items[p.A].Label, items[p.B].Label)
				}
				if p.Same {
					same++
				} else {
					diff++
				}
			}
			if same != wantSame || diff != tc.wantDiff {
				t.Errorf("got %d same, %d different; want %d, %d", same, diff, wantSame, tc.wantDiff)
			}
		})
	}
}

func TestPairsDeterministic(t *testing.T) {
	items := makeItems(10, 7, 12, 3, 1, 9)
	const maxDiff = 50
	diffOnly := func(ps []Pair) []Pair {
		var out []Pair
		for _, p := range ps {
			if !p.Same {
				out = append(out, p)
			}
		}
		return out
	}
	a := Pairs(items, maxDiff, 7)
	b := Pairs(items, maxDiff, 7)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different pairs")
	}
	c := Pairs(items, maxDiff, 8)
	if reflect.DeepEqual(diffOnly(a), diffOnly(c)) {
		t.Error("different seeds gave the same sample")
	}
	if len(diffOnly(c)) != maxDiff {
		t.Errorf("got %d different pairs, want %d", len(diffOnly(c)), maxDiff)
	}
}

// TestPairsUniform checks that the sampler covers the different pairs evenly:
// over many seeds each of the 11 different pairs of a tiny set should be
// chosen in about maxDiff/11 of the runs.
func TestPairsUniform(t *testing.T) {
	items := makeItems(2, 3, 1) // 15 pairs, 1+3 same, 11 different
	const maxDiff, runs = 4, 20000
	counts := map[[2]int]int{}
	for seed := uint64(0); seed < runs; seed++ {
		for _, p := range Pairs(items, maxDiff, seed) {
			if !p.Same {
				counts[[2]int{p.A, p.B}]++
			}
		}
	}
	if len(counts) != 11 {
		t.Fatalf("sampled %d distinct different pairs, want all 11", len(counts))
	}
	want := float64(runs*maxDiff) / 11
	for p, n := range counts {
		if d := float64(n) - want; d > 0.05*want || d < -0.05*want {
			t.Errorf("pair %v chosen %d times, want about %.0f", p, n, want)
		}
	}
}

func BenchmarkPairs942(b *testing.B) {
	sizes := make([]int, 24)
	for i := range sizes {
		sizes[i] = 39
	}
	items := makeItems(sizes...)
	for b.Loop() {
		Pairs(items, DefaultMaxDifferent, DefaultSeed)
	}
}

func TestPairsSharedData(t *testing.T) {
	root := testData(t)
	tests := []struct {
		folder          string
		same, different int
	}{
		// 425 040 different pairs exist; the default cap samples 20 000.
		{"faces/celebrity-crops", 18171, DefaultMaxDifferent},
		// 5 549 different pairs: under the cap, so all are taken.
		{"faces/five-celebrities", 1354, 5549},
	}
	for _, tc := range tests {
		t.Run(tc.folder, func(t *testing.T) {
			items, err := ReadLabels(filepath.Join(root, filepath.FromSlash(tc.folder)))
			if err != nil {
				t.Fatal(err)
			}
			same, diff := 0, 0
			for _, p := range Pairs(items, DefaultMaxDifferent, DefaultSeed) {
				if p.Same {
					same++
				} else {
					diff++
				}
			}
			if same != tc.same || diff != tc.different {
				t.Errorf("got %d same, %d different; want %d, %d", same, diff, tc.same, tc.different)
			}
		})
	}
}

func TestReadPairs(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "pairs.csv")
	os.WriteFile(p, []byte("file_x,file_y,same_person,src\na.jpg,b.jpg,Yes,x\nc.jpg,a.jpg,No,x\n"), 0o644)
	items, pairs, err := ReadPairs(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || len(pairs) != 2 || !pairs[0].Same || pairs[1].Same || pairs[1].A != 0 || pairs[1].B != 2 {
		t.Fatalf("items %v pairs %v", items, pairs)
	}
	for _, bad := range []string{"file_x,file_y,same\na.jpg,b.jpg,maybe\n", "h\n", "file_x,file_y,same\na.jpg,a.jpg,yes\n"} {
		os.WriteFile(p, []byte(bad), 0o644)
		if _, _, err := ReadPairs(p); err == nil {
			t.Errorf("ReadPairs(%q) accepted", bad)
		}
	}
}
