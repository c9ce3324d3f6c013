// Package liveform keeps the Liveform's private-mode tokens: one-time
// links (/f/{projectID}?token=…) that an integrator's backend issues by
// API, optionally carrying presets (userid, email, cf1…cf3) the applicant
// cannot change.
//
// A token is shown once, when issued; only its SHA-256 is stored, and its
// presets are sealed, as they are personal data. An unused token expires
// at its ExpiresAt (DefaultTTL after issue unless the caller says
// otherwise); the first Redeem starts a UseWindow after which the token is
// refused for good. A revoked token is refused at once.
//
// The product also refuses a token "once a decision exists" for the
// submission it started. This package does not know submissions: the
// caller records the submission with Attach and, after a successful
// Redeem, refuses the token itself when Token.SubmissionID names a
// submission that is decided (approved or rejected).
package liveform

import (
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"openkyc/internal/ids"
	"openkyc/internal/project"
)

// Path is where a project's Liveform is served.
func Path(projectID string) string { return "/f/" + projectID }

// Token lifetimes.
const (
	// UseWindow is how long a token keeps working after its first use:
	// long enough to reload the page, too short to pass the link on.
	UseWindow = 3 * time.Minute
	// DefaultTTL is how long an unused token lives when the caller gives
	// no TTL; MinTTL and MaxTTL bound the TTL a caller may give.
	DefaultTTL = 24 * time.Hour
	MinTTL     = time.Minute
	MaxTTL     = 30 * 24 * time.Hour
)

// States of a token, for listings (Token.State).
const (
	StateUnused  = "unused"  // issued, never opened, not yet expired
	StateActive  = "active"  // opened, within the use window
	StateUsed    = "used"    // opened, use window over
	StateExpired = "expired" // never opened before its expiry
	StateRevoked = "revoked"
)

// Errors. ErrNotFound wraps project.ErrNotFound so that the API, which
// answers 404 for it, treats an unknown token, or another project's, as
// it treats any other id not in the caller's project.
var (
	ErrNotFound   = fmt.Errorf("liveform: token not found: %w", project.ErrNotFound)
	ErrExpired    = errors.New("liveform: the token expired before it was used")
	ErrUsed       = errors.New("liveform: the token was already used")
	ErrRevoked    = errors.New("liveform: the token was revoked")
	ErrAttached   = errors.New("liveform: the token already started another submission")
	ErrDecided    = errors.New("liveform: the token's submission is decided")
	ErrBadTTL     = fmt.Errorf("liveform: a token lives from %v to %v", MinTTL, MaxTTL)
	ErrBadPresets = fmt.Errorf("liveform: a preset is valid UTF-8 of at most %d bytes", maxPreset)
)

// maxPreset bounds each preset: ample for an e-mail address or an
// integrator's id, small enough that a token row stays small.
const maxPreset = 256

// Presets are values the integrator fixes for the applicant; the names
// are the Liveform's query parameters.
type Presets struct {
	UserID string `json:"userid,omitempty"`
	Email  string `json:"email,omitempty"`
	CF1    string `json:"cf1,omitempty"`
	CF2    string `json:"cf2,omitempty"`
	CF3    string `json:"cf3,omitempty"`
}

func (p Presets) validate() error {
	for _, v := range []string{p.UserID, p.Email, p.CF1, p.CF2, p.CF3} {
		if len(v) > maxPreset || !utf8.ValidString(v) {
			return ErrBadPresets
		}
	}
	return nil
}

// Token is what is kept of a token: never the secret.
type Token struct {
	ID           string     `json:"id"`
	ProjectID    string     `json:"project_id"`
	Presets      Presets    `json:"presets"`
	CreatedAt    time.Time  `json:"created_at"`
	ExpiresAt    time.Time  `json:"expires_at"`
	FirstUsedAt  *time.Time `json:"first_used_at,omitempty"`
	SubmissionID string     `json:"submission_id,omitempty"`
	RevokedAt    *time.Time `json:"revoked_at,omitempty"`
}

// State is the token's state at now. ExpiresAt only matters while the
// token is unused: once opened, the use window alone bounds it.
func (t Token) State(now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return StateRevoked
	case t.FirstUsedAt == nil && !now.Before(t.ExpiresAt):
		return StateExpired
	case t.FirstUsedAt == nil:
		return StateUnused
	case now.Before(t.FirstUsedAt.Add(UseWindow)):
		return StateActive
	default:
		return StateUsed
	}
}

// Tokens look like lft_<secret>: 256 random bits in lower-case base32,
// safe in a URL as is. A fast hash is right for storing them: the secret
// is random, not a password, so there is nothing to guess.
const (
	tokenScheme = "lft_"
	secretBytes = 32
)

func newToken() (token string, hash []byte, err error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = tokenScheme + ids.Encoding.EncodeToString(b)
	return token, hashToken(token), nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// wellFormed rejects what cannot be a token before it reaches the
// database.
func wellFormed(token string) bool {
	secret, ok := strings.CutPrefix(token, tokenScheme)
	if !ok || len(secret) != ids.Encoding.EncodedLen(secretBytes) {
		return false
	}
	_, err := ids.Encoding.DecodeString(secret)
	return err == nil
}
