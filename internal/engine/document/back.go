package document

import (
	"slices"
	"strings"

	"openkyc/internal/engine/textnorm"
)

// MergeBack adds what the back of a card shows to the evidence of its
// front. Most national ID cards and residence permits print the MRZ on
// the back: its fields fill what the front lacks, and where its check
// digits hold they win over the front's print as on a passport page,
// a difference counting against mrz_agreement. The back's own image
// checks come under document.back.*, so that a blurred back asks for
// another photo of the back. The checks are judged again afterwards.
func (e *Engine) MergeBack(front, back *Evidence) {
	if !back.Found {
		front.Checks = append(Checks(front, e.now()), Check{Name: "document.back.detected", Outcome: Fail,
			Code: "id_image_invalidImage", Recapture: true, Reason: "no identity document found in the photo of the back"})
		return
	}
	verified := back.MRZ != nil && back.MRZ.Valid
	for name, f := range back.Fields {
		cur, ok := front.Fields[name]
		switch {
		case !ok:
			front.Fields[name] = f
		case f.Source == "mrz" && verified:
			if !(isName(name) && sameName(cur.Value, f.Value)) && !textnorm.Equal(name, cur.Value, f.Value) {
				front.Disagreements = append(front.Disagreements, name)
			}
			if !(isName(name) && sameName(cur.Value, f.Value) && latinOnly(cur.Value)) {
				front.Fields[name] = f
			}
		}
	}
	slices.Sort(front.Disagreements)
	front.Disagreements = slices.Compact(front.Disagreements)
	if front.MRZ == nil {
		front.MRZ = back.MRZ
	}
	if front.IssuingCountry == "" {
		front.IssuingCountry = back.IssuingCountry
	}
	if front.DocumentType == "" {
		front.DocumentType = back.DocumentType
	}
	for stage, d := range back.Stages {
		front.Stages["back."+stage] += d
	}
	front.Checks = append(Checks(front, e.now()), backChecks(back)...)
}

// backChecks are the back photo's image checks, renamed.
func backChecks(back *Evidence) []Check {
	var out []Check
	for _, c := range qualityChecks(back) {
		c.Name = "document.back." + strings.TrimPrefix(c.Name, "document.")
		out = append(out, c)
	}
	return out
}
