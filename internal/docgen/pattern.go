package docgen

import (
	"image/color"
	"math"
	"math/rand/v2"
)

// lerp mixes two colours: t=0 is a, t=1 is b.
func lerp(a, b color.NRGBA, t float64) color.NRGBA {
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), m(a.A, b.A)}
}

// pastel returns a light random tint of hue h (0..1), the colour family of
// security backgrounds.
func pastel(h, sat, light float64) color.NRGBA {
	r, g, b := hsl(h, sat, light)
	return rgb(r, g, b)
}

func hsl(h, s, l float64) (uint8, uint8, uint8) {
	h = h - math.Floor(h)
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h*6, 2)-1))
	m := l - c/2
	var r, g, b float64
	switch int(h * 6) {
	case 0:
		r, g, b = c, x, 0
	case 1:
		r, g, b = x, c, 0
	case 2:
		r, g, b = 0, c, x
	case 3:
		r, g, b = 0, x, c
	case 4:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	f := func(v float64) uint8 { return uint8(math.Round(math.Max(0, math.Min(1, v+m)) * 255)) }
	return f(r), f(g), f(b)
}

// gradient paints a linear gradient from a (left or top) to b.
func (c *canvas) gradient(a, b color.NRGBA, vertical bool) {
	w, h := c.img.W, c.img.H
	for y := range h {
		for x := range w {
			t := float64(x) / float64(w)
			if vertical {
				t = float64(y) / float64(h)
			}
			p := c.img.Pix[3*(y*w+x):][:3]
			p[0] = uint8(float64(a.R) + (float64(b.R)-float64(a.R))*t)
			p[1] = uint8(float64(a.G) + (float64(b.G)-float64(a.G))*t)
			p[2] = uint8(float64(a.B) + (float64(b.B)-float64(a.B))*t)
		}
	}
}

// blendPix mixes col into pixel (x, y) by a in [0, 1].
func (c *canvas) blendPix(x, y int, col color.NRGBA, a float64) {
	p := c.img.Pix[3*(y*c.img.W+x):][:3]
	p[0] = uint8(float64(p[0]) + (float64(col.R)-float64(p[0]))*a + 0.5)
	p[1] = uint8(float64(p[1]) + (float64(col.G)-float64(p[1]))*a + 0.5)
	p[2] = uint8(float64(p[2]) + (float64(col.B)-float64(p[2]))*a + 0.5)
}

// lineCoverage turns a distance to a line's centre, in pixels, into
// anti-aliased coverage of a line width w wide.
func lineCoverage(d, w float64) float64 {
	return math.Max(0, math.Min(1, w/2+0.5-d))
}

