// Package submission keeps submissions: their state (kyc.State), the
// applicant's data and the fields read from the document (sealed), the
// checks and score, and the timeline. Every change is one transaction
// that writes the submission, its timeline event, its audit record and
// whatever the caller adds (the follow-up jobs).
package submission

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/ids"
	"openkyc/internal/kyc"
)

// Applicant is what the integrator or the applicant typed: who the
// applicant says they are, for the data-match check and for lookups.
type Applicant struct {
	UserID    string `json:"userid,omitempty"`
	Email     string `json:"email,omitempty"`
	CF1       string `json:"cf1,omitempty"`
	CF2       string `json:"cf2,omitempty"`
	CF3       string `json:"cf3,omitempty"`
	Name      string `json:"name,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
	// Country (ISO 3166 alpha-3) and IDType are what the applicant
	// selected, compared with what the document shows.
	Country string           `json:"issuing_country,omitempty"`
	IDType  kyc.DocumentType `json:"id_type,omitempty"`
}

// ErrBadApplicant: applicant data out of form.
var ErrBadApplicant = errors.New("submission: invalid applicant data")

// maxApplicantValue bounds each applicant value.
const maxApplicantValue = 500

// Validate reports the first value out of form, naming it.
func (a Applicant) Validate() error {
	for name, v := range map[string]string{"userid": a.UserID, "email": a.Email, "cf1": a.CF1, "cf2": a.CF2, "cf3": a.CF3,
		"name": a.Name, "birth_date": a.BirthDate} {
		if len(v) > maxApplicantValue {
			return fmt.Errorf("%w: %s is at most %d bytes", ErrBadApplicant, name, maxApplicantValue)
		}
	}
	switch {
	case a.BirthDate != "" && parseDate(a.BirthDate) == nil:
		return fmt.Errorf("%w: birth_date is a date YYYY-MM-DD", ErrBadApplicant)
	case a.Country != "" && !kyc.ValidCountry(a.Country):
		return fmt.Errorf("%w: issuing_country %q is not an ISO 3166 alpha-3 code", ErrBadApplicant, a.Country)
	case a.IDType != "" && !a.IDType.GovernmentIssued():
		return fmt.Errorf("%w: id_type %q is not passport, drivers_license, government_id, residence_permit or visa", ErrBadApplicant, a.IDType)
	}
	return nil
}

// Personal is everything personal about a submission, sealed as one value.
type Personal struct {
	Applicant Applicant         `json:"applicant"`
	Fields    map[string]string `json:"fields,omitempty"` // read from the document
	// Edits are corrections of Fields by the applicant or a reviewer. They
	// are shown beside what was read and never re-decide: the policy
	// judged the document, and a typed birth date must not pass an age
	// limit the document failed.
	Edits   map[string]string `json:"edits,omitempty"`
	Comment string            `json:"comment,omitempty"`
	// Document is what the policy judged (it holds the birth date).
	Document *kyc.Document `json:"document,omitempty"`
	// Portrait is the ID portrait's face embedding, Selfie the passing
	// selfie's: biometric data.
	Portrait []float32 `json:"portrait,omitempty"`
	Selfie   []float32 `json:"selfie,omitempty"`
}

// Result is the non-personal evidence: checks and score.
type Result struct {
	Checks       []kyc.Check `json:"checks,omitempty"`
	Score        *kyc.Score  `json:"score,omitempty"`
	RetryReason  string      `json:"retry_reason,omitempty"`
	AttemptsLeft int         `json:"attempts_left,omitempty"`
	Recapture    bool        `json:"recapture,omitempty"`
	// Analyzing: an uploaded image awaits its analysis job.
	Analyzing bool `json:"analyzing,omitempty"`
	// Overrides are the submission's own options (kyc.Overrides).
	Overrides *kyc.Overrides `json:"overrides,omitempty"`
	// IDUploads counts the ID uploads; each analysis job names its own.
	IDUploads int `json:"id_uploads,omitempty"`
	// SelfieQueued: a selfie sent with the ID awaits the ID's analysis.
	SelfieQueued bool `json:"selfie_queued,omitempty"`
	// Inputs are the document's score measurements, kept for the decision.
	Inputs *kyc.ScoreInputs `json:"inputs,omitempty"`
}

// Submission is one applicant's verification.
type Submission struct {
	ID        string     `json:"id"`
	ProjectID string     `json:"project_id"`
	State     kyc.State  `json:"state"`
	Personal  Personal   `json:"personal"`
	Result    Result     `json:"result"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	DecidedAt *time.Time `json:"decided_at,omitempty"`
	Deleted   bool       `json:"deleted"`
}

