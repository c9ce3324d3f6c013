package ocr

import (
	"bytes"
	"image"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"openkyc/internal/engine/imaging"
)

// gradient returns a w×h image whose pixels encode their position.
func gradient(w, h int) *imaging.Image {
	img := imaging.New(w, h)
	for y := range h {
		for x := range w {
			o := 3 * (y*w + x)
			img.Pix[o], img.Pix[o+1], img.Pix[o+2] = uint8(x), uint8(y), uint8(x+y)
		}
	}
	return img
}

func TestCropLineAxisAlignedIsCrop(t *testing.T) {
	src := gradient(200, 100)
	q := Quad{{30, 20}, {130, 20}, {130, 50}, {30, 50}}
	got := CropLine(src, q)
	want := imaging.Crop(src, image.Rect(30, 20, 130, 50))
	if got.W != want.W || got.H != want.H || !bytes.Equal(got.Pix, want.Pix) {
		t.Fatalf("crop %d×%d differs from imaging.Crop %d×%d", got.W, got.H, want.W, want.H)
	}
}

func TestCropLine(t *testing.T) {
	// A dark bar on white, turned 10°: the crop of its box must come out
	// level, the bar filling its middle rows end to end.
	src := imaging.New(400, 300)
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	bar := rectQuad(200, 150, 240, 12, 10)
	for y := range src.H {
		for x := range src.W {
			if insideConvex(bar, Point{float64(x), float64(y)}) {
				o := 3 * (y*src.W + x)
				src.Pix[o], src.Pix[o+1], src.Pix[o+2] = 0, 0, 0
			}
		}
	}
	box := rectQuad(200, 150, 260, 40, 10)
	got := CropLine(src, box)
	if got.W != 260 || got.H != 40 {
		t.Fatalf("crop %d×%d, want 260×40", got.W, got.H)
	}
	for _, p := range []struct {
		x, y int
		dark bool
	}{{130, 20, true}, {20, 20, true}, {240, 20, true}, {130, 3, false}, {130, 36, false}, {4, 20, false}} {
		if r, _, _ := got.RGB(p.x, p.y); (r < 128) != p.dark {
			t.Errorf("pixel (%d,%d) = %d, want dark %v", p.x, p.y, r, p.dark)
		}
	}

	tests := []struct {
		name string
		q    Quad
		w, h int
	}{
		// h/w ≥ 1.5: turned a quarter counter-clockwise, so it comes out wide.
		{"vertical text", Quad{{10, 10}, {40, 10}, {40, 110}, {10, 110}}, 100, 30},
		{"nearly square stays", Quad{{10, 10}, {40, 10}, {40, 50}, {10, 50}}, 30, 40},
		{"outside the image replicates the border", Quad{{-50, -50}, {50, -50}, {50, -20}, {-50, -20}}, 100, 30},
		{"degenerate", Quad{{10, 10}, {10, 10}, {10, 10}, {10, 10}}, 0, 0},
		{"collinear", Quad{{0, 0}, {10, 0}, {20, 0}, {30, 0}}, 0, 0},
		{"NaN", Quad{{math.NaN(), 0}, {10, 0}, {10, 10}, {0, 10}}, 0, 0},
		{"huge line is bounded", Quad{{0, 0}, {1e9, 0}, {1e9, 20}, {0, 20}}, maxCropSide, 20},
		{"huge area is bounded", Quad{{0, 0}, {1e6, 0}, {1e6, 1e6}, {0, 1e6}}, 4096, 4096},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := CropLine(src, tc.q)
			if got.W != tc.w || got.H != tc.h {
				t.Errorf("crop %d×%d, want %d×%d", got.W, got.H, tc.w, tc.h)
			}
			// The quad off the image's white corner: a replicated border
			// is white, a black one would read as a stroke.
			if strings.HasPrefix(tc.name, "outside") && bytes.Count(got.Pix, []byte{255}) != len(got.Pix) {
				t.Error("crop outside the image is not the replicated white border")
			}
		})
	}
	if got := CropLine(nil, box); got.W != 0 {
		t.Errorf("nil image gave a %d×%d crop", got.W, got.H)
	}
}

// testLabels is a tiny recogniser alphabet: blank, "a", "b", "中", space.
var testLabels = []string{"", "a", "b", "中", " "}

// steps builds softmax-like rows that put p on the given class.
func steps(p float32, classes ...int) []float32 {
	out := make([]float32, len(classes)*len(testLabels))
	for t, c := range classes {
		row := out[t*len(testLabels) : (t+1)*len(testLabels)]
		for i := range row {
			row[i] = (1 - p) / float32(len(row)-1)
		}
		row[c] = p
	}
	return out
}

func TestCTCDecode(t *testing.T) {
	tests := []struct {
		name  string
		probs []float32
		text  string
		conf  float64
	}{
		{"empty output", nil, "", 0},
		{"all blank", steps(0.9, 0, 0, 0), "", 0},
		{"repeats collapse", steps(0.8, 1, 1, 1, 2, 2), "ab", 0.8},
		{"blank separates repeats", steps(0.7, 1, 0, 1), "aa", 0.7},
		{"space and CJK", steps(0.6, 3, 0, 4, 0, 1), "中 a", 0.6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, path := ctcDecode(tc.probs, len(testLabels), testLabels)
			if got.Text != tc.text || math.Abs(got.Confidence-tc.conf) > 1e-6 {
				t.Errorf("decoded %q conf %v, want %q conf %v", got.Text, got.Confidence, tc.text, tc.conf)
			}
			if n := len([]rune(got.Text)); len(got.CharConf) != n {
				t.Errorf("%d character confidences for %d characters", len(got.CharConf), n)
			}
			if len(path) != len(tc.probs)/len(testLabels) {
				t.Errorf("path of %d steps for %d", len(path), len(tc.probs)/len(testLabels))
			}
		})
	}
}

