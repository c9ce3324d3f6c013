package submission

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"openkyc/internal/blob"
	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/jobs"
	"openkyc/internal/kyc"
	"openkyc/internal/metrics"
	"openkyc/internal/project"
	"openkyc/internal/webhook"
)

// Analyzer is the verification engine as the service uses it
// (engine.Engine).
type Analyzer interface {
	// AnalyzeDocument reads the ID from its front and, when not nil, its
	// back.
	AnalyzeDocument(ctx context.Context, front, back []byte) (*document.Evidence, error)
	AnalyzeSelfie(ctx context.Context, data []byte) (*face.Analysis, error)
}

// Service runs submissions: it stores what applicants send, queues its
// analysis, and applies the engine's evidence through the kyc state
// machine.
type Service struct {
	Store    *Store
	projects *project.Store
	blobs    blob.Store
	engine   Analyzer
	jobs     *jobs.Client
	hooks    *webhook.Store
	metrics  *metrics.Metrics
	now      func() time.Time
}

// SetMetrics makes the service record job and engine timings and
// decisions.
func (s *Service) SetMetrics(m *metrics.Metrics) { s.metrics = m }

// NewService wires a service. jobs may be set later (SetJobs): the job
// client needs the workers, which need the service.
func NewService(store *Store, projects *project.Store, blobs blob.Store, engine Analyzer, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{Store: store, projects: projects, blobs: blobs, engine: engine, now: now}
}

// SetJobs gives the service its job client.
func (s *Service) SetJobs(c *jobs.Client) { s.jobs = c }

// Job arguments.
type (
	// AnalyzeDocumentArgs: read the uploaded ID photo. Upload numbers the
	// submission's ID uploads: a job applies only to the upload it was
	// queued for, once.
	AnalyzeDocumentArgs struct {
		ProjectID    string `json:"project_id"`
		SubmissionID string `json:"submission_id"`
		Upload       int    `json:"upload,omitempty"`
	}
	// AnalyzeSelfieArgs: compare selfie attempt Attempt with the ID.
	AnalyzeSelfieArgs struct {
		ProjectID    string `json:"project_id"`
		SubmissionID string `json:"submission_id"`
		Attempt      int    `json:"attempt"`
	}
)

// Kind names the job.
func (AnalyzeDocumentArgs) Kind() string { return "analyze_document" }

// documentPriority puts ID analyses (about a CPU-second each) behind
// selfies (a tenth of that) when the queue is long: an applicant waiting
// on the selfie screen hears back first. River runs priority 1 first.
const documentPriority = 2

// Kind names the job.
func (AnalyzeSelfieArgs) Kind() string { return "analyze_selfie" }

// Errors of the service, beside the store's and kyc's.
var ErrBusy = errors.New("submission: the previous image is still being analysed")

// A submission's images, by the names the API downloads them under.
const (
	idFront = "id-front"
	idBack  = "id-back"
)

func selfieImage(n int) string { return "selfie-" + strconv.Itoa(n) }

// imageBlob is where a submission's image is stored.
func imageBlob(projectID, id, image string) string {
	return "projects/" + projectID + "/submissions/" + id + "/" + image
}

// Images are the photos of one upload. Front is required; Back (the back
// of a card) and Selfie may be nil. A selfie sent with the ID waits for
// the ID's analysis and is then the first attempt — or is discarded when
// the ID is refused (recapture or rejection).
type Images struct{ Front, Back, Selfie []byte }

