package eval

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestFaceReportJSON(t *testing.T) {
	tests := []struct {
		name   string
		report FaceReport
		golden string
	}{
		{
			name: "scores",
			// Binary-exact scores keep the golden free of rounding noise.
			report: BuildFaceReport(6, 1, NewVerification([]float64{0.75, 1}, []float64{0, 0.25}), 0.5, []float64{20, 10}),
			golden: `{"images":6,"pairs_same":2,"pairs_different":2,"detection_failures":1,"eer":0,` +
				`"tar_at_far":{"1e-2":{"tar":null,"threshold":null},"1e-3":{"tar":null,"threshold":null}},` +
				`"default_threshold":0.5,"tar_at_default":1,"far_at_default":0,"latency_ms":{"p50":15,"p95":19.5},` +
				`"scores":{"same":{"min":0.75,"p05":0.7625,"median":0.875},"different":{"median":0.125,"p95":0.2375,"p99":0.2475,"max":0.25}}}`,
		},
		{
			name:   "no data",
			report: BuildFaceReport(0, 0, nil, 0.5, nil),
			golden: `{"images":0,"pairs_same":0,"pairs_different":0,"detection_failures":0,"eer":null,` +
				`"tar_at_far":{"1e-2":{"tar":null,"threshold":null},"1e-3":{"tar":null,"threshold":null}},` +
				`"default_threshold":0.5,"tar_at_default":null,"far_at_default":null,"latency_ms":{"p50":null,"p95":null}}`,
		},
		{
			// 200 impostors resolve 1e-2 (two may pass) but not 1e-3.
			name:   "1e-2 resolvable",
			report: BuildFaceReport(3, 0, NewVerification([]float64{1}, repeat(0, 200)), 0.5, nil),
			golden: `{"images":3,"pairs_same":1,"pairs_different":200,"detection_failures":0,"eer":0,` +
				`"tar_at_far":{"1e-2":{"tar":1,"threshold":1},"1e-3":{"tar":null,"threshold":null}},` +
				`"default_threshold":0.5,"tar_at_default":1,"far_at_default":0,"latency_ms":{"p50":null,"p95":null},` +
				`"scores":{"same":{"min":1,"p05":1,"median":1},"different":{"median":0,"p95":0,"p99":0,"max":0}}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.report.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tc.golden+"\n" {
				t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, tc.golden)
			}
		})
	}
}

func TestSpoofReportJSON(t *testing.T) {
	tests := []struct {
		name   string
		report SpoofReport
		golden string
	}{
		{
			name:   "scores",
			report: BuildSpoofReport(5, []float64{0.5, 0.75, 1}, []float64{0, 0.75}, 0.5, []float64{10, 20}),
			golden: `{"images":5,"apcer":0.5,"bpcer":0,"threshold":0.5,"threshold_bpcer_5":0.5,"latency_ms":{"p50":15,"p95":19.5}}`,
		},
		{
			name:   "no data",
			report: BuildSpoofReport(0, nil, nil, 0.5, nil),
			golden: `{"images":0,"apcer":null,"bpcer":null,"threshold":0.5,"threshold_bpcer_5":null,"latency_ms":{"p50":null,"p95":null}}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.report.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tc.golden+"\n" {
				t.Errorf("JSON mismatch\n got: %s\nwant: %s", got, tc.golden)
			}
		})
	}
}

