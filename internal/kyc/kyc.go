// Package kyc is the domain of a verification: statuses, reject codes, the
// project's policy, the state machine a submission follows and the
// decision at its end. It is pure — no I/O, no clock of its own, nothing
// of ours imported — so that every rule of PRODUCT.md and of the reference
// FAQ is a table-tested function. The surfaces and the workers call it; it
// never calls them.
package kyc

import (
	"fmt"
	"strings"
)

// Status is where a submission stands.
type Status string

// Statuses (PRODUCT.md "Lifecycle").
const (
	// Incomplete: the applicant has not finished; the data needed to
	// decide is missing, or a selfie retry is awaited.
	Incomplete Status = "incomplete"
	// Pending: everything was collected and a reviewer must decide.
	Pending Status = "pending"
	// Approved and Rejected are decisions; Rejected carries a RejectCode.
	Approved Status = "approved"
	Rejected Status = "rejected"
)

// Decided reports whether s is a decision (approved or rejected).
func (s Status) Decided() bool { return s == Approved || s == Rejected }

// RejectCode says why a submission was rejected.
type RejectCode string

// Reject codes decided by the server (PRODUCT.md "Reject codes").
const (
	TooManyRetry              RejectCode = "too_many_retry"
	Timeout                   RejectCode = "timeout"
	InvalidAcceptedID         RejectCode = "invalid_acceptedID"
	BlacklistCountry          RejectCode = "blacklistCountry"
	UnderAgeLimit             RejectCode = "under_ageLimit"
	ExpiredID                 RejectCode = "expired_id"
	NoDateOfBirth             RejectCode = "no_date_of_birth"
	DuplicatedFace            RejectCode = "duplicated_face"
	DuplicateUser             RejectCode = "duplicate_user"
	AutomaticVerificationFail RejectCode = "automatic_verification_fail"
)

// Reject codes a reviewer picks. The engine raises the same conditions as
// failed or warned checks, so that the reviewer sees why.
const (
	IDImageBadImage     RejectCode = "id_image_badImage"
	IDImageInvalidID    RejectCode = "id_image_invalidId"
	IDImageInvalidImage RejectCode = "id_image_invalidImage"
	IDInfoDataMismatch  RejectCode = "id_info_dataMismatch"
	Other               RejectCode = "other"
)

// codeInfo is what the product says of each code: whether a reviewer
// picks it and the message shown to integrators and applicants.
var codeInfo = map[RejectCode]struct {
	manual  bool
	message string
}{
	TooManyRetry:              {false, "Multiple invalid KYC attempts"},
	Timeout:                   {false, "KYC rejected due to timeout"},
	InvalidAcceptedID:         {false, "Unacceptable ID type"},
	BlacklistCountry:          {false, "According to the policy, we do not accept KYC from {country}"},
	UnderAgeLimit:             {false, "We do not accept KYC from anyone under {N} years old"},
	ExpiredID:                 {false, "The ID document has expired"},
	NoDateOfBirth:             {false, "The ID does not show a full date of birth"},
	DuplicatedFace:            {false, "The face matches another applicant's approved verification"},
	DuplicateUser:             {false, "This applicant has already been through verification"},
	AutomaticVerificationFail: {false, "Automatic verification failed"},
	IDImageBadImage:           {true, "Fail to read the ID image"},
	IDImageInvalidID:          {true, "Invalid ID document"},
	IDImageInvalidImage:       {true, "ID document not detected"},
	IDInfoDataMismatch:        {true, "The data entered does not match the ID"},
	Other:                     {true, "Other"},
}

// Codes lists every reject code, server-decided first, in PRODUCT.md's order.
func Codes() []RejectCode {
	return []RejectCode{TooManyRetry, Timeout, InvalidAcceptedID, BlacklistCountry, UnderAgeLimit, ExpiredID,
		NoDateOfBirth, DuplicatedFace, DuplicateUser, AutomaticVerificationFail,
		IDImageBadImage, IDImageInvalidID, IDImageInvalidImage, IDInfoDataMismatch, Other}
}

// Valid reports whether c is a known code.
func (c RejectCode) Valid() bool { _, ok := codeInfo[c]; return ok }

// Manual reports whether c is one a reviewer picks.
func (c RejectCode) Manual() bool { return codeInfo[c].manual }

// MessageArgs fill a message's placeholders.
type MessageArgs struct {
	Country  string // the issuing country's name, for {country}
	AgeLimit int    // for {N}
}

// Message is the human-readable reason for c, placeholders filled.
func (c RejectCode) Message(a MessageArgs) string {
	info, ok := codeInfo[c]
	if !ok {
		return string(c)
	}
	country := a.Country
	if country == "" {
		// Unknown, or wiped with the personal data of a deleted submission.
		country = "this country"
	}
	return strings.NewReplacer("{country}", country, "{N}", fmt.Sprint(a.AgeLimit)).Replace(info.message)
}
