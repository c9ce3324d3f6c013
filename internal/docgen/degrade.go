package docgen

import (
	"math"
	"math/rand/v2"

	"openkyc/internal/engine/imaging"
)

// Shot is a card photographed: the image, where the card's corners landed
// and the JPEG quality to save it at.
type Shot struct {
	Image   *imaging.Image
	Corners [4]Point
	Quality int
}

// params are the random choices of one degradation.
type params struct {
	longSide     [2]int  // range of the frame's long side
	fillLo       float64 // the card's bounding box spans fillLo..fillHi of the frame
	fillHi       float64
	tilt         float64 // max out-of-plane tilt, degrees
	roll         float64 // max in-plane rotation, degrees
	quarterTurns bool
	blurHi       float64
	noiseHi      float64
	glareP       float64
	glareHi      float64
	qLo, qHi     int
}

var levels = map[Level]params{
	Mild: {longSide: [2]int{1200, 1600}, fillLo: 0.5, fillHi: 0.9, tilt: 8, roll: 8,
		blurHi: 1.0, noiseHi: 4, glareP: 0.3, glareHi: 0.5, qLo: 70, qHi: 90},
	// Hard frames are small: the card is rendered straight into a low
	// resolution frame, which is what downscaling a large one would give.
	Hard: {longSide: [2]int{720, 1100}, fillLo: 0.5, fillHi: 0.95, tilt: 15, roll: 30, quarterTurns: true,
		blurHi: 1.8, noiseHi: 10, glareP: 0.6, glareHi: 0.95, qLo: 40, qHi: 70},
}

// cardRadius is the corner radius of an ID-1 card (3.18 mm of 53.98 mm),
// as a fraction of the short side.
const cardRadius = 3.18 / 53.98

// Degrade photographs a card the way users upload them, at one of three
// levels:
//
//   - clean: the card upright on a plain surface with a 10 % margin, at its
//     own resolution, no blur, noise or glare, JPEG quality 95;
//   - mild: a 1200–1600 px frame of a busy surface (wood, cloth, stone, a
//     desk, a gradient), the card filling 50–90 % of it, tilted up to ±8°
//     in perspective and rotated up to ±8°, slight blur and noise,
//     sometimes weak glare, uneven light, JPEG 70–90;
//   - hard: a low-resolution 720–1100 px frame, the card filling 50–95 %,
//     tilted up to ±15°, rotated up to ±30° on top of any quarter turn,
//     blur up to σ 1.8, strong noise, likely glare (a bright specular
//     blob), a colour cast, JPEG 40–70.
//
// At every level the whole card stays inside the frame, so the truth stays
// readable in principle.
func Degrade(img *imaging.Image, level Level, rng *rand.Rand) Shot {
	return degrade(img, cardRadius*float64(min(img.W, img.H)), level, rng)
}

