package document

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"openkyc/internal/engine/document/fields"
	"openkyc/internal/engine/document/locate"
	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/mrz"
	"openkyc/internal/engine/ocr"
	"openkyc/internal/engine/ocr/tess"
)

// Stage names, as reported in Evidence.Stages and by the benchmark.
const (
	StageLocate    = "locate"
	StageDetect    = "detect_text"
	StageRecognize = "recognize"
	StageTesseract = "tesseract"
	StageMRZ       = "mrz"
	StageFields    = "fields"
	StagePortrait  = "portrait"
	StageChecks    = "checks"
)

// rectifiedWidth is the width documents are warped to: an ID-1 card at
// ~12 px/mm, where 7-pt print is ~25 px high — ample for both recognisers
// and small enough for text detection to stay within its 960 px limit.
const rectifiedWidth = 1200

// wholeImageMRZCoverage: when the located document covers less of the
// photo than this and has no MRZ, the rest of the photo is searched for one.
const wholeImageMRZCoverage = 0.7

// minTesseractConfidence: a Tesseract reading below this is noise (a
// signature, a seal, a hologram) rather than text.
const minTesseractConfidence = 0.45

// TesseractLanguages are the Tesseract languages lines PaddleOCR cannot
// read are tried in: Hangul, Japanese kana, Cyrillic. The engine's
// tess.Pool must hold them.
var TesseractLanguages = []string{"kor", "jpn", "rus"}

// Engine reads identity documents. It is safe for concurrent use.
type Engine struct {
	face *face.Engine
	ocr  *ocr.Engine
	tess *tess.Pool
	now  func() time.Time
}

// New assembles the document engine from its parts. now is the clock
// expiry and age are judged against (injected for tests).
func New(faceEng *face.Engine, ocrEng *ocr.Engine, pool *tess.Pool, now func() time.Time) *Engine {
	if now == nil {
		now = time.Now
	}
	return &Engine{face: faceEng, ocr: ocrEng, tess: pool, now: now}
}

// Analyze finds the document in img, reads and validates it. scale maps the
// decoded image to the original photo (imaging.Info.Scale) so that sizes in
// the evidence are in the photo's pixels. It fails only on an internal
// error or a cancelled context; a photo without a document is evidence
// (Found false, a failed check), not an error.
func (e *Engine) Analyze(ctx context.Context, img *imaging.Image, scale float64) (*Evidence, error) {
	if scale <= 0 {
		scale = 1
	}
	ev := &Evidence{Fields: map[string]Field{}, Stages: map[string]time.Duration{}}
	timed := func(stage string, fn func() error) error {
		t := time.Now()
		err := fn()
		ev.Stages[stage] += time.Since(t)
		return err
	}
	now := e.now()

	var loc locate.Result
	if err := timed(StageLocate, func() (err error) { loc, err = e.locate(ctx, img); return err }); err != nil {
		return nil, err
	}
	if !loc.Found {
		ev.Checks = Checks(ev, now)
		return ev, nil
	}
	ev.Found, ev.Method, ev.Coverage, ev.Margin = true, loc.Method, loc.Coverage, loc.Margin
	for i, p := range loc.Quad {
		ev.Corners[i] = ocr.Point{X: p.X / scale, Y: p.Y / scale}
	}
	doc := locate.Rectify(img, loc.Quad, rectifiedWidth)
	// Photo pixels per rectified pixel, for the text-height check.
	photoPerDoc := loc.Quad.Width() / float64(doc.W) / scale

	lines, err := e.read(ctx, ev, &doc, timed)
	if err != nil {
		return nil, err
	}
	if err := e.understand(ctx, ev, doc, lines, now, timed); err != nil {
		return nil, err
	}
	if ev.MRZ == nil && loc.Coverage < wholeImageMRZCoverage {
		// Both sides of a card side by side, or a page beside the one
		// located: the MRZ may be outside the quad.
		if err := e.mrzOutside(ctx, ev, img, now, timed); err != nil {
			return nil, err
		}
	}
	if err := timed(StagePortrait, func() error { return e.portrait(ctx, ev, doc) }); err != nil {
		return nil, err
	}
	if ev.Portrait == nil && ev.MRZ == nil && ev.DocumentType == "" {
		// Text, but no portrait, no MRZ and no document title: a sheet
		// of paper or a screen, not an identity document.
		*ev = Evidence{Fields: map[string]Field{}, Stages: ev.Stages, Lines: ev.Lines}
		ev.Checks = Checks(ev, now)
		return ev, nil
	}
	ev.Quality = quality(doc, lines, photoPerDoc, ev.Portrait)
	timed(StageChecks, func() error { ev.Checks = Checks(ev, now); return nil })
	return ev, nil
}

