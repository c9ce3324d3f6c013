package face

import (
	"context"
	"fmt"
	"math"

	"openkyc/internal/engine/imaging"
)

// Landmarks runs the 68-point model on the detection box. Points come back
// in image pixels, iBUG-68 order.
func (e *Engine) Landmarks(ctx context.Context, img *imaging.Image, box Box) ([68]Point, error) {
	var pts [68]Point
	b := scaledSquare(box, 1, img.W, img.H)
	r := b.Rect()
	out, err := e.landmark.Run(ctx, tensor(gray(img, r, 64, 64, 256), 1, 1, 64, 64))
	if err != nil {
		return pts, err
	}
	v := out[0]
	if len(v) != 136 {
		return pts, fmt.Errorf("face: landmark model returned %d values", len(v))
	}
	w, h := float64(r.Dx()), float64(r.Dy())
	for i := range pts {
		pts[i] = Point{float64(v[2*i])*w + float64(r.Min.X), float64(v[2*i+1])*h + float64(r.Min.Y)}
	}
	return pts, nil
}

// FivePoints reduces 68 landmarks to the eye centres, nose tip and mouth
// corners the alignment template uses. "Left" is image-left.
func FivePoints(p [68]Point) [5]Point {
	mean := func(idx ...int) Point {
		var s Point
		for _, i := range idx {
			s.X += p[i].X
			s.Y += p[i].Y
		}
		return Point{s.X / float64(len(idx)), s.Y / float64(len(idx))}
	}
	return [5]Point{mean(37, 38, 40, 41), mean(43, 44, 46, 47), p[30], mean(48, 60), mean(54, 64)}
}

// Embed returns the L2-normalised 512-d embedding of a 112×112 aligned face.
func (e *Engine) Embed(ctx context.Context, aligned *imaging.Image) ([]float32, error) {
	if aligned.W != AlignedSize || aligned.H != AlignedSize {
		return nil, fmt.Errorf("face: aligned face is %dx%d, want %dx%d", aligned.W, aligned.H, AlignedSize, AlignedSize)
	}
	emb, err := e.embedOnce(ctx, aligned)
	if err != nil || !e.cfg.FlipEmbedding {
		return emb, err
	}
	flipped, err := e.embedOnce(ctx, imaging.FlipH(aligned))
	if err != nil {
		return nil, err
	}
	for i := range emb {
		emb[i] += flipped[i]
	}
	return normalize(emb), nil
}

// embedOnce feeds BGR planes although the vendor's JS feeds RGB: measured
// with `openkyc eval faces`, BGR raises TAR at FAR 1e-3 on celebrity-crops
// from 85.1 % to 89.9 % and separates the deepface pairs perfectly (EER 0
// vs 2.1 %), so the model was evidently trained on OpenCV's BGR images.
func (e *Engine) embedOnce(ctx context.Context, aligned *imaging.Image) ([]float32, error) {
	in := make([]float32, 3*AlignedSize*AlignedSize)
	imaging.ResizeToPlanes(aligned, aligned.Bounds(), AlignedSize, AlignedSize, in, imaging.BGR,
		func(v float32, _ int) float32 { return (v - 127) / 128 })
	out, err := e.feature.Run(ctx, tensor(in, 1, 3, AlignedSize, AlignedSize))
	if err != nil {
		return nil, err
	}
	if len(out[0]) != 512 {
		return nil, fmt.Errorf("face: embedding has %d values", len(out[0]))
	}
	return normalize(out[0]), nil
}

func normalize(v []float32) []float32 {
	var s float64
	for _, x := range v {
		s += float64(x) * float64(x)
	}
	n := float32(math.Sqrt(s))
	if n == 0 {
		return v
	}
	for i := range v {
		v[i] /= n
	}
	return v
}

// Compare returns the cosine similarity of two L2-normalised embeddings, in
// [−1, 1]; same-person pairs score high. It returns 0 when either is missing
// or their lengths differ.
func Compare(a, b []float32) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

// Liveness is the passive presentation-attack score of one face.
type Liveness struct {
	// Score is the model's live probability p[0]; higher is more live.
	Score float64 `json:"score"`
	// Probs are the three class probabilities (live, then two undocumented
	// attack classes).
	Probs [3]float64 `json:"probs"`
}

// Liveness scores a face for presentation attacks: a crop 2.7× the box,
// 128×128, raw 0..255 RGB values, softmax over three classes.
func (e *Engine) Liveness(ctx context.Context, img *imaging.Image, box Box) (Liveness, error) {
	r := scaledSquare(box, 2.7, img.W, img.H).Rect()
	in := make([]float32, 3*128*128)
	// Bilinear, not area-averaged: the model was trained on bilinear crops
	// and its cues are print and screen texture that averaging erases.
	imaging.ResizeToPlanesKernel(img, r, 128, 128, in, imaging.RGB, imaging.Bilinear, func(v float32, _ int) float32 { return v })
	out, err := e.liveness.Run(ctx, tensor(in, 1, 3, 128, 128))
	if err != nil {
		return Liveness{}, err
	}
	if len(out[0]) != 3 {
		return Liveness{}, fmt.Errorf("face: liveness model returned %d values", len(out[0]))
	}
	p := softmax(out[0])
	return Liveness{Score: p[0], Probs: [3]float64{p[0], p[1], p[2]}}, nil
}

