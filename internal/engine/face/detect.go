package face

import (
	"context"
	"fmt"
	"image"
	"math"
	"sort"

	"openkyc/internal/engine/imaging"
)

// The detector squashes its whole input to 320×240 without keeping the
// aspect ratio (ENGINE-NOTES §3, fr_detect).
const (
	detW       = 320
	detH       = 240
	nmsIoU     = 0.4
	maxDetects = 750
)

// Detection is one face the detector found.
type Detection struct {
	Box   Box     `json:"box"`
	Score float64 `json:"score"`
}

// Detect finds every face in img, largest first (see primaryFirst). The first pass runs on the
// whole image; when thorough is set, or when it finds nothing, a second
// pass runs on overlapping tiles, each seen at twice the scale (for a small
// image that means upscaled). The smallest face one pass finds is about 11–14 px at detector
// resolution, so a 90 px ID portrait in a 2000 px photo of a card is
// invisible to the first pass and plain on a 2×2 tile.
func (e *Engine) Detect(ctx context.Context, img *imaging.Image, thorough bool) ([]Detection, error) {
	dets, err := e.detectIn(ctx, img, img.Bounds())
	if err != nil {
		return nil, err
	}
	if thorough || len(dets) == 0 {
		for _, t := range tiles(img.W, img.H) {
			td, err := e.detectIn(ctx, img, t)
			if err != nil {
				return nil, err
			}
			dets = append(dets, dropCut(td, t, img.Bounds())...)
		}
		dets = nms(dets)
	}
	kept := dets[:0]
	for _, d := range dets {
		d.Box = square(d.Box, img.W, img.H)
		if d.Box.H() >= e.cfg.MinFaceSize {
			kept = append(kept, d)
		}
	}
	dets = kept
	sort.SliceStable(dets, func(i, j int) bool { return dets[i].Box.Area() > dets[j].Box.Area() })
	return primaryFirst(dets), nil
}

// primaryFirst moves the face the photo is of to the front: the largest,
// unless another face nearly as large was detected with more confidence.
// A blurred face close behind the subject can get a slightly larger box
// (deepface img41); the subject, in focus, gets the higher score.
func primaryFirst(dets []Detection) []Detection {
	if len(dets) < 2 {
		return dets
	}
	best := 0
	for i, d := range dets[1:] {
		if d.Box.Area() >= 0.85*dets[0].Box.Area() && d.Score > dets[best].Score {
			best = i + 1
		}
	}
	p := dets[best]
	copy(dets[1:best+1], dets[:best])
	dets[0] = p
	return dets
}

// detectIn runs the detector on region r of img and returns boxes in image
// coordinates after non-maximum suppression.
func (e *Engine) detectIn(ctx context.Context, img *imaging.Image, r image.Rectangle) ([]Detection, error) {
	in := make([]float32, 3*detW*detH)
	imaging.ResizeToPlanes(img, r, detW, detH, in, imaging.BGR, func(v float32, _ int) float32 { return (v - 127) / 128 })
	out, err := e.detect.Run(ctx, tensor(in, 1, 3, detH, detW))
	if err != nil {
		return nil, err
	}
	scores, boxes := out[0], out[1]
	if len(scores)*2 != len(boxes) {
		return nil, fmt.Errorf("face: detector returned %d scores and %d box values", len(scores), len(boxes))
	}
	sx, sy := float64(r.Dx()), float64(r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	var dets []Detection
	for i := 0; i < len(scores)/2; i++ {
		p := float64(scores[2*i+1])
		if p < e.cfg.DetectThreshold {
			continue
		}
		b := boxes[4*i : 4*i+4]
		d := Detection{Score: p, Box: Box{
			ox + float64(b[0])*sx, oy + float64(b[1])*sy,
			ox + float64(b[2])*sx, oy + float64(b[3])*sy,
		}}
		if d.Box.Area() > 0 {
			dets = append(dets, d)
		}
	}
	return nms(dets), nil
}

// nms keeps the best-scoring box of each overlapping group. Besides IoU it
// drops a box lying mostly inside a better one: tiles and scales produce
// nested boxes of one face whose IoU stays low.
func nms(dets []Detection) []Detection {
	sort.SliceStable(dets, func(i, j int) bool { return dets[i].Score > dets[j].Score })
	if len(dets) > maxDetects {
		dets = dets[:maxDetects]
	}
	var keep []Detection
	for _, d := range dets {
		ok := true
		for _, k := range keep {
			if d.Box.iou(k.Box) > nmsIoU || d.Box.overlapSmaller(k.Box) > 0.8 {
				ok = false
				break
			}
		}
		if ok {
			keep = append(keep, d)
		}
	}
	return keep
}

// tiles covers the image with overlapping 4:3 windows half the image's long
// side wide, so the detector sees each at twice the first pass's scale
// without distortion. Overlap of a third means any face smaller than a third
// of a tile lies whole inside at least one tile.
func tiles(w, h int) []image.Rectangle {
	tw := max(w, h) / 2
	th := tw * 3 / 4
	if tw < 64 {
		return nil
	}
	tw, th = min(tw, w), min(th, h)
	var out []image.Rectangle
	for _, y := range steps(h, th) {
		for _, x := range steps(w, tw) {
			out = append(out, image.Rect(x, y, x+tw, y+th))
		}
	}
	return out
}

// steps returns window origins covering n with windows of size s overlapping
// by at least a third.
func steps(n, s int) []int {
	if s >= n {
		return []int{0}
	}
	k := int(math.Ceil(float64(n-s)/(float64(s)*2/3))) + 1
	out := make([]int, k)
	for i := range out {
		out[i] = (n - s) * i / (k - 1)
	}
	return out
}

// dropCut discards tile detections touching an edge of the tile that is not
// an edge of the image: such a box holds part of a face, which another tile
// sees whole.
func dropCut(dets []Detection, t, bounds image.Rectangle) []Detection {
	m := 0.01 * float64(t.Dx())
	var keep []Detection
	for _, d := range dets {
		b := d.Box
		cut := (t.Min.X > bounds.Min.X && b.X1 < float64(t.Min.X)+m) ||
			(t.Min.Y > bounds.Min.Y && b.Y1 < float64(t.Min.Y)+m) ||
			(t.Max.X < bounds.Max.X && b.X2 > float64(t.Max.X)-m) ||
			(t.Max.Y < bounds.Max.Y && b.Y2 > float64(t.Max.Y)-m)
		if !cut {
			keep = append(keep, d)
		}
	}
	return keep
}

// square turns a detector box into the square, centred, side = height box
// the downstream models were trained on, clipped to the image.
func square(b Box, w, h int) Box {
	c := b.Center()
	s := b.H() / 2
	return Box{
		math.Max(0, c.X-s), math.Max(0, c.Y-s),
		math.Min(float64(w), c.X+s), math.Min(float64(h), c.Y+s),
	}
}