// TestReportKeys pins the key sets to the README's "Evaluation formats"
// section independently of values, so a renamed tag fails loudly.
func TestReportKeys(t *testing.T) {
	v := NewVerification(seq(50, 0.5, 0.01), seq(2000, -0.2, 0.0002))
	face := BuildFaceReport(100, 2, v, 0.4, []float64{1, 2, 3})
	spoof := BuildSpoofReport(4, []float64{0.9}, []float64{0.1}, 0.5, []float64{1})
	tests := []struct {
		name   string
		report any
		keys   map[string][]string // object path -> sorted keys
	}{
		{"faces", face, map[string][]string{
			"":                {"default_threshold", "detection_failures", "eer", "far_at_default", "images", "latency_ms", "pairs_different", "pairs_same", "scores", "tar_at_default", "tar_at_far"},
			"tar_at_far":      {"1e-2", "1e-3"},
			"tar_at_far.1e-2": {"tar", "threshold"},
			"tar_at_far.1e-3": {"tar", "threshold"},
			"latency_ms":      {"p50", "p95"},
		}},
		{"spoof", spoof, map[string][]string{
			"":           {"apcer", "bpcer", "images", "latency_ms", "threshold", "threshold_bpcer_5"},
			"latency_ms": {"p50", "p95"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.report)
			if err != nil {
				t.Fatal(err)
			}
			var root map[string]any
			if err := json.Unmarshal(b, &root); err != nil {
				t.Fatal(err)
			}
			for path, want := range tc.keys {
				obj := root
				if path != "" {
					for _, part := range strings.SplitN(path, ".", 2) {
						obj = obj[part].(map[string]any)
					}
				}
				var got []string
				for k, val := range obj {
					got = append(got, k)
					if val == nil {
						t.Errorf("%s.%s is null with enough data", path, k)
					}
				}
				slices.Sort(got)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("keys at %q = %v, want %v", path, got, want)
				}
			}
		})
	}
}

func TestWriteTable(t *testing.T) {
	face := BuildFaceReport(6, 1, NewVerification([]float64{0.75, 1}, []float64{0, 0.25}), 0.5, []float64{20, 10})
	spoof := BuildSpoofReport(5, []float64{0.5, 0.75, 1}, []float64{0, 0.75}, 0.5, []float64{10, 20})
	tests := []struct {
		name  string
		write func(*bytes.Buffer) error
		lines []string // exact lines that must appear
	}{
		{"faces", func(b *bytes.Buffer) error { return face.WriteTable(b) }, []string{
			"images              6",
			"detection failures  1        pairs with these images are not scored",
			"EER                 0.00%    threshold 0.750",
			"TAR @ FAR 1e-3      n/a      needs >= 1000 different pairs",
			"default threshold   0.500",
			"TAR @ default       100.00%",
			"latency p95         19.5 ms  per image",
			"scores same                  min 0.750  p05 0.762  median 0.875",
		}},
		{"faces without data", func(b *bytes.Buffer) error { return BuildFaceReport(0, 0, nil, 0.5, nil).WriteTable(b) }, []string{
			"EER                 n/a    threshold n/a",
			"TAR @ FAR 1e-2      n/a    threshold n/a",
			"FAR @ default       n/a",
		}},
		{"spoof", func(b *bytes.Buffer) error { return spoof.WriteTable(b) }, []string{
			"images                     5        3 live, 2 attacks scored",
			"APCER                      50.00%   attacks accepted as live",
			"threshold for BPCER <= 5%  0.500    highest threshold keeping BPCER <= 5%",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := tc.write(&buf); err != nil {
				t.Fatal(err)
			}
			got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
			for _, want := range tc.lines {
				if !slices.Contains(got, want) {
					t.Errorf("missing line %q in\n%s", want, buf.String())
				}
			}
			for _, l := range got {
				if strings.HasSuffix(l, " ") {
					t.Errorf("trailing space in %q", l)
				}
			}
		})
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteErrors(t *testing.T) {
	face := BuildFaceReport(0, 0, nil, 0.5, nil)
	spoof := BuildSpoofReport(0, nil, nil, 0.5, nil)
	for name, err := range map[string]error{
		"face table":  face.WriteTable(failWriter{}),
		"face json":   face.WriteJSON(failWriter{}),
		"spoof table": spoof.WriteTable(failWriter{}),
		"spoof json":  spoof.WriteJSON(failWriter{}),
	} {
		if err == nil {
			t.Errorf("%s: write error not returned", name)
		}
	}
}
