package e2e

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/kyc"
	"openkyc/internal/webhook"
)

// suite is one database's run: one server shared by the subtests, each
// of which works in a project of its own (created with the CLI) unless it
// says otherwise, so that their options never clash.
type suite struct {
	dialect db.Dialect
	srv     *server
	dbURL   string
	fx      *fixtures
	// approved is a submission the first test approved in the default
	// project; the bad-input test checks it is intact afterwards.
	approved string
}

// TestE2E runs the suite on SQLite, then on PostgreSQL.
func TestE2E(t *testing.T) {
	for _, d := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			if bin == "" {
				t.Skip("the end-to-end suite does not run in -short mode")
			}
			cfg := dbtest.Config(t, d) // skips PostgreSQL without OPENKYC_TEST_DATABASE_URL
			dataDir := cfg.DataDir
			if dataDir == "" {
				dataDir = t.TempDir()
			}
			s := &suite{dialect: d, dbURL: cfg.URL, fx: images(t)}
			// The sweeper runs every half second, for the timeout test.
			s.srv = newServer(t, dataDir, cfg.URL, "OPENKYC_SWEEP_INTERVAL=500ms")
			s.srv.start(t)

			t.Run("approved", s.testApproved)
			t.Run("retries", s.testRetries)
			t.Run("policy", s.testPolicy)
			t.Run("pending then reviewed", s.testReview)
			t.Run("delete wipes", s.testDelete)
			t.Run("bad inputs", s.testBadInputs)
			t.Run("openapi", s.testOpenAPI)
			// The newest features (webhooks API, PATCH, second-scale
			// timeouts and sweeps, job rescue, /metrics) come last.
			t.Run("webhooks", s.testWebhooks)
			t.Run("timeout", s.testTimeout)
			t.Run("metrics", s.testMetrics)
			t.Run("restart", s.testRestart)
			t.Run("server log", func(t *testing.T) { checkLog(t, s.srv) })
		})
	}
}

// livenessOff lets the tests' selfie through: it is the ID card's portrait
// photographed again, which passive liveness rightly takes for a spoof.
func livenessOff(t *testing.T, c *client) {
	t.Helper()
	c.setOptions(t, map[string]any{"liveness_threshold": 0})
}

// holderName is the holder's name as an applicant would type it: given
// names first, in mixed case, without the accents the passport prints.
func (s *suite) holderName() string {
	f := s.fx.holder.truth.Fields
	name := norm.NFKD.String(strings.ToLower(f.GivenNames) + " " + f.Surname)
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, name)
}

// 1. The happy path: ID, then the holder's selfie; and both in one call.
func (s *suite) testApproved(t *testing.T) {
	c := s.srv.defaultProject() // the project and key the first start printed
	livenessOff(t, c)
	h := s.fx.holder

	sub := c.create(t, map[string]string{"userid": "u-approved", "email": "approved@example.com", "cf1": "order-1"}, nil)
	if sub.Status != "incomplete" || sub.Stage != "awaiting_id" || sub.Applicant["userid"] != "u-approved" ||
		sub.Applicant["email"] != "approved@example.com" || sub.Applicant["cf1"] != "order-1" {
		t.Fatalf("created: %s applicant %v", sub, sub.Applicant)
	}
	sub = c.uploadID(t, sub.ID, h.photo)
	if sub.Status != "incomplete" || sub.Stage != "awaiting_selfie" || sub.Recapture {
		t.Fatalf("after the ID: %s", sub)
	}
	if !strings.EqualFold(sub.Fields["surname"], h.truth.Fields.Surname) || sub.Fields["birth_date"] != h.truth.Fields.BirthDate ||
		sub.Fields["expiry_date"] != h.truth.Fields.ExpiryDate {
		t.Errorf("fields read %v, the card says %+v", sub.Fields, *h.truth.Fields)
	}
	sub = c.uploadSelfie(t, sub.ID, h.selfie)
	if sub.Status != "approved" || sub.Stage != "done" || sub.RejectCode != "" || sub.DecidedAt == nil {
		t.Fatalf("after the selfie: %s", sub)
	}
	if sub.Score == nil || sub.Score.Total < kyc.DefaultScoreThreshold || sub.Score.Total > 100 || len(sub.Score.Parts) == 0 {
		t.Errorf("score %+v", sub.Score)
	}
	// Every check has its evidence; the face match shows value and
	// threshold.
	for _, c := range sub.Checks {
		if c.Name == "" || !slices.Contains([]string{"pass", "warn", "fail"}, c.Outcome) {
			t.Errorf("check %+v", c)
		}
		if c.Outcome == "fail" {
			t.Errorf("an approved submission with a failed check: %+v", c)
		}
	}
	for _, name := range []string{"face.similarity", "face.liveness", "policy.expiry", "policy.id_type"} {
		if sub.check(name) == nil {
			t.Errorf("no %s check in %s", name, sub)
		}
	}
	if sim := sub.check("face.similarity"); sim != nil {
		v, vok := sim.Value.(float64)
		th, tok := sim.Threshold.(float64)
		if !vok || !tok || v < th || sim.Outcome != "pass" {
			t.Errorf("face.similarity %+v", *sim)
		}
	}
	// The timeline: created, the ID, the selfie, the decision, in order.
	kinds := sub.kinds()
	iID, iSelfie := slices.Index(kinds, "id_uploaded"), slices.Index(kinds, "selfie_uploaded")
	if len(kinds) < 4 || kinds[0] != "created" || iID < 0 || iSelfie < iID || kinds[len(kinds)-1] != "approved" {
		t.Errorf("timeline %v", kinds)
	}
	for i, e := range sub.Timeline {
		if e.At.IsZero() || i > 0 && e.At.Before(sub.Timeline[i-1].At) {
			t.Errorf("timeline times out of order: %+v", sub.Timeline)
			break
		}
	}
	// The images come back as they were sent, never cached.
	for name, want := range map[string][]byte{"id-front": h.photo, "selfie-1": h.selfie} {
		r := c.do(t, http.MethodGet, "/v1/submissions/"+sub.ID+"/images/"+name, nil, nil).expect(t, http.StatusOK)
		if string(r.Body) != string(want) || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("image %s: %d bytes (sent %d), Cache-Control %q", name, len(r.Body), len(want), r.Header.Get("Cache-Control"))
		}
	}
	s.approved = sub.ID

	// Both images in one call; the typed name and birth date match the
	// card.
	both := c.create(t, map[string]string{"email": "both@example.com", "name": s.holderName(), "birth_date": h.truth.Fields.BirthDate},
		map[string][]byte{"id_front": h.photo, "selfie": h.selfie})
	if both.Status != "approved" || both.Score == nil {
		t.Fatalf("ID and selfie in one call: %s", both)
	}
	for _, name := range []string{"data.name", "data.birth_date"} {
		if c := both.check(name); c == nil || c.Outcome != "pass" {
			t.Errorf("%s: %+v", name, c)
		}
	}

	// Lookups: by user id, and by status a page at a time.
	var list struct {
		Items      []submission `json:"items"`
		NextCursor string       `json:"next_cursor"`
	}
	c.do(t, http.MethodGet, "/v1/submissions?userid=u-approved", nil, nil).expect(t, http.StatusOK).decode(t, &list)
	if len(list.Items) != 1 || list.Items[0].ID != sub.ID || list.Items[0].Status != "approved" {
		t.Errorf("list by userid: %+v", list.Items)
	}
	seen := map[string]bool{}
	for cursor, page := "", 0; page == 0 || cursor != ""; page++ {
		list.NextCursor = ""
		c.do(t, http.MethodGet, "/v1/submissions?status=approved&limit=1&cursor="+url.QueryEscape(cursor), nil, nil).
			expect(t, http.StatusOK).decode(t, &list)
		if len(list.Items) > 1 || page > 5 {
			t.Fatalf("page %d: %d items", page, len(list.Items))
		}
		for _, it := range list.Items {
			seen[it.ID] = true
		}
		cursor = list.NextCursor
	}
	if !seen[sub.ID] || !seen[both.ID] || len(seen) != 2 {
		t.Errorf("pages of approved submissions: %v, want %s and %s", seen, sub.ID, both.ID)
	}
}

