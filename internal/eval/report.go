package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
)

// FARPoint is one operating point of the face report's tar_at_far object.
type FARPoint struct {
	// Key is the JSON key, written the way the README spells it.
	Key string
	// FAR is the false accept rate it stands for.
	FAR float64
}

// FARPoints are the operating points every face report carries, in the
// order the table prints them.
var FARPoints = []FARPoint{{Key: "1e-2", FAR: 1e-2}, {Key: "1e-3", FAR: 1e-3}}

// SpoofMaxBPCER is the BPCER the spoof report's threshold_bpcer_5 is for.
const SpoofMaxBPCER = 0.05

// FaceReport is the result of a face-verification evaluation. Its JSON form
// has exactly the keys the README lists (plus the optional "scores").
// Pointer fields are null in JSON when the metric has no data.
type FaceReport struct {
	Images            int      `json:"images"`
	PairsSame         int      `json:"pairs_same"`
	PairsDifferent    int      `json:"pairs_different"`
	DetectionFailures int      `json:"detection_failures"`
	EER               *float64 `json:"eer"`
	// EERThreshold is shown in the table but kept out of the JSON, whose
	// keys other tools rely on.
	EERThreshold *float64 `json:"-"`
	// TARAtFAR is keyed by FARPoints' keys ("1e-2", "1e-3"); both are
	// always present, with null members when not resolvable.
	TARAtFAR         map[string]TARPoint `json:"tar_at_far"`
	DefaultThreshold float64             `json:"default_threshold"`
	TARAtDefault     *float64            `json:"tar_at_default"`
	FARAtDefault     *float64            `json:"far_at_default"`
	Latency          LatencyMS           `json:"latency_ms"`
	// Scores summarises the score distributions; nil when there were no
	// scores at all.
	Scores *ScoreSummary `json:"scores,omitempty"`
}

// TARPoint is the TAR reached at one FAR, with the threshold that gives it.
type TARPoint struct {
	TAR       *float64 `json:"tar"`
	Threshold *float64 `json:"threshold"`
}

// LatencyMS holds per-image latency percentiles in milliseconds.
type LatencyMS struct {
	P50 *float64 `json:"p50"`
	P95 *float64 `json:"p95"`
}

// ScoreSummary describes where the similarity scores fall, so a reader can
// see how much room the default threshold has on each side: the low tail of
// same-identity scores and the high tail of different-identity scores are
// what decide TAR and FAR.
type ScoreSummary struct {
	Same      SameScores      `json:"same"`
	Different DifferentScores `json:"different"`
}

// SameScores summarises same-identity scores (low tail).
type SameScores struct {
	Min    *float64 `json:"min"`
	P05    *float64 `json:"p05"`
	Median *float64 `json:"median"`
}

// DifferentScores summarises different-identity scores (high tail).
type DifferentScores struct {
	Median *float64 `json:"median"`
	P95    *float64 `json:"p95"`
	P99    *float64 `json:"p99"`
	Max    *float64 `json:"max"`
}

// SpoofReport is the result of a presentation-attack evaluation. Its JSON
// form has exactly the keys the README lists.
type SpoofReport struct {
	Images          int       `json:"images"`
	APCER           *float64  `json:"apcer"`
	BPCER           *float64  `json:"bpcer"`
	Threshold       float64   `json:"threshold"`
	ThresholdBPCER5 *float64  `json:"threshold_bpcer_5"`
	Latency         LatencyMS `json:"latency_ms"`
	// Live and Attacks count the scored images behind BPCER and APCER;
	// the table shows them because a rate over three images is not a
	// figure, but they are not part of the JSON contract.
	Live    int `json:"-"`
	Attacks int `json:"-"`
}

// NewLatency summarises per-image latencies in milliseconds.
func NewLatency(ms []float64) LatencyMS {
	s := sortedFinite(ms)
	return LatencyMS{P50: num(percentileSorted(s, 50)), P95: num(percentileSorted(s, 95))}
}

// Summary returns the score distribution summary shown under the metrics.
func (v *Verification) Summary() ScoreSummary {
	return ScoreSummary{
		Same: SameScores{
			Min:    num(percentileSorted(v.same, 0)),
			P05:    num(percentileSorted(v.same, 5)),
			Median: num(percentileSorted(v.same, 50)),
		},
		Different: DifferentScores{
			Median: num(percentileSorted(v.different, 50)),
			P95:    num(percentileSorted(v.different, 95)),
			P99:    num(percentileSorted(v.different, 99)),
			Max:    num(percentileSorted(v.different, 100)),
		},
	}
}

// BuildFaceReport assembles a face report. images is the number of labelled
// images, failures the number of them on which detection failed; v holds
// only the pairs that were actually scored (see ScorePairs), so the pair
// counts exclude pairs dropped for failed images. A nil v means no pairs.
// latencies are per-image milliseconds. defaultThreshold must be finite.
func BuildFaceReport(images, failures int, v *Verification, defaultThreshold float64, latencies []float64) FaceReport {
	if v == nil {
		v = NewVerification(nil, nil)
	}
	eer, eerT := v.EER()
	tar, far := v.At(defaultThreshold)
	r := FaceReport{
		Images:            images,
		PairsSame:         v.NumSame(),
		PairsDifferent:    v.NumDifferent(),
		DetectionFailures: failures,
		EER:               num(eer),
		EERThreshold:      num(eerT),
		TARAtFAR:          make(map[string]TARPoint, len(FARPoints)),
		DefaultThreshold:  defaultThreshold,
		TARAtDefault:      num(tar),
		FARAtDefault:      num(far),
		Latency:           NewLatency(latencies),
	}
	for _, p := range FARPoints {
		t, th := v.TARAtFAR(p.FAR)
		r.TARAtFAR[p.Key] = TARPoint{TAR: num(t), Threshold: num(th)}
	}
	if v.NumSame()+v.NumDifferent() > 0 {
		s := v.Summary()
		r.Scores = &s
	}
	return r
}

