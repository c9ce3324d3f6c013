package imaging

import (
	"image"
	"math"
	"runtime"
	"sync"
)

// Resampling is separable and fixed-point. Per axis, each output sample is
// a weighted sum of source samples, with weights chosen by the shrink
// factor s = source span / output size:
//
//   - s <= 2 (upscaling, mild downscaling): bilinear on pixel centres, the
//     same sample positions as OpenCV's INTER_LINEAR;
//   - s > 2: area averaging (box filter with fractional edge coverage, like
//     INTER_AREA), so that a face a few dozen pixels wide in a big photo is
//     averaged instead of aliased into noise.
//
// The vertical pass runs first, accumulating source rows into one row
// buffer (streaming, cache-friendly); the horizontal pass then reads that
// buffer. Source pixels whose centre lies outside the image read as black,
// which is what crops extending past the border need, while pixels inside
// are sampled with edge clamping so a crop equal to the image bounds gives
// exactly the plain resize.

const (
	wBits = 14 // weight precision: weights sum to 1<<wBits
	wOne  = 1 << wBits
	// outFrac is the number of fractional bits of resampled values: 8.8
	// fixed point keeps sub-level precision for the float outputs.
	outFrac = 8
)

// axisTaps is the kernel table for one axis.
type axisTaps struct {
	n      int     // weights stored per output sample
	start  []int32 // first source index per output sample
	count  []int32 // number of taps per output sample (0 = outside: black)
	w      []int32 // n weights per output sample, fixed point
	lo, hi int     // source indices touched, [lo, hi)
}

// buildTaps builds the table mapping dstLen output samples onto the source
// interval [lo, lo+span) of an axis of srcLen pixels.
func buildTaps(srcLen int, lo, span float64, dstLen int, k Kernel) axisTaps {
	s := span / float64(dstLen)
	t := axisTaps{lo: srcLen, hi: 0}
	area := k == Auto && s > 2
	if area {
		t.n = min(int(math.Ceil(s))+1, srcLen)
	} else {
		t.n = 2
	}
	t.start = make([]int32, dstLen)
	t.count = make([]int32, dstLen)
	t.w = make([]int32, dstLen*t.n)
	for d := range dstLen {
		ws := t.w[d*t.n : (d+1)*t.n]
		var first, cnt int
		if area {
			a := lo + float64(d)*s
			b := a + s
			ia := max(int(math.Floor(a)), 0)
			ib := min(int(math.Ceil(b)), srcLen)
			if ib <= ia {
				continue // entirely outside the image: black
			}
			first, cnt = ia, min(ib-ia, t.n)
			var cov float64
			var qsum int32
			big := 0
			for k := range cnt {
				x := float64(ia + k)
				ov := (math.Min(b, x+1) - math.Max(a, x)) / s
				cov += ov
				q := int32(math.Round(ov * wOne))
				ws[k] = q
				qsum += q
				if q > ws[big] {
					big = k
				}
			}
			// Make the quantised weights add up exactly to the real coverage
			// so flat areas stay flat (no drift of ±1 level).
			ws[big] += int32(math.Round(cov*wOne)) - qsum
		} else {
			p := lo + (float64(d)+0.5)*s - 0.5
			if p < -0.5 || p >= float64(srcLen)-0.5 || math.IsNaN(p) {
				continue // the sample's centre is outside the image: black
			}
			x0 := math.Floor(p)
			f := int32(math.Round((p - x0) * wOne))
			i0 := int(x0)
			switch {
			case i0 < 0:
				first, cnt, ws[0] = 0, 1, wOne
			case i0+1 >= srcLen || f == 0:
				first, cnt, ws[0] = i0, 1, wOne
			case f == wOne:
				first, cnt, ws[0] = i0+1, 1, wOne
			default:
				first, cnt, ws[0], ws[1] = i0, 2, wOne-f, f
			}
		}
		t.start[d], t.count[d] = int32(first), int32(cnt)
		t.lo, t.hi = min(t.lo, first), max(t.hi, first+cnt)
	}
	if t.hi <= t.lo {
		t.lo, t.hi = 0, 0
	}
	return t
}

// rowEmitter receives one output row of 3*w values in 8.8 fixed point. It is
// called concurrently for distinct rows.
type rowEmitter func(y int, row []int32)

// sink is where resampled rows go: straight into an 8-bit image (Resize,
// blur: saves a pass over every output value) or to an emitter (float
// outputs, which keep the fractional bits).
type sink struct {
	dst  *Image
	emit rowEmitter
}