// locate finds the document's outline. When no outline stands out (a
// card whose edge barely differs from the table), an identity document is
// still recognisable by what it holds: a portrait beside lines of text.
// The quad is then the box around both, with a little margin.
func (e *Engine) locate(ctx context.Context, img *imaging.Image) (locate.Result, error) {
	loc := locate.Locate(img)
	if loc.Found {
		return loc, nil
	}
	faces, err := e.face.Detect(ctx, img, true)
	if err != nil || len(faces) == 0 {
		return loc, err
	}
	boxes, err := e.ocr.DetectText(ctx, img)
	if err != nil || len(boxes) < minTextLines {
		return loc, err
	}
	f := faces[0].Box
	x1, y1, x2, y2 := f.X1, f.Y1, f.X2, f.Y2
	for _, q := range boxes {
		for _, p := range q {
			x1, y1, x2, y2 = min(x1, p.X), min(y1, p.Y), max(x2, p.X), max(y2, p.Y)
		}
	}
	pad := 0.03 * max(x2-x1, y2-y1)
	W, H := float64(img.W-1), float64(img.H-1)
	x1, y1, x2, y2 = max(0, x1-pad), max(0, y1-pad), min(W, x2+pad), min(H, y2+pad)
	q := locate.Quad{{X: x1, Y: y1}, {X: x2, Y: y1}, {X: x2, Y: y2}, {X: x1, Y: y2}}
	margin := min(x1, y1, W-x2, H-y2) / min(W, H)
	return locate.Result{Found: true, Quad: q, Confidence: 0.5, Aspect: q.Aspect(), Kind: locate.Kind(q.Aspect()),
		Margin: margin, Coverage: q.Area() / (W * H), Method: "text"}, nil
}

// minTextLines is how many text boxes, besides a face, make a document
// when its outline was not seen.
const minTextLines = 4

// read finds the text, turns the document upright (quarter turns from the
// text direction, half turns from the direction classifier) and reads
// every line, sending those PaddleOCR cannot read to Tesseract.
func (e *Engine) read(ctx context.Context, ev *Evidence, doc **imaging.Image, timed func(string, func() error) error) ([]ocr.Line, error) {
	var res []ocr.LineResult
	readAll := func() error {
		var boxes []ocr.Quad
		if err := timed(StageDetect, func() (err error) { boxes, err = e.ocr.DetectText(ctx, *doc); return err }); err != nil {
			return err
		}
		return timed(StageRecognize, func() (err error) { res, err = e.ocr.ReadBoxes(ctx, *doc, boxes); return err })
	}
	if err := readAll(); err != nil {
		return nil, err
	}
	if vertical(res) {
		*doc = imaging.Rotate90(*doc, 1)
		ev.Rotation = 1
		if err := readAll(); err != nil {
			return nil, err
		}
	}
	flipped, err := e.upsideDown(ctx, res)
	if err != nil {
		return nil, err
	}
	if flipped {
		*doc = imaging.Rotate90(*doc, 2)
		ev.Rotation = (ev.Rotation + 2) % 4
		if err := readAll(); err != nil {
			return nil, err
		}
	}
	// The MRZ band first: its state names the native language.
	mrzLines, err := e.mrzBand(ctx, *doc, res, timed)
	if err != nil {
		return nil, err
	}
	if err := timed(StageTesseract, func() error { return e.reread(ctx, res, mrzLines) }); err != nil {
		return nil, err
	}
	lines := make([]ocr.Line, 0, len(res))
	for _, r := range res {
		if r.Text != "" {
			lines = append(lines, r.Line)
		}
	}
	ev.Lines = append(lines, mrzLines...)
	return ev.Lines, nil
}

