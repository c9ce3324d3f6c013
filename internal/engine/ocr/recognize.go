package ocr

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ort"
	"openkyc/internal/par"
)

// Recogniser and classifier input geometry (PaddleOCR rec_image_shape
// 3,48,320 and cls_image_shape 3,48,192).
const (
	recHeight = 48
	// recStride is the recogniser's horizontal downsampling: one CTC time
	// step per 8 input columns (ceil(W/8) steps).
	recStride = 8
	// recMinWidth: lines narrower than this at height 48 are padded to it.
	// PaddleOCR pads to 320; on the generated and real document sets 224
	// read every field the same, caught one more unreadable kanji line in
	// the rendered tests, and cut recognition per document by ~15 %
	// (`openkyc bench`: 175 → 145–160 ms), short labels being most lines
	// of a card.
	recMinWidth = 224
	// recMaxWidth bounds the recogniser input. A tightly cropped MRZ line,
	// the widest line on any document, is about 1750 px at height 48
	// (ENGINE-NOTES §6); past this, lines are squeezed horizontally rather
	// than fed whole, because rec time grows linearly with width and a
	// hostile 100000×10 image must not cost seconds.
	recMaxWidth = 4096
	clsHeight   = 48
	clsWidth    = 192
	// clsThresh is PaddleOCR's cls_thresh: a line counts as upside down
	// only when the classifier is this sure.
	clsThresh = 0.9
	// defaultRecBatch is how many lines share a recogniser run: one.
	// PaddleOCR batches 6 lines of similar width, which pays on a GPU; on
	// two cores with one intra-op thread per run the per-run overhead is
	// negligible and padding costs as much as real pixels, so batching
	// never won. BenchmarkRecognize, ten card lines, one run at a time:
	// 190–205 ms one by one and in batches of 2 or 4, 280–290 ms in 6s,
	// 520–590 ms all in one; two single-line runs in flight: 101–108 ms
	// with the other core idle.
	defaultRecBatch = 1
	// clsBatch is how many classifier windows share a run: they all have
	// the same 192×48 shape, so nothing is padded.
	clsBatch = 16
	// clsWindows and clsMaxSqueeze: a long line is classified on up to
	// clsWindows windows, each squeezed at most clsMaxSqueeze times
	// (Upright).
	clsWindows    = 4
	clsMaxSqueeze = 3.0
)

// Text is what the recogniser read on one line.
type Text struct {
	Text string
	// Confidence is the mean of the probabilities of the characters kept
	// by CTC decoding; 0 when none was.
	Confidence float64
	// CharConf holds those probabilities, one per character (rune) of
	// Text, the space included.
	CharConf []float64
	// Unread is the share of the line's inked length that no recognised
	// character accounts for: text the recogniser saw as blank, which is
	// how PP-OCRv4 "reads" Hangul and kana next to digits or Latin
	// (LooksUnreadable). 0 for lines given without pixels.
	Unread float64
}

// recInputWidth is the width a w×h line takes at the recogniser's height,
// keeping its aspect ratio.
func recInputWidth(w, h int) int {
	return int(math.Ceil(float64(recHeight) * float64(w) / float64(h)))
}

