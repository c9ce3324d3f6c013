package ocr

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/engine/ort"
)

// Model files in the models directory (internal/engine/models manifest).
const (
	DetModel   = "ch_PP-OCRv4_det_infer.onnx"
	RecModel   = "ch_PP-OCRv4_rec_infer.onnx"
	ClsModel   = "ch_ppocr_mobile_v2.0_cls_infer.onnx"
	Dictionary = "ppocr_keys_v1.txt"
)

// RecognizerName is Line.Recognizer for lines read by this engine.
const RecognizerName = "ppocr"

// dictSize is the number of entries of ppocr_keys_v1.txt; the recogniser
// has two more classes, the CTC blank (0) and the space (dictSize+1).
const dictSize = 6623

// Engine runs PP-OCRv4 detection, recognition and the direction
// classifier. It is safe for concurrent use: the sessions are, and
// everything else is read-only after New.
type Engine struct {
	det, rec, cls *ort.Session
	// labels maps a recogniser class to its text: "" for the blank, then
	// the dictionary, then " " (PaddleOCR's use_space_char).
	labels []string
	// recBatch is how many lines of similar width share one recogniser run.
	recBatch int
	// parallel is how many recogniser runs Recognize keeps in flight; the
	// runtime's semaphore still bounds inference across the process.
	parallel int
}

// New verifies the model files in modelsDir against the manifest, loads
// the detector, recogniser and direction classifier into rt, reads the
// recogniser's dictionary and warms each model up. A missing or altered
// model is refused with an error that says what to run.
func New(ctx context.Context, rt *ort.Runtime, modelsDir string) (*Engine, error) {
	if err := models.Check(modelsDir); err != nil {
		return nil, err
	}
	labels, err := readLabels(filepath.Join(modelsDir, Dictionary))
	if err != nil {
		return nil, err
	}
	e := &Engine{labels: labels, recBatch: defaultRecBatch, parallel: rt.Concurrency()}
	specs := []struct {
		file, output string
		warm         []int64
		dst          **ort.Session
	}{
		// Warm-up shapes are small: ONNX Runtime's lazy set-up is paid on
		// the first run whatever the size, and a full 960×960 det run
		// would add a quarter second to start-up for nothing.
		{DetModel, "sigmoid_0.tmp_0", []int64{1, 3, 64, 64}, &e.det},
		{RecModel, "softmax_11.tmp_0", []int64{1, 3, recHeight, recMinWidth}, &e.rec},
		{ClsModel, "softmax_0.tmp_0", []int64{1, 3, clsHeight, clsWidth}, &e.cls},
	}
	for _, s := range specs {
		// Text detection runs once per document on a large input: its
		// intra-op threads set a document's latency (ort.LoadThreads).
		threads := 1
		if s.file == DetModel {
			threads = rt.Concurrency()
		}
		sess, err := rt.LoadThreads(filepath.Join(modelsDir, s.file), []string{"x"}, []string{s.output}, threads)
		if err != nil {
			return nil, fmt.Errorf("ocr: %w", err)
		}
		if err := sess.WarmUp(ctx, s.warm); err != nil {
			return nil, fmt.Errorf("ocr: warm up %s: %w", s.file, err)
		}
		*s.dst = sess
	}
	return e, nil
}

// readLabels reads the dictionary, one entry a line, and returns the
// recogniser's class labels.
func readLabels(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ocr: dictionary: %w", err)
	}
	defer f.Close()
	labels := []string{""}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// Only line ends are stripped: an entry may itself be a space-like
		// character, and trimming would shift every later class.
		labels = append(labels, strings.TrimRight(sc.Text(), "\r\n"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("ocr: dictionary: %w", err)
	}
	if len(labels)-1 != dictSize {
		return nil, fmt.Errorf("ocr: dictionary %s has %d entries, want %d", filepath.Base(path), len(labels)-1, dictSize)
	}
	return append(labels, " "), nil
}

// LineResult is one line as Read finds it, with what a caller routing
// unreadable lines to another recogniser needs: the raw recognition (for
// LooksUnreadable) and the upright crop (to read again).
type LineResult struct {
	Line
	Rec  Text
	Crop *imaging.Image
}

// ReadLines detects the text lines of img, crops each upright and
// recognises it. Lines whose text came out empty are kept: their box is
// still text, which another recogniser may read (LooksUnreadable).
func (e *Engine) ReadLines(ctx context.Context, img *imaging.Image) ([]LineResult, error) {
	boxes, err := e.DetectText(ctx, img)
	if err != nil {
		return nil, err
	}
	return e.ReadBoxes(ctx, img, boxes)
}

// ReadBoxes crops and recognises the given text boxes of img: the second
// half of ReadLines, for callers that time detection and recognition apart.
func (e *Engine) ReadBoxes(ctx context.Context, img *imaging.Image, boxes []Quad) ([]LineResult, error) {
	if len(boxes) == 0 {
		return nil, nil
	}
	crops := make([]*imaging.Image, len(boxes))
	for i, q := range boxes {
		crops[i] = CropLine(img, q)
	}
	texts, err := e.Recognize(ctx, crops)
	if err != nil {
		return nil, err
	}
	out := make([]LineResult, len(boxes))
	for i, q := range boxes {
		out[i] = LineResult{
			Line: Line{
				Box:        q,
				Text:       texts[i].Text,
				Confidence: texts[i].Confidence,
				Script:     ScriptOf(texts[i].Text),
				Recognizer: RecognizerName,
			},
			Rec:  texts[i],
			Crop: crops[i],
		}
	}
	return out, nil
}

// Read detects, crops and recognises every text line of img, in reading
// order. It is ReadLines without the crops.
func (e *Engine) Read(ctx context.Context, img *imaging.Image) ([]Line, error) {
	res, err := e.ReadLines(ctx, img)
	if err != nil || len(res) == 0 {
		return nil, err
	}
	lines := make([]Line, len(res))
	for i, r := range res {
		lines[i] = r.Line
	}
	return lines, nil
}
