package submission

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/riverqueue/river"

	"openkyc/internal/blob"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/docgen"
	"openkyc/internal/engine"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/engine/models"
	"openkyc/internal/jobs"
	"openkyc/internal/kyc"
	"openkyc/internal/project"
	"openkyc/internal/testenv"
	"openkyc/internal/webhook"
)

var (
	engOnce sync.Once
	eng     *engine.Engine
	engErr  error
)

// realEngine is the real engine, started once for the package.
func realEngine(t *testing.T) *engine.Engine {
	t.Helper()
	dir := testenv.ModelsDir(t)
	engOnce.Do(func() {
		eng, engErr = engine.New(context.Background(), engine.Config{ModelsDir: dir,
			Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }})
	})
	if engErr != nil {
		t.Fatal(engErr)
	}
	return eng
}

func jpeg(t *testing.T, img *imaging.Image) []byte {
	t.Helper()
	b, err := imaging.JPEGBytes(img, 92)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// idAndSelfie is a generated passport photo and a selfie of its holder:
// the card's portrait, enlarged (a print of a print, so the tests run
// with liveness off; liveness is the face engine's to prove).
func idAndSelfie(t *testing.T) (id, selfie []byte) {
	t.Helper()
	samples := filepath.Join(testenv.Root(), models.SamplesDir)
	g, err := docgen.New(docgen.Config{Seed: 5, Degrade: docgen.Clean, Kinds: []docgen.Kind{docgen.PassportTD3}, SamplesDir: samples})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := g.Document(0)
	if err != nil {
		t.Fatal(err)
	}
	return jpeg(t, doc.Image), jpeg(t, doc.Selfie())
}

type rig struct {
	svc     *Service
	project string
	clock   *time.Time
	blobDir string
	hooks   *receiver
}

// receiver is a webhook endpoint that checks every signature and keeps
// what it got.
type receiver struct {
	secret string
	mu     sync.Mutex
	got    []webhook.Payload
	bad    int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err := webhook.Verify(rc.secret, r.Header, body, time.Now(), 5*time.Minute); err != nil {
		rc.bad++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	var p webhook.Payload
	json.Unmarshal(body, &p)
	rc.got = append(rc.got, p)
}

// types lists the event types received for a submission, each event once
// (fails on a duplicate id).
func (rc *receiver) types(t *testing.T, submission string) []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, p := range rc.got {
		if p.Data.SubmissionID != submission {
			continue
		}
		if seen[p.ID] {
			t.Errorf("event %s delivered twice", p.ID)
		}
		seen[p.ID] = true
		out = append(out, p.Type)
	}
	return out
}

func newRig(t *testing.T, d *db.DB) rig {
	t.Helper()
	ctx := context.Background()
	keys := testenv.Keyring(t)
	blobDir := t.TempDir()
	blobs, err := blob.NewLocal(blobDir, keys)
	if err != nil {
		t.Fatal(err)
	}
	projects := project.NewStore(d, nil)
	p := kyc.DefaultPolicy()
	p.LivenessThreshold = 0
	pr, err := projects.Create(ctx, "test", p)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { return clock }
	svc := NewService(NewStore(d, keys, now), projects, blobs, realEngine(t), now)
	hookStore := webhook.NewStore(d, keys, nil)
	svc.SetWebhooks(hookStore)
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	if _, rc.secret, err = hookStore.Create(ctx, pr.ID, srv.URL); err != nil {
		t.Fatal(err)
	}
	workers := svc.Workers()
	// The receiver is on loopback, which deliveries refuse unless allowed.
	river.AddWorker(workers, &webhook.Deliverer{Store: hookStore, Client: webhook.NewClient(true)})
	c, err := jobs.New(ctx, d, workers, jobs.Config{Workers: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetJobs(c)
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop(context.Background()) })
	return rig{svc, pr.ID, &clock, blobDir, rc}
}

// policy changes the project's options for the rest of the test and
// returns them; the test's end puts the old ones back.
func (r rig) policy(t *testing.T, change func(*kyc.Policy)) kyc.Policy {
	t.Helper()
	ctx := context.Background()
	pr, err := r.svc.projects.Get(ctx, r.project)
	if err != nil {
		t.Fatal(err)
	}
	p := pr.Policy
	change(&p)
	if err := r.svc.projects.SetPolicy(ctx, r.project, p); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.svc.projects.SetPolicy(ctx, r.project, pr.Policy) })
	return p
}

