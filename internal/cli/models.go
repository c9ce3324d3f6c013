package cli

import (
	"context"
	"fmt"
	"io"

	"openkyc/internal/engine/models"
)

func runModels(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("models", "install|verify", stderr)
	dir := fs.String("dir", "", "models directory (default $"+models.EnvDir+" or "+models.DefaultDir+")")
	samples := fs.Bool("samples", false, "install or verify the sample photos instead of the models")
	samplesDir := fs.String("samples-dir", models.SamplesDir, "sample photos directory")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want install or verify", errUsage)
	}
	m, err := models.Load()
	if err != nil {
		return err
	}
	d := models.Dir(*dir)
	if *samples {
		m, d = m.SampleManifest(), *samplesDir
	}
	switch pos[0] {
	case "install":
		if err := m.Install(ctx, d, models.NPMPack, stderr); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "all files in %s verified\n", d)
		return nil
	case "verify":
		probs := m.Verify(d)
		for _, p := range probs {
			fmt.Fprintf(stdout, "%s\n", p)
		}
		if len(probs) > 0 {
			return fmt.Errorf("%d of the manifest's files missing or altered in %s; run `openkyc models install --dir %s`", len(probs), d, d)
		}
		fmt.Fprintf(stdout, "all files in %s verified\n", d)
		return nil
	}
	fs.Usage()
	return fmt.Errorf("%w: unknown models command %q", errUsage, pos[0])
}
