package eval

import (
	"math"
	"testing"
)

const eps = 1e-9

// near compares floats, treating two NaNs as equal.
func near(got, want float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if math.IsInf(want, 0) {
		return got == want
	}
	return math.Abs(got-want) <= eps
}

// seq returns n scores start, start+step, ...
func seq(n int, start, step float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = start + float64(i)*step
	}
	return out
}

func repeat(x float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

func cat(xs ...[]float64) []float64 {
	var out []float64
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

func TestEER(t *testing.T) {
	tests := []struct {
		name            string
		same, different []float64
		eer, threshold  float64
	}{
		// Any threshold in (0.2, 0.8] separates; the lowest observed one
		// reaching FAR == FRR is returned.
		{"perfect separation", []float64{0.9, 0.8}, []float64{0.1, 0.2}, 0, 0.8},
		{"fully overlapping", []float64{0.1, 0.2, 0.3, 0.4}, []float64{0.4, 0.3, 0.2, 0.1}, 0.5, 0.3},
		// At 0.5 FAR=1/2, FRR=1/3; at 0.6 FAR=1/4, FRR=1/3. FAR−FRR goes
		// 1/6 → −1/12, so α = 2/3: EER = 1/2 − 2/3·1/4 = 1/3 at 0.5 + 2/3·0.1.
		{"interpolated crossing", []float64{0.3, 0.6, 0.9}, []float64{0.1, 0.4, 0.5, 0.8}, 1.0 / 3, 0.5 + 0.2/3},
		// Exact crossing at an observed score: at 0.6 FAR = FRR = 1/4.
		{"exact crossing", []float64{0.3, 0.6, 0.7, 0.9}, []float64{0.1, 0.4, 0.5, 0.8}, 0.25, 0.6},
		// All scores tie: accepting all gives FAR 1/FRR 0, rejecting all
		// FAR 0/FRR 1; halfway is 0.5 at (just about) the tied score.
		{"all tied", []float64{0.5, 0.5}, []float64{0.5, 0.5}, 0.5, 0.5},
		{"inverted", []float64{0.1, 0.2}, []float64{0.8, 0.9}, 1, 0.8},
		// The crossing lies between the top score (FAR 1, FRR 1/3) and just
		// above it (FAR 0, FRR 1): α = (2/3)/(5/3) = 0.4, EER = 0.6.
		{"tie at the top", []float64{0.1, 0.9, 0.9}, []float64{0.9}, 0.6, 0.9},
		{"NaN dropped", []float64{0.9, math.NaN()}, []float64{0.1}, 0, 0.9},
		{"no same", nil, []float64{0.1}, math.NaN(), math.NaN()},
		{"no different", []float64{0.1}, nil, math.NaN(), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eer, th := NewVerification(tc.same, tc.different).EER()
			if !near(eer, tc.eer) || !near(th, tc.threshold) {
				t.Errorf("EER() = %v at %v, want %v at %v", eer, th, tc.eer, tc.threshold)
			}
		})
	}
}

func TestTARAtFAR(t *testing.T) {
	tests := []struct {
		name            string
		same, different []float64
		far             float64
		tar, threshold  float64
	}{
		// 100 impostors 0..0.495: one may be accepted, so the threshold is
		// the top impostor score itself.
		{"perfect separation 1e-2", []float64{0.8, 0.9}, seq(100, 0, 0.005), 1e-2, 1, 0.495},
		{"perfect separation 1e-3", []float64{0.8, 0.9}, seq(1000, 0, 0.0005), 1e-3, 1, 0.4995},
		// Resolution: 10 impostors cannot show a FAR of 1e-3 or 1e-2.
		{"10 pairs at 1e-3", []float64{0.8, 0.9}, seq(10, 0, 0.1), 1e-3, math.NaN(), math.NaN()},
		{"10 pairs at 1e-2", []float64{0.8, 0.9}, seq(10, 0, 0.1), 1e-2, math.NaN(), math.NaN()},
		// ... but can show 0.1: one impostor (0.9) may pass, threshold 0.9,
		// and so may the genuine 0.9.
		{"10 pairs at 1e-1", []float64{0.8, 0.9}, seq(10, 0, 0.1), 0.1, 0.5, 0.9},
		// Three impostors tie at 0.7 where only one may pass: the threshold
		// must clear all three, and the next observed score is genuine 0.75.
		{"tie at the boundary", []float64{0.6, 0.7, 0.75, 0.9}, cat(seq(97, 0, 0.001), repeat(0.7, 3)), 1e-2, 0.5, 0.75},
		// With three allowed, the tie may pass: threshold drops to the lowest
		// score above the 4th-highest impostor (0.096), genuine 0.6.
		{"tie within allowance", []float64{0.6, 0.7, 0.75, 0.9}, cat(seq(97, 0, 0.001), repeat(0.7, 3)), 0.03, 1, 0.6},
		// Nothing above the boundary: the threshold is just above it.
		{"nothing above", []float64{0.1}, repeat(0.5, 10), 0.1, 0, math.Nextafter(0.5, 1)},
		{"FAR 1 accepts all", []float64{0.3, 0.9}, []float64{0.2, 0.5}, 1, 1, 0.2},
		{"no same pairs", nil, seq(100, 0, 0.01), 1e-2, math.NaN(), 0.99},
		{"no different pairs", []float64{0.5}, nil, 1e-2, math.NaN(), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := NewVerification(tc.same, tc.different)
			tar, th := v.TARAtFAR(tc.far)
			if !near(tar, tc.tar) || !near(th, tc.threshold) {
				t.Fatalf("TARAtFAR(%g) = %v at %v, want %v at %v", tc.far, tar, th, tc.tar, tc.threshold)
			}
			if v.FARResolvable(tc.far) != !math.IsNaN(th) {
				t.Errorf("FARResolvable(%g) = %v but threshold %v", tc.far, v.FARResolvable(tc.far), th)
			}
			if math.IsNaN(th) {
				return
			}
			// The definition, checked against At: FAR at the threshold is
			// within the target, and no lower observed score would be.
			if _, far := v.At(th); far > tc.far+eps {
				t.Errorf("FAR at threshold %v is %v > %v", th, far, tc.far)
			}
			for _, s := range cat(tc.same, tc.different) {
				if _, far := v.At(s); s < th && far <= tc.far {
					t.Errorf("lower score %v also meets FAR (%v)", s, far)
				}
			}
		})
	}
}

