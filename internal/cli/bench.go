package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"time"

	"openkyc/bench"
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
	if err := res.WriteTable(stdout); err != nil {
		return err
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
