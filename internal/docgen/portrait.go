package docgen

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"

	"openkyc/internal/engine/imaging"
)

// faceRef locates one usable face in the sample photos by its eye centres
// (image-left eye first), as the face engine's landmarks put them. They are
// fixed here rather than detected at run time so that generation needs
// neither the models nor ONNX Runtime, and is deterministic across
// machines. Two faces of the 22 are left out: one in full profile (yaw 84°)
// and one turned 45°, which no ID photo would accept.
type faceRef struct {
	file           string
	lx, ly, rx, ry float64
}

var faceRefs = []faceRef{
	{"sample1.jpg", 439.2, 455.5, 513.9, 456.7},
	{"sample1.jpg", 873.4, 551.5, 943.3, 518.2},
	{"sample1.jpg", 1556.2, 281.3, 1613.5, 338.2},
	{"sample2.jpg", 1485.5, 281.1, 1563.9, 258.4},
	{"sample2.jpg", 948.6, 328.2, 1033.5, 325.1},
	{"sample3.jpg", 1117.8, 319.4, 1210.8, 340.6},
	{"sample3.jpg", 628.3, 433.4, 723.3, 434.3},
	{"sample3.jpg", 1557.5, 411.0, 1653.7, 402.1},
	{"sample4.jpg", 1005.3, 280.2, 1075.6, 293.4},
	{"sample4.jpg", 324.1, 313.6, 395.5, 283.1},
	{"sample4.jpg", 706.9, 149.5, 775.2, 185.5},
	{"sample4.jpg", 1314.9, 231.0, 1376.4, 264.6},
	{"sample5.jpg", 1436.3, 505.8, 1519.2, 493.9},
	{"sample5.jpg", 422.4, 992.1, 520.7, 979.8},
	{"sample5.jpg", 1152.0, 295.3, 1229.5, 296.5},
	{"sample5.jpg", 847.1, 194.6, 918.7, 206.3},
	{"sample6.jpg", 701.7, 453.3, 790.9, 449.6},
	{"sample6.jpg", 1533.6, 371.5, 1628.1, 393.4},
	{"sample6.jpg", 323.7, 608.0, 427.0, 594.9},
	{"sample6.jpg", 1225.9, 428.0, 1328.5, 429.7},
}

// Portrait geometry: a 35×45 mm ID photo at 300×386 px, eyes level at 46 %
// of the height with 19 % of the width between them, which puts the head
// at about 70 % of the height as ICAO 9303 asks.
const (
	portraitW   = 300
	portraitH   = 386
	eyeLevel    = 0.46
	eyeDistance = 0.19
)

// portrait is an upright face crop with a soft head-and-shoulders mask:
// ID photos are taken against a plain background, the sample photos are
// not, so the layouts replace what lies outside the mask.
type portrait struct {
	img   *imaging.Image
	alpha []float32 // 1 on the person, 0 on the background
}

// loadPortraits decodes the sample photos in dir and cuts every face in
// faceRefs out as an upright ID portrait.
func loadPortraits(dir string) ([]portrait, error) {
	photos := map[string]*imaging.Image{}
	out := make([]portrait, 0, len(faceRefs))
	for _, f := range faceRefs {
		img, ok := photos[f.file]
		if !ok {
			var err error
			img, _, err = imaging.DecodeFile(filepath.Join(dir, f.file), imaging.DefaultLimits)
			if err != nil {
				return nil, fmt.Errorf("docgen: sample photo (run make deps): %w", err)
			}
			photos[f.file] = img
		}
		out = append(out, cropPortrait(img, f))
	}
	return out, nil
}

// cropPortrait rotates the face upright (eyes level), frames it and
// computes its mask.
func cropPortrait(img *imaging.Image, f faceRef) portrait {
	d := math.Hypot(f.rx-f.lx, f.ry-f.ly)
	a := math.Atan2(f.ry-f.ly, f.rx-f.lx)
	mx, my := (f.lx+f.rx)/2, (f.ly+f.ry)/2
	k := d / (eyeDistance * portraitW) // source pixels per portrait pixel
	cx, cy := float64(portraitW)/2, eyeLevel*portraitH
	cos, sin := k*math.Cos(a), k*math.Sin(a)
	// dst→src: rotate and scale about the eye midpoint.
	m := [6]float64{
		cos, -sin, mx - cos*cx + sin*cy,
		sin, cos, my - sin*cx - cos*cy,
	}
	p := portrait{img: imaging.WarpAffine(img, m, portraitW, portraitH), alpha: make([]float32, portraitW*portraitH)}
	e := eyeDistance * portraitW
	const feather = 22.0
	for y := range portraitH {
		for x := range portraitW {
			fx, fy := float64(x), float64(y)
			// Outside the sample photo the warp is black: background too.
			sx, sy := m[0]*fx+m[1]*fy+m[2], m[3]*fx+m[4]*fy+m[5]
			if sx < 0 || sy < 0 || sx > float64(img.W-1) || sy > float64(img.H-1) {
				continue
			}
			// Head and hair: an ellipse about the face, 4 eye distances wide
			// and 4.8 high, centred a little above the eyes.
			hx, hy := (fx-cx)/(2.0*e), (fy-(cy-0.25*e))/(2.4*e)
			head := (1 - math.Hypot(hx, hy)) * 2.0 * e / feather
			// Neck and shoulders: a trapezoid widening from the chin down.
			chin := cy + 1.7*e
			half := 0.9*e + math.Max(0, fy-chin)*2
			body := math.Min((half-math.Abs(fx-cx))/feather, (fy-(cy+0.9*e))/feather)
			v := math.Max(head, body)
			p.alpha[y*portraitW+x] = float32(math.Max(0, math.Min(1, v+0.5)))
		}
	}
	return p
}

// on returns the portrait against a plain background of colour bg.
func (p portrait) on(bg color.NRGBA) *imaging.Image {
	out := p.img.Clone()
	for i, a := range p.alpha {
		q := out.Pix[3*i:][:3]
		q[0] = uint8(float32(bg.R) + (float32(q[0])-float32(bg.R))*a + 0.5)
		q[1] = uint8(float32(bg.G) + (float32(q[1])-float32(bg.G))*a + 0.5)
		q[2] = uint8(float32(bg.B) + (float32(q[2])-float32(bg.B))*a + 0.5)
	}
	return out
}