// Pose is head orientation in degrees. Yaw turns the head left/right,
// pitch nods, roll tilts; 0/0/0 faces the camera.
type Pose struct {
	Yaw   float64 `json:"yaw"`
	Pitch float64 `json:"pitch"`
	Roll  float64 `json:"roll"`
}

// Pose estimates head orientation: a crop 1.5× the box, 224×224, RGB with
// ImageNet normalisation; each angle is the expectation over 66 bins of 3°.
func (e *Engine) Pose(ctx context.Context, img *imaging.Image, box Box) (Pose, error) {
	q := box.W() / 4
	r := Box{box.X1 - q, box.Y1 - q, box.X2 + q, box.Y2 + q}.Rect().Intersect(img.Bounds())
	in := make([]float32, 3*224*224)
	imaging.ResizeToPlanes(img, r, 224, 224, in, imaging.RGB, imagenet)
	out, err := e.pose.Run(ctx, tensor(in, 1, 3, 224, 224))
	if err != nil {
		return Pose{}, err
	}
	var ang [3]float64
	for k := range ang {
		if len(out[k]) != 66 {
			return Pose{}, fmt.Errorf("face: pose output %d has %d bins", k, len(out[k]))
		}
		for i, p := range softmax(out[k]) {
			ang[k] += p * float64(i)
		}
		ang[k] = ang[k]*3 - 99
	}
	return Pose{Yaw: ang[0], Pitch: ang[1], Roll: ang[2]}, nil
}

// Eyes is the state of each eye; "left" is the eye on the image's left
// (the subject's right).
type Eyes struct {
	LeftOpen        bool    `json:"left_open"`
	RightOpen       bool    `json:"right_open"`
	LeftClosedProb  float64 `json:"left_closed_prob"`
	RightClosedProb float64 `json:"right_closed_prob"`
}

// Eyes classifies each eye as open or closed from a square crop 1.6× the
// eye-corner distance around the eye centre, 24×24 gray.
func (e *Engine) Eyes(ctx context.Context, img *imaging.Image, lm [68]Point) (Eyes, error) {
	five := FivePoints(lm)
	var probs [2]float64
	for k, eye := range [2]struct {
		c          Point
		inner, out int
	}{{five[0], 36, 39}, {five[1], 42, 45}} {
		side := 1.6 * dist(lm[eye.inner], lm[eye.out])
		if side < 2 {
			side = 2
		}
		r := Box{eye.c.X - side/2, eye.c.Y - side/2, eye.c.X + side/2, eye.c.Y + side/2}.Rect().Intersect(img.Bounds())
		if r.Empty() {
			return Eyes{}, fmt.Errorf("face: eye %d outside the image", k)
		}
		out, err := e.eye.Run(ctx, tensor(gray(img, r, 24, 24, 255), 1, 1, 24, 24))
		if err != nil {
			return Eyes{}, err
		}
		if len(out[0]) != 2 {
			return Eyes{}, fmt.Errorf("face: eye model returned %d values", len(out[0]))
		}
		probs[k] = softmax(out[0])[0]
	}
	return Eyes{
		LeftOpen: probs[0] <= 0.5, RightOpen: probs[1] <= 0.5,
		LeftClosedProb: probs[0], RightClosedProb: probs[1],
	}, nil
}

var ageOutputs = []string{
	"prob_stage_1", "prob_stage_2", "prob_stage_3",
	"stage1_delta_k", "stage2_delta_k", "stage3_delta_k",
	"index_offset_stage1", "index_offset_stage2", "index_offset_stage3",
}

// Age estimates the age in years with SSR-Net: a crop 1.4× the box, 64×64,
// RGB with ImageNet normalisation, three stages of soft regression.
func (e *Engine) Age(ctx context.Context, img *imaging.Image, box Box) (float64, error) {
	r := scaledSquare(box, 1.4, img.W, img.H).Rect()
	in := make([]float32, 3*64*64)
	imaging.ResizeToPlanes(img, r, 64, 64, in, imaging.RGB, imagenet)
	out, err := e.age.Run(ctx, tensor(in, 1, 3, 64, 64))
	if err != nil {
		return 0, err
	}
	var x []float64
	for _, o := range out {
		for _, v := range o {
			x = append(x, float64(v))
		}
	}
	if len(x) != 21 {
		return 0, fmt.Errorf("face: age model returned %d values", len(x))
	}
	return ssrAge(x), nil
}

// ssrAge merges SSR-Net's stage outputs (probabilities x[0..8], scale
// deltas x[9..11], index offsets x[12..20]) into years, as the model's
// authors do with λ_local = λ_d = 1 and V = 101.
func ssrAge(x []float64) float64 {
	var a, b, c float64
	for i := range 3 {
		a += (float64(i) + x[12+i]) * x[i]
		b += (float64(i) + x[15+i]) * x[3+i]
		c += (float64(i) + x[18+i]) * x[6+i]
	}
	d1, d2, d3 := 3*(1+x[9]), 3*(1+x[10]), 3*(1+x[11])
	return (a/d1 + b/d1/d2 + c/d1/d2/d3) * 101
}
