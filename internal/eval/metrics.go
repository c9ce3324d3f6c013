package eval

import (
	"math"
	"slices"
	"sort"
)

// Verification holds the similarity scores of same-identity (genuine) and
// different-identity (impostor) pairs, sorted ascending, and answers the
// face-verification metrics. A pair is accepted when score >= threshold.
type Verification struct {
	same, different []float64
}

// NewVerification copies and sorts the scores. NaN scores are dropped: a
// comparison that produced no number is a failed comparison, and the caller
// should drop that pair (and count the failure) before getting here.
func NewVerification(same, different []float64) *Verification {
	return &Verification{same: sortedFinite(same), different: sortedFinite(different)}
}

// ScorePairs scores each pair with score and collects the results into a
// Verification. A pair whose score returns ok == false (typically because
// face detection failed on one of its images) is dropped, so it counts in
// neither pairs_same nor pairs_different of the report.
func ScorePairs(pairs []Pair, score func(a, b int) (s float64, ok bool)) *Verification {
	var same, different []float64
	for _, p := range pairs {
		s, ok := score(p.A, p.B)
		if !ok {
			continue
		}
		if p.Same {
			same = append(same, s)
		} else {
			different = append(different, s)
		}
	}
	return NewVerification(same, different)
}

// NumSame returns the number of same-identity scores.
func (v *Verification) NumSame() int { return len(v.same) }

// NumDifferent returns the number of different-identity scores.
func (v *Verification) NumDifferent() int { return len(v.different) }

// At returns the true accept rate and false accept rate when pairs with
// score >= threshold are accepted. Either is NaN when it has no pairs.
func (v *Verification) At(threshold float64) (tar, far float64) {
	return fracGESorted(v.same, threshold), fracGESorted(v.different, threshold)
}

// EER returns the equal error rate and the threshold where it occurs.
//
// Method: FAR(t) (impostors with score >= t) falls and FRR(t) (genuines
// with score < t) rises as t goes up, both changing only at observed
// scores. They are evaluated at every distinct observed score and just
// above the highest one. If some threshold gives FAR == FRR exactly, the
// lowest such threshold is returned. Otherwise FAR−FRR changes sign between
// two consecutive thresholds t1 < t2, and the EER is where the straight
// segments joining (FAR, FRR) at t1 and t2 cross: with
// α = d1/(d1−d2), d = FAR−FRR, EER = FAR1 + α(FAR2−FAR1) (= FRR1 +
// α(FRR2−FRR1)) and threshold = t1 + α(t2−t1). Interpolating between the
// two neighbouring operating points, rather than snapping to one of them,
// keeps a small set from reporting an EER that no threshold comes near.
//
// Both are NaN when either kind of pair is missing.
func (v *Verification) EER() (eer, threshold float64) {
	if len(v.same) == 0 || len(v.different) == 0 {
		return math.NaN(), math.NaN()
	}
	cands := v.candidates()
	var pt, pfar, pfrr float64
	for k, t := range cands {
		far := fracGESorted(v.different, t)
		frr := fracLTSorted(v.same, t)
		d := far - frr
		if d == 0 {
			return far, t
		}
		// The lowest candidate is the lowest score, where FAR == 1 and
		// FRR == 0, so d > 0 there and a previous point exists below.
		if d < 0 && k > 0 {
			pd := pfar - pfrr
			a := pd / (pd - d)
			return pfar + a*(far-pfar), pt + a*(t-pt)
		}
		pt, pfar, pfrr = t, far, frr
	}
	// Unreachable: above the highest score FAR == 0 and FRR == 1.
	return math.NaN(), math.NaN()
}

// TARAtFAR returns the true accept rate at the given false accept rate and
// the threshold that achieves it.
//
// The threshold is the smallest t among the observed scores (and just above
// the highest one) such that the fraction of different-identity pairs with
// score >= t is <= far. Because TAR only changes at observed scores, this
// is also the best TAR of any real threshold meeting the FAR. Ties at a
// score are all accepted or all rejected, so a tie may push the threshold
// above more impostors than far strictly requires.
//
// Resolution policy: with N different pairs the smallest non-zero FAR that
// can be observed is 1/N. When far < 1/N, the data cannot tell whether FAR
// is at or below far (zero accepted impostors out of a handful says little),
// so both results are NaN and the report prints null. tar alone is NaN when
// there are no same-identity pairs.
func (v *Verification) TARAtFAR(far float64) (tar, threshold float64) {
	n := len(v.different)
	if n == 0 || math.IsNaN(far) {
		return math.NaN(), math.NaN()
	}
	// The small epsilon keeps 1e-3 × 1000 from flooring to 0 through
	// rounding; allowed is how many impostors may be accepted.
	allowed := int(math.Floor(far*float64(n) + 1e-9))
	if allowed < 1 {
		return math.NaN(), math.NaN()
	}
	if allowed >= n {
		threshold = v.lowest()
	} else {
		// Any t above the (allowed+1)-th highest impostor score accepts at
		// most `allowed` impostors, and no t at or below it does.
		b := v.different[n-1-allowed]
		threshold = math.Inf(1)
		if x, ok := firstAbove(v.different, b); ok {
			threshold = x
		}
		if x, ok := firstAbove(v.same, b); ok && x < threshold {
			threshold = x
		}
		if math.IsInf(threshold, 1) {
			// No score above b: TAR is 0 and the threshold sits just
			// above b, the first value that rejects it.
			threshold = math.Nextafter(b, math.Inf(1))
		}
	}
	return fracGESorted(v.same, threshold), threshold
}

