package locate

import (
	"math"

	"openkyc/internal/engine/imaging"
)

// Point is a position in image pixels. Integer coordinates are pixel
// centres, the convention of imaging.WarpAffine, so a quad found here and
// warped there (or by WarpPerspective) lines up without half-pixel shifts.
type Point struct{ X, Y float64 }

// Quad is a document outline: corners clockwise (in image coordinates, y
// down) starting from the corner that is top-left as the document lies in
// the photo. That is the photo's view, not the document's: a card photographed
// upside down still starts at the photo's top-left corner, and turning it
// upright is the orientation stage's job.
type Quad [4]Point

// Area is the quad's area in square pixels (shoelace formula; positive for
// a clockwise quad in y-down coordinates).
func (q Quad) Area() float64 {
	var s float64
	for i := range 4 {
		a, b := q[i], q[(i+1)%4]
		s += a.X*b.Y - b.X*a.Y
	}
	return s / 2
}

// Sides returns the lengths of the sides q0q1 (top), q1q2 (right), q2q3
// (bottom) and q3q0 (left).
func (q Quad) Sides() [4]float64 {
	var s [4]float64
	for i := range 4 {
		s[i] = dist(q[i], q[(i+1)%4])
	}
	return s
}

// Aspect is the long/short ratio of the averaged opposite side lengths, the
// simple estimate of the rectified document's aspect. Perspective shortens
// the far side, and averaging the two opposite sides cancels most of that
// for the moderate tilts of a hand-held photo.
func (q Quad) Aspect() float64 {
	if q.Height() <= 0 {
		return 0
	}
	return q.Width() / q.Height()
}

// Width is the document's long side in image pixels: the mean length of
// the longer pair of opposite sides, which is what Rectify maps to its
// output width (so Width()/out.W is image pixels per rectified pixel).
func (q Quad) Width() float64 {
	s := q.Sides()
	return math.Max((s[0]+s[2])/2, (s[1]+s[3])/2)
}

// Height is the document's short side in image pixels (the mean length of
// the shorter pair of opposite sides).
func (q Quad) Height() float64 {
	s := q.Sides()
	return math.Min((s[0]+s[2])/2, (s[1]+s[3])/2)
}

// Contains reports whether p lies inside the convex quad q (either
// winding; points on an edge count as inside).
func (q Quad) Contains(p Point) bool {
	var pos, neg bool
	for i := range 4 {
		a, b := q[i], q[(i+1)%4]
		c := (b.X-a.X)*(p.Y-a.Y) - (b.Y-a.Y)*(p.X-a.X)
		pos = pos || c > 0
		neg = neg || c < 0
	}
	return !(pos && neg)
}

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func pointsF(q [4]Point) [4]imaging.PointF {
	var p [4]imaging.PointF
	for i, c := range q {
		p[i] = imaging.PointF(c)
	}
	return p
}

// Standard document aspect ratios (long/short side) from ISO/IEC 7810 and
// ICAO 9303. ID-2 and ID-3 share 1.42 within a millimetre, so geometry alone
// cannot tell a TD2 card from a passport page.
const (
	AspectID1 = 85.60 / 53.98 // 1.586: cards (TD1, driving licences)
	AspectID2 = 105.0 / 74.0  // 1.419: TD2 cards, visas
	AspectID3 = 125.0 / 88.0  // 1.420: passport data pages (TD3)
)

// snapTolerance is how far (relative) a measured aspect may be from a
// standard one and still be snapped to it and named by Kind: perspective
// and rounded corners make measurements scatter by a few percent.
const snapTolerance = 0.05

// Kind names the standard format whose aspect is within 5 % of a, or
// "unknown". A 1.42 ratio is reported as "id3" (passport page): ID-2 has the
// same ratio and is much rarer, and only the MRZ or the document type stage
// can tell them apart.
func Kind(a float64) string {
	switch {
	case math.Abs(a/AspectID1-1) <= snapTolerance:
		return "id1"
	case math.Abs(a/AspectID3-1) <= snapTolerance:
		return "id3"
	}
	return "unknown"
}

// SnapAspect returns the standard aspect nearest to a when within 5 %, else
// a itself, so rectified cards come out at exactly the ISO shape.
func SnapAspect(a float64) float64 {
	switch Kind(a) {
	case "id1":
		return AspectID1
	case "id3":
		return AspectID3
	}
	return a
}

// Rectify perspective-warps the quad q of img to an upright-rectangle image
// width × width/aspect, aspect being q's long/short side ratio snapped to a
// standard one when within 5 %. The output is always landscape: the long
// side is width. A document lying in portrait in the photo (its left side
// longer than its top) comes out turned a quarter turn clockwise, i.e. its
// photo-left side becomes the top; choosing among quarter turns is the
// orientation stage's job anyway. A width <= 0 picks the quad's own long
// side length, so no resolution is invented or thrown away.
func Rectify(img *imaging.Image, q Quad, width int) *imaging.Image {
	a := q.Aspect()
	if !(a >= 1) || math.IsInf(a, 0) {
		return &imaging.Image{}
	}
	a = SnapAspect(a)
	s := q.Sides()
	if width <= 0 {
		width = int(math.Round(q.Width()))
	}
	hgt := max(1, int(math.Round(float64(width)/a)))
	src := [4]Point(q)
	if s[1]+s[3] > s[0]+s[2] {
		// Portrait: start at the photo's bottom-left corner so the left
		// side (long) becomes the output's top.
		src = [4]Point{q[3], q[0], q[1], q[2]}
	}
	dst := [4]Point{{0, 0}, {float64(width - 1), 0}, {float64(width - 1), float64(hgt - 1)}, {0, float64(hgt - 1)}}
	h, err := imaging.Homography(pointsF(dst), pointsF(src))
	if err != nil {
		return &imaging.Image{}
	}
	return imaging.WarpPerspective(img, h, width, hgt, imaging.Black)
}