// 2. Three selfies of someone else: two retries, then too_many_retry.
func (s *suite) testRetries(t *testing.T) {
	c := s.srv.newProject(t, "retries")
	sub := c.create(t, map[string]string{"userid": "u-retry"}, map[string][]byte{"id_front": s.fx.holder.photo})
	if sub.Stage != "awaiting_selfie" {
		t.Fatalf("after the ID: %s", sub)
	}
	for attempt := 1; attempt <= 3; attempt++ {
		sub = c.uploadSelfie(t, sub.ID, s.fx.stranger)
		if sub.Attempts != attempt {
			t.Errorf("attempt %d: attempts = %d", attempt, sub.Attempts)
		}
		if attempt < 3 {
			if sub.Status != "incomplete" || sub.AttemptsLeft != 3-attempt || sub.RetryReason == "" || sub.RejectCode != "" {
				t.Fatalf("attempt %d: want a retry with %d attempts left and a reason: %s", attempt, 3-attempt, sub)
			}
			t.Logf("attempt %d: retry reason %q", attempt, sub.RetryReason)
			continue
		}
		if sub.Status != "rejected" || sub.RejectCode != string(kyc.TooManyRetry) || sub.RejectReason != "Multiple invalid KYC attempts" ||
			sub.Stage != "done" {
			t.Fatalf("third attempt: %s", sub)
		}
	}
	if sim := sub.check("face.similarity"); sim == nil || sim.Outcome != "fail" {
		t.Errorf("face.similarity of a stranger: %+v", sim)
	}
	if n := count(sub.kinds(), "retry"); n != 2 || sub.kinds()[len(sub.kinds())-1] != "rejected" {
		t.Errorf("timeline %v: want 2 retries, then rejected", sub.kinds())
	}
	// A decided submission takes no more selfies.
	c.post(t, "/v1/submissions/"+sub.ID+"/selfie", nil, map[string][]byte{"selfie": s.fx.holder.selfie}).problem(t, http.StatusConflict)
}

func count(xs []string, x string) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}

// 3. Policy failures reject at the ID, each with its code and message.
func (s *suite) testPolicy(t *testing.T) {
	c := s.srv.newProject(t, "policy")
	base := c.options(t)
	h := s.fx.holder
	country := h.truth.IssuingCountry
	other := "FRA"
	if country == other {
		other = "DEU"
	}
	age := h.age(time.Now().UTC())
	cases := []struct {
		name    string
		options map[string]any
		photo   []byte
		code    kyc.RejectCode // empty: not rejected
		reason  string         // empty: any
		check   string         // the failed check that explains it
	}{
		{"control: default policy", nil, h.photo, "", "", ""},
		{"blacklisted country", map[string]any{"blacklisted_countries": []string{country}}, h.photo, kyc.BlacklistCountry,
			"According to the policy, we do not accept KYC from " + countryName(country), "policy.country"},
		{"country not allowed", map[string]any{"allowed_countries": []string{other}}, h.photo, kyc.BlacklistCountry,
			"According to the policy, we do not accept KYC from " + countryName(country), "policy.country"},
		{"under age", map[string]any{"age_limit": age + 1}, h.photo, kyc.UnderAgeLimit,
			fmt.Sprintf("We do not accept KYC from anyone under %d years old", age+1), "policy.age"},
		{"expired document", nil, s.fx.expired.photo, kyc.ExpiredID, "", "policy.expiry"},
		{"ID type not accepted", map[string]any{"accepted_types": []string{"drivers_license", "government_id"}}, h.photo,
			kyc.InvalidAcceptedID, "", "policy.id_type"},
		{"year-only birth date", nil, s.fx.yearOnly.photo, kyc.NoDateOfBirth, "", "policy.birth_date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := map[string]any{}
			for k, v := range base {
				opts[k] = v
			}
			for k, v := range tc.options {
				opts[k] = v
			}
			c.setOptions(t, opts)
			sub := c.create(t, map[string]string{"userid": "u-policy"}, map[string][]byte{"id_front": tc.photo})
			if tc.code == "" {
				if sub.Status != "incomplete" || sub.Stage != "awaiting_selfie" {
					t.Fatalf("the card passes the default policy: %s", sub)
				}
				return
			}
			if sub.Status != "rejected" || sub.RejectCode != string(tc.code) || sub.Stage != "done" || sub.DecidedAt == nil {
				t.Fatalf("want rejected %s at the ID: %s", tc.code, sub)
			}
			if tc.reason != "" && sub.RejectReason != tc.reason || sub.RejectReason == "" {
				t.Errorf("reject_reason %q, want %q", sub.RejectReason, tc.reason)
			}
			if ch := sub.check(tc.check); ch == nil || ch.Outcome != "fail" || ch.Code != string(tc.code) {
				t.Errorf("check %s: %+v", tc.check, ch)
			}
			if k := sub.kinds(); k[len(k)-1] != "rejected" {
				t.Errorf("timeline %v", k)
			}
			// Rejected at the ID: no selfie is taken.
			c.post(t, "/v1/submissions/"+sub.ID+"/selfie", nil, map[string][]byte{"selfie": s.fx.holder.selfie}).
				problem(t, http.StatusConflict)
		})
	}
}

