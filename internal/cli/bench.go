package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"time"

	"openkyc/bench"
	"openkyc/internal/docgen"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", "[IMAGE…]", stderr)
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
	if *out != "" {
		path, err := res.Save(*out)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "\nsaved %s\n", path)
	}
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