// SubmitID stores the ID photos, and a selfie sent with them, and queues
// their analysis. They may be replaced until the selfie stage starts.
func (s *Service) SubmitID(ctx context.Context, projectID, id, actor string, im Images) (*Submission, error) {
	cur, err := s.Store.Get(ctx, projectID, id)
	if err != nil {
		return nil, err // before anything is stored under an id that is not the project's
	}
	if cur.Result.Analyzing {
		// The photos being read must not change under their analysis.
		return nil, ErrBusy
	}
	if err := s.blobs.Put(ctx, imageBlob(projectID, id, idFront), im.Front); err != nil {
		return nil, err
	}
	// A back or selfie from an earlier upload is not this one's.
	for name, b := range map[string][]byte{imageBlob(projectID, id, idBack): im.Back, imageBlob(projectID, id, selfieImage(1)): im.Selfie} {
		var err error
		if b != nil {
			err = s.blobs.Put(ctx, name, b)
		} else {
			err = s.blobs.Delete(ctx, name)
		}
		if err != nil {
			return nil, err
		}
	}
	return s.Store.Update(ctx, projectID, id, actor, func(sub *Submission) (Event, error) {
		switch {
		case sub.State.Status.Decided() || sub.State.Status == kyc.Pending:
			return Event{}, kyc.ErrDecided
		case sub.State.HasFace:
			return Event{}, kyc.ErrOutOfOrder
		case sub.Result.Analyzing:
			return Event{}, ErrBusy
		}
		sub.Result.Analyzing = true
		sub.Result.IDUploads++
		sub.Result.SelfieQueued = im.Selfie != nil
		e := Event{Kind: "id_uploaded"}
		if im.Selfie != nil {
			e.Data = map[string]any{"selfie": "queued"}
		}
		return e, nil
	}, s.after(ctx, func(tx *sql.Tx, sub *Submission, _ Event) error {
		_, err := s.jobs.InsertTx(ctx, tx, AnalyzeDocumentArgs{projectID, id, sub.Result.IDUploads},
			&river.InsertOpts{Priority: documentPriority})
		return err
	}))
}

// startQueued turns a selfie sent with the ID into the first attempt once
// the ID is read and the selfie stage starts ("selfie": "submitted" in the
// event, whose follow-up queues its analysis); an ID refused discards it.
func startQueued(sub *Submission, e *Event) {
	if !sub.Result.SelfieQueued {
		return
	}
	sub.Result.SelfieQueued = false
	if e.Data == nil {
		e.Data = map[string]any{}
	}
	if sub.State.Status != kyc.Incomplete || sub.State.Stage != kyc.AwaitingSelfie {
		e.Data["selfie"] = "discarded"
		return
	}
	e.Data["selfie"] = "submitted"
	sub.Result.Analyzing = true
}

// SubmitSelfie stores a selfie attempt and queues its comparison.
func (s *Service) SubmitSelfie(ctx context.Context, projectID, id, actor string, photo []byte) (*Submission, error) {
	cur, err := s.Store.Get(ctx, projectID, id)
	if err != nil {
		return nil, err
	}
	n := cur.State.Attempts + 1
	if err := s.blobs.Put(ctx, imageBlob(projectID, id, selfieImage(n)), photo); err != nil {
		return nil, err
	}
	return s.Store.Update(ctx, projectID, id, actor, func(sub *Submission) (Event, error) {
		switch {
		case sub.State.Status.Decided() || sub.State.Status == kyc.Pending:
			return Event{}, kyc.ErrDecided
		case sub.State.Stage != kyc.AwaitingSelfie:
			return Event{}, kyc.ErrOutOfOrder
		case sub.Result.Analyzing:
			return Event{}, ErrBusy
		case sub.State.Attempts+1 != n:
			return Event{}, ErrBusy // another attempt arrived meanwhile
		}
		sub.Result.Analyzing = true
		return Event{Kind: "selfie_uploaded", Data: map[string]any{"attempt": n}}, nil
	}, s.after(ctx, func(tx *sql.Tx, sub *Submission, _ Event) error {
		_, err := s.jobs.InsertTx(ctx, tx, AnalyzeSelfieArgs{projectID, id, n}, nil)
		return err
	}))
}