// Policy is the options the submission is judged by: the project's p with
// the submission's overrides. Overrides the project no longer allows give
// way to its current options.
func (sub *Submission) Policy(p kyc.Policy) kyc.Policy {
	if sub.Result.Overrides == nil {
		return p
	}
	q, err := sub.Result.Overrides.Apply(p)
	if err != nil {
		return p
	}
	return q
}

// RejectReason is the message of the submission's reject code under the
// project's options p ("" when not rejected): the issuing country and the
// age limit filled in.
func (sub *Submission) RejectReason(p kyc.Policy) string {
	if sub.State.Code == "" {
		return ""
	}
	country := ""
	if d := sub.Personal.Document; d != nil {
		country = kyc.CountryName(d.Country)
	}
	return sub.State.Code.Message(kyc.MessageArgs{Country: country, AgeLimit: sub.Policy(p).AgeLimit})
}

// Event is one entry of a submission's timeline.
type Event struct {
	At   time.Time      `json:"at"`
	Kind string         `json:"kind"` // created, id_submitted, recapture, selfie_retry, approved, rejected, pending, reviewed, deleted…
	Data map[string]any `json:"data,omitempty"`
}

// Errors.
var (
	ErrNotFound = errors.New("submission: not found")
	ErrDeleted  = errors.New("submission: deleted")
)

// Store keeps submissions of every project; every method takes the
// project, and another project's submission is ErrNotFound.
type Store struct {
	db      *db.DB
	keys    *crypto.Keyring
	now     func() time.Time
	changes changes
}

// Watch returns a channel closed when the submission next changes in this
// process, and a func to call when no longer waiting.
func (s *Store) Watch(id string) (<-chan struct{}, func()) { return s.changes.watch(id) }

// NewStore is a store on d sealing with keys; now is the clock.
func NewStore(d *db.DB, keys *crypto.Keyring, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, keys: keys, now: now}
}

// lookup indexes: normalised, then keyed (crypto.Keyring.Index).
func (s *Store) emailIndex(e string) []byte {
	if e = strings.ToLower(strings.TrimSpace(e)); e == "" {
		return nil
	}
	return s.keys.Index("email", []byte(e))
}

func (s *Store) useridIndex(u string) []byte {
	if u = strings.TrimSpace(u); u == "" {
		return nil
	}
	return s.keys.Index("userid", []byte(u))
}

// identityIndex keys who the document says the applicant is: the name
// (Latin zone, else native) and birth date read from it; nil before the
// document is read.
func (s *Store) identityIndex(p Personal) []byte {
	name := nameKey(p.Fields["surname"] + " " + p.Fields["given_names"])
	if name == "" {
		name = nameKey(p.Fields["full_name_native"])
	}
	birth := p.Fields["birth_date"]
	if name == "" || birth == "" {
		return nil
	}
	return s.keys.Index("identity", []byte(name+"|"+birth))
}

func personalAAD(id string) []byte { return []byte("submission|" + id + "|personal") }

// Then runs inside a change's transaction, after the submission and its
// event are written: it inserts the follow-up jobs and webhooks.
type Then func(tx *sql.Tx, s *Submission, e Event) error