// resample resamples the source rectangle (x0, y0, sw, sh) (in pixel-edge
// coordinates, may extend past the image) to w×h, handing each output row to
// emit. Large jobs are split by rows across the CPUs.
func resample(src *Image, x0, y0, sw, sh float64, w, h int, k Kernel, out sink) {
	tx := buildTaps(src.W, x0, sw, w, k)
	ty := buildTaps(src.H, y0, sh, h, k)
	runTaps(src, &tx, &ty, w, h, out)
}

// runTaps applies a pair of kernel tables (w outputs across, h down).
func runTaps(src *Image, tx, ty *axisTaps, w, h int, out sink) {
	// Work estimate: source values touched by the vertical pass plus the
	// horizontal taps.
	work := int64(h)*int64(ty.n)*int64(tx.hi-tx.lo) + int64(w)*int64(h)*int64(tx.n)
	parallel(h, work, func(a, b int) { resampleRows(src, tx, ty, a, b, w, out) })
}

// parallel runs fn over [0, n) split into contiguous ranges, one per CPU,
// when work (a rough count of inner-loop operations) is large enough to
// pay for the goroutines; below ~1M operations it runs inline.
//
// A panic in a worker is re-raised in the calling goroutine: otherwise it
// would kill the process, out of reach of Decode's recover.
func parallel(n int, work int64, fn func(a, b int)) {
	workers := 1
	if work > 1<<20 {
		workers = min(runtime.GOMAXPROCS(0), n, 8)
	}
	if workers <= 1 {
		fn(0, n)
		return
	}
	var (
		wg    sync.WaitGroup
		once  sync.Once
		fault any
	)
	for i := range workers {
		a, b := n*i/workers, n*(i+1)/workers
		wg.Go(func() {
			defer func() {
				if r := recover(); r != nil {
					once.Do(func() { fault = r })
				}
			}()
			fn(a, b)
		})
	}
	wg.Wait()
	if fault != nil {
		panic(fault)
	}
}

// resampleRows produces output rows [ya, yb). The two common shapes (one
// or two vertical taps, two horizontal taps) have their own loops: this is
// the hot path of decoding and model input preparation.
func resampleRows(src *Image, tx, ty *axisTaps, ya, yb, w int, dst sink) {
	cols := tx.hi - tx.lo
	// Three values of padding let the two-tap loop read a second tap whose
	// weight is zero without a bounds check failing at the right edge.
	acc := make([]int32, 3*cols+3)
	var out []int32
	if dst.dst == nil {
		out = make([]int32, 3*w)
	}
	stride := 3 * src.W
	for y := ya; y < yb; y++ {
		var row8 []uint8
		if dst.dst != nil {
			row8 = dst.dst.Pix[3*w*y : 3*w*(y+1)]
		}
		cy := int(ty.count[y])
		if cy == 0 || cols == 0 {
			if row8 != nil {
				clear(row8)
			} else {
				clear(out)
				dst.emit(y, out)
			}
			continue
		}
		verticalPass(src.Pix, acc[:3*cols], (int(ty.start[y]))*stride+3*tx.lo, stride, ty.w[y*ty.n:y*ty.n+cy])
		switch {
		case row8 != nil && tx.n == 2:
			horizontal2u8(acc, row8, tx)
		case row8 != nil:
			horizontalNu8(acc, row8, tx)
		case tx.n == 2:
			horizontal2(acc, out, tx)
		default:
			horizontalN(acc, out, tx)
		}
		if row8 == nil {
			dst.emit(y, out)
		}
	}
}

// verticalPass sets acc to the weighted sum of the source rows starting at
// offset o (one row apart by stride), one weight per row.
func verticalPass(pix []uint8, acc []int32, o, stride int, ws []int32) {
	n := len(acc)
	switch {
	case len(ws) == 1 || (len(ws) == 2 && ws[1] == 0):
		w0 := ws[0]
		r0 := pix[o : o+n]
		for i, v := range r0 {
			acc[i] = w0 * int32(v)
		}
	case len(ws) == 2 && ws[0] == 0:
		w1 := ws[1]
		r1 := pix[o+stride : o+stride+n]
		for i, v := range r1 {
			acc[i] = w1 * int32(v)
		}
	case len(ws) == 2:
		w0, w1 := ws[0], ws[1]
		r0 := pix[o : o+n]
		r1 := pix[o+stride : o+stride+n]
		a := acc[:len(r0)]
		r1 = r1[:len(r0)]
		for i, v := range r0 {
			a[i] = w0*int32(v) + w1*int32(r1[i])
		}
	default:
		clear(acc)
		for k, wt := range ws {
			if wt == 0 {
				continue
			}
			r := pix[o+k*stride : o+k*stride+n]
			a := acc[:len(r)]
			for i, v := range r {
				a[i] += wt * int32(v)
			}
		}
	}
}

