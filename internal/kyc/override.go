package kyc

import (
	"fmt"
	"slices"
)

// Overrides change a project's options for one submission — sent by the
// integrator's backend with the API key, or signed into a Liveform link —
// as far as the project allows: only the options named in its policy's
// Overridable, and the result must still be a valid policy. Nil fields
// keep the project's value.
type Overrides struct {
	AcceptedTypes        []DocumentType `json:"accepted_types,omitempty"`
	AllowedCountries     []string       `json:"allowed_countries,omitempty"`
	BlacklistedCountries []string       `json:"blacklisted_countries,omitempty"`
	// AgeLimit 0 turns the age limit off for the submission.
	AgeLimit *int `json:"age_limit,omitempty"`
}

// OverridableOptions are the options a project may let submissions
// override: who is accepted, never how strictly the evidence is judged.
var OverridableOptions = []string{"accepted_types", "allowed_countries", "blacklisted_countries", "age_limit"}

// set names the options o changes.
func (o Overrides) set() []string {
	var out []string
	for _, opt := range []struct {
		name string
		on   bool
	}{{"accepted_types", o.AcceptedTypes != nil}, {"allowed_countries", o.AllowedCountries != nil},
		{"blacklisted_countries", o.BlacklistedCountries != nil}, {"age_limit", o.AgeLimit != nil}} {
		if opt.on {
			out = append(out, opt.name)
		}
	}
	return out
}

// Apply is the policy a submission with these overrides is judged by. An
// option the project does not let submissions override, or a result that
// is no valid policy, is ErrInvalidPolicy.
func (o Overrides) Apply(p Policy) (Policy, error) {
	for _, name := range o.set() {
		if !slices.Contains(p.Overridable, name) {
			return p, fmt.Errorf("%w: this project does not let a submission override %s", ErrInvalidPolicy, name)
		}
	}
	if o.AcceptedTypes != nil {
		p.AcceptedTypes = o.AcceptedTypes
	}
	if o.AllowedCountries != nil {
		p.AllowedCountries = o.AllowedCountries
	}
	if o.BlacklistedCountries != nil {
		p.BlacklistedCountries = o.BlacklistedCountries
	}
	if o.AgeLimit != nil {
		p.AgeLimit = *o.AgeLimit
		if p.AgeLimit == 0 {
			p.FaceAgeCheck = false // nothing to compare the face with
		}
	}
	return p, p.Validate()
}
