package docgen

import (
	"image/color"
	"math"
	"math/rand/v2"

	"openkyc/internal/engine/imaging"
)

// valueNoise is smooth lattice noise in [0, 1): random values on an integer
// grid, interpolated with a smoothstep. Cheap and good enough for wood
// grain, stone and uneven light.
type valueNoise struct{ seed uint64 }

func (n valueNoise) lattice(ix, iy int) float64 {
	h := splitmix64(n.seed ^ uint64(int64(ix))*0x9e3779b97f4a7c15 ^ uint64(int64(iy))*0xc2b2ae3d27d4eb4f)
	return float64(h>>11) / (1 << 53)
}

func (n valueNoise) at(x, y float64) float64 {
	x0, y0 := math.Floor(x), math.Floor(y)
	fx, fy := x-x0, y-y0
	sx, sy := fx*fx*(3-2*fx), fy*fy*(3-2*fy)
	ix, iy := int(x0), int(y0)
	a := n.lattice(ix, iy) + (n.lattice(ix+1, iy)-n.lattice(ix, iy))*sx
	b := n.lattice(ix, iy+1) + (n.lattice(ix+1, iy+1)-n.lattice(ix, iy+1))*sx
	return a + (b-a)*sy
}

// fbm sums octaves of noise, each twice as fine and half as strong.
func (n valueNoise) fbm(x, y float64, octaves int) float64 {
	sum, amp, norm := 0.0, 1.0, 0.0
	for o := range octaves {
		sum += amp * valueNoise{n.seed + uint64(o)}.at(x, y)
		norm += amp
		x, y, amp = x*2, y*2, amp/2
	}
	return sum / norm
}

