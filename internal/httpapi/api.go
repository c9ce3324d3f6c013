package httpapi

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/jobs"
	"openkyc/internal/kyc"
	"openkyc/internal/liveform"
	"openkyc/internal/metrics"
	"openkyc/internal/project"
	"openkyc/internal/submission"
	"openkyc/internal/webhook"
)

// MaxUpload bounds one image upload; imaging's own limits (pixels) apply
// when it is decoded.
const MaxUpload = 15 << 20

// MaxWait bounds ?wait=.
const MaxWait = 30 * time.Second

// Server is the API's handler.
type Server struct {
	Deps
	mux   *http.ServeMux
	limit *limiter
	idem  idempotency
}

// Deps are what the API serves from.
type Deps struct {
	DB          *db.DB          // keeps the idempotency keys
	Keys        *crypto.Keyring // seals the answers kept for them
	Projects    *project.Store
	Submissions *submission.Service
	Webhooks    *webhook.Store
	Jobs        *jobs.Client // queues resent webhooks
	Liveform    *liveform.Store
	Metrics     *metrics.Metrics // nil: /metrics answers 404
	// Ready reports whether the server can serve (database reachable,
	// models loaded).
	Ready func(context.Context) error
	Log   *slog.Logger
}

// New builds the API.
func New(d Deps) *Server {
	s := &Server{Deps: d, mux: http.NewServeMux(), limit: newLimiter(DefaultRate, DefaultBurst, nil), idem: idempotency{d.DB, d.Keys}}
	for _, r := range s.routes() {
		s.mux.HandleFunc(r.pattern, r.handler)
	}
	return s
}

type route struct {
	pattern string // "METHOD /path", as http.ServeMux takes it and openapi.json lists it
	handler http.HandlerFunc
}

// Operations is the handler of a process that serves no API (a worker):
// health, readiness and metrics.
func (s *Server) Operations() http.Handler {
	mux := http.NewServeMux()
	for _, r := range s.routes() {
		switch r.pattern {
		case "GET /healthz", "GET /readyz", "GET /metrics":
			mux.HandleFunc(r.pattern, r.handler)
		}
	}
	return mux
}

// routes is every route the server answers; the OpenAPI document must
// describe exactly these (TestOpenAPI).
func (s *Server) routes() []route {
	return []route{
		{"GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }},
		{"GET /readyz", s.readyz},
		// Prometheus scrapes without a key: counts and latencies only, no
		// ids and no personal data (package metrics).
		{"GET /metrics", s.Metrics.Handler().ServeHTTP},
		{"GET /v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write(openAPI)
		}},
		{"POST /v1/submissions", s.auth(s.create)},
		{"GET /v1/submissions", s.auth(s.list)},
		{"GET /v1/submissions/{id}", s.auth(s.get)},
		{"PATCH /v1/submissions/{id}", s.auth(s.edit)},
		{"DELETE /v1/submissions/{id}", s.auth(s.delete)},
		{"POST /v1/submissions/{id}/id", s.auth(s.uploadID)},
		{"POST /v1/submissions/{id}/selfie", s.auth(s.uploadSelfie)},
		{"POST /v1/submissions/{id}/review", s.auth(s.review)},
		{"GET /v1/submissions/{id}/images/{name}", s.auth(s.image)},
		{"GET /v1/submissions/{id}/deliveries", s.auth(s.deliveries)},
		{"POST /v1/webhooks", s.auth(s.createWebhook)},
		{"GET /v1/webhooks", s.auth(s.listWebhooks)},
		{"DELETE /v1/webhooks/{id}", s.auth(s.deleteWebhook)},
		{"POST /v1/webhooks/deliveries/{id}/resend", s.auth(s.resend)},
		{"POST /v1/liveform/tokens", s.auth(s.issueToken)},
		{"GET /v1/liveform/tokens", s.auth(s.listTokens)},
		{"DELETE /v1/liveform/tokens/{id}", s.auth(s.revokeToken)},
		{"GET /v1/options", s.auth(s.getOptions)},
		{"PUT /v1/options", s.auth(s.putOptions)},
	}
}

//go:embed openapi.json
var openAPI []byte

// ServeHTTP routes the request and counts it by route (the mux's pattern,
// set on r as it routes).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	s.mux.ServeHTTP(sw, r)
	s.Metrics.Request(r.Pattern, sw.status, time.Since(start))
}