func degrade(card *imaging.Image, radius float64, level Level, rng *rand.Rand) Shot {
	cw, ch := float64(card.W), float64(card.H)
	if level == Clean {
		m := int(math.Round(cw * 0.1))
		w, h := card.W+2*m, card.H+2*m
		bg := background(w, h, Clean, rng)
		fm := float64(m)
		quad := [4]Point{{fm, fm}, {fm + cw, fm}, {fm + cw, fm + ch}, {fm, fm + ch}}
		composite(bg, card, radius, quad, 0)
		return Shot{Image: bg, Corners: quad, Quality: 95}
	}
	p, ok := levels[level]
	if !ok {
		p = levels[Mild]
	}
	// Frame: phone photos, landscape or portrait.
	aspect := pick(rng, []float64{4.0 / 3, 3.0 / 4, 16.0 / 9, 9.0 / 16, 1})
	long := float64(p.longSide[0] + rng.IntN(p.longSide[1]-p.longSide[0]+1))
	W, H := long, long/aspect
	if aspect < 1 {
		W, H = long*aspect, long
	}
	w, h := int(W), int(H)

	// The card as a plane turned in 3D and seen through a pinhole camera.
	rad := math.Pi / 180
	ax := (rng.Float64()*2 - 1) * p.tilt * rad
	ay := (rng.Float64()*2 - 1) * p.tilt * rad
	az := (rng.Float64()*2 - 1) * p.roll * rad
	if p.quarterTurns {
		az += float64(rng.IntN(4)) * math.Pi / 2
	}
	focal := 2.5 * math.Max(cw, ch)
	var q [4]Point
	for i, c := range [4][2]float64{{-cw / 2, -ch / 2}, {cw / 2, -ch / 2}, {cw / 2, ch / 2}, {-cw / 2, ch / 2}} {
		x, y, z := c[0], c[1], 0.0
		// Tilt about x, then y, then roll about the optical axis.
		y, z = y*math.Cos(ax)-z*math.Sin(ax), y*math.Sin(ax)+z*math.Cos(ax)
		x, z = x*math.Cos(ay)+z*math.Sin(ay), -x*math.Sin(ay)+z*math.Cos(ay)
		x, y = x*math.Cos(az)-y*math.Sin(az), x*math.Sin(az)+y*math.Cos(az)
		s := focal / (focal + z)
		q[i] = Point{x * s, y * s}
	}
	minX, minY, maxX, maxY := q[0].X, q[0].Y, q[0].X, q[0].Y
	for _, c := range q[1:] {
		minX, minY = math.Min(minX, c.X), math.Min(minY, c.Y)
		maxX, maxY = math.Max(maxX, c.X), math.Max(maxY, c.Y)
	}
	fill := p.fillLo + (p.fillHi-p.fillLo)*rng.Float64()
	scale := fill * math.Min((W-4)/(maxX-minX), (H-4)/(maxY-minY))
	bw, bh := (maxX-minX)*scale, (maxY-minY)*scale
	tx := 2 + rng.Float64()*(W-4-bw) - minX*scale
	ty := 2 + rng.Float64()*(H-4-bh) - minY*scale
	for i := range q {
		q[i] = Point{q[i].X*scale + tx, q[i].Y*scale + ty}
	}

	bg := background(w, h, level, rng)
	composite(bg, card, radius, q, 0.35+0.3*rng.Float64())
	img := bg

	// Uneven light: a soft ramp across the frame, darker on one side.
	lightRamp(img, rng, 0.12+0.2*rng.Float64())
	if level == Hard {
		// A colour cast from warm or cold light.
		img = imaging.AdjustContrast(img, 0.75+0.4*rng.Float64(), -25+50*rng.Float64(), 0.7+0.5*rng.Float64())
		tint(img, rng)
	} else {
		img = imaging.AdjustContrast(img, 0.9+0.2*rng.Float64(), -10+20*rng.Float64(), 0.9+0.2*rng.Float64())
	}
	if rng.Float64() < p.glareP {
		glare(img, q, 0.3+(p.glareHi-0.3)*rng.Float64(), rng)
	}
	if s := p.blurHi * rng.Float64(); s > 0.3 {
		img = imaging.GaussianBlur(img, s)
	}
	addNoise(img, p.noiseHi*(0.3+0.7*rng.Float64()), rng)
	return Shot{Image: img, Corners: q, Quality: p.qLo + rng.IntN(p.qHi-p.qLo+1)}
}

// Scene is a photograph of a surface with no card on it: the negative that
// must yield no detection.
func Scene(level Level, rng *rand.Rand) (*imaging.Image, int) {
	if level == Clean {
		img := background(1200, 900, Mild, rng)
		return img, 95
	}
	p := levels[level]
	long := p.longSide[0] + rng.IntN(p.longSide[1]-p.longSide[0]+1)
	w, h := long, long*3/4
	if rng.IntN(2) == 0 {
		w, h = h, w
	}
	img := background(w, h, level, rng)
	lightRamp(img, rng, 0.1+0.2*rng.Float64())
	if s := p.blurHi * rng.Float64(); s > 0.3 {
		img = imaging.GaussianBlur(img, s)
	}
	addNoise(img, p.noiseHi*rng.Float64(), rng)
	return img, p.qLo + rng.IntN(p.qHi-p.qLo+1)
}

