package locate

import (
	"math"
	"math/rand/v2"

	"openkyc/internal/engine/imaging"
)

// Synthetic documents and scenes for the tests: an ID-1 card drawn at 300
// dpi (1012×638), warped by a known homography onto a background. Nothing
// here needs external data.

const (
	cardW, cardH = 1012, 638
	cardRadius   = 36 // rounded corners, ~3 mm as on real cards
)

type rgb [3]uint8

func fillRect(m *imaging.Image, x0, y0, x1, y1 int, c rgb) {
	for y := max(y0, 0); y < min(y1, m.H); y++ {
		for x := max(x0, 0); x < min(x1, m.W); x++ {
			copy(m.Pix[3*(y*m.W+x):], c[:])
		}
	}
}

func fillEllipse(m *imaging.Image, cx, cy, rx, ry float64, c rgb) {
	for y := int(cy - ry); y <= int(cy+ry); y++ {
		for x := int(cx - rx); x <= int(cx+rx); x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			if dx*dx+dy*dy <= 1 && x >= 0 && y >= 0 && x < m.W && y < m.H {
				copy(m.Pix[3*(y*m.W+x):], c[:])
			}
		}
	}
}

// textRow draws a line of "characters" (dark blocks of varying width with
// gaps) from x0 to about x1, h pixels high.
func textRow(m *imaging.Image, r *rand.Rand, x0, x1, y, h int, c rgb) {
	for x := x0; x < x1; {
		w := h/2 + r.IntN(h/2+1)
		// Character-like: a stroke frame rather than a solid block, so it
		// has the thin strokes of print.
		s := max(2, h/7)
		fillRect(m, x, y, x+w, y+s, c)
		fillRect(m, x, y+h-s, x+w, y+h, c)
		fillRect(m, x, y, x+s, y+h, c)
		if r.IntN(2) == 0 {
			fillRect(m, x+w-s, y, x+w, y+h, c)
		}
		x += w + h/3
		if r.IntN(7) == 0 {
			x += h // word gap
		}
	}
}

// makeCard draws the synthetic ID card: a cream card with a blue header,
// a portrait (face-like blob on a light blue photo background), field
// lines, and a two-line MRZ-like block at the bottom.
func makeCard() *imaging.Image {
	r := rand.New(rand.NewPCG(1, 2))
	m := imaging.New(cardW, cardH)
	for y := range cardH {
		for x := range cardW {
			// A faint tint gradient, as security printing has.
			v := uint8(226 + 10*x/cardW)
			copy(m.Pix[3*(y*cardW+x):], []uint8{v, v - 4, v - 16})
		}
	}
	fillRect(m, 0, 40, cardW, 110, rgb{60, 90, 160})
	textRow(m, r, 300, 760, 58, 34, rgb{240, 240, 245})
	// Portrait.
	fillRect(m, 50, 140, 320, 480, rgb{178, 198, 222})
	fillEllipse(m, 185, 290, 95, 120, rgb{60, 45, 35})    // hair
	fillEllipse(m, 185, 320, 78, 100, rgb{214, 170, 140}) // face
	fillEllipse(m, 185, 500, 130, 80, rgb{70, 80, 110})   // shoulders
	fillRect(m, 50, 480, 320, 500, rgb{226, 222, 210})    // card below the photo
	for i, y := range []int{150, 200, 250, 300, 350, 400} {
		textRow(m, r, 360, 360+280+r.IntN(300), y, 22-i%2*4, rgb{35, 35, 45})
	}
	// MRZ: two full-width lines of monospaced characters.
	for _, y := range []int{520, 570} {
		for x := 50; x < cardW-70; x += 30 {
			textRow(m, r, x, x+1, y, 30, rgb{25, 25, 30})
		}
	}
	return m
}

// inCard reports whether card coordinates (u, v) are on the card, rounded
// corners included.
func inCard(u, v float64) bool {
	if u < 0 || v < 0 || u >= cardW || v >= cardH {
		return false
	}
	cx := math.Min(math.Max(u, cardRadius), cardW-cardRadius)
	cy := math.Min(math.Max(v, cardRadius), cardH-cardRadius)
	dx, dy := u-cx, v-cy
	return dx*dx+dy*dy <= cardRadius*cardRadius
}

// Backgrounds.
type background int

const (
	bgPlain background = iota
	bgLight            // light grey: low contrast with the cream card
	bgGradient
	bgNoise // random texture, fine and coarse
	bgStripes
	bgClutter // a desk with papers, a keyboard: many straight edges
)

func (b background) String() string {
	return [...]string{"plain", "light", "gradient", "noise", "stripes", "clutter"}[b]
}