// guilloche paints the fine interlaced line work of security printing: a
// family of wavy lines across the card and a rosette of modulated circles,
// in ink at opacity alpha. The pattern is computed per pixel from closed
// forms rather than stroked, so it costs a few trigonometric calls per
// pixel whatever its density.
func (c *canvas) guilloche(rng *rand.Rand, ink color.NRGBA, alpha float64) {
	w, h := c.img.W, c.img.H
	// Wavy lines: y + A sin(kx+φ) + B sin(k2 x+φ2) = const, every spacing px.
	spacing := 7 + rng.Float64()*6
	A, k, ph := 10+rng.Float64()*25, 2*math.Pi/(120+rng.Float64()*200), rng.Float64()*6.28
	B, k2, ph2 := 3+rng.Float64()*8, 2*math.Pi/(30+rng.Float64()*50), rng.Float64()*6.28
	off := make([]float64, w)
	slope := make([]float64, w)
	for x := range w {
		fx := float64(x)
		off[x] = A*math.Sin(k*fx+ph) + B*math.Sin(k2*fx+ph2)
		slope[x] = A*k*math.Cos(k*fx+ph) + B*k2*math.Cos(k2*fx+ph2)
	}
	// A second family, phase-shifted, crosses the first into the braided
	// look of banknote borders.
	ph3 := ph + math.Pi*(0.5+rng.Float64())
	off2 := make([]float64, w)
	slope2 := make([]float64, w)
	for x := range w {
		fx := float64(x)
		off2[x] = -A*math.Sin(k*fx+ph3) + B*math.Sin(k2*fx+ph2+1)
		slope2[x] = -A*k*math.Cos(k*fx+ph3) + B*k2*math.Cos(k2*fx+ph2+1)
	}
	lw := 0.7 + rng.Float64()*0.5
	for y := range h {
		fy := float64(y)
		for x := range w {
			v := (fy + off[x]) / spacing
			d := math.Abs(v-math.Round(v)) * spacing / math.Sqrt(1+slope[x]*slope[x])
			v2 := (fy + off2[x]) / spacing
			d2 := math.Abs(v2-math.Round(v2)) * spacing / math.Sqrt(1+slope2[x]*slope2[x])
			a := math.Max(lineCoverage(d, lw), lineCoverage(d2, lw)*0.7)
			if a > 0 {
				c.blendPix(x, y, ink, a*alpha)
			}
		}
	}
	// Rosette: r = R0 + n·s + M sin(pθ + φ) for concentric n.
	cx, cy := float64(w)*(0.2+0.6*rng.Float64()), float64(h)*(0.25+0.5*rng.Float64())
	R := float64(min(w, h)) * (0.25 + 0.2*rng.Float64())
	petals := float64(6 + rng.IntN(14))
	M := 4 + rng.Float64()*10
	rs := 5 + rng.Float64()*4
	ink2 := lerp(ink, rgb(255, 255, 255), 0.2)
	for y := max(0, int(cy-R-M)); y < min(h, int(cy+R+M)+1); y++ {
		for x := max(0, int(cx-R-M)); x < min(w, int(cx+R+M)+1); x++ {
			dx, dy := float64(x)-cx, float64(y)-cy
			r := math.Hypot(dx, dy)
			if r > R || r < 8 {
				continue
			}
			th := math.Atan2(dy, dx)
			v := (r + M*math.Sin(petals*th)) / rs
			// The θ term stretches the gradient; dividing by its size keeps
			// lines an even width around the rosette.
			g := math.Hypot(1, M*petals*math.Cos(petals*th)/math.Max(r, 1))
			d := math.Abs(v-math.Round(v)) * rs / g
			fade := math.Min(1, (R-r)/20)
			if a := lineCoverage(d, lw) * fade; a > 0 {
				c.blendPix(x, y, ink2, a*alpha)
			}
		}
	}
}

// signature scribbles a handwritten-looking signature in the box: a few
// looping strokes along a baseline, drawn as a smooth Catmull-Rom curve.
func (c *canvas) signature(rng *rand.Rand, x0, y0, x1, y1 float64, ink color.NRGBA) {
	h := y1 - y0
	n := 10 + rng.IntN(10)
	var ctrl []pt
	x := x0 + rng.Float64()*h*0.3
	for i := range n {
		t := float64(i) / float64(n-1)
		x += (x1 - x0) / float64(n) * (0.6 + 0.8*rng.Float64())
		if i%3 == 2 {
			x -= (x1 - x0) / float64(n) * (0.8 + 0.6*rng.Float64()) // a loop back
		}
		y := y0 + h*(0.25+0.55*rng.Float64()) - h*0.15*t
		ctrl = append(ctrl, pt{math.Min(x, x1), y})
	}
	c.line(1.6+rng.Float64()*1.4, ink, catmullRom(ctrl, 8)...)
	// A flourish underneath, as many signatures end.
	if rng.IntN(2) == 0 {
		a := pt{x0 + (x1-x0)*0.1, y1 - h*0.1}
		b := pt{x0 + (x1-x0)*(0.6+0.3*rng.Float64()), y1 - h*(0.15+0.15*rng.Float64())}
		c.line(1.4, ink, catmullRom([]pt{a, {(a.x + b.x) / 2, a.y + h*0.05}, b}, 8)...)
	}
}