// Horizontal passes turn the accumulated row (weights² = 2^28 scale) into
// 8.8 fixed point.
const (
	hShift = 2*wBits - outFrac
	hHalf  = 1 << (hShift - 1)
)

// horizontal2 is the bilinear horizontal pass: exactly two weights per
// output (the second may be zero), no inner loop.
func horizontal2(acc, out []int32, tx *axisTaps) {
	lo := tx.lo
	ws := tx.w[:2*len(tx.start)]
	for x, st := range tx.start {
		o := 3 * (int(st) - lo)
		if o < 0 { // outside sample: weights are zero, any in-range read will do
			o = 0
		}
		p := acc[o : o+6 : o+6]
		w0, w1 := int64(ws[2*x]), int64(ws[2*x+1])
		q := out[3*x : 3*x+3 : 3*x+3]
		q[0] = int32((w0*int64(p[0]) + w1*int64(p[3]) + hHalf) >> hShift)
		q[1] = int32((w0*int64(p[1]) + w1*int64(p[4]) + hHalf) >> hShift)
		q[2] = int32((w0*int64(p[2]) + w1*int64(p[5]) + hHalf) >> hShift)
	}
}

// horizontal2u8 is horizontal2 rounding straight to 8 bits.
func horizontal2u8(acc []int32, out []uint8, tx *axisTaps) {
	const sh, half = 2 * wBits, 1 << (2*wBits - 1)
	lo := tx.lo
	ws := tx.w[:2*len(tx.start)]
	for x, st := range tx.start {
		o := 3 * (int(st) - lo)
		if o < 0 {
			o = 0
		}
		p := acc[o : o+6 : o+6]
		w0, w1 := int64(ws[2*x]), int64(ws[2*x+1])
		q := out[3*x : 3*x+3 : 3*x+3]
		q[0] = uint8((w0*int64(p[0]) + w1*int64(p[3]) + half) >> sh)
		q[1] = uint8((w0*int64(p[1]) + w1*int64(p[4]) + half) >> sh)
		q[2] = uint8((w0*int64(p[2]) + w1*int64(p[5]) + half) >> sh)
	}
}

// horizontalNu8 is horizontalN rounding straight to 8 bits.
func horizontalNu8(acc []int32, out []uint8, tx *axisTaps) {
	const sh, half = 2 * wBits, 1 << (2*wBits - 1)
	for x, st := range tx.start {
		c := int(tx.count[x])
		var r, g, b int64
		o := 3 * (int(st) - tx.lo)
		if c > 0 {
			a := acc[o : o+3*c]
			for k, wt := range tx.w[x*tx.n : x*tx.n+c] {
				p := a[3*k : 3*k+3 : 3*k+3]
				w64 := int64(wt)
				r += w64 * int64(p[0])
				g += w64 * int64(p[1])
				b += w64 * int64(p[2])
			}
		}
		q := out[3*x : 3*x+3 : 3*x+3]
		q[0], q[1], q[2] = uint8((r+half)>>sh), uint8((g+half)>>sh), uint8((b+half)>>sh)
	}
}

// horizontalN is the general horizontal pass (area averaging, blur).
func horizontalN(acc, out []int32, tx *axisTaps) {
	for x, st := range tx.start {
		c := int(tx.count[x])
		var r, g, b int64
		o := 3 * (int(st) - tx.lo)
		if c > 0 {
			a := acc[o : o+3*c]
			for k, wt := range tx.w[x*tx.n : x*tx.n+c] {
				p := a[3*k : 3*k+3 : 3*k+3]
				w64 := int64(wt)
				r += w64 * int64(p[0])
				g += w64 * int64(p[1])
				b += w64 * int64(p[2])
			}
		}
		q := out[3*x : 3*x+3 : 3*x+3]
		q[0], q[1], q[2] = int32((r+hHalf)>>hShift), int32((g+hHalf)>>hShift), int32((b+hHalf)>>hShift)
	}
}

// Resize returns src resized to w×h: bilinear when upscaling or shrinking by
// up to 2×, area averaging when shrinking more (per axis), so small faces in
// large photos do not alias. Non-positive sizes give an empty image.
func Resize(src *Image, w, h int) *Image {
	if w <= 0 || h <= 0 {
		return &Image{}
	}
	dst := New(w, h)
	if !src.valid() {
		return dst
	}
	if w == src.W && h == src.H {
		copy(dst.Pix, src.Pix)
		return dst
	}
	resample(src, 0, 0, float64(src.W), float64(src.H), w, h, Auto, sink{dst: dst})
	return dst
}

// ChannelOrder is the channel order of model input planes.
type ChannelOrder int

// Channel orders: most PyTorch-trained models want RGB, most models from
// the OpenCV/Caffe world want BGR.
const (
	RGB ChannelOrder = iota
	BGR
)

