package tess

import (
	"context"
	"testing"
)

// A lazy language is checked at start-up but has no client until a read
// needs one; a missing lazy language still fails NewPoolOptions.
func TestLazyLanguages(t *testing.T) {
	p, err := NewPoolOptions([]string{"eng"}, Options{Lazy: []string{"rus"}, Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if c := <-p.langs["rus"].slots; c != nil {
		t.Fatal("lazy language loaded at start-up")
	} else {
		p.langs["rus"].slots <- c
	}
	img := renderLine(t, "JP", "ИВАНОВ", 24, 2)
	r, err := p.Read(context.Background(), img, "rus")
	if err != nil || r.Text == "" {
		t.Fatalf("lazy read: %+v, %v", r, err)
	}
	if _, err := NewPoolOptions([]string{"eng"}, Options{Lazy: []string{"xx_nonexistent"}}); err == nil {
		t.Fatal("a missing lazy language was accepted")
	}
}