// Create starts a submission for the applicant, judged by the project's
// options with o's overrides (nil: none).
func (s *Store) Create(ctx context.Context, projectID, actor string, a Applicant, o *kyc.Overrides, then Then) (*Submission, error) {
	now := s.now().UTC().Truncate(time.Millisecond)
	sub := &Submission{ID: ids.New("sub"), ProjectID: projectID, State: kyc.New(now), Personal: Personal{Applicant: a},
		Result: Result{Overrides: o}, CreatedAt: now, UpdatedAt: now}
	sealed, err := s.seal(sub)
	if err != nil {
		return nil, err
	}
	res, _ := json.Marshal(sub.Result)
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO submissions (id, project_id, status, stage, attempts, has_face, result,
			personal, email_index, userid_index, created_at, updated_at, last_activity) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, ?, ?)`),
			sub.ID, projectID, sub.State.Status, sub.State.Stage, string(res), sealed, s.emailIndex(a.Email), s.useridIndex(a.UserID),
			now.UnixMilli(), now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return err
		}
		return s.record(ctx, tx, sub, actor, Event{At: now, Kind: "created"}, then)
	})
	if err != nil {
		return nil, err
	}
	return sub, nil
}

func (s *Store) seal(sub *Submission) ([]byte, error) {
	b, err := json.Marshal(sub.Personal)
	if err != nil {
		return nil, err
	}
	return s.keys.Seal(b, personalAAD(sub.ID))
}

// record writes the timeline event and the audit record of a change and
// runs the caller's follow-up, in the change's transaction.
func (s *Store) record(ctx context.Context, tx *sql.Tx, sub *Submission, actor string, e Event, then Then) error {
	data, _ := json.Marshal(e.Data)
	if _, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO submission_events (submission_id, at, kind, data) VALUES (?, ?, ?, ?)`),
		sub.ID, e.At.UnixMilli(), e.Kind, string(data)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO audit_log (at, project_id, actor, action, target, data) VALUES (?, ?, ?, ?, ?, ?)`),
		e.At.UnixMilli(), sub.ProjectID, actor, "submission."+e.Kind, sub.ID, string(data)); err != nil {
		return err
	}
	if then != nil {
		return then(tx, sub, e)
	}
	return nil
}

const columns = `id, project_id, status, stage, reject_code, attempts, has_face, result, personal, created_at, updated_at,
	last_activity, decided_at, deleted_at`

type scanner interface{ Scan(...any) error }

func (s *Store) scan(row scanner) (*Submission, error) {
	var sub Submission
	var status, stage, code, result string
	var hasFace int
	var personal []byte
	var created, updated, activity int64
	var decided, deleted sql.NullInt64
	err := row.Scan(&sub.ID, &sub.ProjectID, &status, &stage, &code, &sub.State.Attempts, &hasFace, &result, &personal,
		&created, &updated, &activity, &decided, &deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	sub.State.Status, sub.State.Stage, sub.State.Code = kyc.Status(status), kyc.Stage(stage), kyc.RejectCode(code)
	sub.State.HasFace = hasFace == 1
	sub.State.LastActivity = time.UnixMilli(activity).UTC()
	sub.CreatedAt, sub.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	if decided.Valid {
		t := time.UnixMilli(decided.Int64).UTC()
		sub.DecidedAt = &t
	}
	sub.Deleted = deleted.Valid
	if err := json.Unmarshal([]byte(result), &sub.Result); err != nil {
		return nil, fmt.Errorf("submission %s: result: %w", sub.ID, err)
	}
	if len(personal) > 0 {
		plain, err := s.keys.Open(personal, personalAAD(sub.ID))
		if err != nil {
			return nil, fmt.Errorf("submission %s: personal data: %w", sub.ID, err)
		}
		if err := json.Unmarshal(plain, &sub.Personal); err != nil {
			return nil, err
		}
	}
	sub.State.Comment = sub.Personal.Comment
	return &sub, nil
}

// Get returns a submission of the project.
func (s *Store) Get(ctx context.Context, projectID, id string) (*Submission, error) {
	return s.scan(s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM submissions WHERE id = ? AND project_id = ?`), id, projectID))
}

// Change is a state change of a submission: fn updates the submission in
// place and returns the timeline event to record.
type Change func(sub *Submission) (Event, error)

