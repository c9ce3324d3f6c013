package kyc

import (
	"errors"
	"fmt"
	"time"
)

// Stage is what a submission waits for.
type Stage string

// Stages: the ID first, then the selfie (PRODUCT.md "Lifecycle" 2).
const (
	AwaitingID     Stage = "awaiting_id"
	AwaitingSelfie Stage = "awaiting_selfie"
	Done           Stage = "done"
)

// State is the part of a submission the rules decide on.
type State struct {
	Status Status     `json:"status"`
	Stage  Stage      `json:"stage"`
	Code   RejectCode `json:"reject_code,omitempty"`
	// Comment is a reviewer's free text (code Other) or reason.
	Comment string `json:"comment,omitempty"`
	// Attempts counts the selfies submitted.
	Attempts int `json:"attempts"`
	// HasFace: a selfie was submitted, so the data for a decision is
	// there and an abandoned submission times out.
	HasFace      bool      `json:"has_face"`
	LastActivity time.Time `json:"last_activity"`
}

// New is a submission's state when the applicant starts.
func New(now time.Time) State {
	return State{Status: Incomplete, Stage: AwaitingID, LastActivity: now}
}

// Errors of the transitions: the caller maps them to 409 or 422.
var (
	ErrDecided    = errors.New("the submission is already decided")
	ErrOutOfOrder = errors.New("the ID image comes before the selfie")
	ErrNotPending = errors.New("only a pending submission can be reviewed")
	ErrBadReview  = errors.New("invalid review")
)

// Transition is the result of one step: the new state, the checks that
// decided it, and what to tell the applicant.
type Transition struct {
	State State
	// Recapture: the ID photo is unusable; another is asked for. Reasons
	// are the failed checks' reasons.
	Recapture bool
	// RetryReason and AttemptsLeft are set when a selfie failed and
	// another may be taken.
	RetryReason  string
	AttemptsLeft int
	Checks       []Check
}

// SubmitID applies the document analysis of an ID image (PRODUCT.md
// "Lifecycle" 3): a photo the engine could not use asks for a recapture;
// a policy failure rejects at once; otherwise the selfie is awaited. The
// ID may be replaced until the selfie stage passes.
func (s State) SubmitID(p Policy, d Document, now time.Time) (Transition, error) {
	if s.Status.Decided() || s.Status == Pending {
		return Transition{State: s}, ErrDecided
	}
	if s.HasFace {
		return Transition{State: s}, fmt.Errorf("%w: a selfie was already submitted", ErrOutOfOrder)
	}
	s.LastActivity = now
	checks := append(append([]Check(nil), d.Checks...), PolicyChecks(p, d, now)...)
	t := Transition{Checks: checks}
	for _, c := range checks {
		if c.Outcome == Fail && c.Recapture {
			t.Recapture = true
		}
	}
	if t.Recapture {
		// Nothing on an unusable photo can be trusted to reject on.
		s.Stage = AwaitingID
		t.State = s
		return t, nil
	}
	if c, ok := firstAutoFailure(checks); ok {
		s.Status, s.Stage, s.Code = Rejected, Done, c.Code
		t.State = s
		return t, nil
	}
	s.Stage = AwaitingSelfie
	t.State = s
	return t, nil
}

// firstAutoFailure is the first failed check carrying an automatic
// reject code, in PRODUCT.md's order of codes.
func firstAutoFailure(checks []Check) (Check, bool) {
	for _, code := range Codes() {
		if code.Manual() {
			continue
		}
		for _, c := range checks {
			if c.Outcome == Fail && c.Code == code {
				return c, true
			}
		}
	}
	return Check{}, false
}

// Selfie is the face analysis of one selfie attempt against the ID.
type Selfie struct {
	// Checks are the face checks: face.detected, face.id_portrait,
	// face.similarity, face.liveness, face.quality…; a failed one fails
	// the attempt.
	Checks []Check
	// Score inputs measured on the whole submission.
	Inputs ScoreInputs
	// DuplicateFace and DuplicateUser are set by the caller when the
	// project's options ask and a match was found.
	DuplicateFace, DuplicateUser bool
}

// SubmitSelfie applies one selfie attempt (PRODUCT.md "Lifecycle" 4–6). A
// failed attempt leaves the submission incomplete with the retry reason
// and the attempts left; the last allowed failure rejects with
// too_many_retry. A passing attempt decides (Decide).
func (s State) SubmitSelfie(p Policy, d Document, f Selfie, now time.Time) (Transition, error) {
	switch {
	case s.Status.Decided() || s.Status == Pending:
		return Transition{State: s}, ErrDecided
	case s.Stage == AwaitingID:
		return Transition{State: s}, ErrOutOfOrder
	}
	s.LastActivity = now
	s.HasFace = true
	s.Attempts++
	// Every check shows, a retry's too: the document's stay in view.
	all := append(append(append([]Check(nil), d.Checks...), PolicyChecks(p, d, now)...), f.Checks...)
	t := Transition{Checks: all}
	if failed := withOutcome(f.Checks, Fail); len(failed) > 0 {
		if s.Attempts >= p.Attempts {
			s.Status, s.Stage, s.Code = Rejected, Done, TooManyRetry
			t.State = s
			return t, nil
		}
		t.RetryReason = failed[0].Reason
		if t.RetryReason == "" {
			t.RetryReason = failed[0].Name
		}
		t.AttemptsLeft = p.Attempts - s.Attempts
		t.State = s
		return t, nil
	}
	dec := Decide(p, all, ComputeScore(p, f.Inputs), f.DuplicateFace, f.DuplicateUser)
	s.Status, s.Code, s.Stage = dec.Status, dec.Code, Done
	t.State = s
	return t, nil
}

// Expire turns an abandoned submission that holds face data into
// rejected/timeout once the project's timeout has passed since its last
// activity (PRODUCT.md "Lifecycle" 5). One that never got a selfie stays
// incomplete: the data for a decision was never collected. ok reports a
// change.
func (s State) Expire(p Policy, now time.Time) (State, bool) {
	if s.Status != Incomplete || !s.HasFace || now.Sub(s.LastActivity) < p.IncompleteTimeout {
		return s, false
	}
	s.Status, s.Stage, s.Code = Rejected, Done, Timeout
	return s, true
}

// Review is a reviewer's decision on a pending submission (PRODUCT.md
// "Lifecycle" 7): approve, or reject with a manual reason (Other needs a
// comment).
func (s State) Review(approve bool, code RejectCode, comment string, now time.Time) (State, error) {
	if s.Status != Pending {
		return s, ErrNotPending
	}
	s.LastActivity = now
	if approve {
		if code != "" {
			return s, fmt.Errorf("%w: an approval has no reject code", ErrBadReview)
		}
		s.Status, s.Code, s.Comment = Approved, "", comment
		return s, nil
	}
	if !code.Manual() {
		return s, fmt.Errorf("%w: %q is not a reviewer's reject reason", ErrBadReview, code)
	}
	if code == Other && comment == "" {
		return s, fmt.Errorf("%w: reason %q needs a comment", ErrBadReview, Other)
	}
	s.Status, s.Code, s.Comment = Rejected, code, comment
	return s, nil
}