// Recognize reads each line image (upright, one line of text; CropLine
// makes them) and returns one Text per line, in order. Each line is
// resized to height 48 keeping its aspect ratio and right-padded to at
// least recMinWidth; lines run one per recogniser call (see defaultRecBatch),
// as many at once as the runtime allows, widest first. An empty line image
// gives an empty Text.
func (e *Engine) Recognize(ctx context.Context, lines []*imaging.Image) ([]Text, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]Text, len(lines))
	order := make([]int, 0, len(lines))
	for i, l := range lines {
		if validImage(l) {
			order = append(order, i)
		}
	}
	// Batches of neighbours in width-ratio order pad least (padding costs
	// as much as real pixels). They then run widest first, so that the
	// longest runs (MRZ lines) start first and the short ones fill in
	// beside them, instead of one MRZ line running alone at the end.
	slices.SortStableFunc(order, func(a, b int) int {
		ra := float64(lines[a].W) / float64(lines[a].H)
		rb := float64(lines[b].W) / float64(lines[b].H)
		switch {
		case ra < rb:
			return -1
		case ra > rb:
			return 1
		}
		return 0
	})
	var batches [][]int
	for len(order) > 0 {
		n := min(max(e.recBatch, 1), len(order))
		batches = append(batches, order[:n])
		order = order[n:]
	}
	slices.Reverse(batches)
	err := e.forEach(ctx, len(batches), func(b int) error {
		texts, err := e.recognizeBatch(ctx, lines, batches[b])
		if err != nil {
			return err
		}
		for k, i := range batches[b] {
			out[i] = texts[k]
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// forEach runs fn(0..n-1) with as many runs in flight as the runtime has
// slots: that is what uses both cores for one request, while the runtime's
// semaphore keeps concurrent requests from oversubscribing them.
func (e *Engine) forEach(ctx context.Context, n int, fn func(int) error) error {
	return par.ForEach(ctx, e.parallel, n, fn)
}

// recognizeBatch runs the recogniser once on the lines idx and decodes the
// result.
func (e *Engine) recognizeBatch(ctx context.Context, lines []*imaging.Image, idx []int) ([]Text, error) {
	imgW := recMinWidth
	for _, i := range idx {
		imgW = max(imgW, recInputWidth(lines[i].W, lines[i].H))
	}
	imgW = min(imgW, recMaxWidth)
	n := len(idx)
	plane := recHeight * imgW
	in := make([]float32, n*3*plane) // zero is the padding, mid-grey once normalised, as PaddleOCR pads
	tmp := make([]float32, 3*plane)
	for k, i := range idx {
		l := lines[i]
		w := min(recInputWidth(l.W, l.H), imgW)
		imaging.ResizeToPlanes(l, l.Bounds(), w, recHeight, tmp, imaging.BGR, normHalf)
		copyPadded(in[k*3*plane:(k+1)*3*plane], tmp[:3*w*recHeight], w, imgW, recHeight)
	}
	out, err := e.rec.Run(ctx, ort.Tensor{Shape: []int64{int64(n), 3, recHeight, int64(imgW)}, Data: in})
	if err != nil {
		return nil, fmt.Errorf("ocr: recognize: %w", err)
	}
	classes := len(e.labels)
	probs := out[0]
	if len(probs)%(n*classes) != 0 {
		return nil, fmt.Errorf("ocr: recognize: output of %d values is not %d lines × %d classes", len(probs), n, classes)
	}
	steps := len(probs) / (n * classes)
	texts := make([]Text, n)
	for k, i := range idx {
		var path []int
		texts[k], path = ctcDecode(probs[k*steps*classes:(k+1)*steps*classes], classes, e.labels)
		w := min(recInputWidth(lines[i].W, lines[i].H), imgW)
		texts[k].Unread = unread(path, inkSteps(in[k*3*plane:(k+1)*3*plane], w, imgW))
	}
	return texts, nil
}

// normHalf is the recogniser's and classifier's normalisation,
// (v/255 − 0.5)/0.5, the same for every plane.
func normHalf(v float32, _ int) float32 { return v/127.5 - 1 }

// copyPadded copies three planes of w×h values from src into three planes
// of stride×h values at the start of dst, leaving the rest of each row as
// it is (zero: the padding).
func copyPadded(dst, src []float32, w, stride, h int) {
	for c := range 3 {
		for y := range h {
			s := src[(c*h+y)*w : (c*h+y+1)*w]
			copy(dst[(c*h+y)*stride:], s)
		}
	}
}

// ctcDecode is greedy CTC decoding (PaddleOCR's CTCLabelDecode): the most
// probable class at each time step, repeats collapsed, blanks (class 0)
// dropped. probs holds steps×classes already-softmaxed values. It also
// returns the most probable class of each step.
func ctcDecode(probs []float32, classes int, labels []string) (Text, []int) {
	var (
		sb   strings.Builder
		conf []float64
		prev = -1
		path = make([]int, 0, len(probs)/classes)
	)
	for t := 0; t+classes <= len(probs); t += classes {
		row := probs[t : t+classes]
		best, bp := 0, row[0]
		for c, p := range row {
			if p > bp {
				best, bp = c, p
			}
		}
		path = append(path, best)
		if best != prev && best != 0 && best < len(labels) {
			sb.WriteString(labels[best])
			// A dictionary entry is one character, but the confidence
			// must stay aligned with runes whatever the file holds.
			for range []rune(labels[best]) {
				conf = append(conf, float64(bp))
			}
		}
		prev = best
	}
	t := Text{Text: sb.String(), CharConf: conf}
	if len(conf) > 0 {
		var s float64
		for _, c := range conf {
			s += c
		}
		t.Confidence = s / float64(len(conf))
	}
	return t, path
}

// inkSteps says, for each recogniser time step over the first w columns of
// the normalised planes (stride columns per row, recHeight rows), whether
// its band of recStride columns holds ink: a luminance range over half the
// largest range of any band. Relative contrast rather than darkness, so
// light-on-dark text and faint scans work too.
func inkSteps(planes []float32, w, stride int) []bool {
	const colsPerStep = recStride
	if w <= 0 {
		return nil
	}
	plane := stride * recHeight
	n := (w + colsPerStep - 1) / colsPerStep
	rng := make([]float32, n)
	for t := range n {
		lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
		for y := range recHeight {
			for x := t * colsPerStep; x < min((t+1)*colsPerStep, w); x++ {
				o := y*stride + x
				v := planes[o] + planes[plane+o] + planes[2*plane+o]
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		rng[t] = hi - lo
	}
	top := slices.Max(rng)
	ink := make([]bool, n)
	// Under a tenth of the full range (three planes of −1..1) the band is
	// blank paper whatever its noise.
	if top < 0.6 {
		return ink
	}
	for t, r := range rng {
		ink[t] = r > top/2
	}
	return ink
}

// unreadReach is how many time steps (of 8 px at height 48) on either side
// of a recognised character its glyph may extend: a CTC peak sits anywhere
// on its glyph, and a Han character is about five steps wide.
const unreadReach = 4

// unread is the share of inked steps farther than unreadReach from every
// step where the path emits a character.
func unread(path []int, ink []bool) float64 {
	near := make([]bool, len(ink))
	for t, c := range path {
		if c == 0 {
			continue
		}
		for k := max(t-unreadReach, 0); k <= min(t+unreadReach, len(near)-1); k++ {
			near[k] = true
		}
	}
	var inked, lost int
	for t, v := range ink {
		if !v {
			continue
		}
		inked++
		if !near[t] {
			lost++
		}
	}
	if inked == 0 {
		return 0
	}
	return float64(lost) / float64(inked)
}

// Upright runs the direction classifier on each line image and reports,
// per line, whether it is upside down (turned 180°): true means rotate the
// line — and, when most lines of a card agree, the card — by 180°. As in
// PaddleOCR, a line only counts as upside down when the classifier gives
// 180° a probability over 0.9; empty images give false.
//
// PaddleOCR squeezes every line into the classifier's 192×48 input, which
// turns a 44-character MRZ line into slivers (an upside-down rendered MRZ
// line scored 0.47). Lines that would be squeezed more than 3× are
// classified instead on up to four windows spread along them, each
// squeezed 3×, and the 180° probabilities averaged. Unsqueezed windows
// were worse: on small print they hold only four to six characters. On
// the crops of six real documents (154 lines) this called 130 upside-down
// lines (PaddleOCR's squeeze: 127) and 4 upright ones (5) upside down.
func (e *Engine) Upright(ctx context.Context, lines []*imaging.Image) ([]bool, error) {
	p, err := e.UpsideDownProb(ctx, lines)
	if err != nil {
		return nil, err
	}
	out := make([]bool, len(lines))
	for i, v := range p {
		out[i] = v > clsThresh
	}
	return out, nil
}

// UpsideDownProb is the direction classifier's probability that each line
// is turned 180° (0 for empty images), averaged over the windows of long
// lines as Upright describes. Summing it over a card's lines is a better
// test of the card's orientation than counting Upright's verdicts: on real
// scans the classifier is cautious, and upside-down lines often score
// 0.5–0.9 while upright ones stay near 0.
func (e *Engine) UpsideDownProb(ctx context.Context, lines []*imaging.Image) ([]float64, error) {
	return e.directionProbs(ctx, lines, clsWindows, clsMaxSqueeze)
}

// directionProbs runs the classifier on up to windows windows per line,
// each squeezed at most squeeze times; windows 0 squeezes every line into
// one input, as PaddleOCR does.
func (e *Engine) directionProbs(ctx context.Context, lines []*imaging.Image, windows int, squeeze float64) ([]float64, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type window struct {
		line int
		r    image.Rectangle // source pixels
		w    int             // width at the classifier's height, ≤ clsWidth
	}
	var wins []window
	for i, l := range lines {
		if !validImage(l) {
			continue
		}
		rw := recInputWidth(l.W, l.H)
		span := int(squeeze * clsWidth) // width at the classifier's height one window covers
		if rw <= span || windows == 0 {
			wins = append(wins, window{i, l.Bounds(), min(rw, clsWidth)})
			continue
		}
		winW := min(l.W, int(math.Round(float64(span)*float64(l.H)/clsHeight)))
		n := min(windows, (rw+span-1)/span)
		for k := range n {
			x := 0
			if n > 1 {
				x = k * (l.W - winW) / (n - 1)
			}
			wins = append(wins, window{i, image.Rect(x, 0, x+winW, l.H), clsWidth})
		}
	}
	p180 := make([]float64, len(lines))
	count := make([]int, len(lines))
	const plane = clsHeight * clsWidth
	tmp := make([]float32, 3*plane)
	for len(wins) > 0 {
		batch := wins[:min(clsBatch, len(wins))]
		wins = wins[len(batch):]
		in := make([]float32, len(batch)*3*plane)
		for k, w := range batch {
			imaging.ResizeToPlanes(lines[w.line], w.r, w.w, clsHeight, tmp, imaging.BGR, normHalf)
			copyPadded(in[k*3*plane:(k+1)*3*plane], tmp[:3*w.w*clsHeight], w.w, clsWidth, clsHeight)
		}
		res, err := e.cls.Run(ctx, ort.Tensor{Shape: []int64{int64(len(batch)), 3, clsHeight, clsWidth}, Data: in})
		if err != nil {
			return nil, fmt.Errorf("ocr: classify direction: %w", err)
		}
		if len(res[0]) != 2*len(batch) {
			return nil, fmt.Errorf("ocr: classify direction: %d outputs for %d windows", len(res[0]), len(batch))
		}
		for k, w := range batch {
			p180[w.line] += float64(res[0][2*k+1])
			count[w.line]++
		}
	}
	for i, n := range count {
		if n > 0 {
			p180[i] /= float64(n)
		}
	}
	return p180, nil
}