// Update applies a change to a submission of the project in one
// transaction: read (locked), change, write back, record, then.
func (s *Store) Update(ctx context.Context, projectID, id, actor string, change Change, then Then) (*Submission, error) {
	var out *Submission
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.db.Dialect == db.Postgres {
			lock = " FOR UPDATE" // SQLite's write transaction already excludes other writers
		}
		sub, err := s.scan(tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM submissions WHERE id = ? AND project_id = ?`+lock), id, projectID))
		if err != nil {
			return err
		}
		if sub.Deleted {
			return ErrDeleted
		}
		e, err := change(sub)
		if err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Millisecond)
		if e.At.IsZero() {
			e.At = now
		}
		sub.UpdatedAt = now
		sub.Personal.Comment = sub.State.Comment
		if sub.State.Status.Decided() && sub.DecidedAt == nil {
			sub.DecidedAt = &now
		}
		sealed, err := s.seal(sub)
		if err != nil {
			return err
		}
		res, err := json.Marshal(sub.Result)
		if err != nil {
			return err
		}
		var decided any
		if sub.DecidedAt != nil {
			decided = sub.DecidedAt.UnixMilli()
		}
		hasFace := 0
		if sub.State.HasFace {
			hasFace = 1
		}
		var score any
		if sub.Result.Score != nil {
			score = sub.Result.Score.Total
		}
		// The lookup indexes follow the personal data: an edit of the
		// e-mail moves it, a document read sets the identity.
		a := sub.Personal.Applicant
		_, err = tx.ExecContext(ctx, s.db.Rebind(`UPDATE submissions SET status = ?, stage = ?, reject_code = ?, attempts = ?, has_face = ?,
			score = ?, result = ?, personal = ?, email_index = ?, userid_index = ?, identity_index = ?, updated_at = ?, last_activity = ?,
			decided_at = ? WHERE id = ?`),
			sub.State.Status, sub.State.Stage, sub.State.Code, sub.State.Attempts, hasFace, score, string(res), sealed,
			s.emailIndex(a.Email), s.useridIndex(a.UserID), s.identityIndex(sub.Personal),
			now.UnixMilli(), sub.State.LastActivity.UnixMilli(), decided, sub.ID)
		if err != nil {
			return err
		}
		out = sub
		return s.record(ctx, tx, sub, actor, e, then)
	})
	if err == nil {
		s.changes.changed(id)
	}
	return out, err
}

// Delete wipes a submission's personal data and keeps its skeleton: id,
// status, reject code and times. Images are the caller's to delete (blob
// store) in then.
func (s *Store) Delete(ctx context.Context, projectID, id, actor string, then Then) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		sub, err := s.scan(tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM submissions WHERE id = ? AND project_id = ?`), id, projectID))
		if err != nil {
			return err
		}
		if sub.Deleted {
			return ErrDeleted
		}
		now := s.now().UTC().Truncate(time.Millisecond)
		_, err = tx.ExecContext(ctx, s.db.Rebind(`UPDATE submissions SET personal = NULL, email_index = NULL, userid_index = NULL, identity_index = NULL,
			result = '{}', score = NULL, deleted_at = ?, updated_at = ? WHERE id = ?`), now.UnixMilli(), now.UnixMilli(), id)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, sub, actor, Event{At: now, Kind: "deleted"}, then)
	})
}

// Events is a submission's timeline, oldest first.
func (s *Store) Events(ctx context.Context, projectID, id string) ([]Event, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT e.at, e.kind, e.data FROM submission_events e
		JOIN submissions s ON s.id = e.submission_id WHERE e.submission_id = ? AND s.project_id = ? ORDER BY e.id`), id, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var at int64
		var data string
		var e Event
		if err := rows.Scan(&at, &e.Kind, &data); err != nil {
			return nil, err
		}
		e.At = time.UnixMilli(at).UTC()
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ApprovedFaces returns the selfie embeddings of the project's approved
// submissions other than except, for the duplicate-face check. Each is
// unsealed on the way: fine for thousands of approvals per project; a
// vector index comes when projects grow past that (ARCHITECTURE.md).
func (s *Store) ApprovedFaces(ctx context.Context, projectID, except string) ([][]float32, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT id, personal FROM submissions
		WHERE project_id = ? AND status = 'approved' AND deleted_at IS NULL AND id <> ?`), projectID, except)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]float32
	for rows.Next() {
		var id string
		var sealed []byte
		if err := rows.Scan(&id, &sealed); err != nil {
			return nil, err
		}
		plain, err := s.keys.Open(sealed, personalAAD(id))
		if err != nil {
			return nil, fmt.Errorf("submission %s: personal data: %w", id, err)
		}
		var p Personal
		if err := json.Unmarshal(plain, &p); err != nil {
			return nil, err
		}
		if len(p.Selfie) > 0 {
			out = append(out, p.Selfie)
		}
	}
	return out, rows.Err()
}

// Reseal seals every submission's personal data again under the
// keyring's current master key and recomputes its lookup indexes, which
// derive from that key (a key rotation); it returns how many.
func (s *Store) Reseal(ctx context.Context) (int, error) {
	return db.ResealColumn(ctx, s.db, "submissions", "personal", func(id string, sealed []byte) (map[string]any, error) {
		plain, err := s.keys.Open(sealed, personalAAD(id))
		if err != nil {
			return nil, err
		}
		var p Personal
		if err := json.Unmarshal(plain, &p); err != nil {
			return nil, err
		}
		next, err := s.keys.Seal(plain, personalAAD(id))
		return map[string]any{"personal": next, "email_index": s.emailIndex(p.Applicant.Email),
			"userid_index": s.useridIndex(p.Applicant.UserID), "identity_index": s.identityIndex(p)}, err
	})
}

