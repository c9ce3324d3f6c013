package document

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Outcome is the result of one check.
type Outcome string

// Outcomes: a warning needs a person to look; a failure decides on its own.
const (
	Pass Outcome = "pass"
	Warn Outcome = "warn"
	Fail Outcome = "fail"
)

// Check is one condition of a valid ID with its evidence. Code is the
// reject code (PRODUCT.md) a failure maps to; Recapture says the applicant
// should simply take the photo again (image quality, not policy).
type Check struct {
	Name      string  `json:"name"`
	Outcome   Outcome `json:"outcome"`
	Value     any     `json:"value,omitempty"`
	Threshold any     `json:"threshold,omitempty"`
	Reason    string  `json:"reason,omitempty"`
	Code      string  `json:"code,omitempty"`
	Recapture bool    `json:"recapture,omitempty"`
}

// Thresholds of the document checks. docs/accuracy.md says how each was
// chosen and what it costs.
const (
	// MinLegibleConfidence is the mean recognition confidence of the
	// document's text below which it is not legible (fail) …
	MinLegibleConfidence = 0.60
	// … and WarnLegibleConfidence the level below which a person checks.
	WarnLegibleConfidence = 0.80
	// MinPrintedConfidence: machine print reads with high, even confidence;
	// handwriting with low, scattered confidence. The name and date lines
	// averaging below this are flagged as possibly handwritten (warn only:
	// the signal is weak, see docs/accuracy.md).
	MinPrintedConfidence = 0.70
	// MinSharpness is the variance of the Laplacian of the rectified
	// document (long side 1000 px) below which it is too blurred to trust.
	MinSharpness = 60.0
	// MaxGlare is the share of the document covered by saturated specular
	// blobs above which it must be retaken; WarnGlare starts a warning.
	MaxGlare  = 0.05
	WarnGlare = 0.015
	// MinTextHeight is the median text-line height, in pixels of the
	// original photo, below which characters are too small to read reliably.
	MinTextHeight = 12.0
	// MinMargin is the smallest gap between the document and the photo's
	// edge, as a share of the photo's short side: a document touching the
	// edge may be cut off (a recapture reason).
	MinMargin = 0.01
)

// GovernmentTypes are the document types a KYC accepts as government-issued.
var GovernmentTypes = []string{"passport", "id_card", "drivers_license", "residence_permit", "visa"}

// AllowedScripts are the scripts a valid ID may be printed in.
var AllowedScripts = []string{"latin", "hangul", "han", "japanese", "cyrillic"}

// Checks evaluates every condition of a valid ID on the evidence, as of now.
// It is a pure function of its inputs, so the decision can be replayed.
func Checks(ev *Evidence, now time.Time) []Check {
	if !ev.Found {
		return []Check{{Name: "document.detected", Outcome: Fail, Code: "id_image_invalidImage", Recapture: true,
			Reason: "no identity document found in the image"}}
	}
	cs := []Check{{Name: "document.detected", Outcome: Pass, Value: ev.Method}}
	cs = append(cs, typeCheck(ev), portraitCheck(ev), nameCheck(ev), birthCheck(ev, now), expiryCheck(ev, now),
		scriptCheck(ev), legibleCheck(ev), printedCheck(ev))
	cs = append(cs, qualityChecks(ev)...)
	cs = append(cs, mrzChecks(ev)...)
	return cs
}

func typeCheck(ev *Evidence) Check {
	c := Check{Name: "document.type", Value: ev.DocumentType}
	switch {
	case slices.Contains(GovernmentTypes, ev.DocumentType):
		c.Outcome = Pass
	case ev.DocumentType == "other":
		c.Outcome, c.Code, c.Reason = Fail, "invalid_acceptedID", "not a government-issued ID (student, employee, membership or bank card)"
	default:
		c.Outcome, c.Code, c.Reason = Warn, "id_image_invalidId", "document type not recognised"
	}
	return c
}

func portraitCheck(ev *Evidence) Check {
	if ev.Portrait == nil {
		return Check{Name: "document.portrait", Outcome: Fail, Code: "id_image_invalidId", Reason: "no face photo on the document"}
	}
	return Check{Name: "document.portrait", Outcome: Pass, Value: fmt.Sprintf("%.0f px", ev.Portrait.Quality.Size)}
}

func nameCheck(ev *Evidence) Check {
	c := Check{Name: "document.full_name"}
	sur, given, native := ev.Fields["surname"].Value, ev.Fields["given_names"].Value, ev.Fields["full_name_native"].Value
	switch {
	case sur != "" && given != "":
		c.Outcome, c.Value = Pass, strings.TrimSpace(given+" "+sur)
	case native != "" && len([]rune(strings.ReplaceAll(native, " ", ""))) >= 2:
		c.Outcome, c.Value = Pass, native
	case sur != "" || given != "":
		c.Outcome, c.Code, c.Reason = Warn, "id_image_invalidId", "only part of the name was read"
	default:
		c.Outcome, c.Code, c.Reason = Fail, "id_image_invalidId", "no name found on the document"
	}
	return c
}

