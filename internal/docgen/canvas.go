package docgen

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"openkyc/internal/engine/imaging"
)

// pt is a point in canvas pixels.
type pt struct{ x, y float64 }

// canvas is an RGB image with the drawing operations the layouts need:
// text in any of the fonts, anti-aliased shapes and pasted photos. The
// first text a font cannot show is kept in err, so that a layout printing
// a tofu box fails loudly instead of producing a wrong truth.
type canvas struct {
	img *imaging.Image
	fc  *faceCache
	r   raster
	err error
}

func newCanvas(w, h int, fc *faceCache, bg color.NRGBA) *canvas {
	c := &canvas{img: imaging.New(w, h), fc: fc}
	for i := 0; i < len(c.img.Pix); i += 3 {
		c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2] = bg.R, bg.G, bg.B
	}
	return c
}

func (c *canvas) w() float64 { return float64(c.img.W) }
func (c *canvas) h() float64 { return float64(c.img.H) }

// rgb is an opaque colour; colours are straight (not premultiplied) alpha.
func rgb(r, g, b uint8) color.NRGBA { return color.NRGBA{r, g, b, 255} }

func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

const (
	alignLeft = iota
	alignCenter
	alignRight
)

// textStyle is how a string is drawn.
type textStyle struct {
	font  fontID
	size  float64 // pixels per em
	color color.NRGBA
	align int
	track float64 // extra pixels between characters (Japanese cards space names out)
}

func (s textStyle) sized(size float64) textStyle { s.size = size; return s }
func (s textStyle) colored(c color.NRGBA) textStyle {
	s.color = c
	return s
}
func (s textStyle) aligned(a int) textStyle { s.align = a; return s }

// glyph is one positioned glyph of a laid-out string.
type glyph struct {
	idx sfnt.GlyphIndex
	x   float64 // pen offset from the string's start
}

// layout places the glyphs of s with advances and kerning.
func (c *canvas) layout(s string, st textStyle) ([]glyph, float64) {
	f := c.fc.fs.fonts[st.font]
	ppem := fixed.Int26_6(st.size * 64)
	var gs []glyph
	x := 0.0
	var prev sfnt.GlyphIndex
	for i, r := range []rune(s) {
		idx, err := f.GlyphIndex(&c.fc.buf, r)
		if err != nil || idx == 0 {
			if r != ' ' && c.err == nil {
				c.err = fmt.Errorf("docgen: font %d has no glyph for %q in %q", st.font, r, s)
			}
		}
		if i > 0 {
			if k, err := f.Kern(&c.fc.buf, prev, idx, ppem, font.HintingNone); err == nil {
				x += float64(k) / 64
			}
			x += st.track
		}
		gs = append(gs, glyph{idx, x})
		if adv, err := f.GlyphAdvance(&c.fc.buf, idx, ppem, font.HintingNone); err == nil {
			x += float64(adv) / 64
		}
		prev = idx
	}
	return gs, x
}

// width returns the advance width of s in st.
func (c *canvas) width(s string, st textStyle) float64 {
	_, w := c.layout(s, st)
	return w
}

// text draws s with its baseline at y, starting at, centred on or ending
// at x by st.align, and returns the width drawn.
func (c *canvas) text(x, y float64, s string, st textStyle) float64 {
	gs, w := c.layout(s, st)
	switch st.align {
	case alignCenter:
		x -= w / 2
	case alignRight:
		x -= w
	}
	c.drawGlyphs(gs, st, func(dx, dy float64) pt { return pt{x + dx, y + dy} })
	return w
}

// textUp draws s rotated a quarter turn counter-clockwise, reading bottom
// to top, with its baseline on the vertical line through x and its start
// at y (vertical serial numbers of passports).
func (c *canvas) textUp(x, y float64, s string, st textStyle) float64 {
	gs, w := c.layout(s, st)
	switch st.align {
	case alignCenter:
		y += w / 2
	case alignRight:
		y += w
	}
	c.drawGlyphs(gs, st, func(dx, dy float64) pt { return pt{x + dy, y - dx} })
	return w
}