// mrzBand reads the machine-readable zone again, row by row, the way its
// OCR-B print needs: the text detector often splits an MRZ row at its long
// '<' runs or stops short of them, and a tight crop leaves the recogniser
// too few time steps to tell "<<<<" from "<<" (ENGINE-NOTES §6). Each row
// holding MRZ-like text in the lower part of the document is cropped from
// margin to margin, stretched to 1.5× its width and recognised again. The
// re-read rows are returned as extra lines; MRZ parsing picks whichever
// reading validates. An MRZ whose first reading validates is not read
// again.
func (e *Engine) mrzBand(ctx context.Context, doc *imaging.Image, res []ocr.LineResult, timed func(string, func() error) error) ([]ocr.Line, error) {
	first := make([]ocr.Line, len(res))
	for i, r := range res {
		first[i] = r.Line
	}
	if m := findMRZ(first, e.now(), timed); m != nil && m.Valid {
		return nil, nil // read right the first time: every check digit holds
	}
	var rows []ocr.Quad
	for _, r := range res {
		c := r.Box.Center()
		if c.Y < 0.4*float64(doc.H) || !mrzish(r.Text) && !aboveMRZ(r, res) {
			continue
		}
		h := r.Box.Height()
		dup := false
		for _, q := range rows {
			if d := q.Center().Y - c.Y; d < h/2 && d > -h/2 {
				dup = true
			}
		}
		if dup {
			continue
		}
		y0, y1 := c.Y-0.65*h, c.Y+0.65*h
		x0, x1 := 0.01*float64(doc.W), 0.99*float64(doc.W)
		rows = append(rows, ocr.Quad{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	if len(rows) == 0 {
		return nil, nil
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].Center().Y < rows[b].Center().Y })
	crops := make([]*imaging.Image, len(rows))
	for i, q := range rows {
		c := ocr.CropLine(doc, q)
		crops[i] = imaging.Resize(c, c.W*3/2, c.H)
	}
	var texts []ocr.Text
	if err := timed(StageRecognize, func() (err error) { texts, err = e.ocr.Recognize(ctx, crops); return err }); err != nil {
		return nil, err
	}
	lines := make([]ocr.Line, 0, len(rows))
	for i, q := range rows {
		if texts[i].Text != "" {
			lines = append(lines, ocr.Line{Box: q, Text: texts[i].Text, Confidence: texts[i].Confidence,
				Script: ocr.Latin, Recognizer: ocr.RecognizerName + ":mrz"})
		}
	}
	return lines, nil
}

// aboveMRZ reports whether r is the row right above an MRZ-ish one and
// starts where it does: a TD3 or TD1 first line that lost its fillers
// ("PKCZESPECIMENKCVZORSIKS") has no digits to be known by.
func aboveMRZ(r ocr.LineResult, res []ocr.LineResult) bool {
	h := r.Box.Height()
	if len(strings.ReplaceAll(r.Text, " ", "")) < 10 {
		return false
	}
	for _, o := range res {
		d := o.Box.Center().Y - r.Box.Center().Y
		if d > 0.8*h && d < 3*h && math.Abs(o.Box[0].X-r.Box[0].X) < 2*h && mrzish(o.Text) {
			return true
		}
	}
	return false
}

// mrzish reports whether a line may be part of an MRZ: long, made of the
// MRZ alphabet (letters, digits, '<') save a few misreads, and holding a
// filler or, for a row split at its fillers, digits ("7390675948RUS84…").
// An upper-case value (MINISTRY OF INTERIOR) is none.
func mrzish(s string) bool {
	n, ok, digits, fillers := 0, 0, 0, 0
	for _, r := range s {
		switch {
		case r == ' ':
			continue
		case r >= '0' && r <= '9':
			digits++
		case r == '<' || r == '«':
			fillers++
		}
		n++
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '<' || r == '«' {
			ok++
		}
	}
	return n >= 15 && ok*10 >= n*9 && (fillers > 0 || digits >= 6)
}

// vertical reports whether most text boxes stand on end: the document lies
// rotated by a quarter turn.
func vertical(res []ocr.LineResult) bool {
	n := 0
	for _, r := range res {
		if r.Box.Height() > 1.5*r.Box.Width() {
			n++
		}
	}
	return len(res) >= 3 && n*2 > len(res)
}

// upsideDown asks the direction classifier about the widest lines.
func (e *Engine) upsideDown(ctx context.Context, res []ocr.LineResult) (bool, error) {
	if len(res) == 0 {
		return false, nil
	}
	idx := make([]int, len(res))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return res[idx[a]].Box.Width() > res[idx[b]].Box.Width() })
	var crops []*imaging.Image
	for _, i := range idx[:min(8, len(idx))] {
		crops = append(crops, res[i].Crop)
	}
	probs, err := e.ocr.UpsideDownProb(ctx, crops)
	if err != nil {
		return false, err
	}
	var sum float64
	for _, p := range probs {
		sum += p
	}
	return sum/float64(len(probs)) > 0.5, nil
}