// FARResolvable reports whether TARAtFAR can answer for far, that is,
// whether there are at least 1/far different-identity pairs.
func (v *Verification) FARResolvable(far float64) bool {
	return far*float64(len(v.different))+1e-9 >= 1
}

// candidates returns every distinct observed score, ascending, plus one
// value just above the highest so that "reject everything" is included.
func (v *Verification) candidates() []float64 {
	all := make([]float64, 0, len(v.same)+len(v.different)+1)
	all = append(all, v.same...)
	all = append(all, v.different...)
	slices.Sort(all)
	all = slices.Compact(all)
	if len(all) > 0 {
		all = append(all, math.Nextafter(all[len(all)-1], math.Inf(1)))
	}
	return all
}

// lowest returns the lowest score of either kind (NaN if none).
func (v *Verification) lowest() float64 {
	switch {
	case len(v.same) == 0 && len(v.different) == 0:
		return math.NaN()
	case len(v.same) == 0:
		return v.different[0]
	case len(v.different) == 0:
		return v.same[0]
	}
	return math.Min(v.same[0], v.different[0])
}

// APCER returns the attack presentation classification error rate: the
// fraction of attack (spoof) presentations accepted as live, i.e. with
// score >= threshold. NaN when there are no attack scores.
func APCER(spoofScores []float64, threshold float64) float64 {
	return fracGE(spoofScores, threshold)
}

// BPCER returns the bona fide presentation classification error rate: the
// fraction of live presentations rejected, i.e. with score < threshold.
// NaN when there are no live scores.
func BPCER(liveScores []float64, threshold float64) float64 {
	return fracLT(liveScores, threshold)
}

// ThresholdForBPCER returns the highest threshold whose BPCER is at most
// maxBPCER. BPCER(t) only rises as t passes a live score, so the answer is
// the live score just above the allowed number of rejections (which is
// rejected by none of its equals, since accept means score >= t). It is
// +Inf when maxBPCER >= 1 (any threshold will do) and NaN when there are no
// live scores.
func ThresholdForBPCER(liveScores []float64, maxBPCER float64) float64 {
	s := sortedFinite(liveScores)
	if len(s) == 0 || math.IsNaN(maxBPCER) {
		return math.NaN()
	}
	allowed := int(math.Floor(maxBPCER*float64(len(s)) + 1e-9))
	if allowed < 0 {
		allowed = 0
	}
	if allowed >= len(s) {
		return math.Inf(1)
	}
	return s[allowed]
}

// Percentile returns the p-th percentile (p in 0..100, clamped) of ms with
// linear interpolation between closest ranks (NumPy's default "linear"
// method: rank = p/100 × (n−1)). NaN values are ignored; the result is NaN
// when nothing is left or p is NaN.
func Percentile(ms []float64, p float64) float64 {
	return percentileSorted(sortedFinite(ms), p)
}

func percentileSorted(s []float64, p float64) float64 {
	if len(s) == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	p = math.Max(0, math.Min(100, p))
	rank := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	return s[lo] + (rank-float64(lo))*(s[hi]-s[lo])
}

// sortedFinite returns an ascending copy of xs without NaNs.
func sortedFinite(xs []float64) []float64 {
	out := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// fracGESorted returns the fraction of the ascending, NaN-free slice s with
// x >= t by binary search (NaN for an empty slice); the sweeps in EER would
// be quadratic with a linear count.
func fracGESorted(s []float64, t float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	return float64(len(s)-sort.SearchFloat64s(s, t)) / float64(len(s))
}

// fracLTSorted is the complement of fracGESorted, computed from counts so
// that 1/3 stays exactly 1/3 rather than 1 − 2/3.
func fracLTSorted(s []float64, t float64) float64 {
	if len(s) == 0 {
		return math.NaN()
	}
	return float64(sort.SearchFloat64s(s, t)) / float64(len(s))
}

// fracLT returns the fraction of xs with x < t (NaNs ignored), NaN when
// none is left.
func fracLT(xs []float64, t float64) float64 {
	n, k := 0, 0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		n++
		if x < t {
			k++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// fracGE returns the fraction of xs with x >= t (NaNs ignored), NaN when
// none is left. It does not need xs sorted, so the exported PAD helpers can
// take the caller's slices as they are.
func fracGE(xs []float64, t float64) float64 {
	n, k := 0, 0
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		n++
		if x >= t {
			k++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return float64(k) / float64(n)
}

// firstAbove returns the smallest element of the ascending slice s that is
// strictly greater than b.
func firstAbove(s []float64, b float64) (float64, bool) {
	i := sort.Search(len(s), func(i int) bool { return s[i] > b })
	if i == len(s) {
		return 0, false
	}
	return s[i], true
}
