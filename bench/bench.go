// Package bench measures the face engine the way a deployment uses it:
// per-stage latency of one selfie analysed alone, and throughput with
// every core busy. `make bench` runs it on the sample photos and saves the
// results in bench/results/.
package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/eval"
)

// Config says what to measure.
type Config struct {
	Files      []string
	Iterations int           // latency rounds over all files
	Workers    int           // concurrent analyses in the throughput phase
	Duration   time.Duration // length of the throughput phase
}

// StageDecode is the stage name of JPEG/PNG/WebP decoding.
const StageDecode = "decode"

// Stages lists the reported stages in pipeline order; "total" is decode
// through the last stage of one image.
var Stages = []string{StageDecode, face.StageDetect, face.StageLandmarks, face.StageAlign, face.StageEmbed,
	face.StageLiveness, face.StagePose, face.StageEyes, face.StageAge, face.StageQuality, "total"}

// Result is what one run measured. Latencies are milliseconds.
type Result struct {
	Documents  *DocumentResult               `json:"documents,omitempty"`
	Time       time.Time                     `json:"time"`
	CPU        string                        `json:"cpu"`
	CPUs       int                           `json:"cpus"`
	Files      []string                      `json:"files"`
	Iterations int                           `json:"iterations"`
	Latency    map[string]map[string]float64 `json:"latency_ms"` // stage → p50/p95
	Workers    int                           `json:"workers"`
	Selfies    int                           `json:"throughput_selfies"`
	Seconds    float64                       `json:"throughput_seconds"`
	PerSecond  float64                       `json:"selfies_per_second"`
}

// Run measures eng on cfg.Files. Each image is analysed as a selfie: all
// evidence, for the largest face.
func Run(ctx context.Context, eng *face.Engine, cfg Config) (*Result, error) {
	data := make([][]byte, len(cfg.Files))
	for i, f := range cfg.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		data[i] = b
	}
	opts := face.AllEvidence
	opts.MaxFaces = 1

	samples := map[string][]float64{}
	for range cfg.Iterations {
		for _, b := range data {
			stages, err := analyse(ctx, eng, b, opts)
			if err != nil {
				return nil, err
			}
			for s, d := range stages {
				samples[s] = append(samples[s], d)
			}
		}
	}
	res := &Result{
		Time: time.Now().UTC(), CPU: cpuModel(), CPUs: runtime.NumCPU(), Files: baseNames(cfg.Files),
		Iterations: cfg.Iterations, Latency: map[string]map[string]float64{}, Workers: cfg.Workers,
	}
	for s, v := range samples {
		res.Latency[s] = map[string]float64{"p50": eval.Percentile(v, 50), "p95": eval.Percentile(v, 95)}
	}

	n, secs, err := throughput(ctx, eng, data, opts, cfg.Workers, cfg.Duration)
	if err != nil {
		return nil, err
	}
	res.Selfies, res.Seconds, res.PerSecond = n, secs, float64(n)/secs
	return res, nil
}

// analyse decodes and analyses one image and returns each stage's time in
// milliseconds.
func analyse(ctx context.Context, eng *face.Engine, b []byte, opts face.Options) (map[string]float64, error) {
	t := time.Now()
	img, _, err := imaging.Decode(b, imaging.DefaultLimits)
	dec := time.Since(t)
	if err != nil {
		return nil, err
	}
	a, err := eng.Analyze(ctx, img, opts)
	if err != nil {
		return nil, err
	}
	out := map[string]float64{StageDecode: ms(dec), "total": ms(time.Since(t))}
	for s, d := range a.Stages {
		out[s] = ms(d)
	}
	return out, nil
}

