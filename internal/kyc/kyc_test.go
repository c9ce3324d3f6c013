package kyc

import (
	"errors"
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func date(y, m, d int) *Date { return &Date{y, m, d} }

// goodID is a valid passport of an adult, issued by South Korea.
func goodID() Document {
	return Document{Type: Passport, Country: "KOR", BirthDate: date(1990, 5, 17), ExpiryDate: date(2030, 1, 1),
		Checks: []Check{{Name: "document.detected", Outcome: Pass}, {Name: "document.blur", Outcome: Pass}}}
}

func goodSelfie() Selfie {
	return Selfie{
		Checks: []Check{{Name: "face.similarity", Outcome: Pass, Value: 0.71}, {Name: "face.liveness", Outcome: Pass, Value: 0.93}},
		Inputs: ScoreInputs{Recognition: 0.95, Completeness: 1, Similarity: 0.71, Liveness: 0.93, Quality: 1},
	}
}

func badSelfie(reason string) Selfie {
	f := goodSelfie()
	f.Checks = []Check{{Name: "face.similarity", Outcome: Fail, Value: 0.12, Reason: reason}}
	return f
}

// started is a submission whose ID passed, awaiting its selfie.
func started(t *testing.T, p Policy) State {
	t.Helper()
	tr, err := New(t0).SubmitID(p, goodID(), t0)
	if err != nil || tr.State.Stage != AwaitingSelfie {
		t.Fatalf("ID not accepted: %+v, %v", tr, err)
	}
	return tr.State
}

// The reference FAQ, sentence by sentence.
func TestFAQIncomplete(t *testing.T) {
	p := DefaultPolicy()
	t.Run("only the ID image submitted: stays incomplete forever", func(t *testing.T) {
		s := started(t, p)
		if s.Status != Incomplete {
			t.Fatalf("status %s", s.Status)
		}
		if s2, changed := s.Expire(p, t0.Add(365*24*time.Hour)); changed || s2.Status != Incomplete {
			t.Errorf("a submission without face data timed out: %+v", s2)
		}
	})
	t.Run("stopped at the retry: incomplete, rejected with timeout after 24 hours", func(t *testing.T) {
		tr, err := started(t, p).SubmitSelfie(p, goodID(), badSelfie("different face"), t0.Add(time.Minute))
		if err != nil || tr.State.Status != Incomplete || tr.AttemptsLeft != 2 || tr.RetryReason != "different face" {
			t.Fatalf("after a failed selfie: %+v, %v", tr, err)
		}
		if s, changed := tr.State.Expire(p, t0.Add(time.Minute+23*time.Hour)); changed {
			t.Errorf("timed out after 23 h: %+v", s)
		}
		s, changed := tr.State.Expire(p, t0.Add(time.Minute+24*time.Hour))
		if !changed || s.Status != Rejected || s.Code != Timeout {
			t.Errorf("not rejected with timeout after 24 h: %+v", s)
		}
		if got := Timeout.Message(MessageArgs{}); got != "KYC rejected due to timeout" {
			t.Errorf("message %q", got)
		}
	})
	t.Run("the timeout is a project option", func(t *testing.T) {
		q := p
		q.IncompleteTimeout = time.Hour
		tr, _ := started(t, q).SubmitSelfie(q, goodID(), badSelfie("no face"), t0)
		if s, changed := tr.State.Expire(q, t0.Add(time.Hour)); !changed || s.Code != Timeout {
			t.Errorf("1-hour timeout not applied: %+v", s)
		}
	})
}

func TestFAQRetries(t *testing.T) {
	p := DefaultPolicy()
	s := started(t, p)
	for i, reason := range []string{"different face", "face not detected", "liveness check failed"} {
		tr, err := s.SubmitSelfie(p, goodID(), badSelfie(reason), t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		s = tr.State
		if i < 2 {
			if s.Status != Incomplete || tr.AttemptsLeft != 2-i || tr.RetryReason != reason {
				t.Fatalf("attempt %d: %+v", i+1, tr)
			}
			continue
		}
		if s.Status != Rejected || s.Code != TooManyRetry {
			t.Fatalf("third failure: %+v", s)
		}
	}
	if got := TooManyRetry.Message(MessageArgs{}); got != "Multiple invalid KYC attempts" {
		t.Errorf("message %q", got)
	}
	// A deleted submission's country is wiped with its personal data.
	if got := BlacklistCountry.Message(MessageArgs{}); got != "According to the policy, we do not accept KYC from this country" {
		t.Errorf("message without a country %q", got)
	}
	if _, err := s.SubmitSelfie(p, goodID(), goodSelfie(), t0.Add(time.Hour)); !errors.Is(err, ErrDecided) {
		t.Errorf("a fourth selfie after the rejection: %v", err)
	}
	t.Run("attempts are a project option", func(t *testing.T) {
		q := p
		q.Attempts = 1
		tr, _ := started(t, q).SubmitSelfie(q, goodID(), badSelfie("different face"), t0)
		if tr.State.Code != TooManyRetry {
			t.Errorf("one attempt allowed, first failure: %+v", tr.State)
		}
	})
	t.Run("a retry that passes decides", func(t *testing.T) {
		tr, _ := started(t, p).SubmitSelfie(p, goodID(), badSelfie("different face"), t0)
		tr, err := tr.State.SubmitSelfie(p, goodID(), goodSelfie(), t0.Add(time.Minute))
		if err != nil || tr.State.Status != Approved || tr.State.Attempts != 2 {
			t.Errorf("second attempt passing: %+v, %v", tr.State, err)
		}
	})
}

// The automatic reject reasons of the FAQ and PRODUCT.md's table.
func TestAutomaticRejects(t *testing.T) {
	tests := []struct {
		name    string
		policy  func(*Policy)
		doc     func(*Document)
		code    RejectCode
		message string
	}{
		{"student card is not a government ID", nil, func(d *Document) { d.Type = NotGovernment }, InvalidAcceptedID, "Unacceptable ID type"},
		{"type outside the accepted ones", func(p *Policy) { p.AcceptedTypes = []DocumentType{Passport} },
			func(d *Document) { d.Type = DriversLicense }, InvalidAcceptedID, ""},
		{"residence permit not accepted by default", nil, func(d *Document) { d.Type = ResidencePermit }, InvalidAcceptedID, ""},
		{"blacklisted issuing country", func(p *Policy) { p.BlacklistedCountries = []string{"PRK"} },
			func(d *Document) { d.Country = "PRK" }, BlacklistCountry, "According to the policy, we do not accept KYC from North Korea"},
		{"outside the allowed countries", func(p *Policy) { p.AllowedCountries = []string{"JPN", "KOR"} },
			func(d *Document) { d.Country = "RUS" }, BlacklistCountry, "According to the policy, we do not accept KYC from Russia"},
		{"under the age limit (13)", func(p *Policy) { p.AgeLimit = 13 },
			func(d *Document) { d.BirthDate = date(2013, 3, 2) }, UnderAgeLimit, "We do not accept KYC from anyone under 13 years old"},
		{"expired", nil, func(d *Document) { d.ExpiryDate = date(2026, 2, 28) }, ExpiredID, ""},
		{"birth year only", nil, func(d *Document) { d.BirthDate = &Date{Year: 1990} }, NoDateOfBirth, ""},
		{"no birth date read", nil, func(d *Document) { d.BirthDate = nil }, NoDateOfBirth, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			if tt.policy != nil {
				tt.policy(&p)
			}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			d := goodID()
			tt.doc(&d)
			tr, err := New(t0).SubmitID(p, d, t0)
			if err != nil {
				t.Fatal(err)
			}
			if tr.State.Status != Rejected || tr.State.Code != tt.code {
				t.Fatalf("got %s %s, want rejected %s", tr.State.Status, tr.State.Code, tt.code)
			}
			if tt.message != "" {
				var reason string
				for _, c := range tr.Checks {
					if c.Code == tt.code && c.Outcome == Fail {
						reason = c.Reason
					}
				}
				msg := tt.code.Message(MessageArgs{Country: CountryName(d.Country), AgeLimit: p.AgeLimit})
				if msg != tt.message || (reason != "" && reason != tt.message && tt.code != InvalidAcceptedID) {
					t.Errorf("message %q, check reason %q, want %q", msg, reason, tt.message)
				}
			}
		})
	}
}

func TestAgeLimitBoundary(t *testing.T) {
	p := DefaultPolicy()
	p.AgeLimit = 18
	for _, tt := range []struct {
		birth Date
		ok    bool
	}{{Date{2008, 3, 1}, true}, {Date{2008, 3, 2}, false}, {Date{2008, 2, 29}, true}} {
		d := goodID()
		d.BirthDate = &tt.birth
		tr, _ := New(t0).SubmitID(p, d, t0)
		if got := tr.State.Status != Rejected; got != tt.ok {
			t.Errorf("born %s, on %s: accepted %v, want %v", tt.birth, t0.Format("2006-01-02"), got, tt.ok)
		}
	}
}

func TestExpiryNotRead(t *testing.T) {
	p := DefaultPolicy()
	for typ, want := range map[DocumentType]Outcome{GovernmentID: Pass, Passport: Warn} {
		d := goodID()
		d.Type, d.ExpiryDate = typ, nil
		for _, c := range PolicyChecks(p, d, t0) {
			if c.Name == "policy.expiry" && c.Outcome != want {
				t.Errorf("%s without expiry: %s, want %s", typ, c.Outcome, want)
			}
		}
	}
}

func TestExpiryBoundary(t *testing.T) {
	for _, tt := range []struct {
		exp     Date
		expired bool
	}{{Date{2026, 3, 1}, false}, {Date{2026, 2, 28}, true}, {Date{2026, 3, 0}, false}, {Date{2026, 2, 0}, true}} {
		if got := expired(tt.exp, t0); got != tt.expired {
			t.Errorf("valid until %v, on %s: expired %v, want %v", tt.exp, t0.Format("2006-01-02"), got, tt.expired)
		}
	}
}

// Image-quality problems ask for another photo and reject nothing, even
// when the unusable photo also "shows" a policy failure.
func TestRecapture(t *testing.T) {
	p := DefaultPolicy()
	d := goodID()
	d.Checks = append(d.Checks, Check{Name: "document.glare", Outcome: Fail, Code: IDImageBadImage, Recapture: true})
	d.ExpiryDate = date(2001, 1, 1)
	tr, err := New(t0).SubmitID(p, d, t0)
	if err != nil || !tr.Recapture || tr.State.Status != Incomplete || tr.State.Stage != AwaitingID {
		t.Fatalf("%+v, %v", tr, err)
	}
	tr, err = tr.State.SubmitID(p, goodID(), t0.Add(time.Minute))
	if err != nil || tr.State.Stage != AwaitingSelfie {
		t.Fatalf("second photo: %+v, %v", tr, err)
	}
}

func TestOrder(t *testing.T) {
	p := DefaultPolicy()
	if _, err := New(t0).SubmitSelfie(p, goodID(), goodSelfie(), t0); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("selfie before the ID: %v", err)
	}
	tr, _ := started(t, p).SubmitSelfie(p, goodID(), badSelfie("x"), t0)
	if _, err := tr.State.SubmitID(p, goodID(), t0); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("a new ID after a selfie: %v", err)
	}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name   string
		policy func(*Policy)
		selfie func(*Selfie)
		doc    func(*Document)
		status Status
		code   RejectCode
	}{
		{"everything passes: approved", nil, nil, nil, Approved, ""},
		{"low similarity score: pending", nil, func(f *Selfie) { f.Inputs.Similarity = 0.3; f.Inputs.Liveness = 0.6 }, nil, Pending, ""},
		{"a warned check needs a person: pending", nil, nil, func(d *Document) {
			d.Checks = append(d.Checks, Check{Name: "document.mrz_agreement", Outcome: Warn, Code: IDImageInvalidID})
		}, Pending, ""},
		{"a failed manual-reason check: pending", nil, nil, func(d *Document) {
			d.Checks = append(d.Checks, Check{Name: "document.printed", Outcome: Fail, Code: IDImageInvalidID})
		}, Pending, ""},
		{"automated only: what would be pending is rejected", func(p *Policy) { p.AutomatedOnly = true },
			func(f *Selfie) { f.Inputs.Similarity = 0.3 }, nil, Rejected, AutomaticVerificationFail},
		{"duplicate face, option on", func(p *Policy) { p.DuplicateFace = true }, func(f *Selfie) { f.DuplicateFace = true }, nil, Rejected, DuplicatedFace},
		{"duplicate face, option off", nil, func(f *Selfie) { f.DuplicateFace = true }, nil, Approved, ""},
		{"duplicate user, option on", func(p *Policy) { p.DuplicateUser = true }, func(f *Selfie) { f.DuplicateUser = true }, nil, Rejected, DuplicateUser},
		{"score threshold is an option", func(p *Policy) { p.ScoreThreshold = 99 }, nil, nil, Pending, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			if tt.policy != nil {
				tt.policy(&p)
			}
			d, f := goodID(), goodSelfie()
			if tt.doc != nil {
				tt.doc(&d)
			}
			if tt.selfie != nil {
				tt.selfie(&f)
			}
			s := started(t, p)
			tr, err := s.SubmitSelfie(p, d, f, t0.Add(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if tr.State.Status != tt.status || tr.State.Code != tt.code {
				t.Errorf("got %s %q, want %s %q", tr.State.Status, tr.State.Code, tt.status, tt.code)
			}
		})
	}
}