// composite draws card onto dst so that its corners land on quad, with
// anti-aliased rounded corners and, when shadow > 0, a soft drop shadow of
// that strength.
func composite(dst, card *imaging.Image, radius float64, quad [4]Point, shadow float64) {
	// Shrink the card close to its size in the frame first: the warp
	// samples bilinearly, which would alias fine print when minifying.
	edge := (math.Hypot(quad[1].X-quad[0].X, quad[1].Y-quad[0].Y) + math.Hypot(quad[2].X-quad[3].X, quad[2].Y-quad[3].Y)) / 2
	if k := edge / float64(card.W); k < 0.8 {
		k *= 1.25 // keep some resolution for the foreshortened side
		radius *= k
		card = imaging.Resize(card, max(2, int(float64(card.W)*k)), max(2, int(float64(card.H)*k)))
	}
	cw, ch := float64(card.W), float64(card.H)
	src := [4]Point{{0, 0}, {cw, 0}, {cw, ch}, {0, ch}}
	hm, err := imaging.Homography(pointsF(quad), pointsF(src)) // frame → card
	if err != nil {
		return // a degenerate placement draws nothing
	}
	scale := edge / cw // frame pixels per card pixel, for edge AA

	minX, minY, maxX, maxY := quad[0].X, quad[0].Y, quad[0].X, quad[0].Y
	for _, c := range quad[1:] {
		minX, minY = math.Min(minX, c.X), math.Min(minY, c.Y)
		maxX, maxY = math.Max(maxX, c.X), math.Max(maxY, c.Y)
	}
	if shadow > 0 {
		dropShadow(dst, quad, shadow, edge)
	}
	x0, y0 := max(0, int(minX)-1), max(0, int(minY)-1)
	x1, y1 := min(dst.W, int(maxX)+2), min(dst.H, int(maxY)+2)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			fx, fy := float64(x)+0.5, float64(y)+0.5
			wz := hm[6]*fx + hm[7]*fy + hm[8]
			u := (hm[0]*fx + hm[1]*fy + hm[2]) / wz
			v := (hm[3]*fx + hm[4]*fy + hm[5]) / wz
			a := 0.5 - roundRectDist(u, v, cw, ch, radius)*scale
			if a <= 0 {
				continue
			}
			a = math.Min(1, a)
			r, g, b := bilinear(card, u-0.5, v-0.5)
			d := dst.Pix[3*(y*dst.W+x):][:3]
			d[0] = uint8(float64(d[0]) + (r-float64(d[0]))*a + 0.5)
			d[1] = uint8(float64(d[1]) + (g-float64(d[1]))*a + 0.5)
			d[2] = uint8(float64(d[2]) + (b-float64(d[2]))*a + 0.5)
		}
	}
}

// roundRectDist is the signed distance from (u, v) to the outline of the
// rounded rectangle [0,w]×[0,h]: negative inside.
func roundRectDist(u, v, w, h, r float64) float64 {
	qx := math.Abs(u-w/2) - (w/2 - r)
	qy := math.Abs(v-h/2) - (h/2 - r)
	out := math.Hypot(math.Max(qx, 0), math.Max(qy, 0))
	return out + math.Min(math.Max(qx, qy), 0) - r
}

// bilinear samples img at (x, y) in pixel-centre coordinates, edges
// clamped.
func bilinear(img *imaging.Image, x, y float64) (float64, float64, float64) {
	x = math.Max(0, math.Min(float64(img.W-1), x))
	y = math.Max(0, math.Min(float64(img.H-1), y))
	x0, y0 := int(x), int(y)
	x1, y1 := min(x0+1, img.W-1), min(y0+1, img.H-1)
	fx, fy := x-float64(x0), y-float64(y0)
	p := func(xx, yy int) []uint8 { return img.Pix[3*(yy*img.W+xx):][:3] }
	a, b, c, d := p(x0, y0), p(x1, y0), p(x0, y1), p(x1, y1)
	var out [3]float64
	for k := range 3 {
		top := float64(a[k]) + (float64(b[k])-float64(a[k]))*fx
		bot := float64(c[k]) + (float64(d[k])-float64(c[k]))*fx
		out[k] = top + (bot-top)*fy
	}
	return out[0], out[1], out[2]
}

// dropShadow darkens dst under a blurred, offset copy of the card's quad.
func dropShadow(dst *imaging.Image, quad [4]Point, strength, edge float64) {
	off := edge * 0.012
	sigma := edge * 0.012
	pad := int(3*sigma) + int(off) + 2
	minX, minY, maxX, maxY := quad[0].X, quad[0].Y, quad[0].X, quad[0].Y
	for _, c := range quad[1:] {
		minX, minY = math.Min(minX, c.X), math.Min(minY, c.Y)
		maxX, maxY = math.Max(maxX, c.X), math.Max(maxY, c.Y)
	}
	x0, y0 := max(0, int(minX)-pad), max(0, int(minY)-pad)
	x1, y1 := min(dst.W, int(maxX)+pad), min(dst.H, int(maxY)+pad)
	if x1 <= x0 || y1 <= y0 {
		return
	}
	c := newCanvas(x1-x0, y1-y0, nil, rgb(0, 0, 0))
	var poly []pt
	for _, p := range quad {
		poly = append(poly, pt{p.X - float64(x0) + off, p.Y - float64(y0) + off*1.5})
	}
	c.fill(rgb(255, 255, 255), poly)
	m := imaging.GaussianBlur(c.img, sigma)
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			a := float64(m.Pix[3*((y-y0)*m.W+x-x0)]) / 255 * strength
			d := dst.Pix[3*(y*dst.W+x):][:3]
			for k := range 3 {
				d[k] = uint8(float64(d[k]) * (1 - a))
			}
		}
	}
}

