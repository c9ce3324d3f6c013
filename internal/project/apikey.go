// Package project holds projects, their options and their API keys
// (Liveform tokens are package liveform's).
package project

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"strings"

	"openkyc/internal/ids"
)

// API keys look like okyc_<prefix>_<secret>: the prefix (8 characters) is
// stored in clear to find the key and shown in the dashboard to tell keys
// apart; the secret (256 random bits) is shown once, when the key is made,
// and only its SHA-256 is stored. A fast hash is right here: the secret is
// random, not a password, so there is nothing to guess.
const (
	keyScheme    = "okyc_"
	prefixLength = 8
	secretBytes  = 32
)

// ErrBadKey: not an API key of ours.
var ErrBadKey = errors.New("project: malformed API key")

// NewAPIKey makes a key and returns it with what is stored of it.
func NewAPIKey() (key, prefix string, hash []byte, err error) {
	b := make([]byte, 5+secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", "", nil, err
	}
	prefix = ids.Encoding.EncodeToString(b[:5]) // 5 bytes: 8 characters
	key = keyScheme + prefix + "_" + ids.Encoding.EncodeToString(b[5:])
	return key, prefix, HashAPIKey(key), nil
}

// HashAPIKey is what is stored of a key.
func HashAPIKey(key string) []byte {
	sum := sha256.Sum256([]byte(key))
	return sum[:]
}

// KeyPrefix checks a presented key's form and returns its prefix, to find
// the stored hash with.
func KeyPrefix(key string) (string, error) {
	rest, ok := strings.CutPrefix(key, keyScheme)
	if !ok {
		return "", ErrBadKey
	}
	prefix, secret, ok := strings.Cut(rest, "_")
	if !ok || len(prefix) != prefixLength || len(secret) != ids.Encoding.EncodedLen(secretBytes) {
		return "", ErrBadKey
	}
	if _, err := ids.Encoding.DecodeString(prefix + secret); err != nil {
		return "", ErrBadKey
	}
	return prefix, nil
}

// KeyMatches compares a presented key with a stored hash in constant time.
func KeyMatches(key string, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashAPIKey(key), hash) == 1
}