func TestReview(t *testing.T) {
	p := DefaultPolicy()
	f := goodSelfie()
	f.Inputs.Similarity = 0.3
	tr, _ := started(t, p).SubmitSelfie(p, goodID(), f, t0)
	pending := tr.State
	if pending.Status != Pending {
		t.Fatalf("not pending: %+v", pending)
	}
	if s, err := pending.Review(true, "", "looks right", t0); err != nil || s.Status != Approved {
		t.Errorf("approve: %+v, %v", s, err)
	}
	for _, code := range []RejectCode{IDImageBadImage, IDImageInvalidID, IDImageInvalidImage, IDInfoDataMismatch} {
		if s, err := pending.Review(false, code, "", t0); err != nil || s.Status != Rejected || s.Code != code {
			t.Errorf("reject %s: %+v, %v", code, s, err)
		}
	}
	for _, tt := range []struct {
		approve bool
		code    RejectCode
		comment string
	}{{false, TooManyRetry, ""}, {false, "nonsense", ""}, {false, Other, ""}, {true, IDImageBadImage, ""}} {
		if _, err := pending.Review(tt.approve, tt.code, tt.comment, t0); !errors.Is(err, ErrBadReview) {
			t.Errorf("review %+v accepted: %v", tt, err)
		}
	}
	if s, err := pending.Review(false, Other, "photo of a screen", t0); err != nil || s.Comment != "photo of a screen" {
		t.Errorf("other with comment: %+v, %v", s, err)
	}
	approved, _ := pending.Review(true, "", "", t0)
	if _, err := approved.Review(false, IDImageBadImage, "", t0); !errors.Is(err, ErrNotPending) {
		t.Errorf("reviewing a decided submission: %v", err)
	}
}