// drawGlyphs rasterises glyphs through place, which maps a point given
// relative to the string's start on the baseline (y down) to the canvas.
func (c *canvas) drawGlyphs(gs []glyph, st textStyle, place func(dx, dy float64) pt) {
	f := c.fc.fs.fonts[st.font]
	ppem := fixed.Int26_6(st.size * 64)
	for _, g := range gs {
		segs, err := f.LoadGlyph(&c.fc.buf, g.idx, ppem, nil)
		if err != nil && c.err == nil {
			// An outline the parser cannot read would print as a gap.
			c.err = fmt.Errorf("docgen: font %d: glyph %d: %w", st.font, g.idx, err)
		}
		if len(segs) == 0 {
			continue
		}
		conv := func(p fixed.Point26_6) pt { return place(g.x+float64(p.X)/64, float64(p.Y)/64) }
		var path []pathOp
		for _, s := range segs {
			switch s.Op {
			case sfnt.SegmentOpMoveTo:
				path = append(path, pathOp{op: 'M', p: [3]pt{conv(s.Args[0])}})
			case sfnt.SegmentOpLineTo:
				path = append(path, pathOp{op: 'L', p: [3]pt{conv(s.Args[0])}})
			case sfnt.SegmentOpQuadTo:
				path = append(path, pathOp{op: 'Q', p: [3]pt{conv(s.Args[0]), conv(s.Args[1])}})
			case sfnt.SegmentOpCubeTo:
				path = append(path, pathOp{op: 'C', p: [3]pt{conv(s.Args[0]), conv(s.Args[1]), conv(s.Args[2])}})
			}
		}
		c.fillPath(path, st.color)
	}
}

// fitText draws s like text but shrinks the type until it fits maxW, as
// card printers do with long names and addresses.
func (c *canvas) fitText(x, y, maxW float64, s string, st textStyle) float64 {
	for st.size > 8 && c.width(s, st) > maxW {
		st.size *= 0.95
	}
	return c.text(x, y, s, st)
}

// pathOp is one path command: 'M'ove, 'L'ine, 'Q'uadratic or 'C'ubic.
type pathOp struct {
	op byte
	p  [3]pt
}

// fillPath rasterises path within its bounding box and blends col over
// the canvas by coverage.
func (c *canvas) fillPath(path []pathOp, col color.NRGBA) {
	if len(path) == 0 {
		return
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, o := range path {
		n := 1
		switch o.op {
		case 'Q':
			n = 2
		case 'C':
			n = 3
		}
		for _, q := range o.p[:n] {
			minX, minY = math.Min(minX, q.x), math.Min(minY, q.y)
			maxX, maxY = math.Max(maxX, q.x), math.Max(maxY, q.y)
		}
	}
	b := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1)
	// Clip on the right and bottom only: the raster clamps x, so geometry
	// off the left edge must stay in to keep the winding sums right; the
	// left/top offsets are clipped when blending.
	b = b.Intersect(image.Rect(b.Min.X, b.Min.Y, c.img.W, c.img.H))
	if b.Empty() || b.Max.X <= 0 || b.Max.Y <= 0 {
		return
	}
	// The raster covers only the shape's bounding box, so drawing cost is
	// proportional to the shape, not to the card.
	c.r.reset(b.Dx(), b.Dy())
	o := pt{float64(b.Min.X), float64(b.Min.Y)}
	rel := func(p pt) pt { return pt{p.x - o.x, p.y - o.y} }
	for _, op := range path {
		switch op.op {
		case 'M':
			c.r.moveTo(rel(op.p[0]))
		case 'L':
			c.r.lineTo(rel(op.p[0]))
		case 'Q':
			c.r.quadTo(rel(op.p[0]), rel(op.p[1]))
		case 'C':
			c.r.cubeTo(rel(op.p[0]), rel(op.p[1]), rel(op.p[2]))
		}
	}
	ca := float32(col.A) / 255
	cr, cg, cb := float32(col.R), float32(col.G), float32(col.B)
	c.r.each(func(x, y int, a float32) {
		px, py := b.Min.X+x, b.Min.Y+y
		if px < 0 || py < 0 {
			return
		}
		a *= ca
		d := c.img.Pix[3*(py*c.img.W+px):][:3]
		d[0] = uint8(float32(d[0]) + (cr-float32(d[0]))*a + 0.5)
		d[1] = uint8(float32(d[1]) + (cg-float32(d[1]))*a + 0.5)
		d[2] = uint8(float32(d[2]) + (cb-float32(d[2]))*a + 0.5)
	})
	c.r.start, c.r.last = pt{}, pt{}
}

// fill draws closed polygons in col.
func (c *canvas) fill(col color.NRGBA, polys ...[]pt) {
	var path []pathOp
	for _, p := range polys {
		if len(p) < 3 {
			continue
		}
		path = append(path, pathOp{op: 'M', p: [3]pt{p[0]}})
		for _, q := range p[1:] {
			path = append(path, pathOp{op: 'L', p: [3]pt{q}})
		}
	}
	c.fillPath(path, col)
}

