// Package webhook delivers signed events to the endpoints projects
// register. Signatures follow the Standard Webhooks convention: headers
// webhook-id, webhook-timestamp and webhook-signature, the latter
// "v1,<base64 HMAC-SHA256 of id.timestamp.body>" under the endpoint's
// secret ("whsec_<base64>").
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Header names of the Standard Webhooks convention.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

const secretPrefix = "whsec_"

// Errors of Verify.
var (
	ErrBadSecret    = errors.New("webhook: malformed secret")
	ErrBadSignature = errors.New("webhook: no valid signature")
	ErrStale        = errors.New("webhook: timestamp outside the tolerance")
)

// NewSecret makes an endpoint secret: 24 random bytes, shown once to the
// project admin.
func NewSecret() string {
	b := make([]byte, 24)
	rand.Read(b) // never fails (crypto/rand)
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

func secretKey(secret string) ([]byte, error) {
	k, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil || len(k) < 16 {
		return nil, ErrBadSecret
	}
	return k, nil
}

// Sign is the webhook-signature value of a message.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	k, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, k)
	mac.Write([]byte(id + "." + strconv.FormatInt(ts.Unix(), 10) + "."))
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// SetHeaders adds the three headers of a signed message to h.
func SetHeaders(h http.Header, secret, id string, ts time.Time, body []byte) error {
	sig, err := Sign(secret, id, ts, body)
	if err != nil {
		return err
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, sig)
	return nil
}

// Verify is what a receiver does: the timestamp within tolerance of now
// and one of the space-separated signatures (several during a secret's
// rotation) valid for the body.
func Verify(secret string, h http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	sec, err := strconv.ParseInt(h.Get(HeaderTimestamp), 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	ts := time.Unix(sec, 0)
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return ErrStale
	}
	want, err := Sign(secret, h.Get(HeaderID), ts, body)
	if err != nil {
		return err
	}
	for _, sig := range strings.Fields(h.Get(HeaderSignature)) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return ErrBadSignature
}
