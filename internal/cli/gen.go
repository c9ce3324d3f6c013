package cli

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"openkyc/internal/docgen"
	"openkyc/internal/engine/models"
)

// runGen generates labelled synthetic data; `documents` is the one kind so
// far.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "documents" {
		return fmt.Errorf("%w: openkyc gen documents --out DIR [--n N] [--seed S] [--kinds a,b] [--degrade clean|mild|hard]", errUsage)
	}
	fs := newFlags("gen documents", "", stderr)
	out := fs.String("out", "", "output directory (created): N JPEG images and "+docgen.TruthFile)
	n := fs.Int("n", 100, "number of images")
	seed := fs.Uint64("seed", 1, "random seed: the same seed and flags give the same bytes")
	kinds := fs.String("kinds", "", "comma-separated kinds, generated in turn (default all)")
	degrade := fs.String("degrade", string(docgen.Mild), "photograph difficulty: clean, mild or hard")
	samples := fs.String("samples-dir", models.SamplesDir, "sample photos the portraits are cut from (make deps installs them)")
	now := fs.String("now", docgen.DefaultNow.Format(time.DateOnly), "reference date for expiry, YYYY-MM-DD (fixed so a seed is reproducible)")
	workers := fs.Int("workers", runtime.NumCPU(), "images generated at once (does not change the output)")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 0 || *out == "" || *n < 0 {
		fs.Usage()
		return fmt.Errorf("%w: want --out DIR and a non-negative --n", errUsage)
	}
	cfg := docgen.Config{Seed: *seed, SamplesDir: *samples}
	if *kinds != "" {
		if cfg.Kinds, err = docgen.ParseKinds(*kinds); err != nil {
			return fmt.Errorf("%w: %v", errUsage, err)
		}
	}
	level, err := docgen.ParseLevel(*degrade)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	cfg.Degrade = level
	if cfg.Now, err = time.Parse(time.DateOnly, *now); err != nil {
		return fmt.Errorf("%w: --now: %v", errUsage, err)
	}
	g, err := docgen.New(cfg)
	if err != nil {
		return err
	}
	start := time.Now()
	// Progress goes to stderr every tenth of the run, so long runs show
	// life without flooding a terminal.
	step := max(1, *n/10)
	progress := func(done int) {
		if done%step == 0 && done < *n {
			fmt.Fprintf(stderr, "gen: %d/%d\n", done, *n)
		}
	}
	if err := g.WriteSet(ctx, *out, *n, *workers, progress); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d images and %s to %s in %s\n", *n, docgen.TruthFile, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
