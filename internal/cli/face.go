package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
)

// engineFlags are the flags every command that runs the face engine takes.
type engineFlags struct {
	models string
	flip   bool
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.models, "models", "", "models directory (default $"+models.EnvDir+" or "+models.DefaultDir+")")
	fs.BoolVar(&f.flip, "flip", face.DefaultFlipEmbedding, "average the embedding with that of the mirrored face")
}

// engines are what the engine-running commands start from: the verified
// models directory, one ONNX Runtime and the face engine on it.
type engines struct {
	dir  string
	rt   *ort.Runtime
	face *face.Engine
}

// start verifies the models and starts ONNX Runtime and the face engine;
// the caller closes e.rt.
func (f *engineFlags) start(ctx context.Context) (*engines, error) {
	dir := models.Dir(f.models)
	if err := models.Check(dir); err != nil {
		return nil, err
	}
	rt, err := ort.Open(ort.Config{Library: filepath.Join(dir, ort.LibraryName)})
	if err != nil {
		return nil, err
	}
	eng, err := face.New(ctx, rt, dir, face.Config{FlipEmbedding: f.flip})
	if err != nil {
		rt.Close()
		return nil, err
	}
	return &engines{dir: dir, rt: rt, face: eng}, nil
}

// open starts the face engine; close it with the returned function.
func (f *engineFlags) open(ctx context.Context) (*face.Engine, func(), error) {
	e, err := f.start(ctx)
	if err != nil {
		return nil, nil, err
	}
	return e.face, func() { e.rt.Close() }, nil
}

// imageReport is what `openkyc face` prints for one file.
type imageReport struct {
	File        string      `json:"file"`
	Format      string      `json:"format,omitempty"`
	Width       int         `json:"width,omitempty"`
	Height      int         `json:"height,omitempty"`
	Orientation int         `json:"orientation,omitempty"`
	Faces       []face.Face `json:"faces"`
	Error       string      `json:"error,omitempty"`
}

func runFace(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("face", "FILE…", stderr)
	var ef engineFlags
	ef.register(fs)
	withEmb := fs.Bool("embedding", false, "include the 512-d embedding of each face")
	thorough := fs.Bool("thorough", false, "always run the tiled second detection pass (small faces, e.g. ID portraits)")
	saveAligned := fs.String("save-aligned", "", "write each face as the 112×112 aligned crop the embedding sees, as PNG, into this directory")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: no image given", errUsage)
	}
	eng, closeEng, err := ef.open(ctx)
	if err != nil {
		return err
	}
	defer closeEng()

	opts := face.AllEvidence
	opts.Thorough = *thorough
	var reports []imageReport
	failed := 0
	for _, file := range files {
		rep := analyseFile(ctx, eng, file, opts, *saveAligned)
		if rep.Error != "" {
			failed++
		}
		if !*withEmb {
			for i := range rep.Faces {
				rep.Faces[i].Embedding = nil
			}
		}
		reports = append(reports, rep)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(reports); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d images had no usable face", failed, len(files))
	}
	return nil
}

// analyseFile decodes and analyses one file, reporting coordinates in the
// pixels of the (EXIF-oriented) original rather than of the downscaled copy
// the engine worked on.
func analyseFile(ctx context.Context, eng *face.Engine, file string, opts face.Options, saveAligned string) imageReport {
	rep := imageReport{File: file, Faces: []face.Face{}}
	img, info, err := imaging.DecodeFile(file, imaging.DefaultLimits)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	rep.Format, rep.Width, rep.Height, rep.Orientation = info.Format, info.Width, info.Height, info.Orientation
	a, err := eng.Analyze(ctx, img, opts)
	if err != nil {
		rep.Error = err.Error()
		return rep
	}
	for i, f := range a.Faces {
		rep.Faces = append(rep.Faces, f.Scaled(1/info.Scale))
		if saveAligned != "" {
			if err := savePNG(saveAligned, fmt.Sprintf("%s.face%d.png", filepath.Base(file), i), face.Align(img, f.Points)); err != nil {
				rep.Error = err.Error()
			}
		}
	}
	return rep
}

func savePNG(dir, name string, img *imaging.Image) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	if err := imaging.EncodePNG(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("compare", "A B", stderr)
	var ef engineFlags
	ef.register(fs)
	threshold := fs.Float64("threshold", envFloat("OPENKYC_MATCH_THRESHOLD", face.DefaultMatchThreshold),
		"similarity at or above which the faces match ($OPENKYC_MATCH_THRESHOLD)")
	liveThreshold := fs.Float64("liveness-threshold", envFloat("OPENKYC_LIVENESS_THRESHOLD", face.DefaultLivenessThreshold),
		"live score at or above which a face passes ($OPENKYC_LIVENESS_THRESHOLD)")
	files, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 2 {
		fs.Usage()
		return fmt.Errorf("%w: want exactly two images", errUsage)
	}
	eng, closeEng, err := ef.open(ctx)
	if err != nil {
		return err
	}
	defer closeEng()

	opts := face.Options{Embedding: true, Liveness: true, MaxFaces: 1}
	type side struct {
		File     string    `json:"file"`
		Faces    int       `json:"faces"`
		Box      *face.Box `json:"box,omitempty"`
		Liveness *float64  `json:"liveness,omitempty"`
		Live     *bool     `json:"live,omitempty"`
		Error    string    `json:"error,omitempty"`
		emb      []float32
	}
	var sides [2]side
	for i, file := range files {
		rep := analyseFile(ctx, eng, file, opts, "")
		s := side{File: file, Faces: len(rep.Faces), Error: rep.Error}
		if len(rep.Faces) > 0 {
			f := rep.Faces[0]
			live := f.Liveness.Score >= *liveThreshold
			s.Box, s.Liveness, s.Live, s.emb = &f.Box, &f.Liveness.Score, &live, f.Embedding
		}
		sides[i] = s
	}
	out := struct {
		A                 side     `json:"a"`
		B                 side     `json:"b"`
		Similarity        *float64 `json:"similarity"`
		Threshold         float64  `json:"threshold"`
		LivenessThreshold float64  `json:"liveness_threshold"`
		Verdict           string   `json:"verdict"`
	}{A: sides[0], B: sides[1], Threshold: *threshold, LivenessThreshold: *liveThreshold, Verdict: "no_face"}
	if sides[0].emb != nil && sides[1].emb != nil {
		sim := face.Compare(sides[0].emb, sides[1].emb)
		out.Similarity = &sim
		out.Verdict = "different"
		if sim >= *threshold {
			out.Verdict = "match"
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// envFloat reads a float default from the environment, falling back to def
// when unset or unparsable (the flag's own parsing then reports bad values).
func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil {
		return v
	}
	return def
}