func makeBackground(b background, w, h int, seed uint64) *imaging.Image {
	m := imaging.New(w, h)
	r := rand.New(rand.NewPCG(seed, 7))
	// Coarse noise for the texture: a small random grid upsampled.
	const g = 24
	coarse := make([]float64, (w/g+2)*(h/g+2))
	for i := range coarse {
		coarse[i] = r.Float64()
	}
	cw := w/g + 2
	for y := range h {
		for x := range w {
			var c [3]float64
			switch b {
			case bgPlain:
				c = [3]float64{96, 72, 58}
			case bgLight:
				c = [3]float64{196, 196, 192}
			case bgGradient:
				t := float64(x+y) / float64(w+h)
				c = [3]float64{40 + 120*t, 50 + 90*t, 70 + 60*t}
			case bgNoise:
				fx, fy := float64(x)/g, float64(y)/g
				ix, iy := int(fx), int(fy)
				ax, ay := fx-float64(ix), fy-float64(iy)
				v := coarse[iy*cw+ix]*(1-ax)*(1-ay) + coarse[iy*cw+ix+1]*ax*(1-ay) +
					coarse[(iy+1)*cw+ix]*(1-ax)*ay + coarse[(iy+1)*cw+ix+1]*ax*ay
				n := 110*v + 60*r.Float64()
				c = [3]float64{40 + n, 45 + n*0.8, 30 + n*0.6}
			case bgClutter:
				c = [3]float64{120, 100, 80}
			case bgStripes:
				// Diagonal stripes of a patterned cloth, 40 px period.
				if (x+2*y)/28%2 == 0 {
					c = [3]float64{150, 40, 50}
				} else {
					c = [3]float64{60, 60, 120}
				}
			}
			p := m.Pix[3*(y*w+x):]
			for k := range 3 {
				p[k] = uint8(math.Min(math.Max(c[k], 0), 255))
			}
		}
	}
	if b == bgClutter {
		// Axis-aligned and tilted boxes: sheets of paper, a keyboard, a
		// phone. Their edges are as straight as the card's.
		for range 14 {
			bw, bh := 80+r.IntN(w/2), 60+r.IntN(h/2)
			x0, y0 := r.IntN(w)-bw/2, r.IntN(h)-bh/2
			c := rgb{uint8(r.IntN(256)), uint8(r.IntN(256)), uint8(r.IntN(256))}
			fillRect(m, x0, y0, x0+bw, y0+bh, c)
		}
	}
	return m
}

// occlude draws a skin-coloured "thumb" over the point p.
func occlude(m *imaging.Image, p Point, r float64) {
	fillEllipse(m, p.X, p.Y, r, r*1.6, rgb{205, 160, 130})
}

// placement describes where the card goes in the scene.
type placement struct {
	w, h     int     // scene size
	coverage float64 // card area / scene area (before perspective)
	angle    float64 // rotation in degrees (clockwise in image coordinates)
	tilt     float64 // keystone: the top edge shrinks by this fraction, the bottom grows
	dx, dy   float64 // offset of the card centre from the scene centre, fractions of the scene
}

// truthQuad returns where the card corners (0,0), (W,0), (W,H), (0,H) land.
func (p placement) truthQuad() Quad {
	s := math.Sqrt(p.coverage * float64(p.w*p.h) / (cardW * cardH))
	hw, hh := s*cardW/2, s*cardH/2
	corners := [4]Point{{-hw * (1 - p.tilt), -hh}, {hw * (1 - p.tilt), -hh}, {hw * (1 + p.tilt), hh}, {-hw * (1 + p.tilt), hh}}
	a := p.angle * math.Pi / 180
	ca, sa := math.Cos(a), math.Sin(a)
	cx := float64(p.w)/2 + p.dx*float64(p.w)
	cy := float64(p.h)/2 + p.dy*float64(p.h)
	var q Quad
	for k, c := range corners {
		q[k] = Point{cx + c.X*ca - c.Y*sa, cy + c.X*sa + c.Y*ca}
	}
	return q
}

// render warps card onto bg with the placement's homography, with 2×2
// supersampling so the card's outline is anti-aliased as in a photo.
func render(card, bg *imaging.Image, p placement) (*imaging.Image, Quad) {
	q := p.truthQuad()
	cardQ := [4]Point{{0, 0}, {cardW, 0}, {cardW, cardH}, {0, cardH}}
	// Scene → card mapping (pixel centres at +0.5 in this continuous frame).
	h, err := imaging.Homography(pointsF(q), pointsF(cardQ))
	if err != nil {
		panic(err)
	}
	out := bg.Clone()
	for y := range p.h {
		for x := range p.w {
			var acc [3]float64
			var in int
			for _, o := range [4][2]float64{{0.25, 0.25}, {0.75, 0.25}, {0.25, 0.75}, {0.75, 0.75}} {
				c := imaging.Apply(h, imaging.PointF{X: float64(x) + o[0], Y: float64(y) + o[1]})
				if !inCard(c.X, c.Y) {
					continue
				}
				in++
				u := min(max(int(c.X), 0), cardW-1)
				v := min(max(int(c.Y), 0), cardH-1)
				s := card.Pix[3*(v*cardW+u):]
				for k := range 3 {
					acc[k] += float64(s[k])
				}
			}
			if in == 0 {
				continue
			}
			d := out.Pix[3*(y*p.w+x):]
			for k := range 3 {
				d[k] = uint8((acc[k] + float64(4-in)*float64(d[k])) / 4)
			}
		}
	}
	// The truth in the package's pixel-centre convention.
	for k := range q {
		q[k].X -= 0.5
		q[k].Y -= 0.5
	}
	return out, q
}

// matchQuad compares a found quad with the truth, allowing any cyclic shift
// of the corners (the document's own top-left is not knowable from its
// outline), and returns the largest corner error at the best shift. Both
// quads must be clockwise; a mirrored order is an error (returns +Inf).
func matchQuad(got, want Quad) float64 {
	if got.Area() <= 0 || want.Area() <= 0 {
		return math.Inf(1)
	}
	return quadDist(got, want)
}

// meanAbsDiff returns the mean absolute channel difference of two
// same-size images.
func meanAbsDiff(a, b *imaging.Image) float64 {
	var s float64
	for i := range a.Pix {
		d := float64(a.Pix[i]) - float64(b.Pix[i])
		s += math.Abs(d)
	}
	return s / float64(len(a.Pix))
}