// statusWriter remembers the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) { w.status = code; w.ResponseWriter.WriteHeader(code) }

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.Ready(r.Context()); err != nil {
		writeProblem(w, http.StatusServiceUnavailable, "Service Unavailable", "not ready")
		return
	}
	w.Write([]byte("ready\n"))
}

type ctxKey struct{}

// auth resolves the X-API-Key to its project and applies the key's rate
// limit (429 with Retry-After).
func (s *Server) auth(h func(w http.ResponseWriter, r *http.Request, p project.Project)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, k, err := s.Projects.Authenticate(r.Context(), r.Header.Get("X-API-Key"))
		if err != nil {
			fail(w, s.Log, err)
			return
		}
		if ok, wait := s.limit.allow(k.ID); !ok {
			w.Header().Set("Retry-After", retryAfterSeconds(wait))
			writeProblem(w, http.StatusTooManyRequests, "Too Many Requests", "this API key's rate limit is reached")
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, "key:"+k.Prefix))
		if r.Method == http.MethodPost {
			s.idem.wrap(p.ID, w, r, func(w http.ResponseWriter) { h(w, r, p) })
			return
		}
		h(w, r, p)
	}
}

func actor(r *http.Request) string { v, _ := r.Context().Value(ctxKey{}).(string); return v }