func TestAt(t *testing.T) {
	v := NewVerification([]float64{0.5, 0.4, 0.9}, []float64{0.5, 0.1})
	tests := []struct {
		threshold, tar, far float64
	}{
		{0.5, 2.0 / 3, 0.5}, // ties at the threshold are accepted
		{0.0, 1, 1},
		{0.45, 2.0 / 3, 0.5},
		{0.95, 0, 0},
	}
	for _, tc := range tests {
		tar, far := v.At(tc.threshold)
		if !near(tar, tc.tar) || !near(far, tc.far) {
			t.Errorf("At(%v) = %v, %v; want %v, %v", tc.threshold, tar, far, tc.tar, tc.far)
		}
	}
	if tar, far := NewVerification(nil, nil).At(0.5); !math.IsNaN(tar) || !math.IsNaN(far) {
		t.Errorf("empty At = %v, %v; want NaN, NaN", tar, far)
	}
}

func TestScorePairs(t *testing.T) {
	pairs := []Pair{{0, 1, true}, {0, 2, false}, {1, 2, false}, {2, 3, true}}
	failed := map[int]bool{3: true}
	v := ScorePairs(pairs, func(a, b int) (float64, bool) {
		if failed[a] || failed[b] {
			return 0, false
		}
		return float64(a+b) / 10, true
	})
	if v.NumSame() != 1 || v.NumDifferent() != 2 {
		t.Errorf("got %d same, %d different; want 1, 2", v.NumSame(), v.NumDifferent())
	}
}

func TestAPCERBPCER(t *testing.T) {
	tests := []struct {
		name        string
		live, spoof []float64
		threshold   float64
		apcer       float64
		bpcer       float64
	}{
		{"mixed", []float64{0.4, 0.5, 0.6, 0.9}, []float64{0.1, 0.5, 0.9}, 0.5, 2.0 / 3, 0.25},
		{"perfect", []float64{0.8, 0.9}, []float64{0.1, 0.2}, 0.5, 0, 0},
		{"ties accepted as live", []float64{0.5}, []float64{0.5}, 0.5, 1, 0},
		{"no data", nil, nil, 0.5, math.NaN(), math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := APCER(tc.spoof, tc.threshold); !near(got, tc.apcer) {
				t.Errorf("APCER = %v, want %v", got, tc.apcer)
			}
			if got := BPCER(tc.live, tc.threshold); !near(got, tc.bpcer) {
				t.Errorf("BPCER = %v, want %v", got, tc.bpcer)
			}
		})
	}
}

func TestThresholdForBPCER(t *testing.T) {
	tests := []struct {
		name     string
		live     []float64
		maxBPCER float64
		want     float64
	}{
		{"20 live, one may fail", seq(20, 0.05, 0.05), 0.05, 0.1},
		{"3 live, none may fail", []float64{0.7, 0.2, 0.5}, 0.05, 0.2},
		{"tie at the answer", []float64{0.3, 0.3, 0.3, 0.8}, 0.25, 0.3},
		{"max 1 allows any", []float64{0.3}, 1, math.Inf(1)},
		{"max 0", []float64{0.3, 0.1}, 0, 0.1},
		{"no live", nil, 0.05, math.NaN()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ThresholdForBPCER(tc.live, tc.maxBPCER)
			if !near(got, tc.want) {
				t.Fatalf("ThresholdForBPCER = %v, want %v", got, tc.want)
			}
			if math.IsNaN(got) || math.IsInf(got, 0) {
				return
			}
			// Highest: the BPCER target holds here and breaks just above.
			if b := BPCER(tc.live, got); b > tc.maxBPCER+eps {
				t.Errorf("BPCER at %v = %v > %v", got, b, tc.maxBPCER)
			}
			if b := BPCER(tc.live, math.Nextafter(got, 2)); b <= tc.maxBPCER {
				t.Errorf("BPCER just above %v = %v, still <= %v", got, b, tc.maxBPCER)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		ms   []float64
		p    float64
		want float64
	}{
		{"empty", nil, 50, math.NaN()},
		{"single", []float64{5}, 95, 5},
		{"median even", []float64{4, 1, 3, 2}, 50, 2.5},
		{"min", []float64{4, 1, 3, 2}, 0, 1},
		{"max", []float64{4, 1, 3, 2}, 100, 4},
		{"p95 interpolated", []float64{4, 1, 3, 2}, 95, 3.85},
		{"clamped above", []float64{1, 2}, 150, 2},
		{"clamped below", []float64{1, 2}, -5, 1},
		{"NaN p", []float64{1, 2}, math.NaN(), math.NaN()},
		{"NaN values ignored", []float64{math.NaN(), 10, 20}, 50, 15},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Percentile(tc.ms, tc.p); !near(got, tc.want) {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tc.ms, tc.p, got, tc.want)
			}
		})
	}
}

func BenchmarkEER(b *testing.B) {
	same := seq(18000, 0.2, 0.00004)
	diff := seq(20000, -0.1, 0.00003)
	v := NewVerification(same, diff)
	for b.Loop() {
		v.EER()
	}
}
