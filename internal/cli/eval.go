package cli

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/eval"
	"openkyc/internal/eval/idportrait"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: openkyc eval faces|spoof|documents DIR [--json]", errUsage)
	}
	switch args[0] {
	case "faces":
		return evalFaces(ctx, args[1:], stdout, stderr)
	case "spoof":
		return evalSpoof(ctx, args[1:], stdout, stderr)
	case "documents":
		return evalDocuments(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: unknown eval kind %q (want faces, spoof or documents)", errUsage, args[0])
}

// openEval parses an eval command's flags and single folder argument,
// reads the folder's labels and starts the engine.
func openEval(ctx context.Context, fs *flag.FlagSet, ef *engineFlags, args []string) (string, []eval.Labelled, *face.Engine, func(), error) {
	pos, err := parse(fs, args)
	if err != nil {
		return "", nil, nil, nil, err
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", nil, nil, nil, fmt.Errorf("%w: want one folder", errUsage)
	}
	items, err := eval.ReadLabels(pos[0])
	if err != nil {
		return "", nil, nil, nil, err
	}
	eng, closeEng, err := ef.open(ctx)
	if err != nil {
		return "", nil, nil, nil, err
	}
	return pos[0], items, eng, closeEng, nil
}

// embedResult is one image's embedding, or why there is none.
type embedResult struct {
	emb     []float32
	latency time.Duration
	err     error
}

func evalFaces(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval faces", "DIR", stderr)
	var ef engineFlags
	ef.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	threshold := fs.Float64("threshold", face.DefaultMatchThreshold, "default threshold to report TAR/FAR at")
	portrait := fs.Bool("id-portrait", false, "compare each photo with an ID-portrait rendering of the other (small, printed, JPEG q50)")
	maxDiff := fs.Int("max-different", eval.DefaultMaxDifferent, "cap on sampled different-identity pairs")
	seed := fs.Uint64("seed", eval.DefaultSeed, "seed of the different-pair sample")
	workers := fs.Int("workers", runtime.NumCPU(), "images analysed at once")
	pairsFile := fs.String("pairs", "", "score the pairs of this CSV (file_x,file_y,same_person) instead of all same-identity pairs and a sample of different ones")
	worst := fs.Int("worst", 0, "list the N lowest-scoring same pairs and highest-scoring different pairs on stderr")
	dir, items, eng, closeEng, err := openEval(ctx, fs, &ef, args)
	if err != nil {
		return err
	}
	defer closeEng()
	var pairs []eval.Pair
	if *pairsFile != "" {
		if items, pairs, err = eval.ReadPairs(*pairsFile); err != nil {
			return err
		}
	} else {
		var skipped []eval.Labelled
		items, skipped = eval.SingleIdentity(items)
		for _, it := range skipped {
			fmt.Fprintf(stderr, "eval: %s: label %q is not one person; skipped\n", it.File, it.Label)
		}
		pairs = eval.Pairs(items, *maxDiff, *seed)
	}

	aligned := eval.IsAligned(dir)
	embed := func(ctx context.Context, file string, degrade bool) embedResult {
		t := time.Now()
		emb, err := embedFile(ctx, eng, filepath.Join(dir, file), aligned, degrade)
		return embedResult{emb, time.Since(t), err}
	}
	orig := embedAll(ctx, items, *workers, func(ctx context.Context, f string) embedResult { return embed(ctx, f, false) })
	probe := orig
	if *portrait {
		probe = embedAll(ctx, items, *workers, func(ctx context.Context, f string) embedResult { return embed(ctx, f, true) })
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	failures, latencies := 0, make([]float64, 0, len(items))
	for i := range items {
		failed := false
		for _, r := range []embedResult{orig[i], probe[i]} {
			if r.err != nil && !failed {
				failed = true
				failures++
				fmt.Fprintf(stderr, "eval: %s: %v\n", items[i].File, r.err)
			}
		}
		latencies = append(latencies, ms(orig[i].latency))
	}
	v := eval.ScorePairs(pairs, func(a, b int) (float64, bool) {
		if orig[a].err != nil || probe[b].err != nil {
			return 0, false
		}
		return face.Compare(orig[a].emb, probe[b].emb), true
	})
	if *worst > 0 {
		listWorst(stderr, items, pairs, *worst, func(a, b int) (float64, bool) {
			if orig[a].err != nil || probe[b].err != nil {
				return 0, false
			}
			return face.Compare(orig[a].emb, probe[b].emb), true
		})
	}
	rep := eval.BuildFaceReport(len(items), failures, v, *threshold, latencies)
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	mode := "full frame"
	if aligned {
		mode = "ALIGNED 112×112, detection skipped"
	}
	if *portrait {
		mode += "; photo vs ID-portrait rendering"
	}
	fmt.Fprintf(stdout, "%s (%s)\n", dir, mode)
	return rep.WriteTable(stdout)
}

// listWorst prints the pairs that decide the error rates: the least similar
// same-identity pairs and the most similar different-identity ones.
func listWorst(w io.Writer, items []eval.Labelled, pairs []eval.Pair, n int, score func(a, b int) (float64, bool)) {
	type scored struct {
		p eval.Pair
		s float64
	}
	var same, diff []scored
	for _, p := range pairs {
		if s, ok := score(p.A, p.B); ok {
			if p.Same {
				same = append(same, scored{p, s})
			} else {
				diff = append(diff, scored{p, s})
			}
		}
	}
	slices.SortFunc(same, func(a, b scored) int { return cmp.Compare(a.s, b.s) })
	slices.SortFunc(diff, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	for _, g := range []struct {
		name string
		l    []scored
	}{{"lowest same", same}, {"highest different", diff}} {
		fmt.Fprintf(w, "%s:\n", g.name)
		for _, x := range g.l[:min(n, len(g.l))] {
			fmt.Fprintf(w, "  %.3f  %s  %s\n", x.s, items[x.p.A].File, items[x.p.B].File)
		}
	}
}

// embedAll runs fn over every labelled file with a fixed number of workers,
// keeping results in label order.
func embedAll(ctx context.Context, items []eval.Labelled, workers int, fn func(context.Context, string) embedResult) []embedResult {
	out := make([]embedResult, len(items))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Go(func() {
			for i := range next {
				out[i] = fn(ctx, items[i].File)
			}
		})
	}
	for i := range items {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// embedFile returns the embedding of the largest face of one file, after
// rendering it as an ID portrait when degrade is set.
func embedFile(ctx context.Context, eng *face.Engine, path string, aligned, degrade bool) ([]float32, error) {
	img, _, err := imaging.DecodeFile(path, imaging.DefaultLimits)
	if err != nil {
		return nil, err
	}
	if aligned {
		if img.W != face.AlignedSize || img.H != face.AlignedSize {
			img = imaging.Resize(img, face.AlignedSize, face.AlignedSize)
		}
		if degrade {
			img = idportrait.RenderAligned(img)
		}
		return eng.Embed(ctx, img)
	}
	if degrade {
		img, err = idPortrait(ctx, eng, img)
		if err != nil {
			return nil, err
		}
	}
	a, err := eng.Analyze(ctx, img, face.Options{Embedding: true, MaxFaces: 1})
	if err != nil {
		return nil, err
	}
	return a.Faces[0].Embedding, nil
}

// idPortrait finds the main face and renders the portrait around it the
// way it looks on a photographed ID card.
func idPortrait(ctx context.Context, eng *face.Engine, img *imaging.Image) (*imaging.Image, error) {
	dets, err := eng.Detect(ctx, img, false)
	if err != nil {
		return nil, err
	}
	if len(dets) == 0 {
		return nil, face.ErrNoFace
	}
	return idportrait.Render(img, dets[0].Box.Rect()), nil
}

func evalSpoof(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval spoof", "DIR", stderr)
	var ef engineFlags
	ef.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	threshold := fs.Float64("threshold", face.DefaultLivenessThreshold, "live score at or above which a face passes")
	verbose := fs.Bool("v", false, "print each image's live score on stderr")
	dir, items, eng, closeEng, err := openEval(ctx, fs, &ef, args)
	if err != nil {
		return err
	}
	defer closeEng()

	var live, spoof, latencies []float64
	for _, it := range items {
		if it.Label != "live" && it.Label != "spoof" {
			fmt.Fprintf(stderr, "eval: %s: label %q is neither live nor spoof; skipped\n", it.File, it.Label)
			continue
		}
		t := time.Now()
		score, err := liveScore(ctx, eng, filepath.Join(dir, it.File))
		latencies = append(latencies, ms(time.Since(t)))
		if err != nil {
			// No face means the capture is refused: a rejection for both
			// classes, which is what the product would do.
			fmt.Fprintf(stderr, "eval: %s: %v (counted as rejected)\n", it.File, err)
		}
		if *verbose {
			fmt.Fprintf(stderr, "%-40s %-5s %.3f\n", it.File, it.Label, score)
		}
		if it.Label == "live" {
			live = append(live, score)
		} else {
			spoof = append(spoof, score)
		}
	}
	rep := eval.BuildSpoofReport(len(live)+len(spoof), live, spoof, *threshold, latencies)
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	fmt.Fprintf(stdout, "%s\n", dir)
	return rep.WriteTable(stdout)
}

func liveScore(ctx context.Context, eng *face.Engine, path string) (float64, error) {
	img, _, err := imaging.DecodeFile(path, imaging.DefaultLimits)
	if err != nil {
		return 0, err
	}
	a, err := eng.Analyze(ctx, img, face.Options{Liveness: true, MaxFaces: 1})
	if err != nil {
		return 0, err
	}
	return a.Faces[0].Liveness.Score, nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
