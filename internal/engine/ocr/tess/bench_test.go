package tess

import (
	"context"
	"os"
	"testing"

	"openkyc/internal/engine/imaging"
)

// benchLines renders the test lines of lang at 24 px, a typical ID line.
func benchLines(b *testing.B, lang string) []*imaging.Image {
	var imgs []*imaging.Image
	for _, l := range idLines {
		if l.lang == lang {
			imgs = append(imgs, renderLine(b, l.region, l.text, 24, 2))
		}
	}
	return imgs
}

// BenchmarkRead reads each language's test lines in turn on one goroutine
// and reports the mean time per line.
func BenchmarkRead(b *testing.B) {
	p := sharedPool(b)
	for _, lang := range testLangs {
		imgs := benchLines(b, lang)
		b.Run(lang, func(b *testing.B) {
			n := 0
			for b.Loop() {
				if _, err := p.Read(context.Background(), imgs[n%len(imgs)], lang); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/line")
		})
	}
}

// BenchmarkIdentify reads every test line in kor, jpn and rus.
func BenchmarkIdentify(b *testing.B) {
	p := sharedPool(b)
	var imgs []*imaging.Image
	for _, lang := range testLangs {
		imgs = append(imgs, benchLines(b, lang)...)
	}
	n := 0
	for b.Loop() {
		if _, _, err := p.Identify(context.Background(), imgs[n%len(imgs)], testLangs); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/line")
}

// BenchmarkOpenMP measures what serialOpenMP saves. Run it without
// OMP_THREAD_LIMIT=1 in the environment; with it, libgomp already runs one
// thread and both cases are the same.
func BenchmarkOpenMP(b *testing.B) {
	if os.Getenv("OMP_THREAD_LIMIT") != "" {
		b.Skip("OMP_THREAD_LIMIT is set: run as `env -u OMP_THREAD_LIMIT go test -bench OpenMP`")
	}
	p := sharedPool(b)
	imgs := benchLines(b, "rus")
	defer func() { ompSerial = true }()
	for _, serial := range []bool{true, false} {
		name := "serial"
		if !serial {
			name = "libgomp-default"
		}
		b.Run(name, func(b *testing.B) {
			ompSerial = serial
			n := 0
			for b.Loop() {
				if _, err := p.Read(context.Background(), imgs[n%len(imgs)], "rus"); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(n), "ms/line")
		})
	}
}
