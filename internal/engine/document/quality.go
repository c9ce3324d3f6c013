package document

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ocr"
	"openkyc/internal/engine/textnorm"
)

// sharpnessWidth is the width the document is measured at, so sharpness
// does not depend on the photo's resolution.
const sharpnessWidth = 1000

// quality measures the rectified document: sharpness, glare and the size of
// its text in the photo's pixels (photoPerDoc photo pixels per document
// pixel).
func quality(doc *imaging.Image, lines []ocr.Line, photoPerDoc float64) Quality {
	g := doc.Gray(doc.Bounds(), sharpnessWidth, max(1, doc.H*sharpnessWidth/max(1, doc.W)))
	w, h := sharpnessWidth, len(g)/sharpnessWidth
	q := Quality{Sharpness: laplacianVariance(g, w, h), Glare: glare(doc)}
	if len(lines) > 0 {
		hs := make([]float64, len(lines))
		for i, l := range lines {
			hs[i] = l.Box.Height()
		}
		slices.Sort(hs)
		q.TextHeight = hs[len(hs)/2] * photoPerDoc
	}
	return q
}

// laplacianVariance is the variance of the 4-neighbour Laplacian: a blurred
// image has little high-frequency energy.
func laplacianVariance(g []float32, w, h int) float64 {
	if w < 3 || h < 3 {
		return 0
	}
	var sum, sum2 float64
	n := 0
	for y := 1; y < h-1; y++ {
		for x := 1; x < w-1; x++ {
			i := y*w + x
			l := float64(4*g[i] - g[i-1] - g[i+1] - g[i-w] - g[i+w])
			sum += l
			sum2 += l * l
			n++
		}
	}
	m := sum / float64(n)
	return sum2/float64(n) - m*m
}

// glare is the share of the document in saturated blobs: pixels whose three
// channels all exceed glareLevel, counted only in 8×8 cells that are mostly
// saturated, so white print background and thin white lines do not count.
func glare(doc *imaging.Image) float64 {
	const glareLevel, cell = 245, 8
	cells, hot := 0, 0
	for cy := 0; cy+cell <= doc.H; cy += cell {
		for cx := 0; cx+cell <= doc.W; cx += cell {
			cells++
			n := 0
			for y := cy; y < cy+cell; y++ {
				row := doc.Pix[3*(y*doc.W+cx) : 3*(y*doc.W+cx+cell)]
				for i := 0; i < len(row); i += 3 {
					if row[i] > glareLevel && row[i+1] > glareLevel && row[i+2] > glareLevel {
						n++
					}
				}
			}
			if n > cell*cell*9/10 {
				hot++
			}
		}
	}
	if cells == 0 {
		return 0
	}
	return float64(hot) / float64(cells)
}

// confidences returns the mean recognition confidence of all lines and of
// the lines the name and date fields came from.
func confidences(lines []ocr.Line, fields map[string]Field) (all, field float64) {
	if len(lines) == 0 {
		return 0, 0
	}
	for _, l := range lines {
		all += l.Confidence
	}
	all /= float64(len(lines))
	n := 0
	for _, name := range []string{"surname", "given_names", "full_name_native", "birth_date"} {
		if f, ok := fields[name]; ok && f.Source == "visual" {
			field += f.Confidence
			n++
		}
	}
	if n > 0 {
		field /= float64(n)
	}
	return all, field
}

// sameValue compares a printed value with the MRZ's the way the evaluation
// does (case, spaces, full-width digits), so agreement is judged on content.
func sameValue(name, a, b string) bool { return textnorm.Equal(name, a, b) }

func isName(field string) bool { return field == "surname" || field == "given_names" }

// sameName reports whether a printed name and an MRZ name are the same
// once the printed one is written the way ICAO 9303 transliterates: accents
// dropped, ligatures and special letters spelled out, every character that
// is not A–Z a separator.
func sameName(printed, fromMRZ string) bool {
	return mrzLetters(printed) == mrzLetters(fromMRZ) && mrzLetters(printed) != ""
}

var mrzSpecial = strings.NewReplacer("Ł", "L", "ł", "l", "Ø", "O", "ø", "o", "Đ", "D", "đ", "d", "ß", "SS",
	"Æ", "AE", "æ", "ae", "Œ", "OE", "œ", "oe", "Þ", "TH", "þ", "th", "Ħ", "H", "ħ", "h", "ı", "i")

func mrzLetters(s string) string {
	s = norm.NFKD.String(mrzSpecial.Replace(s))
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