// analyzeDocument is the analyze_document job.
func (s *Service) analyzeDocument(ctx context.Context, a AnalyzeDocumentArgs) error {
	pr, err := s.projects.Get(ctx, a.ProjectID)
	if err != nil {
		return err
	}
	photo, err := s.blobs.Get(ctx, imageBlob(a.ProjectID, a.SubmissionID, idFront))
	if err != nil {
		return err
	}
	back, err := s.blobs.Get(ctx, imageBlob(a.ProjectID, a.SubmissionID, idBack))
	if errors.Is(err, blob.ErrNotFound) {
		back, err = nil, nil
	}
	if err != nil {
		return err
	}
	ev, err := s.engine.AnalyzeDocument(ctx, photo, back)
	if ev != nil {
		s.metrics.Stages("document", ev.Stages)
	}
	var undecodable error
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		undecodable = err // a bad image is the applicant's to replace, not a job failure
	}
	_, err = s.Store.Update(ctx, a.ProjectID, a.SubmissionID, "system", func(sub *Submission) (Event, error) {
		if !sub.Result.Analyzing || sub.Result.IDUploads != a.Upload {
			// Applied already: a job run again after a crash between
			// its commit and River's record of it.
			return Event{}, errUnchanged
		}
		e, err := applyDocument(sub, sub.Policy(pr.Policy), ev, undecodable, s.now())
		if err == nil {
			startQueued(sub, &e)
		}
		return e, err
	}, s.after(ctx, func(tx *sql.Tx, sub *Submission, e Event) error {
		if e.Data["selfie"] != "submitted" {
			return nil
		}
		_, err := s.jobs.InsertTx(ctx, tx, AnalyzeSelfieArgs{sub.ProjectID, sub.ID, sub.State.Attempts + 1}, nil)
		return err
	}))
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// applyDocument applies the ID's analysis (or the reason it could not be
// read) to the submission and names what happened.
func applyDocument(sub *Submission, p kyc.Policy, ev *document.Evidence, undecodable error, now time.Time) (Event, error) {
	sub.Result.Analyzing = false
	if sub.State.HasFace || sub.State.Status != kyc.Incomplete {
		// Past the ID stage (SubmitID refuses that; kept for safety). An
		// accepted ID replaced before the selfie is read again.
		return Event{Kind: "id_analysis_skipped"}, nil
	}
	if undecodable != nil {
		sub.Result.Recapture = true
		sub.Result.Checks = []kyc.Check{{Name: "document.image", Outcome: kyc.Fail, Code: kyc.IDImageBadImage,
			Reason: undecodable.Error(), Recapture: true}}
		return Event{Kind: "recapture", Data: map[string]any{"reason": "image could not be read"}}, nil
	}
	doc := Document(ev)
	fields := map[string]string{}
	for name, f := range ev.Fields {
		fields[name] = f.Value
	}
	doc.Checks = append(doc.Checks, DataMatch(sub.Personal.Applicant, fields)...)
	doc.Checks = append(doc.Checks, Declared(sub.Personal.Applicant, &doc)...)
	tr, err := sub.State.SubmitID(p, doc, now)
	if err != nil {
		return Event{}, err
	}
	sub.State, sub.Result.Checks, sub.Result.Recapture = tr.State, tr.Checks, tr.Recapture
	sub.Personal.Document = &doc
	sub.Personal.Fields = fields
	if ev.Portrait != nil {
		sub.Personal.Portrait = ev.Portrait.Embedding
	}
	in := ScoreInputs(ev, nil, nil)
	sub.Result.Inputs = &in
	return transitionEvent(tr.State, tr.Recapture, "id_analyzed"), nil
}

// analyzeSelfie is the analyze_selfie job.
func (s *Service) analyzeSelfie(ctx context.Context, a AnalyzeSelfieArgs) error {
	pr, err := s.projects.Get(ctx, a.ProjectID)
	if err != nil {
		return err
	}
	cur, err := s.Store.Get(ctx, a.ProjectID, a.SubmissionID)
	if err != nil {
		return err
	}
	policy := cur.Policy(pr.Policy)
	photo, err := s.blobs.Get(ctx, imageBlob(a.ProjectID, a.SubmissionID, selfieImage(a.Attempt)))
	if err != nil {
		return err
	}
	analysis, err := s.engine.AnalyzeSelfie(ctx, photo)
	if analysis != nil {
		s.metrics.Stages("face", analysis.Stages)
	}
	if err != nil && ctx.Err() != nil {
		return err
	}
	if err != nil {
		analysis = nil // no face, or not an image: a failed attempt
	}
	duplicate := false
	if policy.DuplicateFace && analysis != nil && len(analysis.Faces) > 0 {
		if duplicate, err = s.duplicateFace(ctx, a.ProjectID, a.SubmissionID, analysis.Faces[0].Embedding, policy); err != nil {
			return err
		}
	}
	dupUser, err := s.duplicateUser(ctx, cur, policy)
	if err != nil {
		return err
	}
	_, err = s.Store.Update(ctx, a.ProjectID, a.SubmissionID, "system", func(sub *Submission) (Event, error) {
		if !sub.Result.Analyzing || sub.State.Attempts != a.Attempt-1 {
			return Event{}, errUnchanged // applied already (see analyzeDocument)
		}
		return applySelfie(sub, policy, analysis, duplicate, dupUser, s.now())
	}, s.after(ctx, nil))
	if errors.Is(err, errUnchanged) {
		return nil
	}
	return err
}

