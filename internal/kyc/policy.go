package kyc

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// DocumentType is what kind of identity document was submitted.
type DocumentType string

// Document types. GovernmentID is a national identity card.
const (
	Passport        DocumentType = "passport"
	DriversLicense  DocumentType = "drivers_license"
	GovernmentID    DocumentType = "government_id"
	ResidencePermit DocumentType = "residence_permit"
	Visa            DocumentType = "visa"
	// NotGovernment is a card that is no government ID: student,
	// employee, membership, payment cards.
	NotGovernment DocumentType = "other"
)

// GovernmentIssued reports whether t is a type a project may accept.
func (t DocumentType) GovernmentIssued() bool { return slices.Contains(governmentIssued, t) }

// governmentIssued are the types a project may accept.
var governmentIssued = []DocumentType{Passport, DriversLicense, GovernmentID, ResidencePermit, Visa}

// Defaults of the options calibrated on data (docs/accuracy.md): the face
// match threshold is the lowest with FAR ≤ 1e-3 on every labelled set,
// the liveness threshold the one that refuses the silent-face attacks.
const (
	DefaultSimilarityThreshold = 0.46
	DefaultLivenessThreshold   = 0.60
	DefaultScoreThreshold      = 70
	DefaultAttempts            = 3
	DefaultIncompleteTimeout   = 24 * time.Hour
	// MinIncompleteTimeout is the shortest timeout a project may set: a
	// real flow wants hours; tests and demonstrations want seconds.
	MinIncompleteTimeout = time.Second
)

// Liveness modes.
const (
	LivenessPassive = "passive"
	LivenessActive  = "active"
)

// Policy is a project's options (PRODUCT.md "Project options"). The zero
// value is not usable: start from DefaultPolicy.
type Policy struct {
	AcceptedTypes []DocumentType `json:"accepted_types"`
	// AllowedCountries, when not empty, are the only issuing countries
	// accepted; BlacklistedCountries are refused. ISO 3166 alpha-3.
	AllowedCountries     []string `json:"allowed_countries"`
	BlacklistedCountries []string `json:"blacklisted_countries"`
	// AgeLimit is the youngest accepted age in years; 0 is off.
	AgeLimit            int     `json:"age_limit"`
	ScoreThreshold      int     `json:"score_threshold"`
	SimilarityThreshold float64 `json:"similarity_threshold"`
	LivenessThreshold   float64 `json:"liveness_threshold"`
	// Attempts is how many selfies an applicant may submit: 1 + retries.
	Attempts          int           `json:"attempts"`
	IncompleteTimeout time.Duration `json:"incomplete_timeout"`
	LivenessMode      string        `json:"liveness_mode"`
	// DuplicateUser rejects an applicant (same e-mail, user id or
	// identity read from the document) already approved in the project,
	// within ApprovedPeriod (0: ever). RejectedPeriod, when set, rejects
	// an applicant rejected within it: a cooling-off period. Both reject
	// with duplicate_user.
	DuplicateUser  bool          `json:"duplicate_user"`
	ApprovedPeriod time.Duration `json:"approved_period"`
	RejectedPeriod time.Duration `json:"rejected_period"`
	// DuplicateFace rejects a selfie that matches another applicant's
	// approved submission in the project.
	DuplicateFace bool `json:"duplicate_face"`
	// FaceAgeCheck compares the age estimated from the selfie with
	// AgeLimit as well as the birth date.
	FaceAgeCheck bool `json:"face_age_check"`
	// AutomatedOnly rejects what would go to a reviewer.
	AutomatedOnly bool `json:"automated_only"`
	// RetentionDays after a decision images and personal data are purged;
	// 0 keeps them.
	RetentionDays int `json:"retention_days"`
	// Overridable names the options a submission may override
	// (Overrides; some of OverridableOptions); none by default.
	Overridable []string `json:"overridable"`
}

// DefaultPolicy is what a new project starts with.
func DefaultPolicy() Policy {
	return Policy{
		AcceptedTypes:       []DocumentType{Passport, DriversLicense, GovernmentID},
		ScoreThreshold:      DefaultScoreThreshold,
		SimilarityThreshold: DefaultSimilarityThreshold,
		LivenessThreshold:   DefaultLivenessThreshold,
		Attempts:            DefaultAttempts,
		IncompleteTimeout:   DefaultIncompleteTimeout,
		LivenessMode:        LivenessPassive,
	}
}

