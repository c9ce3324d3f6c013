package kyc

// Decision is the outcome of a complete submission.
type Decision struct {
	Status Status
	Code   RejectCode
	Score  Score
	// Review lists the checks a reviewer must look at (failed ones
	// without an automatic code, warned ones, a low score).
	Review []Check
}

// Decide turns all checks of a submission whose selfie passed, and its
// score, into a decision (PRODUCT.md "Lifecycle" 6):
//  1. a failed check with an automatic reject code rejects with it;
//  2. the duplicate-face option rejects, and so does a duplicate user
//     (found by the caller from the policy's Lookbacks);
//  3. no failed or warned check and a score at the project's threshold or
//     above approves;
//  4. anything else is pending — or, in automated-only mode, rejected
//     with automatic_verification_fail.
func Decide(p Policy, checks []Check, score Score, duplicateFace, duplicateUser bool) Decision {
	d := Decision{Score: score}
	if c, ok := firstAutoFailure(checks); ok {
		d.Status, d.Code = Rejected, c.Code
		return d
	}
	switch {
	case p.DuplicateFace && duplicateFace:
		d.Status, d.Code = Rejected, DuplicatedFace
		return d
	case duplicateUser:
		d.Status, d.Code = Rejected, DuplicateUser
		return d
	}
	d.Review = append(withOutcome(checks, Fail), withOutcome(checks, Warn)...)
	if score.Total < p.ScoreThreshold {
		d.Review = append(d.Review, Check{Name: "score", Outcome: Warn, Value: score.Total, Threshold: p.ScoreThreshold,
			Reason: "score below the project's threshold"})
	}
	switch {
	case len(d.Review) == 0:
		d.Status = Approved
	case p.AutomatedOnly:
		d.Status, d.Code = Rejected, AutomaticVerificationFail
	default:
		d.Status = Pending
	}
	return d
}
