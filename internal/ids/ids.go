// Package ids makes the identifiers of stored things: a short type prefix
// and 96 random bits in lower-case base32 (sub_…, prj_…, usr_…), which
// reveal nothing about order or volume and survive any URL or log.
package ids

import (
	"crypto/rand"
	"encoding/base32"
)

// Encoding is lower-case base32 without padding, for ids and secrets.
var Encoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// New returns prefix_ and 20 random characters.
func New(prefix string) string {
	b := make([]byte, 12)
	rand.Read(b) // never fails (crypto/rand)
	return prefix + "_" + Encoding.EncodeToString(b)
}
