package submission

import (
	"slices"
	"testing"
	"time"

	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/kyc"
)

func TestEvaluate(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	p := kyc.DefaultPolicy()
	pass := func(n string) document.Check { return document.Check{Name: n, Outcome: document.Pass} }
	id := func(expiry string) *document.Evidence {
		ev := evidence("passport", "1985-03-12", expiry, pass("document.blur"), pass("document.glare"), pass("document.resolution"),
			pass("document.margin"))
		ev.Fields["given_names"] = document.Field{Value: "GILDONG"}
		ev.Portrait = &face.Face{Embedding: []float32{1, 0, 0}}
		return ev
	}
	selfie := func(emb ...float32) *face.Analysis {
		return &face.Analysis{Faces: []face.Face{{Embedding: emb, Liveness: &face.Liveness{Score: 0.95}}}}
	}
	v, err := Evaluate(p, Applicant{Name: "Hong Gildong"}, id("2031-01-01"), selfie(1, 0, 0), now)
	if err != nil || v.Status != kyc.Approved || v.Score == nil || v.Score.Total < p.ScoreThreshold ||
		!slices.Equal(v.Timeline, []string{"created", "id_analyzed", "approved"}) {
		t.Errorf("the holder: %+v %v", v, err)
	}
	has := func(v Verdict, names ...string) bool {
		for _, n := range names {
			if !slices.ContainsFunc(v.Checks, func(c kyc.Check) bool { return c.Name == n }) {
				return false
			}
		}
		return true
	}
	if !has(v, "document.blur", "data.name", "face.similarity", "face.liveness") {
		t.Errorf("checks of the decision: %+v", v.Checks)
	}
	// A retry shows the document's checks too, not only the selfie's.
	v, _ = Evaluate(p, Applicant{}, id("2031-01-01"), selfie(0, 1, 0), now)
	if v.Status != kyc.Incomplete || v.RetryReason == "" || !has(v, "document.blur", "face.similarity") {
		t.Errorf("another face: %+v", v)
	}
	v, _ = Evaluate(p, Applicant{}, id("2031-01-01"), nil, now)
	if v.Status != kyc.Incomplete || v.RetryReason == "" {
		t.Errorf("no face: %+v", v)
	}
	v, _ = Evaluate(p, Applicant{}, id("2020-01-01"), selfie(1, 0, 0), now)
	if v.Status != kyc.Rejected || v.RejectCode != kyc.ExpiredID || v.Reason == "" || len(v.Timeline) != 2 {
		t.Errorf("expired: %+v", v)
	}
}
