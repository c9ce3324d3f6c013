package ocr

import (
	"context"
	"errors"
	"fmt"
	"math"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
)

// ErrEmptyImage is returned for a nil image or one with no pixels.
var ErrEmptyImage = errors.New("ocr: empty image")

// Detection parameters: PaddleOCR's tools/infer/utility.py defaults, which
// PP-OCRv4 det was tuned with (ENGINE-NOTES §6; gutenye's JS values differ
// and are worse).
const (
	detLimitSide  = 960  // det_limit_side_len with det_limit_type "max"
	detThresh     = 0.3  // det_db_thresh: binarisation of the probability map
	detBoxThresh  = 0.6  // det_db_box_thresh: minimum mean probability in a box
	detUnclip     = 1.5  // det_db_unclip_ratio
	detMinSide    = 3    // min_size: shorter side of a candidate, map pixels
	detMaxRegions = 1000 // max_candidates
)

// ImageNet statistics, indexed by input plane. The planes are B, G, R
// because PaddleOCR reads images with cv2, so mean[0] applies to blue.
var (
	detMean = [3]float32{0.485, 0.456, 0.406}
	detStd  = [3]float32{0.229, 0.224, 0.225}
)

// detSize is the detector's input size for a w×h image: the longer side
// limited to detLimitSide (smaller images are not enlarged), then each
// side rounded to a multiple of 32, at least 32, as the network's five
// stride-2 stages need.
func detSize(w, h int) (int, int) {
	ratio := 1.0
	if m := max(w, h); m > detLimitSide {
		ratio = float64(detLimitSide) / float64(m)
	}
	round32 := func(v int) int {
		r := int(math.RoundToEven(float64(int(float64(v)*ratio))/32)) * 32
		return max(r, 32)
	}
	return round32(w), round32(h)
}

// validImage reports whether img has pixels to read.
func validImage(img *imaging.Image) bool {
	return img != nil && img.W > 0 && img.H > 0 && len(img.Pix) >= 3*img.W*img.H
}

// DetectText finds the text lines of img with PP-OCRv4 det and returns
// their boxes in image pixels, in reading order (top to bottom, then left
// to right; see sortReading). An image without text gives no boxes and no
// error.
func (e *Engine) DetectText(ctx context.Context, img *imaging.Image) ([]Quad, error) {
	if !validImage(img) {
		return nil, ErrEmptyImage
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w, h := detSize(img.W, img.H)
	in := make([]float32, 3*w*h)
	imaging.ResizeToPlanes(img, img.Bounds(), w, h, in, imaging.BGR, func(v float32, c int) float32 {
		return (v/255 - detMean[c]) / detStd[c]
	})
	out, err := e.det.Run(ctx, ort.Tensor{Shape: []int64{1, 3, int64(h), int64(w)}, Data: in})
	if err != nil {
		return nil, fmt.Errorf("ocr: detect: %w", err)
	}
	if len(out) != 1 {
		return nil, fmt.Errorf("ocr: detect: %d outputs, want 1", len(out))
	}
	if len(out[0]) != w*h {
		return nil, fmt.Errorf("ocr: detect: probability map has %d values, want %d", len(out[0]), w*h)
	}
	qs := dbBoxes(out[0], w, h, img.W, img.H)
	sortReading(qs)
	return qs, nil
}

// dbBoxes is DBPostProcess.boxes_from_bitmap followed by
// filter_tag_det_res: it turns the w×h probability map into text boxes in
// the coordinates of the dstW×dstH image.
func dbBoxes(prob []float32, w, h, dstW, dstH int) []Quad {
	bm := make([]bool, len(prob))
	for i, p := range prob {
		bm[i] = p > detThresh
	}
	sx, sy := float64(dstW)/float64(w), float64(dstH)/float64(h)
	var out []Quad
	for _, region := range components(bm, w, h, detMaxRegions) {
		rect, rw, rh := minAreaRect(convexHull(region))
		if min(rw, rh) < detMinSide {
			continue
		}
		box := orderBox(rect)
		if boxScore(prob, w, h, box) < detBoxThresh {
			continue
		}
		grown, side := unclip(box, detUnclip)
		if side < detMinSide+2 {
			continue
		}
		// Back to image pixels, kept inside the image as PaddleOCR does
		// (clip_det_res), so a crop never samples far outside it.
		var q Quad
		for i, p := range orderBox(grown) {
			q[i] = Point{
				X: clampFloat(p.X*sx, 0, float64(dstW-1)),
				Y: clampFloat(p.Y*sy, 0, float64(dstH-1)),
			}
		}
		if int(q.Width()) <= detMinSide || int(q.Height()) <= detMinSide {
			continue
		}
		out = append(out, q)
	}
	return out
}