func TestCodes(t *testing.T) {
	manual := map[RejectCode]bool{IDImageBadImage: true, IDImageInvalidID: true, IDImageInvalidImage: true, IDInfoDataMismatch: true, Other: true}
	codes := Codes()
	if len(codes) != 15 {
		t.Fatalf("%d codes, PRODUCT.md lists 15", len(codes))
	}
	for _, c := range codes {
		if !c.Valid() || c.Manual() != manual[c] || c.Message(MessageArgs{}) == "" {
			t.Errorf("%s: valid %v manual %v message %q", c, c.Valid(), c.Manual(), c.Message(MessageArgs{}))
		}
	}
	if RejectCode("nope").Valid() {
		t.Error("unknown code valid")
	}
}

func TestPolicyValidate(t *testing.T) {
	if err := DefaultPolicy().Validate(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	for name, mod := range map[string]func(*Policy){
		"no accepted type":       func(p *Policy) { p.AcceptedTypes = nil },
		"student cards accepted": func(p *Policy) { p.AcceptedTypes = []DocumentType{NotGovernment} },
		"bad country code":       func(p *Policy) { p.BlacklistedCountries = []string{"korea"} },
		"negative age":           func(p *Policy) { p.AgeLimit = -1 },
		"score over 100":         func(p *Policy) { p.ScoreThreshold = 101 },
		"similarity 1":           func(p *Policy) { p.SimilarityThreshold = 1 },
		"no attempt":             func(p *Policy) { p.Attempts = 0 },
		"timeout under a second": func(p *Policy) { p.IncompleteTimeout = 500 * time.Millisecond },
		"unknown liveness mode":  func(p *Policy) { p.LivenessMode = "psychic" },
		"face age without limit": func(p *Policy) { p.FaceAgeCheck = true },
		"negative retention":     func(p *Policy) { p.RetentionDays = -1 },
	} {
		p := DefaultPolicy()
		mod(&p)
		if err := p.Validate(); !errors.Is(err, ErrInvalidPolicy) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestScore(t *testing.T) {
	p := DefaultPolicy()
	perfect := ComputeScore(p, ScoreInputs{Recognition: 1, Completeness: 1, Similarity: 1, Liveness: 1, Quality: 1})
	if perfect.Total != 100 {
		t.Errorf("perfect score %d", perfect.Total)
	}
	var sum float64
	for _, part := range perfect.Parts {
		sum += float64(part.Weight)
	}
	if sum != 100 {
		t.Errorf("weights sum to %g", sum)
	}
	atThreshold := ComputeScore(p, ScoreInputs{Similarity: p.SimilarityThreshold})
	if got := atThreshold.Parts[2]; got.Name != "face_similarity" || got.Value != 0.5 {
		t.Errorf("similarity at the threshold: %+v, want half", got)
	}
	if s := ComputeScore(p, ScoreInputs{Similarity: -1, Liveness: 2}); s.Parts[2].Value != 0 || s.Parts[3].Value != 1 {
		t.Errorf("values not clamped: %+v", s.Parts)
	}
	if s := goodSelfie(); ComputeScore(p, s.Inputs).Total < p.ScoreThreshold {
		t.Errorf("a good submission scores under the default threshold: %+v", ComputeScore(p, s.Inputs))
	}
}

func TestLookbacks(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	p := DefaultPolicy()
	if l := p.Lookbacks(now); len(l) != 0 {
		t.Errorf("options off: %v", l)
	}
	p.DuplicateUser = true
	if l := p.Lookbacks(now); len(l) != 1 || l[0].Status != Approved || !l[0].Since.IsZero() {
		t.Errorf("duplicate user, approvals ever: %v", l)
	}
	p.ApprovedPeriod, p.RejectedPeriod = 30*24*time.Hour, 7*24*time.Hour
	l := p.Lookbacks(now)
	if len(l) != 2 || !l[0].Since.Equal(now.AddDate(0, 0, -30)) || l[1].Status != Rejected || !l[1].Since.Equal(now.AddDate(0, 0, -7)) {
		t.Errorf("periods: %v", l)
	}
	q := DefaultPolicy()
	q.ApprovedPeriod = time.Hour
	if err := q.Validate(); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("approved period without duplicate user: %v", err)
	}
	q = DefaultPolicy()
	q.RejectedPeriod = time.Hour
	if err := q.Validate(); err != nil {
		t.Errorf("rejected period alone: %v", err)
	}
}

func TestOverrides(t *testing.T) {
	p := DefaultPolicy()
	p.AgeLimit, p.FaceAgeCheck = 19, true
	nineteen, off := 19, 0
	if _, err := (Overrides{AgeLimit: &off}).Apply(p); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("an override the project does not allow: %v", err)
	}
	p.Overridable = []string{"age_limit", "allowed_countries"}
	q, err := (Overrides{AgeLimit: &off, AllowedCountries: []string{"KOR"}}).Apply(p)
	if err != nil || q.AgeLimit != 0 || q.FaceAgeCheck || !slices.Equal(q.AllowedCountries, []string{"KOR"}) || q.ScoreThreshold != p.ScoreThreshold {
		t.Errorf("allowed overrides: %+v %v", q, err)
	}
	if q, err := (Overrides{AgeLimit: &nineteen}).Apply(p); err != nil || q.AgeLimit != 19 || !q.FaceAgeCheck {
		t.Errorf("same age limit: %+v %v", q, err)
	}
	if _, err := (Overrides{AllowedCountries: []string{"korea"}}).Apply(p); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("an override that makes an invalid policy: %v", err)
	}
	if _, err := (Overrides{AcceptedTypes: []DocumentType{Passport}}).Apply(p); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("accepted types, not overridable here: %v", err)
	}
	if q, err := (Overrides{}).Apply(p); err != nil || q.AgeLimit != 19 {
		t.Errorf("no override: %+v %v", q, err)
	}
	p.Overridable = []string{"score_threshold"}
	if err := p.Validate(); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("score_threshold overridable: %v", err)
	}
}