// view is a submission as the API shows it.
type view struct {
	ID           string         `json:"id"`
	Status       kyc.Status     `json:"status"`
	Stage        kyc.Stage      `json:"stage"`
	RejectCode   kyc.RejectCode `json:"reject_code,omitempty"`
	RejectReason string         `json:"reject_reason,omitempty"`
	Attempts     int            `json:"attempts"`
	AttemptsLeft int            `json:"attempts_left,omitempty"`
	RetryReason  string         `json:"retry_reason,omitempty"`
	Recapture    bool           `json:"recapture,omitempty"`
	Analyzing    bool           `json:"analyzing"`
	SelfieQueued bool           `json:"selfie_queued,omitempty"`
	Checks       []kyc.Check    `json:"checks"`
	// Warnings are the warned checks' reasons, for a quick look; the
	// checks hold the evidence.
	Warnings  []string             `json:"warnings,omitempty"`
	Score     *kyc.Score           `json:"score,omitempty"`
	Applicant submission.Applicant `json:"applicant"`
	Fields    map[string]string    `json:"fields,omitempty"`
	Edits     map[string]string    `json:"edits,omitempty"`
	Comment   string               `json:"comment,omitempty"`
	Options   *kyc.Overrides       `json:"options,omitempty"` // this submission's overrides of the project's options
	Timeline  []submission.Event   `json:"timeline,omitempty"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
	DecidedAt *time.Time           `json:"decided_at,omitempty"`
	Deleted   bool                 `json:"deleted,omitempty"`
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, p project.Project, sub *submission.Submission) {
	events, err := s.Submissions.Store.Events(r.Context(), p.ID, sub.ID)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, status, s.view(p, sub, events))
}

// view is what the API shows of a submission; events is the timeline
// (nil in lists).
func (s *Server) view(p project.Project, sub *submission.Submission, events []submission.Event) view {
	v := view{ID: sub.ID, Status: sub.State.Status, Stage: sub.State.Stage, RejectCode: sub.State.Code,
		Attempts: sub.State.Attempts, AttemptsLeft: sub.Result.AttemptsLeft, RetryReason: sub.Result.RetryReason,
		Recapture: sub.Result.Recapture, Analyzing: sub.Result.Analyzing, SelfieQueued: sub.Result.SelfieQueued, Checks: sub.Result.Checks, Score: sub.Result.Score,
		Applicant: sub.Personal.Applicant, Fields: sub.Personal.Fields, Edits: sub.Personal.Edits, Comment: sub.State.Comment, Options: sub.Result.Overrides, Timeline: events,
		CreatedAt: sub.CreatedAt, UpdatedAt: sub.UpdatedAt, DecidedAt: sub.DecidedAt, Deleted: sub.Deleted}
	if v.Checks == nil {
		v.Checks = []kyc.Check{}
	}
	for _, c := range v.Checks {
		if c.Outcome == kyc.Warn {
			v.Warnings = append(v.Warnings, c.Name+": "+cmp.Or(c.Reason, "warned"))
		}
	}
	v.RejectReason = sub.RejectReason(p.Policy)
	return v
}

// create starts a submission; an id_front file (and a selfie) may come
// with it in the same multipart request.
func (s *Server) create(w http.ResponseWriter, r *http.Request, p project.Project) {
	var body struct {
		submission.Applicant
		// Options override the project's for this submission, as far as
		// it allows (kyc.Overrides).
		Options *kyc.Overrides `json:"options"`
	}
	var idPhoto, idBack, selfie []byte
	if isMultipart(r) {
		r.Body = http.MaxBytesReader(w, r.Body, 2*MaxUpload+1<<20)
		if err := r.ParseMultipartForm(2 * MaxUpload); err != nil {
			fail(w, s.Log, fmt.Errorf("%w: %v", errTooLarge, err))
			return
		}
		get := r.MultipartForm.Value
		first := func(k string) string {
			if v := get[k]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		body.Applicant = submission.Applicant{UserID: first("userid"), Email: first("email"), CF1: first("cf1"), CF2: first("cf2"),
			CF3: first("cf3"), Name: first("name"), BirthDate: first("birth_date"), Country: first("issuing_country"),
			IDType: kyc.DocumentType(first("id_type"))}
		if o := first("options"); o != "" {
			if err := json.Unmarshal([]byte(o), &body.Options); err != nil {
				fail(w, s.Log, fmt.Errorf("%w: options is a JSON object: %v", errBadRequest, err))
				return
			}
		}
		var err error
		for field, dst := range map[string]*[]byte{"id_front": &idPhoto, "id_back": &idBack, "selfie": &selfie} {
			if *dst, err = formFile(r, field); err != nil {
				fail(w, s.Log, err)
				return
			}
		}
		if (selfie != nil || idBack != nil) && idPhoto == nil {
			fail(w, s.Log, fmt.Errorf("%w: the front of the ID comes first", errBadRequest))
			return
		}
	} else if r.ContentLength != 0 {
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10)).Decode(&body); err != nil && err != io.EOF {
			fail(w, s.Log, fmt.Errorf("%w: %v", errBadRequest, err))
			return
		}
	}
	sub, err := s.Submissions.Create(r.Context(), p.ID, actor(r), body.Applicant, body.Options)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	if idPhoto != nil {
		// A selfie sent with the ID is queued until the ID is read.
		if sub, err = s.Submissions.SubmitID(r.Context(), p.ID, sub.ID, actor(r), submission.Images{Front: idPhoto, Back: idBack, Selfie: selfie}); err != nil {
			fail(w, s.Log, err)
			return
		}
	}
	s.render(w, r, http.StatusCreated, p, s.waitParam(r, p, sub))
}

// list pages through the project's submissions: ?userid= &email=
// &status= &from= &to= (RFC 3339) &limit= (≤ 100) &cursor=.
func (s *Server) list(w http.ResponseWriter, r *http.Request, p project.Project) {
	q := r.URL.Query()
	f := submission.Filter{UserID: q.Get("userid"), Email: q.Get("email"), Status: kyc.Status(q.Get("status")), Cursor: q.Get("cursor")}
	switch f.Status {
	case "", kyc.Incomplete, kyc.Pending, kyc.Approved, kyc.Rejected:
	default:
		fail(w, s.Log, fmt.Errorf("%w: status is incomplete, pending, approved or rejected", errBadRequest))
		return
	}
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				fail(w, s.Log, fmt.Errorf("%w: %s is an RFC 3339 time", errBadRequest, name))
				return
			}
			*dst = t
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			fail(w, s.Log, fmt.Errorf("%w: limit is 1 to 100", errBadRequest))
			return
		}
		f.Limit = n
	}
	subs, next, err := s.Submissions.Store.List(r.Context(), p.ID, f)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	list := make([]view, len(subs))
	for i, sub := range subs {
		list[i] = s.view(p, sub, nil)
	}
	writeJSON(w, http.StatusOK, struct {
		Items      []view `json:"items"`
		NextCursor string `json:"next_cursor,omitempty"`
	}{list, next})
}

func (s *Server) get(w http.ResponseWriter, r *http.Request, p project.Project) {
	sub, err := s.Submissions.Store.Get(r.Context(), p.ID, r.PathValue("id"))
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	s.render(w, r, http.StatusOK, p, s.waitParam(r, p, sub))
}

// uploadID takes the ID photo (id_front) and, for cards that print the
// MRZ on the back, the photo of the back (id_back).
func (s *Server) uploadID(w http.ResponseWriter, r *http.Request, p project.Project) {
	files, ok := s.uploads(w, r, 2, "id_front", "id_back")
	if !ok {
		return
	}
	s.uploaded(w, r, p)(s.Submissions.SubmitID(r.Context(), p.ID, r.PathValue("id"), actor(r), submission.Images{Front: files[0], Back: files[1]}))
}

func (s *Server) uploadSelfie(w http.ResponseWriter, r *http.Request, p project.Project) {
	files, ok := s.uploads(w, r, 1, "selfie")
	if !ok {
		return
	}
	s.uploaded(w, r, p)(s.Submissions.SubmitSelfie(r.Context(), p.ID, r.PathValue("id"), actor(r), files[0]))
}

// uploads reads a multipart upload of at most n images, the first field
// required; on failure it has answered.
func (s *Server) uploads(w http.ResponseWriter, r *http.Request, n int64, fields ...string) ([][]byte, bool) {
	if !isMultipart(r) {
		fail(w, s.Log, fmt.Errorf("%w: send the image as multipart/form-data field %q", errBadRequest, fields[0]))
		return nil, false
	}
	// The body is bounded before parsing: a larger one is refused, not
	// spooled to disk.
	r.Body = http.MaxBytesReader(w, r.Body, n*MaxUpload+1<<20)
	if err := r.ParseMultipartForm(n * MaxUpload); err != nil {
		fail(w, s.Log, fmt.Errorf("%w: %v", errTooLarge, err))
		return nil, false
	}
	files := make([][]byte, len(fields))
	for i, field := range fields {
		b, err := formFile(r, field)
		if err != nil {
			fail(w, s.Log, err)
			return nil, false
		}
		files[i] = b
	}
	if files[0] == nil {
		fail(w, s.Log, fmt.Errorf("%w: no %q file", errBadRequest, fields[0]))
		return nil, false
	}
	return files, true
}

// uploaded answers an upload's result: 202, the analysis under way (or
// done, with ?wait=).
func (s *Server) uploaded(w http.ResponseWriter, r *http.Request, p project.Project) func(*submission.Submission, error) {
	return func(sub *submission.Submission, err error) {
		if err != nil {
			fail(w, s.Log, err)
			return
		}
		s.render(w, r, http.StatusAccepted, p, s.waitParam(r, p, sub))
	}
}

func (s *Server) review(w http.ResponseWriter, r *http.Request, p project.Project) {
	var body struct {
		Decision   string         `json:"decision"` // approve | reject
		RejectCode kyc.RejectCode `json:"reject_code"`
		Comment    string         `json:"comment"`
	}
	if !decodeJSON(w, r, s.Log, 16<<10, &body) {
		return
	}
	if body.Decision != "approve" && body.Decision != "reject" {
		fail(w, s.Log, fmt.Errorf(`%w: decision is "approve" or "reject"`, errBadRequest))
		return
	}
	sub, err := s.Submissions.Review(r.Context(), p.ID, r.PathValue("id"), actor(r), body.Decision == "approve", body.RejectCode, body.Comment)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	s.render(w, r, http.StatusOK, p, sub)
}

func (s *Server) delete(w http.ResponseWriter, r *http.Request, p project.Project) {
	if err := s.Submissions.Delete(r.Context(), p.ID, r.PathValue("id"), actor(r)); err != nil {
		fail(w, s.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// image downloads one of a submission's images (id-front, id-back,
// selfie-N).
// They are the applicant's personal data: never cached.
func (s *Server) image(w http.ResponseWriter, r *http.Request, p project.Project) {
	b, err := s.Submissions.Image(r.Context(), p.ID, r.PathValue("id"), r.PathValue("name"))
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	w.Header().Set("Content-Type", http.DetectContentType(b))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", "attachment")
	w.Write(b)
}

// edit changes the applicant's references and corrects fields read from
// the document (submission.Edit).
func (s *Server) edit(w http.ResponseWriter, r *http.Request, p project.Project) {
	var body struct {
		UserID *string           `json:"userid"`
		Email  *string           `json:"email"`
		CF1    *string           `json:"cf1"`
		CF2    *string           `json:"cf2"`
		CF3    *string           `json:"cf3"`
		Fields map[string]string `json:"fields"`
	}
	if !decodeJSON(w, r, s.Log, 64<<10, &body) {
		return
	}
	sub, err := s.Submissions.Edit(r.Context(), p.ID, r.PathValue("id"), actor(r), submission.Edit{UserID: body.UserID,
		Email: body.Email, CF1: body.CF1, CF2: body.CF2, CF3: body.CF3, Fields: body.Fields})
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	s.render(w, r, http.StatusOK, p, sub)
}

// getOptions answers the project's policy.
func (s *Server) getOptions(w http.ResponseWriter, r *http.Request, p project.Project) {
	writeJSON(w, http.StatusOK, p.Policy)
}

// putOptions replaces the project's policy; options left out keep their
// current values, and an invalid policy is refused whole.
func (s *Server) putOptions(w http.ResponseWriter, r *http.Request, p project.Project) {
	next := p.Policy
	if !decodeJSON(w, r, s.Log, 64<<10, &next) {
		return
	}
	if err := s.Projects.SetPolicy(r.Context(), p.ID, next); err != nil {
		fail(w, s.Log, err) // an invalid policy is 422
		return
	}
	writeJSON(w, http.StatusOK, next)
}

// waitParam honours ?wait=DURATION: the answer waits (up to MaxWait) until
// no analysis is pending.
func (s *Server) waitParam(r *http.Request, p project.Project, sub *submission.Submission) *submission.Submission {
	v := r.URL.Query().Get("wait")
	if v == "" {
		return sub
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return sub
	}
	return s.wait(r.Context(), p.ID, sub, min(d, MaxWait))
}

func (s *Server) wait(ctx context.Context, projectID string, sub *submission.Submission, d time.Duration) *submission.Submission {
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for sub.Result.Analyzing {
		// Watch before reading again, so that a change in between is not
		// missed. An analysis run by another process (a worker) wakes no
		// watcher here: the slow poll sees it.
		changed, stop := s.Submissions.Store.Watch(sub.ID)
		next, err := s.Submissions.Store.Get(ctx, projectID, sub.ID)
		if err != nil {
			stop()
			return sub
		}
		sub = next
		if !sub.Result.Analyzing {
			stop()
			return sub
		}
		select {
		case <-changed:
		case <-time.After(waitPoll):
		case <-deadline.C:
			stop()
			return sub
		case <-ctx.Done():
			stop()
			return sub
		}
		stop()
	}
	return sub
}

// waitPoll is how often ?wait= looks at the database for a change made by
// another process.
const waitPoll = 250 * time.Millisecond

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// items is a list answer: {"items": [...]}, never null.
func items[T any](list []T) any {
	if list == nil {
		list = []T{}
	}
	return struct {
		Items []T `json:"items"`
	}{list}
}

// decodeJSON reads a JSON body of at most limit bytes into dst, refusing
// unknown fields; on failure it has answered 400.
func decodeJSON(w http.ResponseWriter, r *http.Request, log *slog.Logger, limit int64, dst any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		fail(w, log, fmt.Errorf("%w: the body is not the JSON expected: %v", errBadRequest, err))
		return false
	}
	return true
}

func isMultipart(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	return len(ct) >= 19 && ct[:19] == "multipart/form-data"
}

// formFile reads an uploaded image, refusing what is not JPEG, PNG or
// WebP by its content, or is too big or too small by its header; a
// missing field is nil, nil.
func formFile(r *http.Request, field string) ([]byte, error) {
	f, _, err := r.FormFile(field)
	if err == http.ErrMissingFile {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errBadRequest, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxUpload+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxUpload {
		return nil, errTooLarge
	}
	switch http.DetectContentType(b) {
	case "image/jpeg", "image/png", "image/webp":
	default:
		return nil, errUnsupported
	}
	// Too many pixels or too small a side is known from the header: the
	// upload is refused now, not after it was stored and queued.
	if err := imaging.CheckSize(b, imaging.DefaultLimits); err != nil {
		return nil, err
	}
	return b, nil
}
