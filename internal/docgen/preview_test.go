package docgen

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"openkyc/internal/engine/imaging"
)

// TestPreview writes sample renders for a human to look at; it runs only
// when DOCGEN_PREVIEW names a directory.
func TestPreview(t *testing.T) {
	dir := os.Getenv("DOCGEN_PREVIEW")
	if dir == "" {
		t.Skip("set DOCGEN_PREVIEW=DIR to write sample renders")
	}
	kinds := Kinds()
	if k := os.Getenv("DOCGEN_KINDS"); k != "" {
		var err error
		if kinds, err = ParseKinds(k); err != nil {
			t.Fatal(err)
		}
	}
	level := Level(os.Getenv("DOCGEN_LEVEL"))
	if level == "" {
		level = Clean
	}
	g, err := New(Config{Seed: 1, Kinds: kinds, Degrade: level, SamplesDir: samplesDir(t)})
	if err != nil {
		t.Fatal(err)
	}
	n := len(kinds)
	if s := os.Getenv("DOCGEN_N"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		t0 := time.Now()
		d, err := g.Document(i)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s %s %v %dx%d", d.Name, d.Truth.IssuingCountry, time.Since(t0), d.Image.W, d.Image.H)
		f, err := os.Create(filepath.Join(dir, d.Name[:len(d.Name)-4]+"_"+string(level)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		if err := imaging.EncodePNG(f, d.Image); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}

func TestPreviewPortraits(t *testing.T) {
	dir := os.Getenv("DOCGEN_PREVIEW")
	if dir == "" {
		t.Skip("set DOCGEN_PREVIEW=DIR to write sample renders")
	}
	ps, err := loadPortraits(samplesDir(t))
	if err != nil {
		t.Fatal(err)
	}
	sheet := imaging.New(10*portraitW/2, 2*portraitH/2)
	for i, p := range ps {
		s := imaging.Resize(p.on(rgb(230, 235, 240)), portraitW/2, portraitH/2)
		x0, y0 := (i%10)*portraitW/2, (i/10)*portraitH/2
		for y := range s.H {
			copy(sheet.Pix[3*((y0+y)*sheet.W+x0):], s.Pix[3*y*s.W:3*(y+1)*s.W])
		}
	}
	f, _ := os.Create(filepath.Join(dir, "portraits.png"))
	defer f.Close()
	if err := imaging.EncodePNG(f, sheet); err != nil {
		t.Fatal(err)
	}
}