// catmullRom returns a smooth curve through ctrl, steps points per span.
func catmullRom(ctrl []pt, steps int) []pt {
	if len(ctrl) < 2 {
		return ctrl
	}
	get := func(i int) pt { return ctrl[max(0, min(len(ctrl)-1, i))] }
	var out []pt
	for i := 0; i < len(ctrl)-1; i++ {
		p0, p1, p2, p3 := get(i-1), get(i), get(i+1), get(i+2)
		for s := range steps {
			t := float64(s) / float64(steps)
			t2, t3 := t*t, t*t*t
			f := func(a, b, c, d float64) float64 {
				return 0.5 * (2*b + (-a+c)*t + (2*a-5*b+4*c-d)*t2 + (-a+3*b-3*c+d)*t3)
			}
			out = append(out, pt{f(p0.x, p1.x, p2.x, p3.x), f(p0.y, p1.y, p2.y, p3.y)})
		}
	}
	return append(out, ctrl[len(ctrl)-1])
}

// star returns a five-pointed star polygon.
func star(cx, cy, r float64) []pt {
	p := make([]pt, 10)
	for i := range p {
		rr := r
		if i%2 == 1 {
			rr = r * 0.4
		}
		a := -math.Pi/2 + float64(i)*math.Pi/5
		p[i] = pt{cx + rr*math.Cos(a), cy + rr*math.Sin(a)}
	}
	return p
}

// euStars draws the ring of twelve stars of the European flag.
func (c *canvas) euStars(cx, cy, r float64, col color.NRGBA) {
	var polys [][]pt
	for i := range 12 {
		a := float64(i) * math.Pi / 6
		polys = append(polys, star(cx+r*math.Cos(a), cy+r*math.Sin(a), r*0.17))
	}
	c.fill(col, polys...)
}

// chip draws a contact chip: gold pad with the contact segmentation.
func (c *canvas) chip(x, y, w, h float64) {
	gold := rgb(214, 178, 96)
	c.roundRect(x, y, x+w, y+h, w*0.15, gold)
	c.roundRect(x+2, y+2, x+w-2, y+h-2, w*0.13, rgb(232, 204, 130))
	line := rgb(160, 126, 58)
	c.line(1.5, line, pt{x + w*0.35, y + 2}, pt{x + w*0.35, y + h - 2})
	c.line(1.5, line, pt{x + w*0.65, y + 2}, pt{x + w*0.65, y + h - 2})
	for _, f := range []float64{0.33, 0.66} {
		c.line(1.5, line, pt{x + 2, y + h*f}, pt{x + w*0.35, y + h*f})
		c.line(1.5, line, pt{x + w*0.65, y + h*f}, pt{x + w - 2, y + h*f})
	}
	c.roundRect(x+w*0.35, y+h*0.3, x+w*0.65, y+h*0.7, 3, gold)
}

// emblem draws a generic state emblem: a rayed disc in rings.
func (c *canvas) emblem(cx, cy, r float64, col color.NRGBA) {
	c.ring(cx, cy, r, r*0.08, col)
	c.ring(cx, cy, r*0.78, r*0.04, col)
	var rays [][]pt
	for i := range 24 {
		a := float64(i) * math.Pi / 12
		b := a + math.Pi/24
		rays = append(rays, []pt{{cx + r*0.2*math.Cos(a), cy + r*0.2*math.Sin(a)},
			{cx + r*0.7*math.Cos(a+math.Pi/48), cy + r*0.7*math.Sin(a+math.Pi/48)},
			{cx + r*0.2*math.Cos(b), cy + r*0.2*math.Sin(b)}})
	}
	c.fill(col, rays...)
	c.ellipse(cx, cy, r*0.2, r*0.2, col)
}

// hologram lays a translucent iridescent patch, the look of an OVD.
func (c *canvas) hologram(cx, cy, rx, ry float64, rng *rand.Rand) {
	h0 := rng.Float64()
	for y := max(0, int(cy-ry)); y < min(c.img.H, int(cy+ry)+1); y++ {
		for x := max(0, int(cx-rx)); x < min(c.img.W, int(cx+rx)+1); x++ {
			dx, dy := (float64(x)-cx)/rx, (float64(y)-cy)/ry
			d := dx*dx + dy*dy
			if d > 1 {
				continue
			}
			r, g, b := hsl(h0+0.6*dx+0.4*dy, 0.6, 0.75)
			c.blendPix(x, y, rgb(r, g, b), 0.25*(1-d))
		}
	}
}