// countryName is the English name the reject message gives a country.
func countryName(alpha3 string) string {
	names := map[string]string{"SWE": "Sweden", "USA": "United States", "GBR": "United Kingdom", "CAN": "Canada",
		"AUS": "Australia", "IRL": "Ireland", "DEU": "Germany", "FRA": "France", "ESP": "Spain", "ITA": "Italy",
		"POL": "Poland", "CZE": "Czechia"}
	if n, ok := names[alpha3]; ok {
		return n
	}
	return kyc.CountryName(alpha3)
}

// 5. Pending submissions, then a reviewer's decision.
func (s *suite) testReview(t *testing.T) {
	c := s.srv.newProject(t, "review")
	livenessOff(t, c)
	h := s.fx.holder
	files := map[string][]byte{"id_front": h.photo, "selfie": h.selfie}

	t.Run("score below a threshold of 100, approved by hand", func(t *testing.T) {
		c.setOptions(t, map[string]any{"score_threshold": 100})
		defer c.setOptions(t, map[string]any{"score_threshold": kyc.DefaultScoreThreshold})
		sub := c.create(t, map[string]string{"email": "pending@example.com"}, files)
		if sub.Status != "pending" || sub.Score == nil || sub.Score.Total >= 100 {
			t.Fatalf("score threshold 100: %s", sub)
		}
		var queue struct {
			Items []submission `json:"items"`
		}
		c.do(t, http.MethodGet, "/v1/submissions?status=pending", nil, nil).expect(t, http.StatusOK).decode(t, &queue)
		if len(queue.Items) != 1 || queue.Items[0].ID != sub.ID {
			t.Errorf("the review queue: %+v", queue.Items)
		}
		// An approval carries no reject code; a rejection no automatic one.
		c.review(t, sub.ID, "approve", string(kyc.IDImageBadImage), "").problem(t, http.StatusBadRequest)
		c.review(t, sub.ID, "reject", string(kyc.TooManyRetry), "").problem(t, http.StatusBadRequest)
		c.review(t, sub.ID, "reject", string(kyc.Other), "").problem(t, http.StatusBadRequest) // "other" needs a comment
		got := c.review(t, sub.ID, "approve", "", "checked by hand").sub(t, http.StatusOK)
		if got.Status != "approved" || got.Comment != "checked by hand" || got.DecidedAt == nil || got.RejectCode != "" {
			t.Fatalf("approved by the reviewer: %s comment %q", got, got.Comment)
		}
		if k := got.kinds(); k[len(k)-2] != "pending" || k[len(k)-1] != "approved" {
			t.Errorf("timeline %v", k)
		}
		c.review(t, sub.ID, "reject", string(kyc.Other), "changed my mind").problem(t, http.StatusConflict)
	})
	t.Run("typed name not the card's, rejected by hand", func(t *testing.T) {
		sub := c.create(t, map[string]string{"name": "Someone Else Entirely"}, files)
		if sub.Status != "pending" {
			t.Fatalf("a name mismatch: %s", sub)
		}
		if ch := sub.check("data.name"); ch == nil || ch.Outcome == "pass" || ch.Code != string(kyc.IDInfoDataMismatch) {
			t.Errorf("data.name: %+v", ch)
		}
		got := c.review(t, sub.ID, "reject", string(kyc.IDInfoDataMismatch), "the name differs").sub(t, http.StatusOK)
		if got.Status != "rejected" || got.RejectCode != string(kyc.IDInfoDataMismatch) ||
			got.RejectReason != "The data entered does not match the ID" || got.Comment != "the name differs" {
			t.Fatalf("rejected by the reviewer: %s comment %q", got, got.Comment)
		}
		if again := c.get(t, sub.ID); again.Status != "rejected" || again.Comment != "the name differs" {
			t.Errorf("read back: %s", again)
		}
	})
}

// 6. Delete wipes images and personal data and keeps the skeleton.
func (s *suite) testDelete(t *testing.T) {
	c := s.srv.newProject(t, "delete")
	livenessOff(t, c)
	h := s.fx.holder
	// Approved at the second selfie: an ID and two selfies on disk.
	approved := c.create(t, map[string]string{"userid": "u-delete", "email": "delete@example.com", "name": s.holderName()},
		map[string][]byte{"id_front": h.photo})
	c.uploadSelfie(t, approved.ID, s.fx.stranger)
	if got := c.uploadSelfie(t, approved.ID, h.selfie); got.Status != "approved" {
		t.Fatalf("second selfie: %s", got)
	}
	rejected := c.create(t, map[string]string{"email": "expired@example.com"}, map[string][]byte{"id_front": s.fx.expired.photo})
	if rejected.RejectCode != string(kyc.ExpiredID) {
		t.Fatalf("expired card: %s", rejected)
	}
	c.setOptions(t, map[string]any{"blacklisted_countries": []string{h.truth.IssuingCountry}})
	blacklisted := c.create(t, map[string]string{"email": "blacklisted@example.com"}, map[string][]byte{"id_front": h.photo})
	if blacklisted.RejectCode != string(kyc.BlacklistCountry) {
		t.Fatalf("blacklisted country: %s", blacklisted)
	}

	for _, tc := range []struct {
		sub    *submission
		images []string
		status string
		code   string
	}{
		{approved, []string{"id-front", "selfie-1", "selfie-2"}, "approved", ""},
		{rejected, []string{"id-front"}, "rejected", string(kyc.ExpiredID)},
		{blacklisted, []string{"id-front"}, "rejected", string(kyc.BlacklistCountry)},
	} {
		id := tc.sub.ID
		before := c.get(t, id)
		if files := s.blobFiles(t, c, id); len(files) < len(tc.images) {
			t.Fatalf("%s: %d image files before the delete, want %d: %v", id, len(files), len(tc.images), files)
		}
		if s.personal(t, id) == 0 {
			t.Fatalf("%s: no personal data in the database before the delete", id)
		}
		c.do(t, http.MethodDelete, "/v1/submissions/"+id, nil, nil).expect(t, http.StatusNoContent)

		got := c.get(t, id)
		if !got.Deleted || got.ID != id || got.Status != tc.status || got.RejectCode != tc.code ||
			!got.CreatedAt.Equal(before.CreatedAt) || got.DecidedAt == nil || !got.DecidedAt.Equal(*before.DecidedAt) {
			t.Errorf("skeleton: %s created %v decided %v, before %s", got, got.CreatedAt, got.DecidedAt, before)
		}
		if len(got.Applicant) != 0 || len(got.Fields) != 0 {
			t.Errorf("personal data after the delete: applicant %v fields %v", got.Applicant, got.Fields)
		}
		// The reason may go with the personal data, but not half of it.
		if r := got.RejectReason; tc.code != "" && r != "" && (strings.HasSuffix(r, " ") || strings.HasSuffix(r, "from") ||
			strings.Contains(r, "{")) {
			t.Errorf("reject_reason of the skeleton: %q (before the delete: %q)", r, before.RejectReason)
		}
		for _, name := range tc.images {
			c.do(t, http.MethodGet, "/v1/submissions/"+id+"/images/"+name, nil, nil).problem(t, http.StatusGone, http.StatusNotFound)
		}
		if files := s.blobFiles(t, c, id); len(files) != 0 {
			t.Errorf("%s: files left under blobs/ after the delete: %v", id, files)
		}
		if n := s.personal(t, id); n != 0 {
			t.Errorf("%s: the database row still holds %d bytes of personal data", id, n)
		}
		c.do(t, http.MethodDelete, "/v1/submissions/"+id, nil, nil).problem(t, http.StatusGone)
		c.review(t, id, "approve", "", "").problem(t, http.StatusGone, http.StatusConflict)
	}
	var list struct {
		Items []submission `json:"items"`
	}
	c.do(t, http.MethodGet, "/v1/submissions?email=delete@example.com", nil, nil).expect(t, http.StatusOK).decode(t, &list)
	if len(list.Items) != 0 {
		t.Errorf("the deleted submission is still found by its e-mail: %+v", list.Items)
	}
}

