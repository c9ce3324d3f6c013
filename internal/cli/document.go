package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"openkyc/internal/engine"
	"openkyc/internal/engine/document"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/eval"
)

// openDocument starts the whole engine for its document part; close it
// with the returned function.
func (f *engineFlags) openDocument(ctx context.Context, now func() time.Time) (*document.Engine, func(), error) {
	e, err := engine.New(ctx, engine.Config{ModelsDir: f.models, Now: now, FlipEmbedding: f.flip})
	if err != nil {
		return nil, nil, err
	}
	return e.Document, func() { e.Close() }, nil
}

// documentReport is what `openkyc document` prints for one file.
type documentReport struct {
	File     string             `json:"file"`
	Evidence *document.Evidence `json:"evidence,omitempty"`
	Error    string             `json:"error,omitempty"`
}

func runDocument(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("document", "FILE…", stderr)
	var ef engineFlags
	ef.register(fs)
	withLines := fs.Bool("lines", false, "include every text line read, with its box and recognizer")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no image given", errUsage)
	}
	eng, closeEng, err := ef.openDocument(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEng()
	var reps []documentReport
	failed := 0
	for _, file := range files {
		ev, err := analyseDocument(ctx, eng, file)
		rep := documentReport{File: file, Evidence: ev}
		if err != nil {
			rep.Error = err.Error()
			failed++
		} else if !*withLines {
			ev.Lines = nil
		}
		if ev != nil && ev.Portrait != nil {
			ev.Portrait.Embedding = nil
		}
		reps = append(reps, rep)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // MRZ fillers are '<'
	if err := enc.Encode(reps); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d images could not be analysed", failed, len(files))
	}
	return nil
}

func analyseDocument(ctx context.Context, eng *document.Engine, file string) (*document.Evidence, error) {
	img, info, err := imaging.DecodeFile(file, imaging.DefaultLimits)
	if err != nil {
		return nil, err
	}
	return eng.Analyze(ctx, img, info.Scale)
}

func evalDocuments(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval documents", "DIR", stderr)
	var ef engineFlags
	ef.register(fs)
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	truthFile := fs.String("truth", "", "labels (default DIR/truth.jsonl); file paths in it are relative to DIR")
	workers := fs.Int("workers", runtime.NumCPU(), "images analysed at once")
	verbose := fs.Bool("v", false, "print each image's misses on stderr")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return fmt.Errorf("%w: want one folder", errUsage)
	}
	dir := pos[0]
	if *truthFile == "" {
		*truthFile = filepath.Join(dir, eval.TruthFile)
	}
	truth, err := eval.ReadTruth(*truthFile)
	if err != nil {
		return err
	}
	eng, closeEng, err := ef.openDocument(ctx, nil)
	if err != nil {
		return err
	}
	defer closeEng()

	preds := make([]eval.DocPrediction, len(truth))
	next := make(chan int)
	var wg sync.WaitGroup
	for range max(1, *workers) {
		wg.Go(func() {
			for i := range next {
				preds[i] = predictDocument(ctx, eng, dir, truth[i].File, stderr)
			}
		})
	}
	for i := range truth {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	if *verbose {
		for i, t := range truth {
			listMisses(stderr, t, preds[i])
		}
	}
	rep := eval.BuildDocumentReport(truth, preds)
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	fmt.Fprintf(stdout, "%s (%s)\n", dir, *truthFile)
	return rep.WriteTable(stdout)
}

// predictDocument analyses one image into the truth's shape.
func predictDocument(ctx context.Context, eng *document.Engine, dir, file string, stderr io.Writer) eval.DocPrediction {
	t := time.Now()
	ev, err := analyseDocument(ctx, eng, filepath.Join(dir, file))
	p := eval.DocPrediction{DocTruth: eval.DocTruth{File: file, Fields: map[string]string{}}, LatencyMS: ms(time.Since(t))}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %s: %v\n", file, err)
		return p
	}
	p.Found = ev.Found
	for _, c := range ev.Checks {
		p.Recapture = p.Recapture || c.Outcome == document.Fail && c.Recapture
	}
	p.DocumentType, p.IssuingCountry, p.Script = ev.DocumentType, ev.IssuingCountry, ev.Script
	if !ev.Found {
		p.DocumentType = "none"
	}
	if ev.MRZ != nil {
		p.MRZ = ev.MRZ.Lines
	}
	for name, f := range ev.Fields {
		p.Fields[name] = f.Value
	}
	return p
}

// listMisses prints what the engine got wrong on one image.
func listMisses(w io.Writer, t eval.DocTruth, p eval.DocPrediction) {
	var misses []string
	if t.DocumentType != "" && t.DocumentType != p.DocumentType {
		misses = append(misses, fmt.Sprintf("type %q≠%q", p.DocumentType, t.DocumentType))
	}
	if len(t.MRZ) > 0 && fmt.Sprint(t.MRZ) != fmt.Sprint(p.MRZ) {
		misses = append(misses, fmt.Sprintf("mrz %q", p.MRZ))
	}
	for name, want := range t.Fields {
		if !eval.FieldEqual(name, want, p.Fields[name]) {
			misses = append(misses, fmt.Sprintf("%s %q≠%q", name, p.Fields[name], want))
		}
	}
	if len(misses) > 0 {
		fmt.Fprintf(w, "%s: %v\n", t.File, misses)
	}
}
