package account

import (
	"encoding/base64"
	"testing"

	"golang.org/x/crypto/argon2"
)

// weakKey is the argon2id key of "correct horse battery" with salt
// "saltsalt", m=8, t=1, p=1.
func weakKey(t *testing.T) string {
	t.Helper()
	return base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte("correct horse battery"), []byte("saltsalt"), 1, 8, 1, 32))
}
