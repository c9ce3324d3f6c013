package tess

import (
	"testing"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/testfont"
)

// cjkFontPath is the Noto Sans CJK collection from Debian's fonts-noto-cjk.
// Every face in it has Hangul, kana and Cyrillic; the faces differ in the
// regional shapes of Han ideographs, so each line uses its country's face.
const cjkFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// renderLine draws text in black on white in the Noto Sans CJK face of
// region (JP, KR, SC, TC, HK) with an em of size pixels and a margin of pad
// pixels, the way a tight line crop from a text detector looks. The test is
// skipped when the font is not installed.
func renderLine(tb testing.TB, region, text string, size float64, pad int) *imaging.Image {
	tb.Helper()
	return testfont.Line(tb, testfont.Spec{Path: cjkFontPath, Family: "Noto Sans CJK " + region}, text, size, pad)
}
