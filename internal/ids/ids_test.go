package ids

import (
	"regexp"
	"testing"
)

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := New("sub")
		if !regexp.MustCompile(`^sub_[a-z2-7]{20}$`).MatchString(id) || seen[id] {
			t.Fatalf("id %q (seen %v)", id, seen[id])
		}
		seen[id] = true
	}
}