// rect fills an axis-aligned rectangle.
func (c *canvas) rect(x0, y0, x1, y1 float64, col color.NRGBA) {
	c.fill(col, []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
}

// roundRectPath is the outline of a rounded rectangle, clockwise, or
// counter-clockwise when reverse (a hole in a stroked frame).
func roundRectPath(x0, y0, x1, y1, r float64, reverse bool) []pt {
	r = math.Max(0, math.Min(r, math.Min(x1-x0, y1-y0)/2))
	var p []pt
	corner := func(cx, cy, a0 float64) {
		for i := 0; i <= 8; i++ {
			a := a0 + float64(i)*math.Pi/16
			p = append(p, pt{cx + r*math.Cos(a), cy + r*math.Sin(a)})
		}
	}
	corner(x1-r, y0+r, -math.Pi/2)
	corner(x1-r, y1-r, 0)
	corner(x0+r, y1-r, math.Pi/2)
	corner(x0+r, y0+r, math.Pi)
	if reverse {
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	return p
}

func (c *canvas) roundRect(x0, y0, x1, y1, r float64, col color.NRGBA) {
	c.fill(col, roundRectPath(x0, y0, x1, y1, r, false))
}

// frame strokes a rounded rectangle with a line w wide inside its bounds.
func (c *canvas) frame(x0, y0, x1, y1, r, w float64, col color.NRGBA) {
	c.fill(col, roundRectPath(x0, y0, x1, y1, r, false), roundRectPath(x0+w, y0+w, x1-w, y1-w, math.Max(0, r-w), true))
}

func ellipsePath(cx, cy, rx, ry float64, reverse bool) []pt {
	n := max(16, int(math.Max(rx, ry)/2))
	p := make([]pt, n)
	for i := range p {
		a := 2 * math.Pi * float64(i) / float64(n)
		if reverse {
			a = -a
		}
		p[i] = pt{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return p
}

func (c *canvas) ellipse(cx, cy, rx, ry float64, col color.NRGBA) {
	c.fill(col, ellipsePath(cx, cy, rx, ry, false))
}

// ring strokes a circle of radius r with a line w wide centred on it.
func (c *canvas) ring(cx, cy, r, w float64, col color.NRGBA) {
	c.fill(col, ellipsePath(cx, cy, r+w/2, r+w/2, false), ellipsePath(cx, cy, r-w/2, r-w/2, true))
}

// line strokes a polyline w wide with round joins: one quad per segment and
// one disc per vertex, all wound the same way so overlaps saturate
// instead of cancelling.
func (c *canvas) line(w float64, col color.NRGBA, pts ...pt) {
	var polys [][]pt
	h := w / 2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		polys = append(polys, []pt{{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}})
	}
	if w > 1.5 {
		for _, p := range pts {
			polys = append(polys, ellipsePath(p.x, p.y, h, h, true))
		}
	}
	c.fill(col, polys...)
}

// paste draws photo into r, scaled to cover r and cropped centrally, so a
// portrait of any aspect fills its frame.
func (c *canvas) paste(photo *imaging.Image, r image.Rectangle) {
	c.pasteAlpha(photo, r, 1)
}

// pasteAlpha is paste blended at opacity a (ghost images, faded photos).
func (c *canvas) pasteAlpha(photo *imaging.Image, r image.Rectangle, a float64) {
	if r.Empty() || photo.W == 0 {
		return
	}
	// Crop the photo to r's aspect first, then resize: Resize averages
	// areas when shrinking, so the portrait stays free of aliasing.
	sw, sh := photo.W, photo.H
	if sw*r.Dy() > sh*r.Dx() {
		sw = sh * r.Dx() / r.Dy()
	} else {
		sh = sw * r.Dy() / r.Dx()
	}
	x0, y0 := (photo.W-sw)/2, (photo.H-sh)/2
	img := imaging.Resize(imaging.Crop(photo, image.Rect(x0, y0, x0+sw, y0+sh)), r.Dx(), r.Dy())
	c.blendImage(img, r.Min, a)
}

// blendImage blends img onto the canvas with its top-left at at, opacity a.
func (c *canvas) blendImage(img *imaging.Image, at image.Point, a float64) {
	ai := int(a*256 + 0.5)
	for y := range img.H {
		py := at.Y + y
		if py < 0 || py >= c.img.H {
			continue
		}
		for x := range img.W {
			px := at.X + x
			if px < 0 || px >= c.img.W {
				continue
			}
			s := img.Pix[3*(y*img.W+x):][:3]
			d := c.img.Pix[3*(py*c.img.W+px):][:3]
			for k := range 3 {
				d[k] = uint8((int(s[k])*ai + int(d[k])*(256-ai)) >> 8)
			}
		}
	}
}