// applySelfie applies a selfie attempt's analysis (nil: no face, or no
// image) to a submission awaiting it, and names what happened: a retry,
// too_many_retry, or the decision with its score. duplicateFace and
// duplicateUser are what the project's options found.
func applySelfie(sub *Submission, p kyc.Policy, analysis *face.Analysis, duplicateFace, duplicateUser bool, now time.Time) (Event, error) {
	sub.Result.Analyzing = false
	if sub.State.Stage != kyc.AwaitingSelfie || sub.Personal.Document == nil {
		return Event{Kind: "selfie_analysis_skipped"}, nil
	}
	var portrait *face.Face
	if len(sub.Personal.Portrait) > 0 {
		portrait = &face.Face{Embedding: sub.Personal.Portrait}
	}
	in := kyc.ScoreInputs{}
	if sub.Result.Inputs != nil {
		in = *sub.Result.Inputs
	}
	if analysis != nil && len(analysis.Faces) > 0 && portrait != nil {
		in.Similarity = face.Compare(portrait.Embedding, analysis.Faces[0].Embedding)
		if l := analysis.Faces[0].Liveness; l != nil {
			in.Liveness = l.Score
		}
	}
	f := kyc.Selfie{Checks: FaceChecks(p, portrait, analysis), Inputs: in, DuplicateFace: duplicateFace, DuplicateUser: duplicateUser}
	if analysis != nil && len(analysis.Faces) > 0 {
		sub.Personal.Selfie = analysis.Faces[0].Embedding
	}
	tr, err := sub.State.SubmitSelfie(p, *sub.Personal.Document, f, now)
	if err != nil {
		return Event{}, err
	}
	sub.State, sub.Result.Checks = tr.State, tr.Checks
	sub.Result.RetryReason, sub.Result.AttemptsLeft = tr.RetryReason, tr.AttemptsLeft
	if tr.State.Status.Decided() || tr.State.Status == kyc.Pending {
		score := kyc.ComputeScore(p, in)
		sub.Result.Score = &score
	}
	return transitionEvent(tr.State, false, "selfie_analyzed"), nil
}

// duplicateFace reports whether a selfie matches another applicant's
// approved submission in the project, at the project's match threshold.
func (s *Service) duplicateFace(ctx context.Context, projectID, except string, emb []float32, p kyc.Policy) (bool, error) {
	faces, err := s.Store.ApprovedFaces(ctx, projectID, except)
	if err != nil {
		return false, err
	}
	for _, f := range faces {
		if face.Compare(emb, f) >= p.SimilarityThreshold {
			return true, nil
		}
	}
	return false, nil
}

// duplicateUser reports whether the project's duplicate-user options
// (kyc.Policy.Lookbacks) find an earlier decision of the same applicant.
func (s *Service) duplicateUser(ctx context.Context, sub *Submission, p kyc.Policy) (bool, error) {
	for _, l := range p.Lookbacks(s.now()) {
		if seen, err := s.Store.SeenBefore(ctx, sub, l.Status, l.Since); err != nil || seen {
			return seen, err
		}
	}
	return false, nil
}

// transitionEvent names what happened: the decision, a retry or a
// recapture request, or the step done.
func transitionEvent(st kyc.State, recapture bool, done string) Event {
	switch {
	case recapture:
		return Event{Kind: "recapture"}
	case st.Status == kyc.Incomplete && st.HasFace:
		return Event{Kind: "retry", Data: map[string]any{"attempts": st.Attempts}}
	case st.Status != kyc.Incomplete:
		data := map[string]any{}
		if st.Code != "" {
			data["reject_code"] = string(st.Code)
		}
		return Event{Kind: string(st.Status), Data: data}
	}
	return Event{Kind: done}
}