// ErrInvalidPolicy wraps every reason Validate gives.
var ErrInvalidPolicy = errors.New("invalid policy")

// Validate reports the first option out of range, naming it.
func (p Policy) Validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidPolicy, fmt.Sprintf(format, args...))
	}
	if len(p.AcceptedTypes) == 0 {
		return bad("accepted_types: at least one document type")
	}
	for _, t := range p.AcceptedTypes {
		if !slices.Contains(governmentIssued, t) {
			return bad("accepted_types: %q is not a government-issued document type", t)
		}
	}
	for _, list := range [][]string{p.AllowedCountries, p.BlacklistedCountries} {
		for _, c := range list {
			if !ValidCountry(c) {
				return bad("%q is not an ISO 3166 alpha-3 country code", c)
			}
		}
	}
	switch {
	case p.AgeLimit < 0 || p.AgeLimit > 130:
		return bad("age_limit %d: 0 (off) to 130", p.AgeLimit)
	case p.ScoreThreshold < 0 || p.ScoreThreshold > 100:
		return bad("score_threshold %d: 0 to 100", p.ScoreThreshold)
	case p.SimilarityThreshold <= 0 || p.SimilarityThreshold >= 1:
		return bad("similarity_threshold %g: between 0 and 1", p.SimilarityThreshold)
	case p.LivenessThreshold < 0 || p.LivenessThreshold >= 1:
		return bad("liveness_threshold %g: 0 to under 1", p.LivenessThreshold)
	case p.Attempts < 1 || p.Attempts > 10:
		return bad("attempts %d: 1 to 10", p.Attempts)
	case p.IncompleteTimeout < MinIncompleteTimeout:
		return bad("incomplete_timeout %s: at least %s", p.IncompleteTimeout, MinIncompleteTimeout)
	case p.LivenessMode != LivenessPassive && p.LivenessMode != LivenessActive:
		return bad("liveness_mode %q: passive or active", p.LivenessMode)
	case p.ApprovedPeriod < 0 || p.RejectedPeriod < 0:
		return bad("approved_period and rejected_period: 0 (off) or more")
	case p.ApprovedPeriod > 0 && !p.DuplicateUser:
		return bad("approved_period needs duplicate_user")
	case p.RetentionDays < 0:
		return bad("retention_days %d: 0 (keep) or more", p.RetentionDays)
	case p.FaceAgeCheck && p.AgeLimit == 0:
		return bad("face_age_check needs an age_limit")
	}
	for _, name := range p.Overridable {
		if !slices.Contains(OverridableOptions, name) {
			return bad("overridable: %q is not one of %s", name, strings.Join(OverridableOptions, ", "))
		}
	}
	return nil
}

// ValidCountry reports whether c is an ISO 3166 alpha-3 code (upper case).
func ValidCountry(c string) bool {
	if len(c) != 3 || strings.ToUpper(c) != c {
		return false
	}
	_, err := language.ParseRegion(c)
	return err == nil
}

// CountryName is the English name of an ISO 3166 alpha-3 code, for
// messages ("According to the policy, we do not accept KYC from North
// Korea"); the code itself when it is not a known country.
func CountryName(alpha3 string) string {
	r, err := language.ParseRegion(alpha3)
	if err != nil {
		return alpha3
	}
	if n := display.English.Regions().Name(r); n != "" {
		return n
	}
	return alpha3
}

// Lookback is an earlier decision the duplicate-user options look for: a
// submission of the same applicant decided with Status since Since (zero:
// ever).
type Lookback struct {
	Status Status
	Since  time.Time
}

// Lookbacks are the earlier decisions that make a new submission a
// duplicate user under p; none when the options are off.
func (p Policy) Lookbacks(now time.Time) []Lookback {
	var out []Lookback
	if p.DuplicateUser {
		l := Lookback{Status: Approved}
		if p.ApprovedPeriod > 0 {
			l.Since = now.Add(-p.ApprovedPeriod)
		}
		out = append(out, l)
	}
	if p.RejectedPeriod > 0 {
		out = append(out, Lookback{Status: Rejected, Since: now.Add(-p.RejectedPeriod)})
	}
	return out
}