func birthCheck(ev *Evidence, now time.Time) Check {
	c := Check{Name: "document.birth_date"}
	v := ev.Fields["birth_date"].Value
	d, full := parseISO(v)
	switch {
	case v == "":
		c.Outcome, c.Code, c.Reason = Fail, "no_date_of_birth", "no date of birth found"
	case !full:
		c.Outcome, c.Code, c.Reason, c.Value = Fail, "no_date_of_birth", "the date of birth is not complete (year and month and day)", v
	case d.After(now):
		c.Outcome, c.Code, c.Reason, c.Value = Fail, "id_image_invalidId", "the date of birth is in the future", v
	default:
		c.Outcome, c.Value = Pass, v
	}
	return c
}

func expiryCheck(ev *Evidence, now time.Time) Check {
	c := Check{Name: "document.expiry"}
	v := ev.Fields["expiry_date"].Value
	d, full := parseISO(v)
	switch {
	case v == "" || !full:
		// Some IDs (Korean resident cards) never expire.
		c.Outcome, c.Reason, c.Value = Pass, "no expiry date printed", v
	case d.Before(now.Truncate(24 * time.Hour)):
		c.Outcome, c.Code, c.Reason, c.Value = Fail, "expired_id", "the document expired on "+v, v
	default:
		c.Outcome, c.Value = Pass, v
	}
	return c
}

func scriptCheck(ev *Evidence) Check {
	c := Check{Name: "document.script", Value: ev.Script}
	switch {
	case ev.Script == "":
		c.Outcome, c.Reason = Warn, "script not determined"
	case slices.Contains(AllowedScripts, ev.Script):
		c.Outcome = Pass
	default:
		c.Outcome, c.Code, c.Reason = Fail, "id_image_invalidId", "printed in an unsupported script"
	}
	return c
}

func legibleCheck(ev *Evidence) Check {
	c := Check{Name: "document.legible", Value: round2(ev.MeanConfidence), Threshold: MinLegibleConfidence}
	switch {
	case len(ev.Lines) == 0:
		c.Outcome, c.Code, c.Reason, c.Recapture = Fail, "id_image_badImage", "no text could be read", true
	case ev.MeanConfidence < MinLegibleConfidence:
		c.Outcome, c.Code, c.Reason, c.Recapture = Fail, "id_image_badImage", "the characters are not recognisable", true
	case ev.MeanConfidence < WarnLegibleConfidence:
		c.Outcome, c.Reason = Warn, "parts of the text are hard to read"
	default:
		c.Outcome = Pass
	}
	return c
}

func printedCheck(ev *Evidence) Check {
	c := Check{Name: "document.printed", Value: round2(ev.FieldConfidence), Threshold: MinPrintedConfidence}
	if ev.FieldConfidence > 0 && ev.FieldConfidence < MinPrintedConfidence {
		c.Outcome, c.Code, c.Reason = Warn, "id_image_invalidId", "name and date lines read with low confidence: possibly handwritten"
	} else {
		c.Outcome = Pass
	}
	return c
}

func qualityChecks(ev *Evidence) []Check {
	q := ev.Quality
	blur := Check{Name: "document.blur", Value: round2(q.Sharpness), Threshold: MinSharpness, Outcome: Pass}
	if q.Sharpness < MinSharpness {
		blur.Outcome, blur.Code, blur.Reason, blur.Recapture = Fail, "id_image_badImage", "the document is blurred", true
	}
	glare := Check{Name: "document.glare", Value: round2(q.Glare), Threshold: MaxGlare, Outcome: Pass}
	switch {
	case q.Glare > MaxGlare:
		glare.Outcome, glare.Code, glare.Reason, glare.Recapture = Fail, "id_image_badImage", "glare or a holographic reflection covers part of the document", true
	case q.Glare > WarnGlare:
		glare.Outcome, glare.Reason = Warn, "some glare on the document"
	}
	res := Check{Name: "document.resolution", Value: round2(q.TextHeight), Threshold: MinTextHeight, Outcome: Pass}
	if q.TextHeight > 0 && q.TextHeight < MinTextHeight {
		res.Outcome, res.Code, res.Reason, res.Recapture = Fail, "id_image_badImage", "the text is too small: move closer", true
	}
	margin := Check{Name: "document.margin", Value: round2(ev.Margin), Threshold: MinMargin, Outcome: Pass}
	if ev.Method != "scan" && ev.Margin < MinMargin {
		margin.Outcome, margin.Code, margin.Reason, margin.Recapture = Fail, "id_image_badImage", "the document touches the edge of the photo: leave a little space around it", true
	}
	return []Check{blur, glare, res, margin}
}

func mrzChecks(ev *Evidence) []Check {
	if ev.MRZ == nil {
		return nil
	}
	cs := []Check{}
	sum := Check{Name: "document.mrz_checksum", Value: ev.MRZ.Format, Outcome: Pass}
	if !ev.MRZ.Valid {
		sum.Outcome, sum.Code = Warn, "id_image_invalidId"
		sum.Reason = "MRZ check digits fail: " + strings.Join(ev.MRZ.FailedChecks, ", ")
	}
	cs = append(cs, sum)
	agree := Check{Name: "document.mrz_agreement", Outcome: Pass}
	if len(ev.Disagreements) > 0 {
		agree.Outcome, agree.Code = Warn, "id_image_invalidId"
		agree.Reason = "MRZ and printed fields differ: " + strings.Join(ev.Disagreements, ", ")
	}
	return append(cs, agree)
}

// parseISO reads YYYY-MM-DD; full is false for YYYY or YYYY-MM.
func parseISO(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