// Workers registers the service's jobs.
func (s *Service) Workers() *river.Workers {
	w := river.NewWorkers()
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, j *river.Job[AnalyzeDocumentArgs]) error {
		return s.timedJob(j.JobRow, func() error { return s.analyzeDocument(ctx, j.Args) })
	}))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, j *river.Job[AnalyzeSelfieArgs]) error {
		return s.timedJob(j.JobRow, func() error { return s.analyzeSelfie(ctx, j.Args) })
	}))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, j *river.Job[SweepTimeoutsArgs]) error {
		return s.timedJob(j.JobRow, func() error { _, err := s.SweepTimeouts(ctx); return err })
	}))
	river.AddWorker(w, river.WorkFunc(func(ctx context.Context, j *river.Job[PurgeRetentionArgs]) error {
		return s.timedJob(j.JobRow, func() error { _, err := s.PurgeRetention(ctx); return err })
	}))
	return w
}

// timedJob runs a job and records how long it waited and ran.
func (s *Service) timedJob(row *rivertype.JobRow, run func() error) error {
	start := time.Now()
	err := run()
	s.metrics.Job(row.Kind, start.Sub(row.ScheduledAt), time.Since(start), err)
	return err
}

// PeriodicJobs are the service's recurring jobs, for jobs.Config: the
// timeout sweep every sweep, the retention purge hourly.
func PeriodicJobs(sweep time.Duration) []*river.PeriodicJob {
	if sweep <= 0 {
		sweep = time.Minute
	}
	return []*river.PeriodicJob{
		river.NewPeriodicJob(river.PeriodicInterval(sweep),
			func() (river.JobArgs, *river.InsertOpts) { return SweepTimeoutsArgs{}, nil }, nil),
		river.NewPeriodicJob(river.PeriodicInterval(PurgeInterval),
			func() (river.JobArgs, *river.InsertOpts) { return PurgeRetentionArgs{}, nil }, nil),
	}
}

// SweepTimeoutsArgs: the periodic incomplete-timeout sweep.
type SweepTimeoutsArgs struct{}

// Kind names the job.
func (SweepTimeoutsArgs) Kind() string { return "sweep_timeouts" }

// sweepBatch bounds one sweep; the next takes the rest.
const sweepBatch = 500

