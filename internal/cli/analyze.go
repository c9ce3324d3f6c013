package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"openkyc/internal/engine"
	"openkyc/internal/engine/face"
	"openkyc/internal/kyc"
	"openkyc/internal/submission"
)

// runAnalyze runs the whole engine and the decision on an ID photo and a
// selfie, as the server would for a submission sending both, and prints
// the verdict with every check as JSON: the quickest look at what openkyc
// decides and why.
func runAnalyze(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("analyze", "ID-PHOTO SELFIE", stderr)
	var ef engineFlags
	ef.register(fs)
	back := fs.String("back", "", "photo of the back of the ID card (where the MRZ is on most ID cards)")
	policyFile := fs.String("policy", "", "JSON file of policy options, as GET /v1/options shows them (default: the default policy)")
	name := fs.String("name", "", "the name the applicant typed, compared with the ID")
	birth := fs.String("birth-date", "", "the birth date the applicant typed (YYYY-MM-DD)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 2 {
		fs.Usage()
		return fmt.Errorf("%w: want an ID photo and a selfie", errUsage)
	}
	policy, err := readPolicy(*policyFile)
	if err != nil {
		return err
	}
	photos := map[string][]byte{}
	for _, f := range []string{files[0], files[1], *back} {
		if f == "" {
			continue
		}
		if photos[f], err = os.ReadFile(f); err != nil {
			return err
		}
	}
	eng, err := engine.New(ctx, engine.Config{ModelsDir: ef.models, FlipEmbedding: ef.flip})
	if err != nil {
		return err
	}
	defer eng.Close()
	var backPhoto []byte
	if *back != "" {
		backPhoto = photos[*back]
	}
	ev, err := eng.AnalyzeDocument(ctx, photos[files[0]], backPhoto)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	selfie, err := eng.AnalyzeSelfie(ctx, photos[files[1]])
	if err != nil && err != face.ErrNoFace {
		return fmt.Errorf("%s: %w", files[1], err)
	}
	v, err := submission.Evaluate(policy, submission.Applicant{Name: *name, BirthDate: *birth}, ev, selfie, time.Now())
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// readPolicy reads policy options over the defaults; "" is the defaults.
func readPolicy(path string) (kyc.Policy, error) {
	p := kyc.DefaultPolicy()
	if path == "" {
		return p, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return p, fmt.Errorf("%s: %w", path, err)
	}
	return p, p.Validate()
}
