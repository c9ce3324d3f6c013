package project

import (
	"errors"
	"strings"
	"testing"
)

func TestAPIKey(t *testing.T) {
	key, prefix, hash, err := NewAPIKey()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(key, "okyc_"+prefix+"_") || len(prefix) != 8 {
		t.Fatalf("key %q prefix %q", key, prefix)
	}
	if strings.Contains(string(hash), key) || len(hash) != 32 {
		t.Error("hash holds the key")
	}
	got, err := KeyPrefix(key)
	if err != nil || got != prefix {
		t.Fatalf("prefix %q, %v", got, err)
	}
	if !KeyMatches(key, hash) {
		t.Error("the key does not match its hash")
	}
	other, _, _, _ := NewAPIKey()
	if other == key || KeyMatches(other, hash) {
		t.Error("another key matches")
	}
	tampered := key[:len(key)-1] + map[bool]string{true: "b", false: "a"}[strings.HasSuffix(key, "a")]
	if KeyMatches(tampered, hash) {
		t.Error("a changed key matches")
	}
	for _, bad := range []string{"", "okyc_", "Bearer " + key, strings.ToUpper(key), "okyc_abc_def", key + "x", "okyc_" + prefix + "_" + strings.Repeat("1", 52)} {
		if _, err := KeyPrefix(bad); !errors.Is(err, ErrBadKey) {
			t.Errorf("KeyPrefix(%q): %v", bad, err)
		}
	}
}
