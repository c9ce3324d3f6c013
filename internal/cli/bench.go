package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"openkyc/bench"
	"openkyc/internal/config"
	"openkyc/internal/docgen"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "e2e" {
		return runBenchE2E(ctx, args[1:], stdout, stderr)
	}
	fs := newFlags("bench", "[IMAGE…] | e2e [flags]", stderr)
	var ef engineFlags
	ef.register(fs)
	iters := fs.Int("iterations", 20, "latency rounds over all images")
	workers := fs.Int("workers", runtime.NumCPU(), "concurrent analyses in the throughput phase")
	dur := fs.Duration("duration", 10*time.Second, "length of the throughput phase")
	out := fs.String("out", "", "directory to save the results in (e.g. bench/results)")
	docs := fs.Int("documents", 14, "also time document analysis on this many generated ID photos (mild degradation, 1200–1600 px); 0 skips it")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(models.SamplesDir, "*.jpg"))
	}
	if len(files) == 0 {
		return fmt.Errorf("%w: no images given and none in %s (run `make deps`)", errUsage, models.SamplesDir)
	}
	eng, closeEng, err := ef.open(ctx)
	if err != nil {
		return err
	}
	defer closeEng()
	res, err := bench.Run(ctx, eng, bench.Config{Files: files, Iterations: *iters, Workers: *workers, Duration: *dur})
	if err != nil {
		return err
	}
	if *docs > 0 {
		if res.Documents, err = benchDocuments(ctx, &ef, *docs); err != nil {
			return err
		}
	}
	if err := res.WriteTable(stdout); err != nil {
		return err
	}
	if res.Documents != nil {
		if err := res.Documents.WriteTable(stdout); err != nil {
			return err
		}
	}
	return saveResult(stdout, *out, res.Save)
}

// saveResult saves a benchmark's result into dir, when given, and says
// where.
func saveResult(stdout io.Writer, dir string, save func(string) (string, error)) error {
	if dir == "" {
		return nil
	}
	path, err := save(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nsaved %s\n", path)
	return nil
}

// benchDocuments generates n government-ID photos (fixed seed) and times
// their analysis.
func benchDocuments(ctx context.Context, ef *engineFlags, n int) (*bench.DocumentResult, error) {
	var kinds []docgen.Kind
	for _, k := range docgen.Kinds() {
		if k != docgen.StudentCard && k != docgen.PaymentCard && k != docgen.NoDocument {
			kinds = append(kinds, k)
		}
	}
	g, err := docgen.New(docgen.Config{Seed: 1, Kinds: kinds, Degrade: docgen.Mild, SamplesDir: models.SamplesDir})
	if err != nil {
		return nil, err
	}
	images := make([][]byte, n)
	for i := range images {
		d, err := g.Document(i)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := imaging.EncodeJPEG(&buf, d.Image, d.Quality); err != nil {
			return nil, err
		}
		images[i] = buf.Bytes()
	}
	eng, closeEng, err := ef.openDocument(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer closeEng()
	return bench.RunDocuments(ctx, eng, images, 2)
}

// runBenchE2E runs the end-to-end benchmark: the server in-process on
// SQLite in a temporary directory, driven through HTTP by concurrent
// API clients. It fails when the submissions were mostly not approved.
func runBenchE2E(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench e2e", "", stderr)
	clients := fs.String("clients", "1,4,16", "concurrent API clients of each level, comma-separated")
	dur := fs.Duration("duration", 30*time.Second, "how long each level starts new submissions")
	n := fs.Int("n", 0, "run exactly this many submissions per level instead of --duration")
	passports := fs.Int("passports", 4, "distinct generated passports (and selfies) the clients cycle through; the warm-up keeps the first this many approved")
	samples := fs.String("samples", models.SamplesDir, "sample photos the passports' portraits are cut from")
	out := fs.String("out", "", "directory to save the results in (e.g. bench/results)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: bench e2e takes no arguments", errUsage)
	}
	var levels []int
	for f := range strings.SplitSeq(*clients, ",") {
		c, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || c < 1 {
			return fmt.Errorf("%w: --clients %q: positive integers, comma-separated", errUsage, *clients)
		}
		levels = append(levels, c)
	}
	cfg, err := config.FromEnv(os.Getenv)
	if err != nil {
		return err
	}
	res, err := bench.RunE2E(ctx, bench.E2EConfig{Server: cfg, SamplesDir: *samples, Clients: levels, Duration: *dur, N: *n,
		Passports: *passports, Progress: stderr})
	if err != nil {
		return err
	}
	if err := res.WriteTable(stdout); err != nil {
		return err
	}
	if err := saveResult(stdout, *out, res.Save); err != nil {
		return err
	}
	return res.Check()
}