// SweepTimeouts rejects with timeout the submissions abandoned after a
// selfie for longer than their project's timeout (PRODUCT.md "Lifecycle"
// 5) and returns how many.
func (s *Service) SweepTimeouts(ctx context.Context) (int, error) {
	now := s.now()
	refs, err := s.Store.IncompleteWithFace(ctx, now.Add(-kyc.MinIncompleteTimeout), sweepBatch)
	if err != nil {
		return 0, err
	}
	policies := map[string]kyc.Policy{}
	n := 0
	for _, r := range refs {
		p, ok := policies[r.ProjectID]
		if !ok {
			pr, err := s.projects.Get(ctx, r.ProjectID)
			if err != nil {
				return n, err
			}
			p, policies[r.ProjectID] = pr.Policy, pr.Policy
		}
		changed := false
		_, err := s.Store.Update(ctx, r.ProjectID, r.ID, "system", func(sub *Submission) (Event, error) {
			st, ok := sub.State.Expire(p, now)
			if !ok {
				return Event{}, errUnchanged
			}
			sub.State, changed = st, true
			return Event{Kind: string(kyc.Rejected), Data: map[string]any{"reject_code": string(kyc.Timeout)}}, nil
		}, s.after(ctx, nil))
		if err != nil && !errors.Is(err, errUnchanged) {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

// PurgeRetentionArgs: the periodic purge of data past its retention.
type PurgeRetentionArgs struct{}

// Kind names the job.
func (PurgeRetentionArgs) Kind() string { return "purge_retention" }

// PurgeInterval is how often retention is applied.
const PurgeInterval = time.Hour

// PurgeRetention wipes the images and personal data of submissions
// decided more than their project's retention_days ago, keeping their
// skeletons (as Delete does), and returns how many.
func (s *Service) PurgeRetention(ctx context.Context) (int, error) {
	projects, err := s.projects.All(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range projects {
		if p.Policy.RetentionDays <= 0 {
			continue
		}
		refs, err := s.Store.DecidedBefore(ctx, p.ID, s.now().AddDate(0, 0, -p.Policy.RetentionDays), sweepBatch)
		if err != nil {
			return n, err
		}
		for _, r := range refs {
			if err := s.Delete(ctx, r.ProjectID, r.ID, "system:retention"); err != nil && !errors.Is(err, ErrDeleted) {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// errUnchanged aborts an update that turned out to change nothing.
var errUnchanged = errors.New("unchanged")

// Review records a reviewer's decision on a pending submission.
func (s *Service) Review(ctx context.Context, projectID, id, actor string, approve bool, code kyc.RejectCode, comment string) (*Submission, error) {
	return s.Store.Update(ctx, projectID, id, actor, func(sub *Submission) (Event, error) {
		st, err := sub.State.Review(approve, code, comment, s.now())
		if err != nil {
			return Event{}, err
		}
		sub.State = st
		data := map[string]any{"by": actor}
		if code != "" {
			data["reject_code"] = string(code)
		}
		return Event{Kind: string(st.Status), Data: data}, nil
	}, s.after(ctx, nil))
}

// Delete wipes a submission's images and personal data, keeping its
// skeleton. Images go first: should the database step fail, deleting
// again finishes the job, and no image outlives its record.
func (s *Service) Delete(ctx context.Context, projectID, id, actor string) error {
	sub, err := s.Store.Get(ctx, projectID, id)
	if err != nil {
		return err
	}
	if sub.Deleted {
		return ErrDeleted
	}
	names := []string{imageBlob(projectID, id, idFront), imageBlob(projectID, id, idBack)}
	for n := 1; n <= sub.State.Attempts+1; n++ { // +1: an upload whose analysis never ran
		names = append(names, imageBlob(projectID, id, selfieImage(n)))
	}
	for _, name := range names {
		if err := s.blobs.Delete(ctx, name); err != nil {
			return err
		}
	}
	return s.Store.Delete(ctx, projectID, id, actor, s.after(ctx, nil))
}

// ErrNoImage: the submission has no image of that name.
var ErrNoImage = errors.New("submission: no such image")

// Image returns one of a submission's images: "id-front", or "selfie-N"
// for attempt N. A deleted submission has none.
func (s *Service) Image(ctx context.Context, projectID, id, name string) ([]byte, error) {
	sub, err := s.Store.Get(ctx, projectID, id)
	if err != nil {
		return nil, err
	}
	if sub.Deleted {
		return nil, ErrDeleted
	}
	if !hasImage(sub, name) {
		return nil, ErrNoImage
	}
	b, err := s.blobs.Get(ctx, imageBlob(projectID, id, name))
	if errors.Is(err, blob.ErrNotFound) {
		return nil, ErrNoImage
	}
	return b, err
}

// Edit changes what a submission says of its applicant: the integrator's
// references (user id, e-mail, custom fields) and corrections of the
// fields read from the document. Nil means unchanged; an empty correction
// removes it.
type Edit struct {
	UserID, Email, CF1, CF2, CF3 *string
	Fields                       map[string]string
}

// EditableFields are the document fields a correction may name.
var EditableFields = []string{"surname", "given_names", "full_name_native", "document_number", "personal_number",
	"birth_date", "expiry_date", "issue_date", "nationality", "sex", "address"}

// ErrBadEdit: an edit naming an unknown field or with a value out of form.
var ErrBadEdit = errors.New("submission: invalid edit")

// maxEditValue bounds one edited value.
const maxEditValue = 500

// Edit applies an edit and records which values changed (names only: the
// timeline holds no personal data); it emits submission.updated.
func (s *Service) Edit(ctx context.Context, projectID, id, actor string, e Edit) (*Submission, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	sub, err := s.Store.Update(ctx, projectID, id, actor, func(sub *Submission) (Event, error) {
		var changed []string
		a := &sub.Personal.Applicant
		for _, f := range []struct {
			name string
			src  *string
			dst  *string
		}{{"userid", e.UserID, &a.UserID}, {"email", e.Email, &a.Email}, {"cf1", e.CF1, &a.CF1}, {"cf2", e.CF2, &a.CF2},
			{"cf3", e.CF3, &a.CF3}} {
			if f.src != nil && *f.src != *f.dst {
				*f.dst = *f.src
				changed = append(changed, f.name)
			}
		}
		for name, v := range e.Fields {
			if sub.Personal.Edits[name] == v {
				continue
			}
			if sub.Personal.Edits == nil {
				sub.Personal.Edits = map[string]string{}
			}
			if v == "" {
				delete(sub.Personal.Edits, name)
			} else {
				sub.Personal.Edits[name] = v
			}
			changed = append(changed, "fields."+name)
		}
		if len(changed) == 0 {
			return Event{}, errUnchanged
		}
		slices.Sort(changed)
		return Event{Kind: "updated", Data: map[string]any{"changed": changed}}, nil
	}, s.after(ctx, nil))
	if errors.Is(err, errUnchanged) {
		return s.Store.Get(ctx, projectID, id) // nothing to record
	}
	return sub, err
}

func (e Edit) validate() error {
	for _, v := range []*string{e.UserID, e.Email, e.CF1, e.CF2, e.CF3} {
		if v != nil && len(*v) > maxEditValue {
			return fmt.Errorf("%w: values are at most %d bytes", ErrBadEdit, maxEditValue)
		}
	}
	for name, v := range e.Fields {
		if !slices.Contains(EditableFields, name) {
			return fmt.Errorf("%w: unknown field %q (one of %s)", ErrBadEdit, name, strings.Join(EditableFields, ", "))
		}
		if len(v) > maxEditValue {
			return fmt.Errorf("%w: %s is at most %d bytes", ErrBadEdit, name, maxEditValue)
		}
		if strings.HasSuffix(name, "_date") && v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				return fmt.Errorf("%w: %s is a date YYYY-MM-DD", ErrBadEdit, name)
			}
		}
	}
	return nil
}

// Decided reports whether a submission of the project has a decision
// (approved or rejected): a Liveform token is refused then.
func (s *Service) Decided(ctx context.Context, projectID, id string) (bool, error) {
	sub, err := s.Store.Get(ctx, projectID, id)
	if err != nil {
		return false, err
	}
	return sub.State.Status.Decided(), nil
}

// hasImage reports whether name is an image a submission may have: the
// ID's sides, or a selfie attempt it made.
func hasImage(sub *Submission, name string) bool {
	if name == idFront || name == idBack {
		return true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(name, "selfie-"))
	return strings.HasPrefix(name, "selfie-") && err == nil && n >= 1 && n <= sub.State.Attempts && selfieImage(n) == name
}

// Create starts a submission, with its overrides of the project's
// options (nil: none) when the project allows them (kyc.Overrides).
func (s *Service) Create(ctx context.Context, projectID, actor string, a Applicant, o *kyc.Overrides) (*Submission, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if o != nil {
		pr, err := s.projects.Get(ctx, projectID)
		if err != nil {
			return nil, err
		}
		if _, err := o.Apply(pr.Policy); err != nil {
			return nil, err
		}
	}
	return s.Store.Create(ctx, projectID, actor, a, o, s.after(ctx, nil))
}

// SetWebhooks makes changes emit webhooks to the projects' endpoints.
func (s *Service) SetWebhooks(w *webhook.Store) { s.hooks = w }

// after is the follow-up of every change: extra (the analysis job), then
// the webhook of the event, if it is one integrators hear of.
func (s *Service) after(ctx context.Context, extra Then) Then {
	return func(tx *sql.Tx, sub *Submission, e Event) error {
		if extra != nil {
			if err := extra(tx, sub, e); err != nil {
				return err
			}
		}
		switch e.Kind {
		case "approved", "rejected", "pending":
			s.metrics.Decision(e.Kind, string(sub.State.Code))
		}
		typ := webhookType(e.Kind)
		if s.hooks == nil || typ == "" {
			return nil
		}
		return s.hooks.Emit(ctx, tx, s.jobs, typ, webhook.Data{SubmissionID: sub.ID, ProjectID: sub.ProjectID,
			Status: string(sub.State.Status), RejectCode: string(sub.State.Code), AttemptsLeft: sub.Result.AttemptsLeft})
	}
}

// webhookType is the webhook an event of the timeline sends: the
// decisions, a retry, a deletion, and what changes the evidence.
func webhookType(kind string) string {
	switch kind {
	case "created":
		return webhook.Created
	case "retry":
		return webhook.Retry
	case "pending":
		return webhook.Pending
	case "approved":
		return webhook.Approved
	case "rejected":
		return webhook.Rejected
	case "deleted":
		return webhook.Deleted
	case "recapture", "id_analyzed", "updated":
		return webhook.Updated
	}
	return ""
}