func TestUnread(t *testing.T) {
	ink := func(s string) []bool {
		b := make([]bool, len(s))
		for i, c := range s {
			b[i] = c == '#'
		}
		return b
	}
	tests := []struct {
		name string
		path []int
		ink  string
		want float64
	}{
		{"every glyph read", []int{0, 1, 0, 0, 0, 2, 0, 0}, "########", 0},
		{"no ink", []int{0, 0, 0}, "...", 0},
		{"nothing read", []int{0, 0, 0, 0}, "####", 1},
		// Ink from step 0 to 19, one character read at step 15: steps 0–10
		// are beyond unreadReach (4) of it.
		{"ink left unread", append(make([]int, 15), 1, 0, 0, 0, 0), strings.Repeat("#", 20), 11.0 / 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := unread(tc.path, ink(tc.ink)); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("unread = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestReadLabels(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short.txt")
	if err := os.WriteFile(short, []byte("a\nb\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := readLabels(short); err == nil || !strings.Contains(err.Error(), "2 entries") {
		t.Errorf("short dictionary: err = %v", err)
	}
	if _, err := readLabels(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("missing dictionary accepted")
	}
	full := filepath.Join(dir, "full.txt")
	entries := make([]string, dictSize)
	for i := range entries {
		entries[i] = string(rune(0x4e00 + i))
	}
	// CRLF line ends and no final newline, as such files come.
	if err := os.WriteFile(full, []byte(strings.Join(entries, "\r\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	labels, err := readLabels(full)
	if err != nil {
		t.Fatal(err)
	}
	if len(labels) != dictSize+2 || labels[0] != "" || labels[1] != "一" || labels[dictSize] != entries[dictSize-1] || labels[dictSize+1] != " " {
		t.Errorf("labels: %d entries, [0]=%q [1]=%q [last]=%q", len(labels), labels[0], labels[1], labels[len(labels)-1])
	}
}

func TestScriptOf(t *testing.T) {
	tests := []struct {
		text string
		want Script
	}{
		{"", ""},
		{"1985.03.12", ""},
		{"PASSPORT", Latin},
		{"中华人民共和国居民身份证", Han},
		{"出生1985年3月12日", Han},
		{"Name姓名：李明LIMING", Latin},
		{"姓名 LI", Han},
		{"P<UTOERIKSSON<<ANNA", Latin},
	}
	for _, tc := range tests {
		if got := ScriptOf(tc.text); got != tc.want {
			t.Errorf("ScriptOf(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

// uniform returns a Text whose characters all have confidence c.
func uniform(s string, c float64) Text {
	n := len([]rune(s))
	cc := make([]float64, n)
	for i := range cc {
		cc[i] = c
	}
	return Text{Text: s, Confidence: c, CharConf: cc}
}

func TestLooksUnreadableRules(t *testing.T) {
	weak := uniform("NACNOPT", 0.99)
	weak.CharConf[0], weak.CharConf[3] = 0.41, 0.38
	weak.Confidence = 0.82
	oneWeak := uniform("MACNOPT", 0.99)
	oneWeak.CharConf[0] = 0.31
	oneWeak.Confidence = 0.84
	lowHan := uniform("HONG GILDONG 喜", 0.99)
	lowHan.CharConf[13] = 0.63
	lowHan.Confidence = 0.96
	lowMRZ := uniform("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", 0.5)
	unreadDigits := uniform("1985.03.12", 0.99)
	unreadDigits.Unread = 0.4
	tests := []struct {
		name string
		t    Text
		want bool
	}{
		{"empty", Text{}, true},
		{"spaces only", uniform("  ", 0.9), true},
		{"clean Latin", uniform("PASSPORT", 0.99), false},
		{"clean Chinese", uniform("中华人民共和国", 0.99), false},
		{"MRZ at low confidence stays", lowMRZ, false},
		{"Greek look-alike", uniform("POCCИNCKAA ΦEEPALИA", 0.95), true},
		{"a katakana entry", uniform("マ", 0.99), true},
		{"Hangul beside digits, unread ink", unreadDigits, true},
		{"low mean confidence", uniform("Dale", 0.7), true},
		{"Han substitute for Hangul", lowHan, true},
		{"two weak characters", weak, true},
		{"one weak character is a slip", oneWeak, false},
		// A hand-made Text without character confidences is judged on
		// what it has.
		{"no CharConf", Text{Text: "PASSPORT", Confidence: 0.95}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := LooksUnreadable(tc.t); got != tc.want {
				t.Errorf("LooksUnreadable(%q) = %v, want %v", tc.t.Text, got, tc.want)
			}
		})
	}
}

func TestIsMRZLike(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", true},
		{"L898902C36UT07408122F1204159ZE184226B<<<<<10", true},
		{"I<UTO D231458907 <<<<<<<<<<<<<<<", true},
		{"L898902C36UT07408122F1204159ZE184226B", false}, // no filler
		{"P<UTOERIKSSON<<Anna", false},
		{"<<<<", false},
	}
	for _, tc := range tests {
		if got := isMRZLike(tc.s); got != tc.want {
			t.Errorf("isMRZLike(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}