// ResizeToPlanes resamples the crop r of src (which may extend outside the
// image; outside reads as 0) to w×h and writes it into dst as three NCHW
// float32 planes of w*h values each, in the given channel order. fn, if not
// nil, maps each value (0..255, with sub-level precision) and its plane
// index c (0..2, after ordering) to the stored value, which is where model
// normalisation goes. This builds model inputs without intermediate images.
//
// The kernel is Resize's: bilinear, or area averaging when shrinking more
// than 2×. dst must hold at least 3*w*h values; a shorter dst is a
// programming error and panics.
func ResizeToPlanes(src *Image, r image.Rectangle, w, h int, dst []float32, order ChannelOrder, fn func(v float32, c int) float32) {
	ResizeToPlanesKernel(src, r, w, h, dst, order, Auto, fn)
}

// Kernel chooses how ResizeToPlanesKernel samples.
type Kernel int

// Kernels: Auto is Resize's (bilinear, area averaging beyond a 2× shrink);
// Bilinear never averages, like OpenCV's INTER_LINEAR, for models trained
// on such crops whose signal is the very high-frequency texture (moiré,
// print dots) an area filter removes — presentation-attack detection.
const (
	Auto Kernel = iota
	Bilinear
)

// ResizeToPlanesKernel is ResizeToPlanes with a chosen kernel.
func ResizeToPlanesKernel(src *Image, r image.Rectangle, w, h int, dst []float32, order ChannelOrder, k Kernel, fn func(v float32, c int) float32) {
	if w <= 0 || h <= 0 {
		return
	}
	plane := w * h
	if len(dst) < 3*plane {
		panic("imaging: ResizeToPlanes: dst shorter than 3*w*h")
	}
	idx := [3]int{0, 1, 2} // destination plane of source channel R, G, B
	if order == BGR {
		idx = [3]int{2, 1, 0}
	}
	pl := [3]int{idx[0] * plane, idx[1] * plane, idx[2] * plane}
	if !src.valid() || r.Empty() {
		for c := range 3 {
			v := float32(0)
			if fn != nil {
				v = fn(0, idx[c])
			}
			p := dst[pl[c] : pl[c]+plane]
			for i := range p {
				p[i] = v
			}
		}
		return
	}
	const inv = 1.0 / (1 << outFrac)
	resample(src, float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X)-float64(r.Min.X), float64(r.Max.Y)-float64(r.Min.Y), w, h, k,
		sink{emit: func(y int, row []int32) {
			for c := range 3 {
				p := dst[pl[c]+y*w : pl[c]+(y+1)*w]
				if fn == nil {
					for x := range p {
						p[x] = float32(row[3*x+c]) * inv
					}
					continue
				}
				ci := idx[c]
				for x := range p {
					p[x] = fn(float32(row[3*x+c])*inv, ci)
				}
			}
		}})
}

// Gray returns the crop r of m (outside reads as black) resized to w×h as
// luma 0.299R+0.587G+0.114B in 0..255, row-major. It uses Resize's kernel
// (bilinear, area averaging beyond 2× shrink).
func (m *Image) Gray(r image.Rectangle, w, h int) []float32 {
	if w <= 0 || h <= 0 {
		return nil
	}
	out := make([]float32, w*h)
	if !m.valid() || r.Empty() {
		return out
	}
	const (
		kr = 0.299 / (1 << outFrac)
		kg = 0.587 / (1 << outFrac)
		kb = 0.114 / (1 << outFrac)
	)
	resample(m, float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X)-float64(r.Min.X), float64(r.Max.Y)-float64(r.Min.Y), w, h, Auto,
		sink{emit: func(y int, row []int32) {
			o := out[y*w : (y+1)*w]
			for x := range o {
				p := row[3*x : 3*x+3 : 3*x+3]
				o[x] = float32(kr*float64(p[0]) + kg*float64(p[1]) + kb*float64(p[2]))
			}
		}})
	return out
}

// Crop returns the part of src inside r as a new image of r's size; the
// part of r outside src is black. An empty r gives an empty image.
func Crop(src *Image, r image.Rectangle) *Image {
	if r.Empty() {
		return &Image{}
	}
	dst := New(r.Dx(), r.Dy())
	if !src.valid() {
		return dst
	}
	in := r.Intersect(src.Bounds())
	if in.Empty() {
		return dst
	}
	n := 3 * in.Dx()
	for y := in.Min.Y; y < in.Max.Y; y++ {
		so := 3 * (y*src.W + in.Min.X)
		do := 3 * ((y-r.Min.Y)*dst.W + in.Min.X - r.Min.X)
		copy(dst.Pix[do:do+n], src.Pix[so:so+n])
	}
	return dst
}