// BuildSpoofReport assembles a presentation-attack report from the live
// scores of bona fide and attack images, judged at threshold (accept as live
// when score >= threshold). images is the number of images evaluated, which
// may include images with other labels that are in neither slice.
func BuildSpoofReport(images int, live, spoof []float64, threshold float64, latencies []float64) SpoofReport {
	return SpoofReport{
		Images:          images,
		APCER:           num(APCER(spoof, threshold)),
		BPCER:           num(BPCER(live, threshold)),
		Threshold:       threshold,
		ThresholdBPCER5: num(ThresholdForBPCER(live, SpoofMaxBPCER)),
		Latency:         NewLatency(latencies),
		Live:            len(sortedFinite(live)),
		Attacks:         len(sortedFinite(spoof)),
	}
}

// WriteJSON writes r as exactly one compact JSON object and a newline, the
// `--json` output of `openkyc eval faces`.
func (r FaceReport) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

// WriteJSON writes r as exactly one compact JSON object and a newline, the
// `--json` output of `openkyc eval spoof`.
func (r SpoofReport) WriteJSON(w io.Writer) error { return writeJSON(w, r) }

func writeJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// WriteTable writes r as an aligned human-readable table: rates as
// percentages with two decimals, thresholds with three, "n/a" where a
// metric has no data.
func (r FaceReport) WriteTable(w io.Writer) error {
	t := newTable()
	t.row("images", fmt.Sprint(r.Images), "")
	failNote := ""
	if r.DetectionFailures > 0 {
		failNote = "pairs with these images are not scored"
	}
	t.row("detection failures", fmt.Sprint(r.DetectionFailures), failNote)
	t.row("pairs same", fmt.Sprint(r.PairsSame), "")
	t.row("pairs different", fmt.Sprint(r.PairsDifferent), "")
	t.row("EER", pct(r.EER), "threshold "+thr(r.EERThreshold))
	for _, p := range FARPoints {
		pt := r.TARAtFAR[p.Key]
		note := "threshold " + thr(pt.Threshold)
		if pt.TAR == nil && pt.Threshold == nil && r.PairsDifferent > 0 {
			note = fmt.Sprintf("needs >= %.0f different pairs", math.Ceil(1/p.FAR))
		}
		t.row("TAR @ FAR "+p.Key, pct(pt.TAR), note)
	}
	t.row("default threshold", fmt.Sprintf("%.3f", r.DefaultThreshold), "")
	t.row("TAR @ default", pct(r.TARAtDefault), "")
	t.row("FAR @ default", pct(r.FARAtDefault), "")
	t.row("latency p50", ms(r.Latency.P50), "per image")
	t.row("latency p95", ms(r.Latency.P95), "per image")
	if s := r.Scores; s != nil {
		t.row("scores same", "", fmt.Sprintf("min %s  p05 %s  median %s",
			thr(s.Same.Min), thr(s.Same.P05), thr(s.Same.Median)))
		t.row("scores different", "", fmt.Sprintf("median %s  p95 %s  p99 %s  max %s",
			thr(s.Different.Median), thr(s.Different.P95), thr(s.Different.P99), thr(s.Different.Max)))
	}
	return t.flush(w)
}

// WriteTable writes r as an aligned human-readable table: rates as
// percentages with two decimals, thresholds with three, "n/a" where a
// metric has no data.
func (r SpoofReport) WriteTable(w io.Writer) error {
	t := newTable()
	t.row("images", fmt.Sprint(r.Images), fmt.Sprintf("%d live, %d attacks scored", r.Live, r.Attacks))
	t.row("threshold", fmt.Sprintf("%.3f", r.Threshold), "accept as live when score >= threshold")
	t.row("APCER", pct(r.APCER), "attacks accepted as live")
	t.row("BPCER", pct(r.BPCER), "live faces rejected")
	t.row("threshold for BPCER <= 5%", thr(r.ThresholdBPCER5), "highest threshold keeping BPCER <= 5%")
	t.row("latency p50", ms(r.Latency.P50), "per image")
	t.row("latency p95", ms(r.Latency.P95), "per image")
	return t.flush(w)
}

// table buffers tabwriter output so that a write error surfaces once, from
// the final write to w, instead of from every row.
type table struct {
	buf bytes.Buffer
	tw  *tabwriter.Writer
}

func newTable() *table {
	t := &table{}
	t.tw = tabwriter.NewWriter(&t.buf, 0, 0, 2, ' ', 0)
	return t
}

func (t *table) row(name, value, note string) {
	// Writes to a bytes.Buffer cannot fail.
	fmt.Fprintf(t.tw, "%s\t%s\t%s\n", name, value, note)
}

func (t *table) flush(w io.Writer) error {
	if err := t.tw.Flush(); err != nil {
		return err
	}
	// Rows without a note would otherwise end in padding spaces.
	out := bytes.TrimRight(t.buf.Bytes(), " \n")
	lines := bytes.Split(out, []byte("\n"))
	var b bytes.Buffer
	for _, l := range lines {
		b.Write(bytes.TrimRight(l, " "))
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// num turns a computed metric into its JSON form: nil (null) when it is NaN
// or infinite, which encoding/json cannot represent anyway.
func num(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func pct(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.2f%%", *p*100)
}

func thr(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.3f", *p)
}

func ms(p *float64) string {
	if p == nil {
		return "n/a"
	}
	return fmt.Sprintf("%.1f ms", *p)
}
