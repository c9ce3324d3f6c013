package ocr

import (
	"context"
	"fmt"
	"testing"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/testfont"
)

// benchLines are ten line images as CropLine returns them from a card: tight
// (4 px border), 24 px em, of the widths a card has, from a two-character
// name to the 44-character MRZ.
func benchLines(tb testing.TB) []*imaging.Image {
	tb.Helper()
	specs := []struct {
		f    testfont.Spec
		text string
	}{
		{dejavu, "PASSPORT"},
		{dejavu, "Surname: SMITH"},
		{dejavu, "Given names: JOHN MICHAEL"},
		{dejavu, "Date of birth: 12 MAR 1985"},
		{dejavu, "Document No. X12345678"},
		{notoSC, "中华人民共和国居民身份证"},
		{notoSC, "姓名 张伟"},
		{notoSC, "住址 北京市朝阳区建国路88号"},
		{ocrb, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"},
		{ocrb, "L898902C36UTO7408122F1204159ZE184226B<<<<<10"},
	}
	out := make([]*imaging.Image, len(specs))
	for i, s := range specs {
		out[i] = renderLine(tb, s.f, s.text, 24, 4)
	}
	return out
}

// BenchmarkRecognize compares one recogniser run per line with batches of
// lines of similar width (padded to the widest), run one at a time or two
// at once (the runtime's slots on two cores). ns/op is for all ten lines.
func BenchmarkRecognize(b *testing.B) {
	e := testEngine(b)
	lines := benchLines(b)
	ctx := context.Background()
	for _, batch := range []int{1, 2, 4, 6, 10} {
		for _, par := range []int{1, 2} {
			b.Run(fmt.Sprintf("batch=%d/parallel=%d", batch, par), func(b *testing.B) {
				eng := *e
				eng.recBatch, eng.parallel = batch, par
				for b.Loop() {
					if _, err := eng.Recognize(ctx, lines); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// cardImage renders a 1000×630 card-like page: ten lines of mixed scripts
// and sizes, as DetectText sees a cropped ID card.
func cardImage(tb testing.TB) *imaging.Image {
	tb.Helper()
	img := testfont.White(1000, 630)
	y := 60.0
	for _, l := range []struct {
		f    testfont.Spec
		text string
		size float64
	}{
		{dejavu, "UTOPIA PASSPORT", 40},
		{dejavu, "Surname: ERIKSSON", 26},
		{dejavu, "Given names: ANNA MARIA", 26},
		{notoSC, "姓名 张伟", 26},
		{dejavu, "Date of birth: 12 AUG 1974", 26},
		{notoKR, "대한민국 여권", 26},
		{dejavu, "Document No. L898902C3", 26},
		{dejavu, "Expiry: 15 APR 2012", 26},
		{ocrb, "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", 34},
		{ocrb, "L898902C36UTO7408122F1204159ZE184226B<<<<<10", 34},
	} {
		s := testfont.Shape(tb, l.f, l.text, l.size)
		testfont.Paint(img, s, 40, y)
		y += 1.9 * l.size
	}
	return img
}

// BenchmarkDetectText is the detector on a 1000×630 card: input 960×608.
func BenchmarkDetectText(b *testing.B) {
	e := testEngine(b)
	img := cardImage(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.DetectText(ctx, img); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead is the whole pipeline on the same card.
func BenchmarkRead(b *testing.B) {
	e := testEngine(b)
	img := cardImage(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.Read(ctx, img); err != nil {
			b.Fatal(err)
		}
	}
}