// mrzOutside reads the whole photo and takes an MRZ found there.
func (e *Engine) mrzOutside(ctx context.Context, ev *Evidence, img *imaging.Image, now time.Time, timed func(string, func() error) error) error {
	var lines []ocr.Line
	if err := timed(StageDetect, func() (err error) { lines, err = e.ocr.Read(ctx, img); return err }); err != nil {
		return err
	}
	if m := findMRZ(lines, now, timed); m != nil {
		mergeMRZ(ev, m)
	}
	return nil
}

// untimed runs fn without recording a stage time.
func untimed(_ string, fn func() error) error { return fn() }

// findMRZ returns the best MRZ among the lines: valid check digits first.
func findMRZ(lines []ocr.Line, now time.Time, timed func(string, func() error) error) *mrz.Result {
	var m *mrz.Result
	timed(StageMRZ, func() error {
		texts := make([]string, len(lines))
		for i, l := range lines {
			texts[i] = l.Text
		}
		for _, cand := range mrz.Find(texts) {
			if r, err := mrz.Parse(cand, now); err == nil && (m == nil || passed(r) > passed(m)) {
				m = r
			}
		}
		return nil
	})
	return m
}

// passed counts the checks an MRZ reading passes: among several readings
// of one zone, the one that validates best is the one read right.
func passed(r *mrz.Result) int {
	n := 0
	for _, c := range r.Checks {
		if c.Valid {
			n++
		}
	}
	if r.Valid {
		n += 100
	}
	return n
}

// understand reads the MRZ and the printed fields and merges them.
func (e *Engine) understand(ctx context.Context, ev *Evidence, doc *imaging.Image, lines []ocr.Line, now time.Time, timed func(string, func() error) error) error {
	m := findMRZ(lines, now, timed)
	var vis fields.Result
	timed(StageFields, func() error { vis = fields.Extract(lines, now); return nil })
	ev.DocumentType, ev.IssuingCountry, ev.Script = vis.DocumentType, vis.IssuingCountry, vis.Script
	if ev.IssuingCountry == "" && m != nil {
		ev.IssuingCountry = m.IssuingState
	}
	for name, f := range vis.Fields {
		box := f.Box
		ev.Fields[name] = Field{Value: f.Value, Confidence: f.Confidence, Source: "visual", Box: &box}
	}
	// Before the merge: a name with its accents restored agrees with the
	// MRZ's and is kept as printed.
	if err := timed(StageTesseract, func() error { return e.restoreDiacritics(ctx, ev, doc) }); err != nil {
		return err
	}
	if m != nil {
		m = printedNames(ev, m, now)
		mergeMRZ(ev, m)
		nativeFromMRZ(ev, lines, m)
	}
	// National ID cards without a separate card number (Korean resident
	// card, Chinese resident ID) are identified by the citizen number.
	if _, ok := ev.Fields["document_number"]; !ok && ev.DocumentType == "id_card" {
		if p, ok := ev.Fields["personal_number"]; ok {
			ev.Fields["document_number"] = p
		}
	}
	ev.MeanConfidence, ev.FieldConfidence = confidences(lines, ev.Fields)
	return nil
}

// portrait finds the holder's photo. The tiled second detection pass runs
// only when the first finds nothing: always running it (Thorough) found
// no portrait more on any generated or real folder and cost 19 ms.
func (e *Engine) portrait(ctx context.Context, ev *Evidence, doc *imaging.Image) error {
	a, err := e.face.Analyze(ctx, doc, face.Options{Embedding: true, MaxFaces: 1})
	if err != nil {
		if errors.Is(err, face.ErrNoFace) {
			return nil
		}
		return fmt.Errorf("document: portrait: %w", err)
	}
	p := a.Faces[0]
	ev.Portrait = &p
	return nil
}