// lightRamp multiplies the image by a linear ramp in a random direction:
// one side of a photo is nearly always darker than the other.
func lightRamp(img *imaging.Image, rng *rand.Rand, depth float64) {
	a := rng.Float64() * 2 * math.Pi
	ca, sa := math.Cos(a), math.Sin(a)
	n := math.Abs(ca)*float64(img.W) + math.Abs(sa)*float64(img.H)
	for y := range img.H {
		for x := range img.W {
			t := ((float64(x)-float64(img.W)/2)*ca+(float64(y)-float64(img.H)/2)*sa)/n + 0.5
			f := 1 - depth*t
			p := img.Pix[3*(y*img.W+x):][:3]
			for k := range 3 {
				p[k] = uint8(math.Min(255, float64(p[k])*f))
			}
		}
	}
}

// tint shifts the colour balance, warm or cold.
func tint(img *imaging.Image, rng *rand.Rand) {
	var g [3]float64
	for k := range g {
		g[k] = 0.88 + 0.24*rng.Float64()
	}
	for i := 0; i < len(img.Pix); i += 3 {
		for k := range 3 {
			img.Pix[i+k] = uint8(math.Min(255, float64(img.Pix[i+k])*g[k]))
		}
	}
}

// glare adds a specular reflection: a bright elliptical blob somewhere on
// the card, saturating to white at its core as laminate does under a lamp.
func glare(img *imaging.Image, quad [4]Point, strength float64, rng *rand.Rand) {
	u, v := 0.15+0.7*rng.Float64(), 0.15+0.7*rng.Float64()
	q := []pt{{quad[0].X, quad[0].Y}, {quad[1].X, quad[1].Y}, {quad[2].X, quad[2].Y}, {quad[3].X, quad[3].Y}}
	c := along(q, u, v)
	edge := math.Hypot(quad[1].X-quad[0].X, quad[1].Y-quad[0].Y)
	rx := edge * (0.06 + 0.18*rng.Float64())
	ry := rx * (0.3 + 0.7*rng.Float64())
	a := rng.Float64() * math.Pi
	ca, sa := math.Cos(a), math.Sin(a)
	ext := 2.5 * rx
	for y := max(0, int(c.y-ext)); y < min(img.H, int(c.y+ext)+1); y++ {
		for x := max(0, int(c.x-ext)); x < min(img.W, int(c.x+ext)+1); x++ {
			dx, dy := float64(x)-c.x, float64(y)-c.y
			ex, ey := (dx*ca+dy*sa)/rx, (-dx*sa+dy*ca)/ry
			d2 := ex*ex + ey*ey
			if d2 > 6.25 {
				continue
			}
			// A hot core (saturates) inside a soft halo.
			i := strength * (math.Exp(-d2/2) + 0.6*math.Exp(-d2*4))
			i = math.Min(1, i)
			p := img.Pix[3*(y*img.W+x):][:3]
			for k := range 3 {
				p[k] = uint8(float64(p[k]) + (255-float64(p[k]))*i)
			}
		}
	}
}

// addNoise adds Gaussian sensor noise of standard deviation sigma, mostly
// in luminance with a little chroma, as phone sensors make it.
func addNoise(img *imaging.Image, sigma float64, rng *rand.Rand) {
	if sigma < 0.5 {
		return
	}
	for i := 0; i < len(img.Pix); i += 3 {
		l := rng.NormFloat64() * sigma
		for k := range 3 {
			v := float64(img.Pix[i+k]) + l + rng.NormFloat64()*sigma*0.3
			img.Pix[i+k] = uint8(math.Max(0, math.Min(255, v+0.5)))
		}
	}
}

func pointsF(q [4]Point) [4]imaging.PointF {
	var p [4]imaging.PointF
	for i, c := range q {
		p[i] = imaging.PointF(c)
	}
	return p
}