// blobFiles lists the files under the data directory's blobs/ that belong
// to a submission.
func (s *suite) blobFiles(t *testing.T, c *client, id string) []string {
	t.Helper()
	var out []string
	root := filepath.Join(s.srv.dataDir, "blobs")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.Contains(filepath.ToSlash(path), "/"+id+"/") {
			out = append(out, strings.TrimPrefix(path, root))
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

// personal reads the submission's row straight from the database and
// returns how many bytes of personal data (the sealed personal column and
// the e-mail and user id lookup indexes) it holds.
func (s *suite) personal(t *testing.T, id string) int {
	t.Helper()
	var h *sql.DB
	var err error
	q := `SELECT personal, email_index, userid_index FROM submissions WHERE id = ?`
	if s.dbURL == "" {
		h, err = sql.Open("sqlite", "file:"+filepath.Join(s.srv.dataDir, db.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	} else {
		h, err = sql.Open("pgx", s.dbURL)
		q = strings.Replace(q, "?", "$1", 1)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var personal, email, userid []byte
	if err := h.QueryRowContext(context.Background(), q, id).Scan(&personal, &email, &userid); err != nil {
		t.Fatalf("reading submission %s from the database: %v", id, err)
	}
	return len(personal) + len(email) + len(userid)
}

// 9. Bad input: each answer has its status and a problem+json body, and
// nothing breaks.
func (s *suite) testBadInputs(t *testing.T) {
	c := s.srv.newProject(t, "bad inputs")
	other := s.srv.newProject(t, "another company")
	livenessOff(t, c)
	h := s.fx.holder
	keep := c.create(t, map[string]string{"userid": "u-keep", "email": "keep@example.com"},
		map[string][]byte{"id_front": h.photo, "selfie": h.selfie})
	if keep.Status != "approved" {
		t.Fatalf("setup: %s", keep)
	}
	sub := func() string {
		return c.create(t, map[string]string{"userid": "u-bad"}, nil).ID
	}

	t.Run("API key", func(t *testing.T) {
		anon := &client{srv: s.srv}
		anon.do(t, http.MethodGet, "/v1/submissions/"+keep.ID, nil, nil).problem(t, http.StatusUnauthorized)
		anon.json(t, http.MethodPost, "/v1/submissions", map[string]string{}).problem(t, http.StatusUnauthorized)
		for _, key := range []string{"okyc_nope", "garbage", c.key + "x", strings.ToUpper(c.key)} {
			anon.do(t, http.MethodGet, "/v1/submissions/"+keep.ID, nil, http.Header{"X-API-Key": {key}}).problem(t, http.StatusUnauthorized)
		}
	})
	t.Run("another project's submission", func(t *testing.T) {
		p := other.do(t, http.MethodGet, "/v1/submissions/"+keep.ID, nil, nil).problem(t, http.StatusNotFound)
		if strings.Contains(p.Detail, "keep@example.com") {
			t.Errorf("the 404 tells the other project something: %+v", p)
		}
		other.do(t, http.MethodGet, "/v1/submissions/"+keep.ID+"/images/id-front", nil, nil).problem(t, http.StatusNotFound)
		other.review(t, keep.ID, "approve", "", "").problem(t, http.StatusNotFound)
		other.post(t, "/v1/submissions/"+keep.ID+"/selfie", nil, map[string][]byte{"selfie": h.selfie}).problem(t, http.StatusNotFound)
		other.do(t, http.MethodDelete, "/v1/submissions/"+keep.ID, nil, nil).problem(t, http.StatusNotFound)
		var list struct {
			Items []submission `json:"items"`
		}
		other.do(t, http.MethodGet, "/v1/submissions?userid=u-keep", nil, nil).expect(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 0 {
			t.Errorf("another project lists it: %+v", list.Items)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		c.do(t, http.MethodGet, "/v1/submissions/sub_doesnotexist", nil, nil).problem(t, http.StatusNotFound)
		c.post(t, "/v1/submissions/sub_doesnotexist/id", nil, map[string][]byte{"id_front": h.photo}).problem(t, http.StatusNotFound)
		c.do(t, http.MethodGet, "/v1/submissions/"+keep.ID+"/images/selfie-9", nil, nil).problem(t, http.StatusNotFound)
	})
	t.Run("corrupt image", func(t *testing.T) {
		id := sub()
		r := c.post(t, "/v1/submissions/"+id+"/id"+wait, nil, map[string][]byte{"id_front": s.fx.corrupt})
		if r.Code >= 500 {
			t.Fatalf("corrupt ID: %s", r)
		}
		if r.Code >= 400 {
			r.problem(t, r.Code)
		} else if got := c.settle(t, r.sub(t, http.StatusAccepted)); !got.Recapture || got.Status != "incomplete" || got.Stage != "awaiting_id" {
			t.Errorf("corrupt ID accepted without asking for a recapture: %s", got)
		}
		// The applicant sends a good photo instead, then a corrupt selfie.
		if got := c.uploadID(t, id, h.photo); got.Stage != "awaiting_selfie" || got.Recapture {
			t.Fatalf("a good ID after a corrupt one: %s", got)
		}
		r = c.post(t, "/v1/submissions/"+id+"/selfie"+wait, nil, map[string][]byte{"selfie": s.fx.corrupt})
		if r.Code >= 500 {
			t.Fatalf("corrupt selfie: %s", r)
		}
		if r.Code >= 400 {
			r.problem(t, r.Code)
		} else if got := c.settle(t, r.sub(t, http.StatusAccepted)); got.Status != "incomplete" || got.RetryReason == "" {
			t.Errorf("corrupt selfie: %s", got)
		}
	})
	t.Run("not an image", func(t *testing.T) {
		id := sub()
		c.post(t, "/v1/submissions/"+id+"/id", nil, map[string][]byte{"id_front": s.fx.text}).problem(t, http.StatusUnsupportedMediaType)
		c.post(t, "/v1/submissions", nil, map[string][]byte{"id_front": s.fx.text}).problem(t, http.StatusUnsupportedMediaType)
	})
	t.Run("too large", func(t *testing.T) {
		id := sub()
		c.post(t, "/v1/submissions/"+id+"/id", nil, map[string][]byte{"id_front": s.fx.tooLarge}).problem(t, http.StatusRequestEntityTooLarge)
		if got := c.get(t, id); got.Stage != "awaiting_id" || got.Analyzing {
			t.Errorf("after a refused upload: %s", got)
		}
	})
	t.Run("too many pixels", func(t *testing.T) {
		id := sub()
		r := c.post(t, "/v1/submissions/"+id+"/id"+wait, nil, map[string][]byte{"id_front": s.fx.huge})
		if r.Code < 400 || r.Code >= 500 {
			detail := ""
			if r.Code < 400 {
				got := c.settle(t, r.sub(t, r.Code))
				detail = got.String()
			}
			t.Fatalf("a %d-byte PNG of 20000×20000 pixels: want a 4xx that says why, got %s\n  (submission: %s)", len(s.fx.huge), r, detail)
		}
		if p := r.problem(t, r.Code); !strings.Contains(strings.ToLower(p.Detail), "pixel") {
			t.Errorf("the answer does not say the image has too many pixels: %+v", p)
		}
	})
	t.Run("out of order", func(t *testing.T) {
		id := sub()
		c.post(t, "/v1/submissions/"+id+"/selfie", nil, map[string][]byte{"selfie": h.selfie}).problem(t, http.StatusConflict, http.StatusBadRequest)
		c.post(t, "/v1/submissions", nil, map[string][]byte{"selfie": h.selfie}).problem(t, http.StatusBadRequest, http.StatusConflict)
		c.review(t, id, "approve", "", "").problem(t, http.StatusConflict)
		c.review(t, keep.ID, "reject", string(kyc.Other), "already approved").problem(t, http.StatusConflict)
		c.post(t, "/v1/submissions/"+keep.ID+"/id", nil, map[string][]byte{"id_front": h.photo}).problem(t, http.StatusConflict)
	})
	t.Run("bad JSON", func(t *testing.T) {
		id := sub()
		c.json(t, http.MethodPost, "/v1/submissions", `{"userid": `).problem(t, http.StatusBadRequest)
		c.json(t, http.MethodPost, "/v1/submissions/"+id+"/review", `[1, 2]`).problem(t, http.StatusBadRequest)
		c.json(t, http.MethodPost, "/v1/submissions/"+id+"/review", `{"decision": "maybe"}`).problem(t, http.StatusBadRequest)
		c.json(t, http.MethodPut, "/v1/options", `{"attempts": "three"}`).problem(t, http.StatusBadRequest)
		c.json(t, http.MethodPut, "/v1/options", `{"no_such_option": true}`).problem(t, http.StatusBadRequest)
		c.json(t, http.MethodPut, "/v1/options", `{"attempts": 0}`).problem(t, http.StatusUnprocessableEntity)
		c.do(t, http.MethodGet, "/v1/submissions?status=sleeping", nil, nil).problem(t, http.StatusBadRequest)
		c.do(t, http.MethodGet, "/v1/submissions?limit=1000", nil, nil).problem(t, http.StatusBadRequest)
		c.do(t, http.MethodGet, "/v1/submissions?cursor=not-a-cursor", nil, nil).problem(t, http.StatusBadRequest)
		if got := c.options(t); got["attempts"] != float64(kyc.DefaultAttempts) {
			t.Errorf("a refused PUT changed the options: attempts %v", got["attempts"])
		}
	})
	t.Run("Idempotency-Key", func(t *testing.T) {
		post := func() *response {
			return c.do(t, http.MethodPost, "/v1/submissions", strings.NewReader(`{"userid": "u-idem"}`),
				http.Header{"Content-Type": {"application/json"}, "Idempotency-Key": {"e2e-create-once"}})
		}
		first, second := post().expect(t, http.StatusCreated), post().expect(t, http.StatusCreated)
		if string(first.Body) != string(second.Body) || second.Header.Get("Idempotent-Replayed") != "true" ||
			first.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("replay:\n%s\n%s (Idempotent-Replayed %q)", first, second, second.Header.Get("Idempotent-Replayed"))
		}
		var list struct {
			Items []submission `json:"items"`
		}
		c.do(t, http.MethodGet, "/v1/submissions?userid=u-idem", nil, nil).expect(t, http.StatusOK).decode(t, &list)
		if len(list.Items) != 1 {
			t.Errorf("%d submissions for one idempotent create", len(list.Items))
		}
		// The same key with another request is an error, not a replay.
		other := c.do(t, http.MethodPost, "/v1/submissions", strings.NewReader(`{"userid": "u-idem-other"}`),
			http.Header{"Content-Type": {"application/json"}, "Idempotency-Key": {"e2e-create-once"}})
		if other.Code < 400 || other.Code >= 500 || other.Header.Get("Idempotent-Replayed") != "" {
			t.Errorf("the key reused for another body: %s", other)
		} else {
			other.problem(t, other.Code)
		}
	})
	t.Run("rate limit", func(t *testing.T) {
		rl := s.srv.newProject(t, "rate limit") // a key of its own: its bucket only
		// 60 GETs at once: more than the burst the key is allowed.
		answers := make([]*response, 60)
		var wg sync.WaitGroup
		for i := range answers {
			wg.Go(func() { answers[i] = rl.quietGet("/v1/submissions?limit=1") })
		}
		wg.Wait()
		var limited *response
		for _, r := range answers {
			switch {
			case r.Code == http.StatusTooManyRequests:
				limited = r
			case r.Code != http.StatusOK:
				t.Errorf("%s", r)
			}
		}
		if limited == nil {
			t.Fatal("60 requests at once with one key: none was limited")
		}
		limited.problem(t, http.StatusTooManyRequests)
		secs, err := strconv.Atoi(limited.Header.Get("Retry-After"))
		if err != nil || secs < 1 || secs > 60 {
			t.Fatalf("Retry-After %q", limited.Header.Get("Retry-After"))
		}
		// Other keys are not limited, and the limited one recovers.
		c.do(t, http.MethodGet, "/v1/submissions/"+keep.ID, nil, nil).expect(t, http.StatusOK)
		time.Sleep(time.Duration(secs) * time.Second)
		rl.do(t, http.MethodGet, "/v1/submissions?limit=1", nil, nil).expect(t, http.StatusOK)
	})
	t.Run("still healthy", func(t *testing.T) {
		for _, path := range []string{"/healthz", "/readyz"} {
			(&client{srv: s.srv}).do(t, http.MethodGet, path, nil, nil).expect(t, http.StatusOK)
		}
		if got := c.get(t, keep.ID); got.Status != "approved" || got.Applicant["email"] != "keep@example.com" || got.Deleted {
			t.Errorf("a submission made before the bad input: %s %v", got, got.Applicant)
		}
		c.do(t, http.MethodGet, "/v1/submissions/"+keep.ID+"/images/id-front", nil, nil).expect(t, http.StatusOK)
		if s.approved != "" {
			if got := s.srv.defaultProject().get(t, s.approved); got.Status != "approved" || got.Applicant["userid"] != "u-approved" {
				t.Errorf("the first test's submission: %s %v", got, got.Applicant)
			}
		}
	})
}

// receiver is a webhook endpoint: it verifies every signature and keeps
// what it got.
type receiver struct {
	mu     sync.Mutex
	secret string
	got    []delivered
	bad    []string
}

// delivered is one verified delivery.
type delivered struct {
	ID, Type, Submission, Project, Status, RejectCode string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err := webhook.Verify(rc.secret, r.Header, body, time.Now(), 5*time.Minute); err != nil {
		rc.bad = append(rc.bad, fmt.Sprintf("%v: %s %s", err, r.Header.Get(webhook.HeaderID), body))
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var p webhook.Payload
	if err := json.Unmarshal(body, &p); err != nil || p.ID != r.Header.Get(webhook.HeaderID) {
		rc.bad = append(rc.bad, fmt.Sprintf("payload %s (webhook-id %s): %v", body, r.Header.Get(webhook.HeaderID), err))
		http.Error(w, "bad payload", http.StatusBadRequest)
		return
	}
	rc.got = append(rc.got, delivered{ID: p.ID, Type: p.Type, Submission: p.Data.SubmissionID, Project: p.Data.ProjectID,
		Status: p.Data.Status, RejectCode: p.Data.RejectCode})
}

// 7. Webhooks: every event of a submission, once, signed.
func (s *suite) testWebhooks(t *testing.T) {
	c := s.srv.newProject(t, "webhooks")
	livenessOff(t, c)
	h := s.fx.holder
	rc, endpoint := s.listen(t, c)

	// A: approved at once. B: a retry, then approved. C: pending, edited,
	// rejected by a reviewer, deleted.
	a := c.create(t, map[string]string{"userid": "hook-a"}, map[string][]byte{"id_front": h.photo, "selfie": h.selfie})
	b := c.create(t, map[string]string{"userid": "hook-b"}, map[string][]byte{"id_front": h.photo})
	c.uploadSelfie(t, b.ID, s.fx.stranger)
	b = c.uploadSelfie(t, b.ID, h.selfie)
	cc := c.create(t, map[string]string{"userid": "hook-c", "name": "Someone Else Entirely"},
		map[string][]byte{"id_front": h.photo, "selfie": h.selfie})
	if a.Status != "approved" || b.Status != "approved" || cc.Status != "pending" {
		t.Fatalf("setup: %s / %s / %s", a, b, cc)
	}
	// Edit: the integrator's e-mail and a correction of a field read from
	// the card.
	r := c.json(t, http.MethodPatch, "/v1/submissions/"+cc.ID,
		map[string]any{"email": "edited@example.com", "fields": map[string]string{"surname": "CORRECTED"}})
	edited := r.sub(t, http.StatusOK)
	if edited.Applicant["email"] != "edited@example.com" || !strings.Contains(string(r.Body), `"CORRECTED"`) ||
		edited.Status != "pending" || edited.kinds()[len(edited.kinds())-1] != "updated" {
		t.Errorf("PATCH: %s", r)
	}
	c.json(t, http.MethodPatch, "/v1/submissions/"+cc.ID, map[string]any{"fields": map[string]string{"favourite_colour": "blue"}}).
		problem(t, http.StatusBadRequest, http.StatusUnprocessableEntity)
	c.review(t, cc.ID, "reject", string(kyc.IDInfoDataMismatch), "").expect(t, http.StatusOK)
	c.do(t, http.MethodDelete, "/v1/submissions/"+cc.ID, nil, nil).expect(t, http.StatusNoContent)

	want := map[string][]string{
		a.ID:  {"submission.created", "submission.updated", "submission.approved"},
		b.ID:  {"submission.created", "submission.updated", "submission.retry", "submission.approved"},
		cc.ID: {"submission.created", "submission.updated", "submission.pending", "submission.updated", "submission.rejected", "submission.deleted"},
	}
	total := 0
	for _, w := range want {
		total += len(w)
	}
	rc.waitFor(t, total, 30*time.Second)
	time.Sleep(time.Second) // a duplicate would arrive now
	rc.mu.Lock()
	got := slices.Clone(rc.got)
	bad := slices.Clone(rc.bad)
	rc.mu.Unlock()
	if len(bad) != 0 {
		t.Errorf("deliveries that failed verification: %v", bad)
	}
	seen := map[string]bool{}
	bySub := map[string][]string{}
	for _, d := range got {
		if seen[d.ID] {
			t.Errorf("event %s (%s of %s) delivered twice", d.ID, d.Type, d.Submission)
		}
		seen[d.ID] = true
		bySub[d.Submission] = append(bySub[d.Submission], d.Type)
		if d.Project != c.project {
			t.Errorf("event %s names project %q, want %q", d.ID, d.Project, c.project)
		}
		if st, ok := strings.CutPrefix(d.Type, "submission."); ok && slices.Contains([]string{"approved", "rejected", "pending"}, st) && d.Status != st {
			t.Errorf("%s event with status %q", d.Type, d.Status)
		}
	}
	for id, w := range want {
		if g := slices.Sorted(slices.Values(bySub[id])); !slices.Equal(g, slices.Sorted(slices.Values(w))) {
			t.Errorf("events of %s: %v, want %v", id, bySub[id], w)
		}
	}
	if len(bySub) != len(want) {
		t.Errorf("events of unexpected submissions: %v", bySub)
	}

	// The delivery log, and a manual resend of one delivery.
	var log struct {
		Items []struct {
			ID         string `json:"id"`
			EventID    string `json:"event_id"`
			EventType  string `json:"event_type"`
			StatusCode int    `json:"status_code"`
		} `json:"items"`
	}
	c.do(t, http.MethodGet, "/v1/submissions/"+a.ID+"/deliveries", nil, nil).expect(t, http.StatusOK).decode(t, &log)
	if len(log.Items) != len(want[a.ID]) {
		t.Fatalf("delivery log of %s: %+v", a.ID, log.Items)
	}
	for _, d := range log.Items {
		if d.StatusCode != http.StatusOK || !seen[d.EventID] {
			t.Errorf("logged delivery %+v", d)
		}
	}
	other := s.srv.newProject(t, "webhooks, someone else's")
	other.do(t, http.MethodGet, "/v1/submissions/"+a.ID+"/deliveries", nil, nil).problem(t, http.StatusNotFound)
	other.json(t, http.MethodPost, "/v1/webhooks/deliveries/"+log.Items[0].ID+"/resend", nil).problem(t, http.StatusNotFound)
	c.json(t, http.MethodPost, "/v1/webhooks/deliveries/"+log.Items[0].ID+"/resend", nil).expect(t, http.StatusAccepted, http.StatusOK)
	rc.waitFor(t, len(got)+1, 30*time.Second)
	rc.mu.Lock()
	resent := rc.got[len(rc.got)-1]
	rc.mu.Unlock()
	if resent.ID != log.Items[0].EventID || resent.Submission != a.ID {
		t.Errorf("resent %+v, want event %s", resent, log.Items[0].EventID)
	}

	// A removed endpoint hears nothing more.
	c.do(t, http.MethodDelete, "/v1/webhooks/"+endpoint, nil, nil).expect(t, http.StatusNoContent)
	rc.mu.Lock()
	n := len(rc.got)
	rc.mu.Unlock()
	c.create(t, map[string]string{"userid": "hook-after"}, nil)
	time.Sleep(2 * time.Second)
	rc.mu.Lock()
	if len(rc.got) != n {
		t.Errorf("deliveries after the endpoint was removed: %+v", rc.got[n:])
	}
	rc.mu.Unlock()
}

// listen starts a receiver and registers it with the webhooks API; it
// returns the receiver and the endpoint's id.
func (s *suite) listen(t *testing.T, c *client) (*receiver, string) {
	t.Helper()
	rc := &receiver{}
	hs := httptest.NewServer(rc)
	t.Cleanup(hs.Close)
	srv := hs.URL + "/hooks/openkyc"
	r := c.json(t, http.MethodPost, "/v1/webhooks", map[string]string{"url": srv}).expect(t, http.StatusCreated)
	var e struct {
		ID     string `json:"id"`
		URL    string `json:"url"`
		Secret string `json:"secret"`
	}
	r.decode(t, &e)
	if e.ID == "" || e.URL != srv || !strings.HasPrefix(e.Secret, "whsec_") {
		t.Fatalf("registered endpoint: %s", r)
	}
	rc.mu.Lock()
	rc.secret = e.Secret
	rc.mu.Unlock()
	list := c.do(t, http.MethodGet, "/v1/webhooks", nil, nil).expect(t, http.StatusOK)
	if !strings.Contains(string(list.Body), e.ID) || strings.Contains(string(list.Body), e.Secret) {
		t.Errorf("the endpoint list must name the endpoint and not show its secret again: %s", list)
	}
	return rc, e.ID
}

// waitFor waits until n deliveries have arrived.
func (rc *receiver) waitFor(t *testing.T, n int, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		rc.mu.Lock()
		got := len(rc.got)
		rc.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			t.Fatalf("%d of %d webhook deliveries within %v: %+v (bad: %v)", got, n, d, rc.got, rc.bad)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// 4. Abandoned: after the ID only, the submission never times out; after
// a failed selfie, it is rejected with timeout.
func (s *suite) testTimeout(t *testing.T) {
	c := s.srv.newProject(t, "timeout")
	c.setOptions(t, map[string]any{"incomplete_timeout": int64(2 * time.Second)})
	idOnly := c.create(t, map[string]string{"userid": "u-id-only"}, map[string][]byte{"id_front": s.fx.holder.photo})
	retrying := c.create(t, map[string]string{"userid": "u-left"}, map[string][]byte{"id_front": s.fx.holder.photo})
	if got := c.uploadSelfie(t, retrying.ID, s.fx.stranger); got.Status != "incomplete" || got.AttemptsLeft != 2 {
		t.Fatalf("a stranger's selfie: %s", got)
	}
	// The sweeper runs every 500 ms; 2 s without activity is the timeout.
	got := c.until(t, retrying.ID, 30*time.Second, "rejected with timeout", func(s *submission) bool { return s.Status != "incomplete" })
	if got.Status != "rejected" || got.RejectCode != string(kyc.Timeout) || got.RejectReason != "KYC rejected due to timeout" {
		t.Errorf("abandoned at the retry: %s", got)
	}
	if k := got.kinds(); !slices.Contains(k, "retry") || k[len(k)-1] != "rejected" {
		t.Errorf("timeline %v", k)
	}
	// The ID-only submission was idle longer than the rejected one, and
	// sweeps have run since: it stays incomplete.
	if got := c.get(t, idOnly.ID); got.Status != "incomplete" || got.Stage != "awaiting_selfie" || got.RejectCode != "" {
		t.Errorf("ID only, after the timeout and a sweep: %s", got)
	}
}

// GET /v1/openapi.json: the OpenAPI 3.1 document, describing what the
// suite uses.
func (s *suite) testOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	(&client{srv: s.srv}).do(t, http.MethodGet, "/v1/openapi.json", nil, nil).expect(t, http.StatusOK).decode(t, &doc)
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	for path, methods := range map[string][]string{
		"/v1/submissions":                     {"get", "post"},
		"/v1/submissions/{id}":                {"get", "patch", "delete"},
		"/v1/submissions/{id}/id":             {"post"},
		"/v1/submissions/{id}/selfie":         {"post"},
		"/v1/submissions/{id}/review":         {"post"},
		"/v1/submissions/{id}/images/{name}":  {"get"},
		"/v1/submissions/{id}/deliveries":     {"get"},
		"/v1/webhooks":                        {"get", "post"},
		"/v1/webhooks/{id}":                   {"delete"},
		"/v1/webhooks/deliveries/{id}/resend": {"post"},
		"/v1/options":                         {"get", "put"},
	} {
		for _, m := range methods {
			if doc.Paths[path][m] == nil {
				t.Errorf("the OpenAPI document does not describe %s %s", strings.ToUpper(m), path)
			}
		}
	}
}

// GET /metrics: Prometheus text.
func (s *suite) testMetrics(t *testing.T) {
	r := (&client{srv: s.srv}).do(t, http.MethodGet, "/metrics", nil, nil).expect(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(string(r.Body), "# TYPE ") {
		t.Errorf("not Prometheus text: %.500s", r.Body)
	}
	for _, secret := range []string{s.srv.key, "approved@example.com"} {
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("/metrics shows %q", secret)
		}
	}
}

// 8. A server killed mid-analysis, or stopped, finishes the work after a
// restart: nothing is uploaded again.
func (s *suite) testRestart(t *testing.T) {
	cfg := dbtest.Config(t, s.dialect)
	dataDir := cfg.DataDir
	if dataDir == "" {
		dataDir = t.TempDir()
	}
	// A job left running by a dead process is run again after 10 s (River's
	// rescuer looks every 30 s, hence the long deadlines). Not less: a job
	// is cancelled after half of it, and four document analyses at once
	// on two cores take more than the 1.5 s that 3 s would leave them.
	srv := newServer(t, dataDir, cfg.URL, "OPENKYC_JOB_RESCUE_AFTER=10s")
	srv.start(t)
	c := srv.defaultProject()
	livenessOff(t, c)
	h := s.fx.holder

	// Both images in one call, answered at once with the selfie queued
	// behind the ID's analysis; then three IDs alone. 300 ms later, when
	// those analyses are running (each takes a good half second of CPU,
	// and jobs are fetched every 100 ms), the server is killed.
	both := c.post(t, "/v1/submissions", map[string]string{"userid": "u-kill-both"},
		map[string][]byte{"id_front": h.photo, "selfie": h.selfie}).sub(t, http.StatusCreated)
	if !both.SelfieQueued && !slices.Contains(both.kinds(), "selfie_uploaded") {
		t.Errorf("POST /v1/submissions with both images answered 201 without taking the selfie: %s", both)
	}
	var idOnly []*submission
	for i := range 3 {
		idOnly = append(idOnly, c.post(t, "/v1/submissions", map[string]string{"userid": fmt.Sprintf("u-kill-id-%d", i)},
			map[string][]byte{"id_front": h.photo}).sub(t, http.StatusCreated))
	}
	time.Sleep(300 * time.Millisecond)
	before := c.do(t, http.MethodGet, "/v1/submissions/"+both.ID, nil, nil).sub(t, http.StatusOK)
	srv.kill(t)
	t.Logf("killed with the selfie %s", map[bool]string{true: "still being analysed", false: "analysed already"}[before.Analyzing])
	start := time.Now()
	srv.start(t)
	if out := srv.stdout.String(); strings.Contains(out, "Password:") || strings.Contains(out, "API key:") {
		t.Errorf("a restart created a new project or owner:\n%s", out)
	}
	decided := func(s *submission) bool { return !s.Analyzing && s.Status != "incomplete" }
	if got := c.until(t, both.ID, 90*time.Second, "decided after SIGKILL", decided); got.Status != "approved" {
		t.Errorf("ID and selfie, then SIGKILL: %s", got)
	}
	ready := func(s *submission) bool { return !s.Analyzing && s.Stage != "awaiting_id" }
	for _, sub := range idOnly {
		if got := c.until(t, sub.ID, 90*time.Second, "ID analysed after SIGKILL", ready); got.Stage != "awaiting_selfie" {
			t.Errorf("ID, then SIGKILL: %s", got)
		}
	}
	t.Logf("every analysis done %v after the restart", time.Since(start).Round(100*time.Millisecond))
	if got := c.uploadSelfie(t, idOnly[0].ID, h.selfie); got.Status != "approved" {
		t.Errorf("the selfie after the restart: %s", got)
	}

	// SIGTERM: a graceful stop (exit status 0) with an analysis queued.
	third := c.post(t, "/v1/submissions", map[string]string{"userid": "u-term"}, map[string][]byte{"id_front": h.photo}).sub(t, http.StatusCreated)
	srv.stop(t)
	srv.start(t)
	if got := c.until(t, third.ID, 90*time.Second, "ID analysed after SIGTERM", ready); got.Stage != "awaiting_selfie" {
		t.Errorf("ID, then SIGTERM: %s", got)
	} else if got := c.uploadSelfie(t, third.ID, h.selfie); got.Status != "approved" {
		t.Errorf("the selfie after the restart: %s", got)
	}
	// Every step once: a job run again after the crash decides nothing
	// twice.
	// The selfie sent with the ID has no upload of its own: the ID's
	// analysis submits it.
	for id, selfies := range map[string]int{both.ID: 0, idOnly[0].ID: 1, third.ID: 1} {
		if k := c.get(t, id).kinds(); count(k, "id_uploaded") != 1 || count(k, "selfie_uploaded") != selfies || count(k, "approved") != 1 {
			t.Errorf("timeline of %s: %v", id, k)
		}
	}
	checkLog(t, srv)
}

// checkLog fails on a panic or an answered 500 in the server's log.
func checkLog(t *testing.T, srv *server) {
	t.Helper()
	b, err := os.ReadFile(srv.stderr)
	if err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(string(b)) {
		switch {
		case strings.Contains(line, "panic"), strings.Contains(line, `msg="request failed"`):
			t.Errorf("server log: %s", strings.TrimSpace(line))
		case strings.Contains(line, "level=ERROR"):
			t.Logf("server log: %s", strings.TrimSpace(line))
		}
	}
}
