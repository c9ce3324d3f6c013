package kyc

// Outcome is the result of one check.
type Outcome string

// Outcomes: a warning needs a person to look; a failure decides on its own.
const (
	Pass Outcome = "pass"
	Warn Outcome = "warn"
	Fail Outcome = "fail"
)

// Check is one named test with its evidence: document.expiry,
// face.similarity, policy.country… The engine produces most of them; the
// policy adds its own (policy.*). Every decision is explained by checks.
type Check struct {
	Name      string  `json:"name"`
	Outcome   Outcome `json:"outcome"`
	Value     any     `json:"value,omitempty"`
	Threshold any     `json:"threshold,omitempty"`
	// Code is the reject code the condition stands for: an automatic one
	// rejects at once when the check fails; a manual one tells the
	// reviewer which reason applies.
	Code   RejectCode `json:"code,omitempty"`
	Reason string     `json:"reason,omitempty"`
	// Recapture: the photo itself is the problem (blur, glare, no
	// document, too tight a crop); the applicant is asked for another.
	Recapture bool `json:"recapture,omitempty"`
}

// withOutcome returns the checks with outcome o.
func withOutcome(cs []Check, o Outcome) []Check {
	var out []Check
	for _, c := range cs {
		if c.Outcome == o {
			out = append(out, c)
		}
	}
	return out
}