func throughput(ctx context.Context, eng *face.Engine, data [][]byte, opts face.Options, workers int, d time.Duration) (int, float64, error) {
	var done atomic.Int64
	var firstErr error
	var once sync.Once
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; ctx.Err() == nil; i++ {
				if _, err := analyse(context.Background(), eng, data[i%len(data)], opts); err != nil {
					once.Do(func() { firstErr = err })
					cancel()
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	return int(done.Load()), time.Since(start).Seconds(), firstErr
}

// WriteTable prints the result for people.
func (r *Result) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "openkyc bench — %s, %d CPUs, %d files × %d iterations (one selfie = all evidence for the largest face)\n\n",
		r.CPU, r.CPUs, len(r.Files), r.Iterations)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\tp50 ms\tp95 ms\t")
	for _, s := range Stages {
		if l, ok := r.Latency[s]; ok {
			fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t\n", s, l["p50"], l["p95"])
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nthroughput: %d selfies in %.1f s with %d workers = %.1f selfies/s\n",
		r.Selfies, r.Seconds, r.Workers, r.PerSecond)
	return err
}

// Save writes the result as JSON and as a table into dir, named by date,
// and returns the JSON path.
func (r *Result) Save(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(dir, r.Time.Format("2006-01-02T150405Z"))
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(base+".json", append(b, '\n'), 0o644); err != nil {
		return "", err
	}
	f, err := os.Create(base + ".txt")
	if err != nil {
		return "", err
	}
	defer f.Close()
	if err := r.WriteTable(f); err != nil {
		return "", err
	}
	if r.Documents != nil {
		if err := r.Documents.WriteTable(f); err != nil {
			return "", err
		}
	}
	return base + ".json", nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func baseNames(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Base(f)
	}
	return out
}

// cpuModel reads the CPU's name so saved results say what they ran on.
func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for line := range strings.Lines(string(b)) {
		if name, ok := strings.CutPrefix(line, "model name"); ok {
			if _, v, ok := strings.Cut(name, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return runtime.GOARCH
}

// DocumentStages lists the document stages in pipeline order.
var DocumentStages = []string{StageDecode, document.StageLocate, document.StageDetect, document.StageRecognize,
	document.StageTesseract, document.StageMRZ, document.StageFields, document.StagePortrait, document.StageChecks, "total"}

// DocumentResult is the per-stage latency of document analysis.
type DocumentResult struct {
	Files      int                           `json:"files"`
	Iterations int                           `json:"iterations"`
	Latency    map[string]map[string]float64 `json:"latency_ms"`
}

// RunDocuments analyses each encoded image iterations times, one at a
// time, and reports per-stage p50/p95 in milliseconds.
func RunDocuments(ctx context.Context, eng *document.Engine, images [][]byte, iterations int) (*DocumentResult, error) {
	samples := map[string][]float64{}
	for range iterations {
		for _, b := range images {
			t := time.Now()
			img, info, err := imaging.Decode(b, imaging.DefaultLimits)
			if err != nil {
				return nil, err
			}
			samples[StageDecode] = append(samples[StageDecode], ms(time.Since(t)))
			ev, err := eng.Analyze(ctx, img, info.Scale)
			if err != nil {
				return nil, err
			}
			samples["total"] = append(samples["total"], ms(time.Since(t)))
			for _, s := range DocumentStages[1 : len(DocumentStages)-1] {
				samples[s] = append(samples[s], ms(ev.Stages[s]))
			}
		}
	}
	res := &DocumentResult{Files: len(images), Iterations: iterations, Latency: map[string]map[string]float64{}}
	for s, v := range samples {
		res.Latency[s] = map[string]float64{"p50": eval.Percentile(v, 50), "p95": eval.Percentile(v, 95)}
	}
	return res, nil
}

// WriteTable prints the document latencies for people.
func (r *DocumentResult) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "\ndocuments — %d images × %d iterations, one at a time\n\n", r.Files, r.Iterations)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "stage\tp50 ms\tp95 ms\t")
	for _, s := range DocumentStages {
		if l, ok := r.Latency[s]; ok {
			fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t\n", s, l["p50"], l["p95"])
		}
	}
	return tw.Flush()
}