// background paints a w×h surface for a card to lie on. Clean scenes get
// a plain surface; the others one of several busy ones (wood, cloth,
// stone, a cluttered desk, a noisy gradient), because a document detector
// that only ever saw cards on white would fail on a kitchen table.
func background(w, h int, level Level, rng *rand.Rand) *imaging.Image {
	var fc *faceCache // backgrounds draw no text
	if level == Clean {
		base := pick(rng, []color.NRGBA{rgb(236, 236, 232), rgb(60, 62, 66), rgb(210, 214, 220), rgb(245, 240, 228), rgb(30, 32, 40)})
		c := newCanvas(w, h, fc, base)
		c.gradient(base, lerp(base, rgb(128, 128, 128), 0.08), true)
		return c.img
	}
	// Textures are computed at half resolution and enlarged: they are
	// smooth at that scale, and per-pixel noise is the slowest step here.
	sw, sh := max(8, w/2), max(8, h/2)
	c := newCanvas(sw, sh, fc, rgb(128, 128, 128))
	n := valueNoise{rng.Uint64()}
	switch rng.IntN(5) {
	case 0: // wood grain along a random direction
		base := pastel(0.07+0.04*rng.Float64(), 0.35+0.3*rng.Float64(), 0.3+0.35*rng.Float64())
		dark := lerp(base, rgb(30, 15, 5), 0.45)
		ang := rng.Float64() * math.Pi
		ca, sa := math.Cos(ang), math.Sin(ang)
		freq := 0.15 + 0.2*rng.Float64()
		for y := range sh {
			for x := range sw {
				u := float64(x)*ca + float64(y)*sa
				v := -float64(x)*sa + float64(y)*ca
				g := math.Sin(v*freq+8*n.fbm(u/200, v/25, 3)) * 0.5
				g = 0.5 + g*(0.6+0.4*n.at(u/60, v/8))
				c.setPix(x, y, lerp(base, dark, g*0.8))
			}
		}
		// Plank seams.
		pw := 80 + rng.Float64()*120
		for y := range sh {
			for x := range sw {
				v := -float64(x)*sa + float64(y)*ca
				if d := math.Abs(math.Mod(v+1e4*pw, pw)); d < 1.2 {
					c.blendPix(x, y, rgb(20, 10, 5), 0.6)
				}
			}
		}
	case 1: // gingham or striped cloth
		a := pastel(rng.Float64(), 0.5+0.4*rng.Float64(), 0.35+0.3*rng.Float64())
		b := rgb(240, 238, 232)
		period := 10 + rng.Float64()*25
		for y := range sh {
			for x := range sw {
				h1 := math.Mod(float64(x)+1e4*period, period) < period/2
				h2 := math.Mod(float64(y)+1e4*period, period) < period/2
				t := 0.0
				if h1 {
					t += 0.5
				}
				if h2 {
					t += 0.5
				}
				weave := 0.08 * math.Sin(float64(x+y)*1.7)
				col := lerp(b, a, math.Max(0, math.Min(1, t+weave)))
				c.setPix(x, y, lerp(col, rgb(0, 0, 0), 0.15*n.at(float64(x)/40, float64(y)/40)))
			}
		}
	case 2: // stone or terrazzo: noise with speckles
		base := pastel(rng.Float64(), 0.1+0.2*rng.Float64(), 0.3+0.5*rng.Float64())
		for y := range sh {
			for x := range sw {
				v := n.fbm(float64(x)/90, float64(y)/90, 5)
				col := lerp(base, rgb(20, 20, 20), (v-0.5)*0.8+0.2)
				if s := n.lattice(x*7+3, y*13+5); s > 0.985 {
					col = lerp(col, rgb(250, 250, 250), 0.7)
				} else if s < 0.012 {
					col = lerp(col, rgb(10, 10, 10), 0.7)
				}
				c.setPix(x, y, col)
			}
		}
	case 3: // a desk with papers, a pen and a mug ring
		base := pastel(rng.Float64(), 0.2*rng.Float64(), 0.25+0.5*rng.Float64())
		c.gradient(base, lerp(base, rgb(0, 0, 0), 0.2), rng.IntN(2) == 0)
		for range 2 + rng.IntN(4) {
			cx, cy := rng.Float64()*float64(sw), rng.Float64()*float64(sh)
			pw, ph := float64(sw)*(0.2+0.3*rng.Float64()), float64(sh)*(0.3+0.4*rng.Float64())
			a := rng.Float64() * math.Pi
			quad := rotRect(cx, cy, pw, ph, a)
			c.fill(rgb(uint8(235+rng.IntN(20)), uint8(235+rng.IntN(20)), uint8(228+rng.IntN(25))), quad)
			// Grey bars stand for printed lines: texture without words an
			// engine might read as a field.
			for l := 0.1; l < 0.9; l += 0.06 + 0.03*rng.Float64() {
				p0 := along(quad, 0.1, l)
				p1 := along(quad, 0.3+0.6*rng.Float64(), l)
				c.line(1.2, rgb(150, 150, 150), p0, p1)
			}
		}
		px, py := rng.Float64()*float64(sw), rng.Float64()*float64(sh)
		pa := rng.Float64() * math.Pi
		pl := float64(min(sw, sh)) * 0.5
		c.line(7, pick(rng, []color.NRGBA{rgb(20, 40, 140), rgb(10, 10, 10), rgb(180, 20, 20)}),
			pt{px, py}, pt{px + pl*math.Cos(pa), py + pl*math.Sin(pa)})
		c.ring(rng.Float64()*float64(sw), rng.Float64()*float64(sh), float64(min(sw, sh))*0.12, 4, withAlpha(rgb(120, 70, 30), 90))
	default: // a noisy two-colour gradient (sofa, bedsheet, carpet)
		a := pastel(rng.Float64(), 0.3+0.5*rng.Float64(), 0.2+0.6*rng.Float64())
		b := pastel(rng.Float64(), 0.3+0.5*rng.Float64(), 0.2+0.6*rng.Float64())
		for y := range sh {
			for x := range sw {
				v := n.fbm(float64(x)/150, float64(y)/150, 4)
				t := float64(x+y)/float64(sw+sh)*0.5 + v*0.5
				c.setPix(x, y, lerp(a, b, t))
			}
		}
	}
	return imaging.Resize(c.img, w, h)
}

// setPix sets pixel (x, y).
func (c *canvas) setPix(x, y int, col color.NRGBA) {
	p := c.img.Pix[3*(y*c.img.W+x):][:3]
	p[0], p[1], p[2] = col.R, col.G, col.B
}

// rotRect is the rectangle w×h centred on (cx, cy) turned by a.
func rotRect(cx, cy, w, h, a float64) []pt {
	ca, sa := math.Cos(a), math.Sin(a)
	var p []pt
	for _, d := range [][2]float64{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}} {
		x, y := d[0]*w/2, d[1]*h/2
		p = append(p, pt{cx + x*ca - y*sa, cy + x*sa + y*ca})
	}
	return p
}

// along returns the point at fractions (u, v) across a quad's sides.
func along(q []pt, u, v float64) pt {
	top := pt{q[0].x + (q[1].x-q[0].x)*u, q[0].y + (q[1].y-q[0].y)*u}
	bot := pt{q[3].x + (q[2].x-q[3].x)*u, q[3].y + (q[2].y-q[3].y)*u}
	return pt{top.x + (bot.x-top.x)*v, top.y + (bot.y-top.y)*v}
}