// SeenBefore reports whether another submission of the project by the
// same applicant — same e-mail, user id or identity read from the
// document — was decided with status since the given time (zero: ever).
// Rejections for this very reason do not count, or a cooling-off period
// would renew itself with every try.
func (s *Store) SeenBefore(ctx context.Context, sub *Submission, status kyc.Status, since time.Time) (bool, error) {
	a := sub.Personal.Applicant
	var one int
	err := s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT 1 FROM submissions
		WHERE project_id = ? AND id <> ? AND status = ? AND decided_at >= ? AND reject_code <> ?
		AND (email_index = ? OR userid_index = ? OR identity_index = ?) LIMIT 1`),
		sub.ProjectID, sub.ID, status, since.UnixMilli(), kyc.DuplicateUser,
		s.emailIndex(a.Email), s.useridIndex(a.UserID), s.identityIndex(sub.Personal)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// DecidedBefore lists a project's decided, not yet deleted submissions
// decided before t, for the retention purge.
func (s *Store) DecidedBefore(ctx context.Context, projectID string, t time.Time, limit int) ([]Ref, error) {
	return s.refs(ctx, `WHERE project_id = ? AND decided_at IS NOT NULL AND decided_at < ? AND deleted_at IS NULL
		ORDER BY decided_at LIMIT ?`, projectID, t.UnixMilli(), limit)
}

// Ref names a submission of a project.
type Ref struct{ ProjectID, ID string }

// IncompleteWithFace lists submissions that may have timed out: incomplete,
// with face data, idle since before.
func (s *Store) IncompleteWithFace(ctx context.Context, before time.Time, limit int) ([]Ref, error) {
	return s.refs(ctx, `WHERE status = 'incomplete' AND has_face = 1 AND deleted_at IS NULL AND last_activity < ?
		ORDER BY last_activity LIMIT ?`, before.UnixMilli(), limit)
}

// refs runs a query for submission references; where is the rest of the
// statement after FROM submissions.
func (s *Store) refs(ctx context.Context, where string, args ...any) ([]Ref, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT project_id, id FROM submissions `+where), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Ref
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ProjectID, &r.ID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Filter selects submissions of a project for List.
type Filter struct {
	UserID, Email string
	Status        kyc.Status
	From, To      time.Time // created in [From, To); zero is open
	Limit         int       // 1..100, default 20
	Cursor        string    // from the previous page
}

// ErrBadCursor: a cursor List did not make.
var ErrBadCursor = errors.New("submission: invalid cursor")

// List returns a page of a project's submissions, newest first, and the
// cursor of the next page ("" on the last). The cursor is the position
// after the page's last row, so rows created meanwhile neither repeat nor
// shift the pages.
func (s *Store) List(ctx context.Context, projectID string, f Filter) ([]*Submission, string, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	where := []string{"project_id = ?"}
	args := []any{projectID}
	if f.UserID != "" {
		where, args = append(where, "userid_index = ?"), append(args, s.useridIndex(f.UserID))
	}
	if f.Email != "" {
		where, args = append(where, "email_index = ?"), append(args, s.emailIndex(f.Email))
	}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if !f.From.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		where, args = append(where, "created_at < ?"), append(args, f.To.UnixMilli())
	}
	if f.Cursor != "" {
		at, id, err := decodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "(created_at < ? OR (created_at = ? AND id < ?))")
		args = append(args, at, at, id)
	}
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM submissions WHERE `+strings.Join(where, " AND ")+
		` ORDER BY created_at DESC, id DESC LIMIT ?`), append(args, limit+1)...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*Submission
	for rows.Next() {
		sub, err := s.scan(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	next := ""
	if len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = encodeCursor(last.CreatedAt.UnixMilli(), last.ID)
	}
	return out, next, nil
}

func encodeCursor(at int64, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(at, 10) + ":" + id))
}

func decodeCursor(c string) (int64, string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", ErrBadCursor
	}
	at, id, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || !strings.HasPrefix(id, "sub_") {
		return 0, "", ErrBadCursor
	}
	return n, id, nil
}
