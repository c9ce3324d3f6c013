package submission

import (
	"time"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/kyc"
)

// Verdict is what the server would decide for a submission that sent an
// ID and one selfie: the steps the service takes, without storage, jobs
// or webhooks (`openkyc analyze`). The project's history is not looked at:
// duplicate face and duplicate user never apply.
type Verdict struct {
	Status      kyc.Status        `json:"status"`
	Stage       kyc.Stage         `json:"stage"`
	RejectCode  kyc.RejectCode    `json:"reject_code,omitempty"`
	Reason      string            `json:"reject_reason,omitempty"`
	Recapture   bool              `json:"recapture,omitempty"`
	RetryReason string            `json:"retry_reason,omitempty"`
	Checks      []kyc.Check       `json:"checks"`
	Score       *kyc.Score        `json:"score,omitempty"`
	Fields      map[string]string `json:"fields,omitempty"`
	Timeline    []string          `json:"timeline"`
}

// Evaluate runs the ID's evidence and then, if the ID lets the selfie
// stage start, the selfie's (nil: no face found) through the policy.
func Evaluate(p kyc.Policy, a Applicant, ev *document.Evidence, selfie *face.Analysis, now time.Time) (Verdict, error) {
	sub := &Submission{State: kyc.New(now), Personal: Personal{Applicant: a}}
	v := Verdict{Timeline: []string{"created"}}
	e, err := applyDocument(sub, p, ev, nil, now)
	if err != nil {
		return v, err
	}
	v.Timeline = append(v.Timeline, e.Kind)
	if sub.State.Status == kyc.Incomplete && sub.State.Stage == kyc.AwaitingSelfie {
		if e, err = applySelfie(sub, p, selfie, false, false, now); err != nil {
			return v, err
		}
		v.Timeline = append(v.Timeline, e.Kind)
	}
	v.Status, v.Stage, v.RejectCode = sub.State.Status, sub.State.Stage, sub.State.Code
	v.Recapture, v.RetryReason, v.Checks, v.Score = sub.Result.Recapture, sub.Result.RetryReason, sub.Result.Checks, sub.Result.Score
	v.Fields = sub.Personal.Fields
	v.Reason = sub.RejectReason(p)
	return v, nil
}
