package document

import (
	"image"
	"slices"

	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/ocr"
)

// sharpnessSide is the long side the document is measured at, so sharpness
// does not depend on the photo's resolution.
const sharpnessSide = 1000

// quality measures the rectified document: sharpness, glare (outside the
// holder's photo, when found) and the size of its text in the photo's
// pixels (photoPerDoc photo pixels per document pixel).
func quality(doc *imaging.Image, lines []ocr.Line, photoPerDoc float64, portrait *face.Face) Quality {
	var skip image.Rectangle
	if portrait != nil {
		skip = photoArea(portrait.Box)
	}
	q := Quality{Sharpness: imaging.SharpnessAt(doc, doc.Bounds(), sharpnessSide), Glare: glare(doc, skip)}
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

// Glare measurement: the document is cut into glareCell-pixel cells; a
// cell is hot when nearly all its pixels have all three channels above
// glareLevel. A hot cell is glare only where the document around it, the
// ring of cells glareRing cells away, is not itself white paper: where
// the median ring cell has under glarePaper of its pixels saturated. On a
// white card or a flat scan saturation is the paper, not a reflection
// (the ICAO specimens: 60–70 % of cells hot, glare now 0–5 %, what is
// left being a portrait's white backdrop beside the photo). Reflections
// larger than the ring are undercounted at their centre; the ring (96 px
// on a 1200-px document) is larger than the blobs generated photos carry.
const (
	glareLevel = 245
	glareCell  = 8
	glareRing  = 12
	glarePaper = 0.5
)

// photoArea is where the holder's photo lies around the face found in it:
// ID photos frame the head with about its width on each side and more
// below (the shoulders). Their backdrop is often white or near it,
// printed in a tinted card: not a reflection.
func photoArea(b face.Box) image.Rectangle {
	w, h := b.W(), b.H()
	return image.Rect(int(b.X1-0.9*w), int(b.Y1-0.9*h), int(b.X2+0.9*w), int(b.Y2+1.4*h))
}

// glare is the share of the document's cells that are glare; cells inside
// skip (the holder's photo) never are.
func glare(doc *imaging.Image, skip image.Rectangle) float64 {
	cw, ch := doc.W/glareCell, doc.H/glareCell
	if cw == 0 || ch == 0 {
		return 0
	}
	hot := make([]bool, cw*ch)
	sat := make([]float64, cw*ch) // share of saturated pixels
	for cy := range ch {
		for cx := range cw {
			n := 0
			for y := cy * glareCell; y < (cy+1)*glareCell; y++ {
				row := doc.Pix[3*(y*doc.W+cx*glareCell) : 3*(y*doc.W+(cx+1)*glareCell)]
				for i := 0; i < len(row); i += 3 {
					if row[i] > glareLevel && row[i+1] > glareLevel && row[i+2] > glareLevel {
						n++
					}
				}
			}
			hot[cy*cw+cx] = n > glareCell*glareCell*9/10
			sat[cy*cw+cx] = float64(n) / (glareCell * glareCell)
		}
	}
	glared := 0
	ring := make([]float64, 0, 8*glareRing)
	for cy := range ch {
		for cx := range cw {
			if !hot[cy*cw+cx] || image.Pt(cx*glareCell+glareCell/2, cy*glareCell+glareCell/2).In(skip) {
				continue
			}
			ring = ring[:0]
			for d := -glareRing; d <= glareRing; d += 2 {
				for _, p := range [][2]int{{cx + d, cy - glareRing}, {cx + d, cy + glareRing}, {cx - glareRing, cy + d}, {cx + glareRing, cy + d}} {
					if p[0] >= 0 && p[0] < cw && p[1] >= 0 && p[1] < ch {
						ring = append(ring, sat[p[1]*cw+p[0]])
					}
				}
			}
			if len(ring) == 0 {
				continue
			}
			slices.Sort(ring)
			if ring[len(ring)/2] < glarePaper {
				glared++
			}
		}
	}
	return float64(glared) / float64(cw*ch)
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
