package locate

import (
	"math"
	"slices"

	"openkyc/internal/engine/imaging"
)

// workSide is the long side, in pixels, of the image the detector works on.
// A document filling a third of the frame still has sides of 200+ pixels
// there, which pins its corners to well under 1 % of the diagonal, and the
// whole search stays within a few milliseconds.
const workSide = 640

// frame is the downscaled working image and its edge map.
type frame struct {
	w, h   int
	sx, sy float64   // work pixels per input pixel, per axis (rounding makes them differ slightly)
	gray   []float32 // luma 0..255, lightly blurred
	gx, gy []float32 // Sobel gradients of gray
	mag    []float32
	rgb    *imaging.Image // the work-size colour image (unblurred)
	edges  []edgePx

	ink   []bool     // inkMap, computed on first use
	texts []textLine // textLines in both directions, computed on first use
	done  bool       // texts computed
	sf    *scanFeatures
	prof  *inkProfiles
	lines []*line     // findLines result
	cands []candidate // searchQuads result
}

// edgePx is a thinned edge pixel with its gradient direction.
type edgePx struct {
	x, y   float32
	nx, ny float32 // unit gradient (points from dark to bright)
	bin    int16   // orientation bin of the gradient modulo π (houghBins)
}

// newFrame downscales img to the work size and computes the blurred luma,
// gradients and thinned edges.
func newFrame(img *imaging.Image) *frame {
	s := float64(workSide) / float64(max(img.W, img.H))
	w := max(1, int(math.Round(float64(img.W)*s)))
	h := max(1, int(math.Round(float64(img.H)*s)))
	f := &frame{w: w, h: h, sx: float64(w) / float64(img.W), sy: float64(h) / float64(img.H)}
	f.rgb = imaging.Resize(img, w, h)
	f.gray = make([]float32, w*h)
	for i := range f.gray {
		p := f.rgb.Pix[3*i : 3*i+3 : 3*i+3]
		f.gray[i] = 0.299*float32(p[0]) + 0.587*float32(p[1]) + 0.114*float32(p[2])
	}
	blur(f.gray, w, h, blurSigma)
	f.gradients()
	f.thin()
	return f
}

// blurSigma (work pixels) smooths away JPEG noise, print dots and most of
// a busy background's fine texture while keeping a document's border a
// sharp, single edge.
const blurSigma = 1.4

// blur applies an in-place separable Gaussian with clamped borders.
func blur(p []float32, w, h int, sigma float64) {
	r := int(math.Ceil(2.5 * sigma))
	k := make([]float32, 2*r+1)
	var sum float32
	for i := range k {
		d := float64(i - r)
		k[i] = float32(math.Exp(-d * d / (2 * sigma * sigma)))
		sum += k[i]
	}
	for i := range k {
		k[i] /= sum
	}
	tmp := make([]float32, max(w, h)+2*r)
	// Rows.
	for y := range h {
		row := p[y*w : (y+1)*w]
		for i := range tmp[:w+2*r] {
			tmp[i] = row[min(max(i-r, 0), w-1)]
		}
		for x := range row {
			var a float32
			for j, kv := range k {
				a += kv * tmp[x+j]
			}
			row[x] = a
		}
	}
	// Columns: whole rows at a time, so memory is read sequentially.
	src := slices.Clone(p)
	for y := range h {
		out := p[y*w : (y+1)*w]
		clear(out)
		for j, kv := range k {
			yy := min(max(y+j-r, 0), h-1)
			in := src[yy*w : (yy+1)*w]
			for x := range out {
				out[x] += kv * in[x]
			}
		}
	}
}

// gradients computes Sobel gx, gy and magnitude (zero on the outer ring).
func (f *frame) gradients() {
	w, h := f.w, f.h
	f.gx = make([]float32, w*h)
	f.gy = make([]float32, w*h)
	f.mag = make([]float32, w*h)
	g := f.gray
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			a, b, c := g[i-w-1], g[i-w], g[i-w+1]
			d, e := g[i-1], g[i+1]
			u, v, z := g[i+w-1], g[i+w], g[i+w+1]
			gx := (c + 2*e + z) - (a + 2*d + u)
			gy := (u + 2*v + z) - (a + 2*b + c)
			f.gx[i], f.gy[i] = gx, gy
			f.mag[i] = float32(math.Sqrt(float64(gx*gx + gy*gy)))
		}
	}
}

// edgeThreshold is the smallest Sobel magnitude kept as an edge. After the
// blur a step of 10 grey levels gives about 20: a white card on a light
// grey desk is still seen, while sensor noise is not.
const edgeThreshold = 18

// thin keeps the local maxima of the gradient magnitude across the edge
// (non-maximum suppression, four directions), which turns each boundary
// into a one-pixel line for the Hough transform.
func (f *frame) thin() {
	w, h := f.w, f.h
	// Thinned edges rarely exceed a tenth of the pixels; reserving that
	// avoids regrowing a megabyte-sized slice.
	f.edges = make([]edgePx, 0, w*h/10)
	const t22 = 0.41421356 // tan 22.5°
	// Down to the second pixel from the border: scans and tight crops have
	// their document edge right there.
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			m := f.mag[i]
			if m < edgeThreshold {
				continue
			}
			gx, gy := f.gx[i], f.gy[i]
			ax, ay := abs32(gx), abs32(gy)
			var o int
			switch {
			case ay <= t22*ax:
				o = 1
			case ax <= t22*ay:
				o = w
			case (gx > 0) == (gy > 0):
				o = w + 1
			default:
				o = w - 1
			}
			// Ties go to one side only so a plateau still gives one pixel.
			if m < f.mag[i-o] || m <= f.mag[i+o] {
				continue
			}
			nx, ny := gx/m, gy/m
			th := math.Atan2(float64(ny), float64(nx))
			if th < 0 {
				th += math.Pi
			}
			b := int(th / math.Pi * houghBins)
			if b >= houghBins {
				b -= houghBins
			}
			f.edges = append(f.edges, edgePx{x: float32(x), y: float32(y), nx: nx, ny: ny, bin: int16(b)})
		}
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}
