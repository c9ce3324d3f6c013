package textnorm

import "testing"

func TestDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "ab", 2}, {"kitten", "sitting", 3},
		{"СОКОЛОВ", "COKONOB", 7}, {"ЧЕРНЫШЁВ", "ЧЕРНЫШЕВ", 1}, {"MB80233", "MBA80233", 1},
	} {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestEqual(t *testing.T) {
	for _, tt := range []struct {
		field, a, b string
		want        bool
	}{
		{"surname", "NÚÑEZ GÓMEZ", "núñezgómez", true},
		{"surname", "NÚÑEZ GÓMEZ", "NUNEZ GOMEZ", false},
		{"document_number", "76 7122160", "767122160", true},
		{"birth_date", "１９８５-03-12", "1985-03-12", true},
		{"address", "4 RUE DES LILAS", "4RUEDESLILAS", false},
		{"surname", "", "", false},
	} {
		if got := Equal(tt.field, tt.a, tt.b); got != tt.want {
			t.Errorf("Equal(%s, %q, %q) = %v, want %v", tt.field, tt.a, tt.b, got, tt.want)
		}
	}
}
