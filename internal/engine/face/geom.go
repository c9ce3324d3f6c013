package face

import (
	"image"
	"math"
)

// Point is a position in image pixels.
type Point struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Box is an axis-aligned rectangle in image pixels, corners (X1,Y1)–(X2,Y2).
type Box struct {
	X1 float64 `json:"x1"`
	Y1 float64 `json:"y1"`
	X2 float64 `json:"x2"`
	Y2 float64 `json:"y2"`
}

// W is the box width.
func (b Box) W() float64 { return b.X2 - b.X1 }

// H is the box height.
func (b Box) H() float64 { return b.Y2 - b.Y1 }

// Area is W·H, zero for an empty box.
func (b Box) Area() float64 {
	if b.X2 <= b.X1 || b.Y2 <= b.Y1 {
		return 0
	}
	return b.W() * b.H()
}

// Center is the box centre.
func (b Box) Center() Point { return Point{(b.X1 + b.X2) / 2, (b.Y1 + b.Y2) / 2} }

// Rect rounds the box to integer pixels.
func (b Box) Rect() image.Rectangle {
	return image.Rect(int(math.Floor(b.X1)), int(math.Floor(b.Y1)), int(math.Ceil(b.X2)), int(math.Ceil(b.Y2)))
}

func (b Box) intersect(o Box) Box {
	return Box{math.Max(b.X1, o.X1), math.Max(b.Y1, o.Y1), math.Min(b.X2, o.X2), math.Min(b.Y2, o.Y2)}
}

// iou is intersection over union.
func (b Box) iou(o Box) float64 {
	in := b.intersect(o).Area()
	if in == 0 {
		return 0
	}
	return in / (b.Area() + o.Area() - in)
}

// overlapSmaller is intersection over the smaller area: near 1 when one box
// lies inside the other, which IoU misses when their sizes differ a lot.
func (b Box) overlapSmaller(o Box) float64 {
	in := b.intersect(o).Area()
	if in == 0 {
		return 0
	}
	return in / math.Min(b.Area(), o.Area())
}

// scaledSquare grows a box by scale around its centre, as far as the image
// allows, and shifts it back inside the image (the vendor's crop for the
// liveness, age and landmark models: the models were trained on it).
func scaledSquare(b Box, scale float64, w, h int) Box {
	bw, bh := b.W(), b.H()
	if bw <= 0 || bh <= 0 {
		return b
	}
	s := math.Min(scale, math.Min(float64(h-1)/bh, float64(w-1)/bw))
	nw, nh := bw*s, bh*s
	c := b.Center()
	x1, y1, x2, y2 := c.X-nw/2, c.Y-nh/2, c.X+nw/2, c.Y+nh/2
	if x1 < 0 {
		x2 -= x1
		x1 = 0
	}
	if y1 < 0 {
		y2 -= y1
		y1 = 0
	}
	if mx := float64(w - 1); x2 > mx {
		x1 -= x2 - mx
		x2 = mx
	}
	if my := float64(h - 1); y2 > my {
		y1 -= y2 - my
		y2 = my
	}
	return Box{math.Max(x1, 0), math.Max(y1, 0), x2, y2}
}

func dist(a, b Point) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }

func (p Point) scaled(k float64) Point { return Point{p.X * k, p.Y * k} }

func (b Box) scaled(k float64) Box { return Box{b.X1 * k, b.Y1 * k, b.X2 * k, b.Y2 * k} }