// settle waits for the queued analysis of a submission to finish.
func (r rig) settle(t *testing.T, id string) *Submission {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		sub, err := r.svc.Store.Get(context.Background(), r.project, id)
		if err != nil {
			t.Fatal(err)
		}
		if !sub.Result.Analyzing {
			return sub
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("analysis did not finish")
	return nil
}

func TestService(t *testing.T) {
	id, selfie := idAndSelfie(t)
	stranger, err := os.ReadFile(filepath.Join(testenv.Root(), models.SamplesDir, "sample2.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		r := newRig(t, d)
		ctx := context.Background()
		t.Run("ID then the holder's selfie: decided", func(t *testing.T) {
			sub, err := r.svc.Create(ctx, r.project, "test", Applicant{Email: "a@example.com"}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", selfie); err == nil {
				t.Error("a selfie before the ID was accepted")
			}
			if _, err := r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id}); err != nil {
				t.Fatal(err)
			}
			got := r.settle(t, sub.ID)
			if got.State.Stage != kyc.AwaitingSelfie || got.Personal.Fields["surname"] == "" || len(got.Personal.Portrait) == 0 {
				t.Fatalf("after the ID: %+v", got.State)
			}
			if _, err := r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", selfie); err != nil {
				t.Fatal(err)
			}
			got = r.settle(t, sub.ID)
			if got.State.Status != kyc.Approved && got.State.Status != kyc.Pending {
				t.Fatalf("after the selfie: %+v %+v", got.State, got.Result)
			}
			if got.Result.Score == nil {
				t.Error("no score")
			}
			events, _ := r.svc.Store.Events(ctx, r.project, sub.ID)
			var kinds []string
			for _, e := range events {
				kinds = append(kinds, e.Kind)
			}
			t.Logf("status %s score %d events %v", got.State.Status, got.Result.Score.Total, kinds)
			if len(kinds) != 5 || kinds[1] != "id_uploaded" || kinds[3] != "selfie_uploaded" || kinds[4] != string(got.State.Status) {
				t.Errorf("timeline %v", kinds)
			}
			want := []string{webhook.Created, webhook.Updated, "submission." + string(got.State.Status)}
			deadline := time.Now().Add(20 * time.Second)
			for len(r.hooks.types(t, sub.ID)) < len(want) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			// Deliveries are separate jobs: their order is not promised.
			if types := r.hooks.types(t, sub.ID); !slices.Equal(slices.Sorted(slices.Values(types)), slices.Sorted(slices.Values(want))) || r.hooks.bad != 0 {
				t.Errorf("webhooks %v (bad signatures %d), want %v", types, r.hooks.bad, want)
			}
			// The worker logs a delivery after the receiver has answered.
			var log []webhook.Delivery
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if log, _ = r.svc.hooks.Deliveries(ctx, r.project, sub.ID); len(log) >= len(want) {
					break
				}
			}
			if len(log) != len(want) || log[0].StatusCode != 200 {
				t.Errorf("delivery log %+v", log)
			}
		})
		t.Run("three selfies of someone else: too_many_retry", func(t *testing.T) {
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			for i := range 3 {
				if _, err := r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", stranger); err != nil {
					t.Fatalf("attempt %d: %v", i+1, err)
				}
				got := r.settle(t, sub.ID)
				if i < 2 && (got.State.Status != kyc.Incomplete || got.Result.AttemptsLeft != 2-i || got.Result.RetryReason == "") {
					t.Fatalf("attempt %d: %+v %+v", i+1, got.State, got.Result)
				}
				if i == 2 && (got.State.Status != kyc.Rejected || got.State.Code != kyc.TooManyRetry) {
					t.Fatalf("third attempt: %+v", got.State)
				}
			}
		})
		t.Run("timeout only with face data", func(t *testing.T) {
			idOnly, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, idOnly.ID, "test", Images{Front: id})
			r.settle(t, idOnly.ID)
			retrying, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, retrying.ID, "test", Images{Front: id})
			r.settle(t, retrying.ID)
			r.svc.SubmitSelfie(ctx, r.project, retrying.ID, "test", stranger)
			r.settle(t, retrying.ID)
			start := *r.clock
			defer func() { *r.clock = start }()
			*r.clock = start.Add(23 * time.Hour)
			if n, err := r.svc.SweepTimeouts(ctx); err != nil || n != 0 {
				t.Fatalf("sweep at 23 h: %d %v", n, err)
			}
			*r.clock = start.Add(24*time.Hour + time.Second)
			if n, err := r.svc.SweepTimeouts(ctx); err != nil || n < 1 {
				t.Fatalf("sweep at 24 h: %d %v", n, err)
			}
			if got, _ := r.svc.Store.Get(ctx, r.project, retrying.ID); got.State.Status != kyc.Rejected || got.State.Code != kyc.Timeout {
				t.Errorf("abandoned at the retry: %+v", got.State)
			}
			if got, _ := r.svc.Store.Get(ctx, r.project, idOnly.ID); got.State.Status != kyc.Incomplete {
				t.Errorf("ID only: %+v", got.State)
			}
		})
		t.Run("pending, reviewed, deleted", func(t *testing.T) {
			r.policy(t, func(p *kyc.Policy) { p.ScoreThreshold = 100 })
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{Email: "p@example.com", Name: "SECRET NAME"}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", selfie)
			if got := r.settle(t, sub.ID); got.State.Status != kyc.Pending {
				t.Fatalf("score threshold 100: %+v", got.State)
			}
			if _, err := r.svc.Review(ctx, r.project, sub.ID, "user:rev", false, kyc.TooManyRetry, ""); err == nil {
				t.Error("a reviewer used an automatic code")
			}
			got, err := r.svc.Review(ctx, r.project, sub.ID, "user:rev", false, kyc.IDInfoDataMismatch, "name differs")
			if err != nil || got.State.Status != kyc.Rejected || got.State.Code != kyc.IDInfoDataMismatch {
				t.Fatalf("review: %+v %v", got, err)
			}
			if err := r.svc.Delete(ctx, r.project, sub.ID, "user:rev"); err != nil {
				t.Fatal(err)
			}
			left, _ := filepath.Glob(filepath.Join(r.blobDir, "projects", r.project, "submissions", sub.ID, "*"))
			if len(left) != 0 {
				t.Errorf("images left after delete: %v", left)
			}
			got, _ = r.svc.Store.Get(ctx, r.project, sub.ID)
			if !got.Deleted || got.Personal.Applicant.Name != "" || got.State.Code != kyc.IDInfoDataMismatch {
				t.Errorf("after delete: %+v", got)
			}
		})
		t.Run("a typed name that is not the ID's: pending", func(t *testing.T) {
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{Name: "SOMEONE ELSE"}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", selfie)
			got := r.settle(t, sub.ID)
			found := false
			for _, c := range got.Result.Checks {
				found = found || c.Name == "data.name" && c.Outcome == kyc.Fail && c.Code == kyc.IDInfoDataMismatch
			}
			if got.State.Status != kyc.Pending || !found {
				t.Errorf("%+v, data.name failed: %v", got.State, found)
			}
		})
		t.Run("duplicate face, option on", func(t *testing.T) {
			r.policy(t, func(p *kyc.Policy) { p.DuplicateFace = true })
			// The first subtest approved this face already.
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", selfie)
			if got := r.settle(t, sub.ID); got.State.Status != kyc.Rejected || got.State.Code != kyc.DuplicatedFace {
				t.Errorf("second applicant with an approved face: %+v", got.State)
			}
		})
		t.Run("duplicate user and cooling-off period", func(t *testing.T) {
			p := r.policy(t, func(p *kyc.Policy) { p.DuplicateUser, p.ApprovedPeriod = true, 72*time.Hour })
			start := *r.clock
			defer func() { *r.clock = start }()
			decide := func(a Applicant, photo []byte) *Submission {
				sub, _ := r.svc.Create(ctx, r.project, "test", a, nil)
				r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
				r.settle(t, sub.ID)
				r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", photo)
				return r.settle(t, sub.ID)
			}
			// The first subtest approved this identity (same document, other
			// e-mail) at start; the timeout subtest rejected it at start+24h.
			*r.clock = start.Add(48 * time.Hour)
			if got := decide(Applicant{Email: "b@example.com"}, selfie); got.State.Code != kyc.DuplicateUser {
				t.Errorf("same identity within the approved period: %+v", got.State)
			}
			*r.clock = start.Add(100 * time.Hour)
			if got := decide(Applicant{Email: "c@example.com"}, selfie); got.State.Status != kyc.Approved {
				t.Errorf("same identity after the approved period: %+v", got.State)
			}
			p.DuplicateUser, p.ApprovedPeriod, p.RejectedPeriod = false, 0, time.Hour
			r.svc.projects.SetPolicy(ctx, r.project, p)
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{Email: "cool@example.com"}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			for range kyc.DefaultAttempts {
				r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", stranger)
				r.settle(t, sub.ID)
			}
			*r.clock = start.Add(100*time.Hour + 30*time.Minute)
			if got := decide(Applicant{Email: "COOL@example.com "}, selfie); got.State.Code != kyc.DuplicateUser {
				t.Errorf("same e-mail within the rejected period: %+v", got.State)
			}
			*r.clock = start.Add(102 * time.Hour)
			if got := decide(Applicant{Email: "cool@example.com"}, selfie); got.State.Status != kyc.Approved {
				t.Errorf("after the rejected period (the duplicate_user rejection does not renew it): %+v", got.State)
			}
		})
		t.Run("retention purge", func(t *testing.T) {
			r.policy(t, func(p *kyc.Policy) { p.RetentionDays = 30 })
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{Name: "TO BE PURGED"}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			r.settle(t, sub.ID)
			r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", stranger)
			r.settle(t, sub.ID)
			r.svc.Review(ctx, r.project, sub.ID, "x", false, kyc.Other, "x") // not pending: ignored
			start := *r.clock
			defer func() { *r.clock = start }()
			// Incomplete (a retry is awaited): never purged.
			*r.clock = start.AddDate(0, 0, 31)
			if n, err := r.svc.PurgeRetention(ctx); err != nil {
				t.Fatal(err)
			} else if got, _ := r.svc.Store.Get(ctx, r.project, sub.ID); got.Deleted {
				t.Errorf("an undecided submission was purged (%d)", n)
			}
			*r.clock = start
			decided, _ := r.svc.Create(ctx, r.project, "test", Applicant{Email: "purged@example.com"}, nil)
			r.svc.SubmitID(ctx, r.project, decided.ID, "test", Images{Front: id})
			r.settle(t, decided.ID)
			r.svc.SubmitSelfie(ctx, r.project, decided.ID, "test", selfie)
			r.settle(t, decided.ID)
			*r.clock = start.AddDate(0, 0, 29)
			r.svc.PurgeRetention(ctx)
			if got, _ := r.svc.Store.Get(ctx, r.project, decided.ID); got.Deleted {
				t.Error("purged before its retention")
			}
			*r.clock = start.AddDate(0, 0, 31)
			if _, err := r.svc.PurgeRetention(ctx); err != nil {
				t.Fatal(err)
			}
			if got, _ := r.svc.Store.Get(ctx, r.project, decided.ID); !got.Deleted || got.Personal.Applicant.Email != "" || !got.State.Status.Decided() {
				t.Errorf("not purged after its retention: %+v", got.State)
			}
		})
		t.Run("ID and selfie in one upload", func(t *testing.T) {
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			if _, err := r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id, Selfie: selfie}); err != nil {
				t.Fatal(err)
			}
			got := r.settle(t, sub.ID)
			if !got.State.Status.Decided() && got.State.Status != kyc.Pending || got.State.Attempts != 1 || got.Result.SelfieQueued {
				t.Errorf("the queued selfie was not the first attempt: %+v %+v", got.State, got.Result)
			}
			bad, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, bad.ID, "test", Images{Front: []byte("not an image"), Selfie: selfie})
			got = r.settle(t, bad.ID)
			events, _ := r.svc.Store.Events(ctx, r.project, bad.ID)
			last := events[len(events)-1]
			if got.State.Attempts != 0 || got.State.HasFace || last.Data["selfie"] != "discarded" {
				t.Errorf("a selfie queued behind an ID to retake: %+v, %+v", got.State, last)
			}
		})
		t.Run("a job run again changes nothing; an ID replaced before the selfie is read again", func(t *testing.T) {
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			if _, err := r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id}); err != nil {
				t.Fatal(err)
			}
			if _, err := r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id}); !errors.Is(err, ErrBusy) {
				t.Errorf("an ID replaced while it is read: %v", err)
			}
			r.settle(t, sub.ID)
			count := func() int { e, _ := r.svc.Store.Events(ctx, r.project, sub.ID); return len(e) }
			before := count()
			// As River would after a crash between the job's commit and its
			// own record of it.
			if err := r.svc.analyzeDocument(ctx, AnalyzeDocumentArgs{r.project, sub.ID, 1}); err != nil || count() != before {
				t.Errorf("document job run again: %v, events %d → %d", err, before, count())
			}
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
			if got := r.settle(t, sub.ID); got.Result.IDUploads != 2 || got.State.Stage != kyc.AwaitingSelfie || count() != before+2 {
				t.Errorf("replaced ID: %+v %+v, events %d → %d", got.State, got.Result, before, count())
			}
			r.svc.SubmitSelfie(ctx, r.project, sub.ID, "test", stranger)
			got := r.settle(t, sub.ID)
			before = count()
			if err := r.svc.analyzeSelfie(ctx, AnalyzeSelfieArgs{r.project, sub.ID, 1}); err != nil || count() != before {
				t.Errorf("selfie job run again: %v, events %d → %d", err, before, count())
			}
			if again := r.settle(t, sub.ID); again.State.Attempts != got.State.Attempts || again.State.Attempts != 1 {
				t.Errorf("an attempt counted twice: %d → %d", got.State.Attempts, again.State.Attempts)
			}
		})
		t.Run("a submission's own options, as far as the project allows", func(t *testing.T) {
			p := r.policy(t, func(p *kyc.Policy) { p.AgeLimit = 120 })
			off := 0
			if _, err := r.svc.Create(ctx, r.project, "test", Applicant{}, &kyc.Overrides{AgeLimit: &off}); !errors.Is(err, kyc.ErrInvalidPolicy) {
				t.Errorf("an override the project does not allow: %v", err)
			}
			p.Overridable = []string{"age_limit"}
			r.svc.projects.SetPolicy(ctx, r.project, p)
			run := func(o *kyc.Overrides) *Submission {
				sub, err := r.svc.Create(ctx, r.project, "test", Applicant{}, o)
				if err != nil {
					t.Fatal(err)
				}
				r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: id})
				return r.settle(t, sub.ID)
			}
			if got := run(nil); got.State.Code != kyc.UnderAgeLimit {
				t.Errorf("the project's age limit: %+v", got.State)
			}
			if got := run(&kyc.Overrides{AgeLimit: &off}); got.State.Status != kyc.Incomplete || got.State.Stage != kyc.AwaitingSelfie ||
				got.Result.Overrides == nil {
				t.Errorf("age limit off for this submission: %+v", got.State)
			}
		})
		t.Run("a photo that is no image asks for another", func(t *testing.T) {
			sub, _ := r.svc.Create(ctx, r.project, "test", Applicant{}, nil)
			r.svc.SubmitID(ctx, r.project, sub.ID, "test", Images{Front: []byte("not an image")})
			got := r.settle(t, sub.ID)
			if got.State.Status != kyc.Incomplete || got.State.Stage != kyc.AwaitingID || !got.Result.Recapture {
				t.Errorf("%+v %+v", got.State, got.Result)
			}
		})
	})
}
