package account

import (
	"errors"
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q", h)
	}
	if ok, rehash, err := VerifyPassword("correct horse battery", h); !ok || rehash || err != nil {
		t.Errorf("right password: %v %v %v", ok, rehash, err)
	}
	if ok, _, _ := VerifyPassword("correct horse batterY", h); ok {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h2 == h {
		t.Error("same hash twice: no salt")
	}
	for _, pw := range []string{"", "short", strings.Repeat("x", MaxPasswordLength+1)} {
		if _, err := HashPassword(pw); !errors.Is(err, ErrWeakPassword) {
			t.Errorf("password of %d characters: %v", len(pw), err)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=0,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=99999999,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=8,t=1,p=1$!!$AAAA"} {
		if _, _, err := VerifyPassword("x", bad); !errors.Is(err, ErrBadHash) {
			t.Errorf("hash %q: %v", bad, err)
		}
	}
	// A hash made with weaker parameters verifies and asks to be redone.
	weak := "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$" + weakKey(t)
	if ok, rehash, err := VerifyPassword("correct horse battery", weak); !ok || !rehash || err != nil {
		t.Errorf("weak hash: %v %v %v", ok, rehash, err)
	}
}
