// Package crypto seals images and personal fields at rest with envelope
// encryption: each value gets a fresh random AES-256 data key, the data key
// is wrapped with the master key, and both travel with the ciphertext
// under the master key's id, so that a key can be rotated by adding a new
// current key and keeping the old ones for reading.
//
// A sealed value is
//
//	version (1) | key id length (1) | key id | wrap nonce (12) | wrapped data key (48)
//	| data nonce (12) | ciphertext and tag
//
// and every AES-GCM seal authenticates the caller's associated data too
// (a submission id and field name, say), so a value cannot be moved to
// another record undetected.
package crypto

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// KeySize is the length of master and data keys: AES-256.
const KeySize = 32

const (
	version   = 1
	nonceSize = 12
	tagSize   = 16
)

// Errors.
var (
	// ErrDecrypt: the value was tampered with, sealed for other associated
	// data, or is not a sealed value.
	ErrDecrypt = errors.New("crypto: cannot decrypt")
	// ErrUnknownKey: sealed under a master key the keyring does not hold.
	ErrUnknownKey = errors.New("crypto: unknown master key")
)

// Keyring holds the current master key, which seals, and older ones,
// which only open.
type Keyring struct {
	current string
	master  []byte // the current master key, for index keys
	keys    map[string]cipher.AEAD
}

// NewKeyring builds a keyring from the current master key and any retired
// ones still needed to read old values.
func NewKeyring(current []byte, retired ...[]byte) (*Keyring, error) {
	k := &Keyring{keys: map[string]cipher.AEAD{}}
	for i, key := range append([][]byte{current}, retired...) {
		aead, err := newAEAD(key)
		if err != nil {
			return nil, fmt.Errorf("crypto: master key %d: %w", i, err)
		}
		id := KeyID(key)
		if i == 0 {
			k.current, k.master = id, append([]byte(nil), key...)
		}
		k.keys[id] = aead
	}
	return k, nil
}

// KeyID names a master key without revealing it: the first 8 bytes of its
// SHA-256, in hex. It is stored with every value sealed under the key.
func KeyID(key []byte) string {
	sum := sha256.Sum256(key)
	return hex.EncodeToString(sum[:8])
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("key is %d bytes, want %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Seal encrypts plaintext under a fresh data key, bound to aad.
func (k *Keyring) Seal(plaintext, aad []byte) ([]byte, error) {
	dek := make([]byte, KeySize)
	if _, err := rand.Read(dek); err != nil {
		return nil, err
	}
	data, err := newAEAD(dek)
	if err != nil {
		return nil, err
	}
	id := k.current
	out := make([]byte, 0, 2+len(id)+2*nonceSize+KeySize+2*tagSize+len(plaintext))
	out = append(out, version, byte(len(id)))
	out = append(out, id...)
	wrapNonce := make([]byte, nonceSize)
	dataNonce := make([]byte, nonceSize)
	if _, err := rand.Read(wrapNonce); err != nil {
		return nil, err
	}
	if _, err := rand.Read(dataNonce); err != nil {
		return nil, err
	}
	header := out[:len(out):len(out)]
	out = append(out, wrapNonce...)
	// The data key is bound to the header and the caller's data as well.
	out = k.keys[id].Seal(out, wrapNonce, dek, wrapAAD(header, aad))
	out = append(out, dataNonce...)
	return data.Seal(out, dataNonce, plaintext, aad), nil
}

// Open decrypts a value Seal produced with the same aad.
func (k *Keyring) Open(sealed, aad []byte) ([]byte, error) {
	if len(sealed) < 2 || sealed[0] != version {
		return nil, ErrDecrypt
	}
	n := int(sealed[1])
	rest := sealed[2:]
	if len(rest) < n+2*nonceSize+KeySize+2*tagSize {
		return nil, ErrDecrypt
	}
	id := string(rest[:n])
	master, ok := k.keys[id]
	if !ok {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, id)
	}
	header := sealed[:2+n]
	rest = rest[n:]
	wrapNonce, wrapped := rest[:nonceSize], rest[nonceSize:nonceSize+KeySize+tagSize]
	rest = rest[nonceSize+KeySize+tagSize:]
	dek, err := master.Open(nil, wrapNonce, wrapped, wrapAAD(header, aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	data, err := newAEAD(dek)
	if err != nil {
		return nil, ErrDecrypt
	}
	plain, err := data.Open(nil, rest[:nonceSize], rest[nonceSize:], aad)
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}

// Reseal opens a value sealed under any of the keyring's keys and seals
// it again under the current one: what rotating the master key does to
// every stored value.
func (k *Keyring) Reseal(sealed, aad []byte) ([]byte, error) {
	plain, err := k.Open(sealed, aad)
	if err != nil {
		return nil, err
	}
	return k.Seal(plain, aad)
}

func wrapAAD(header, aad []byte) []byte {
	return append(append([]byte("openkyc-dek|"), header...), aad...)
}

// Index is a keyed, deterministic digest of a value for looking it up
// without storing it: an applicant's e-mail or user id. It is an
// HMAC-SHA-256 under a key derived from the current master key and the
// purpose, so indexes of different purposes (e-mail, user id) do not
// match each other. Values are normalised by the caller (trimmed,
// lower-cased e-mails). Rotating the master key means recomputing the
// indexes.
func (k *Keyring) Index(purpose string, value []byte) []byte {
	mac := hmac.New(sha256.New, k.indexKey(purpose))
	mac.Write(value)
	return mac.Sum(nil)
}

func (k *Keyring) indexKey(purpose string) []byte {
	mac := hmac.New(sha256.New, k.master)
	mac.Write([]byte("openkyc-index|" + purpose))
	return mac.Sum(nil)
}
