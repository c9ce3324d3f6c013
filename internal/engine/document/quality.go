package document

import (
	"slices"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ocr"
)

// sharpnessSide is the long side the document is measured at, so sharpness
// does not depend on the photo's resolution.
const sharpnessSide = 1000

// quality measures the rectified document: sharpness, glare and the size of
// its text in the photo's pixels (photoPerDoc photo pixels per document
// pixel).
func quality(doc *imaging.Image, lines []ocr.Line, photoPerDoc float64) Quality {
	q := Quality{Sharpness: imaging.SharpnessAt(doc, doc.Bounds(), sharpnessSide), Glare: glare(doc)}
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
