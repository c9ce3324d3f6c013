package crypto

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func key(t *testing.T) []byte {
	t.Helper()
	k := make([]byte, KeySize)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestSealOpen(t *testing.T) {
	k := key(t)
	kr, err := NewKeyring(k)
	if err != nil {
		t.Fatal(err)
	}
	aad := []byte("submission 42|surname")
	for _, plain := range [][]byte{nil, []byte("ИВАНОВ"), bytes.Repeat([]byte{0xff}, 1<<20)} {
		sealed, err := kr.Seal(plain, aad)
		if err != nil {
			t.Fatal(err)
		}
		if len(plain) > 4 && bytes.Contains(sealed, plain) {
			t.Fatal("plaintext visible in the sealed value")
		}
		got, err := kr.Open(sealed, aad)
		if err != nil || !bytes.Equal(got, plain) {
			t.Fatalf("round trip of %d bytes: %v", len(plain), err)
		}
		if id := string(sealed[2 : 2+sealed[1]]); id != KeyID(k) {
			t.Errorf("sealed under key id %q, want %q", id, KeyID(k))
		}
	}
	a, _ := kr.Seal([]byte("same"), aad)
	b, _ := kr.Seal([]byte("same"), aad)
	if bytes.Equal(a, b) {
		t.Error("two seals of one value are identical: no fresh key or nonce")
	}
}

// Every byte of a sealed value is covered: flipping any one, or opening it
// for another record, fails.
func TestTamper(t *testing.T) {
	kr, _ := NewKeyring(key(t))
	sealed, _ := kr.Seal([]byte("1985-03-12"), []byte("sub 1|birth_date"))
	for i := range sealed {
		bad := bytes.Clone(sealed)
		bad[i] ^= 0x01
		if _, err := kr.Open(bad, []byte("sub 1|birth_date")); err == nil {
			t.Fatalf("flipped byte %d opened", i)
		}
	}
	if _, err := kr.Open(sealed, []byte("sub 2|birth_date")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("opened for another record: %v", err)
	}
	for _, junk := range [][]byte{nil, {1}, {9, 9, 9}, sealed[:20]} {
		if _, err := kr.Open(junk, nil); err == nil {
			t.Errorf("junk %x opened", junk)
		}
	}
}

func TestRotation(t *testing.T) {
	oldKey, newKey := key(t), key(t)
	old, _ := NewKeyring(oldKey)
	sealed, _ := old.Seal([]byte("portrait"), nil)
	rotated, err := NewKeyring(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := rotated.Open(sealed, nil); err != nil || string(got) != "portrait" {
		t.Fatalf("old value after rotation: %q, %v", got, err)
	}
	resealed, _ := rotated.Seal([]byte("portrait"), nil)
	if _, err := old.Open(resealed, nil); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("a new value opens with the retired key alone: %v", err)
	}
	newOnly, _ := NewKeyring(newKey)
	if _, err := newOnly.Open(sealed, nil); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("old value without the old key: %v", err)
	}
	again, err := rotated.Reseal(sealed, nil)
	if got, _ := newOnly.Open(again, nil); err != nil || string(got) != "portrait" {
		t.Errorf("resealed value with the new key alone: %q %v", got, err)
	}
	if _, err := rotated.Reseal(sealed, []byte("another record")); !errors.Is(err, ErrDecrypt) {
		t.Errorf("reseal under other associated data: %v", err)
	}
	if _, err := NewKeyring(make([]byte, 16)); err == nil {
		t.Error("a 128-bit master key was accepted")
	}
}

func TestLoadMasterKey(t *testing.T) {
	dir := t.TempDir()
	k1, err := LoadMasterKey("", dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, MasterKeyFile)
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, info.Mode())
	}
	k2, err := LoadMasterKey("", dir, nil)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("second load gave another key: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadMasterKey("", dir, nil); err == nil {
		t.Error("a world-readable key file was accepted")
	}
	env := key(t)
	for _, s := range []string{hex.EncodeToString(env), base64.StdEncoding.EncodeToString(env), " " + hex.EncodeToString(env) + "\n"} {
		if got, err := LoadMasterKey(s, dir, nil); err != nil || !bytes.Equal(got, env) {
			t.Errorf("env key %q: %v", s, err)
		}
	}
	for _, s := range []string{"short", hex.EncodeToString(env[:16]), "zz" + hex.EncodeToString(env)[2:]} {
		if _, err := LoadMasterKey(s, dir, nil); err == nil {
			t.Errorf("bad env key %q accepted", s)
		}
	}
}

func TestIndex(t *testing.T) {
	k1 := key(t)
	a, _ := NewKeyring(k1)
	b, _ := NewKeyring(k1)
	other, _ := NewKeyring(key(t))
	v := []byte("applicant@example.com")
	if !bytes.Equal(a.Index("email", v), b.Index("email", v)) {
		t.Error("the same key gives another index")
	}
	if bytes.Equal(a.Index("email", v), a.Index("userid", v)) {
		t.Error("two purposes give the same index")
	}
	if bytes.Equal(a.Index("email", v), other.Index("email", v)) {
		t.Error("another master key gives the same index")
	}
	if bytes.Contains(a.Index("email", v), v) || len(a.Index("email", v)) != 32 {
		t.Error("index leaks the value")
	}
}
