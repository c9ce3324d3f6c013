package face

import (
	"context"
	"sync"
	"time"

	"openkyc/internal/engine/imaging"
)

// Options choose how much evidence Analyze gathers. Each stage costs a
// model run per face, so callers ask only for what they use.
type Options struct {
	Embedding bool
	Liveness  bool
	Pose      bool
	Eyes      bool
	Age       bool
	// MaxFaces limits how many faces, largest first, get the per-face
	// stages; the rest keep their detection. 0 means all.
	MaxFaces int
	// Thorough always runs the tiled second detection pass (documents,
	// group photos), not only when the first pass finds nothing.
	Thorough bool
}

// AllEvidence gathers everything for every face.
var AllEvidence = Options{Embedding: true, Liveness: true, Pose: true, Eyes: true, Age: true}

// Face is the evidence about one face. Coordinates are pixels of the image
// Analyze was given.
type Face struct {
	Detection
	Landmarks [68]Point `json:"landmarks"`
	// Points are the eye centres, nose tip and mouth corners (image-left first).
	Points    [5]Point  `json:"points"`
	Embedding []float32 `json:"embedding,omitempty"`
	Liveness  *Liveness `json:"liveness,omitempty"`
	Pose      *Pose     `json:"pose,omitempty"`
	Eyes      *Eyes     `json:"eyes,omitempty"`
	Age       *float64  `json:"age,omitempty"`
	Quality   Quality   `json:"quality"`
}

// Quality measures how usable a face is for comparison.
type Quality struct {
	// Size is the side of the square face box, in pixels.
	Size float64 `json:"size"`
	// InterOcular is the distance between the eye centres, in pixels.
	InterOcular float64 `json:"inter_ocular"`
	// Sharpness is the variance of the Laplacian of the face scaled to a
	// 128 px side; blurred faces score low.
	Sharpness float64 `json:"sharpness"`
	// Brightness is the mean luma of the face box, 0..255.
	Brightness float64 `json:"brightness"`
	// Faces is the number of faces in the image.
	Faces int `json:"faces"`
}

// Stage names, as reported in Analysis.Stages and by the benchmark.
const (
	StageDetect    = "detect"
	StageLandmarks = "landmarks"
	StageAlign     = "align"
	StageEmbed     = "embed"
	StageLiveness  = "liveness"
	StagePose      = "pose"
	StageEyes      = "eyes"
	StageAge       = "age"
	StageQuality   = "quality"
)

// Analysis is the result of Analyze: faces largest first, and the time each
// stage took, summed over faces.
type Analysis struct {
	Faces  []Face
	Stages map[string]time.Duration
}

// Analyze detects every face in img and gathers the evidence opts asks for.
// It returns ErrNoFace when there is none.
func (e *Engine) Analyze(ctx context.Context, img *imaging.Image, opts Options) (*Analysis, error) {
	a := &Analysis{Stages: map[string]time.Duration{}}
	t := time.Now()
	dets, err := e.Detect(ctx, img, opts.Thorough)
	a.Stages[StageDetect] = time.Since(t)
	if err != nil {
		return nil, err
	}
	if len(dets) == 0 {
		return nil, ErrNoFace
	}
	a.Faces = make([]Face, len(dets))
	for i, d := range dets {
		a.Faces[i].Detection = d
		if opts.MaxFaces > 0 && i >= opts.MaxFaces {
			continue
		}
		if err := e.analyseFace(ctx, img, &a.Faces[i], opts, a.Stages); err != nil {
			return nil, err
		}
	}
	for i := range a.Faces {
		a.Faces[i].Quality.Faces = len(dets)
	}
	return a, nil
}

// analyseFace fills f. The embedding and the crop-based models run in two
// goroutines: on an idle machine one request then uses both cores, and under
// load the runtime's semaphore keeps the total bounded.
func (e *Engine) analyseFace(ctx context.Context, img *imaging.Image, f *Face, opts Options, stages map[string]time.Duration) error {
	var mu sync.Mutex
	timed := func(stage string, fn func() error) error {
		t := time.Now()
		err := fn()
		mu.Lock()
		stages[stage] += time.Since(t)
		mu.Unlock()
		return err
	}
	if err := timed(StageLandmarks, func() (err error) {
		f.Landmarks, err = e.Landmarks(ctx, img, f.Box)
		return err
	}); err != nil {
		return err
	}
	f.Points = FivePoints(f.Landmarks)

	var wg sync.WaitGroup
	var embedErr error
	if opts.Embedding {
		wg.Go(func() {
			var aligned *imaging.Image
			timed(StageAlign, func() error { aligned = Align(img, f.Points); return nil })
			embedErr = timed(StageEmbed, func() (err error) {
				f.Embedding, err = e.Embed(ctx, aligned)
				return err
			})
		})
	}
	err := e.cropStages(ctx, img, f, opts, timed)
	wg.Wait()
	if err != nil {
		return err
	}
	if embedErr != nil {
		return embedErr
	}
	timed(StageQuality, func() error { f.Quality = quality(img, f); return nil })
	return nil
}

func (e *Engine) cropStages(ctx context.Context, img *imaging.Image, f *Face, opts Options, timed func(string, func() error) error) error {
	if opts.Liveness {
		if err := timed(StageLiveness, func() error {
			l, err := e.Liveness(ctx, img, f.Box)
			f.Liveness = &l
			return err
		}); err != nil {
			return err
		}
	}
	if opts.Pose {
		if err := timed(StagePose, func() error {
			p, err := e.Pose(ctx, img, f.Box)
			f.Pose = &p
			return err
		}); err != nil {
			return err
		}
	}
	if opts.Eyes {
		if err := timed(StageEyes, func() error {
			y, err := e.Eyes(ctx, img, f.Landmarks)
			f.Eyes = &y
			return err
		}); err != nil {
			return err
		}
	}
	if opts.Age {
		return timed(StageAge, func() error {
			age, err := e.Age(ctx, img, f.Box)
			f.Age = &age
			return err
		})
	}
	return nil
}

func quality(img *imaging.Image, f *Face) Quality {
	r := f.Box.Rect().Intersect(img.Bounds())
	return Quality{
		Size:        f.Box.H(),
		InterOcular: dist(f.Points[0], f.Points[1]),
		Sharpness:   imaging.Sharpness(img, r),
		Brightness:  imaging.Brightness(img, r),
	}
}

// Scaled returns the face with every coordinate and length multiplied by k,
// to report it in the pixels of an original the engine saw downscaled.
func (f Face) Scaled(k float64) Face {
	f.Box = f.Box.scaled(k)
	for i := range f.Landmarks {
		f.Landmarks[i] = f.Landmarks[i].scaled(k)
	}
	for i := range f.Points {
		f.Points[i] = f.Points[i].scaled(k)
	}
	f.Quality.Size *= k
	f.Quality.InterOcular *= k
	return f
}
