package webhook

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/riverqueue/river"

	"openkyc/internal/ids"
)

// Event types (PRODUCT.md "Webhooks").
const (
	Created  = "submission.created"
	Retry    = "submission.retry"
	Pending  = "submission.pending"
	Approved = "submission.approved"
	Rejected = "submission.rejected"
	Updated  = "submission.updated"
	Deleted  = "submission.deleted"
)

// maxAttempts with River's back-off (attempt⁴ seconds and jitter) keeps
// retrying a failing endpoint for days, well past the 24 hours promised.
const maxAttempts = 25

// DeliverArgs is one event for one endpoint: a job.
type DeliverArgs struct {
	ProjectID    string          `json:"project_id"`
	SubmissionID string          `json:"submission_id"`
	EndpointID   string          `json:"endpoint_id"`
	EventID      string          `json:"event_id"`
	Type         string          `json:"type"`
	Payload      json.RawMessage `json:"payload"`
}

// Kind names the job.
func (DeliverArgs) Kind() string { return "webhook_deliver" }

// Payload is what receivers get: what happened, never personal data (the
// API gives that to whoever holds a key).
type Payload struct {
	ID        string    `json:"id"`
	Type      string    `json:"type"`
	CreatedAt time.Time `json:"created_at"`
	Data      Data      `json:"data"`
}

// Data names the submission and its state.
type Data struct {
	SubmissionID string `json:"submission_id"`
	ProjectID    string `json:"project_id"`
	Status       string `json:"status"`
	RejectCode   string `json:"reject_code,omitempty"`
	AttemptsLeft int    `json:"attempts_left,omitempty"`
}

// Emit queues the delivery of one event to each of the project's active
// endpoints, in the transaction that records the change: no change
// without its webhooks, no webhook without its change.
func (s *Store) Emit(ctx context.Context, tx *sql.Tx, jobs *river.Client[*sql.Tx], typ string, d Data) error {
	endpoints, err := s.Active(ctx, tx, d.ProjectID)
	if err != nil || len(endpoints) == 0 {
		return err
	}
	p := Payload{ID: ids.New("evt"), Type: typ, CreatedAt: s.now().UTC().Truncate(time.Millisecond), Data: d}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	for _, e := range endpoints {
		args := DeliverArgs{ProjectID: d.ProjectID, SubmissionID: d.SubmissionID, EndpointID: e.ID, EventID: p.ID, Type: typ, Payload: body}
		if _, err := jobs.InsertTx(ctx, tx, args, &river.InsertOpts{MaxAttempts: maxAttempts}); err != nil {
			return err
		}
	}
	return nil
}

// Resend queues a logged delivery's event again, to the same endpoint and
// with the same webhook-id (receivers deduplicate on it), as a person
// asks after fixing their receiver.
func (s *Store) Resend(ctx context.Context, jobs *river.Client[*sql.Tx], projectID, deliveryID string) error {
	id, err := strconv.ParseInt(deliveryID, 10, 64)
	if err != nil {
		return ErrNoDelivery
	}
	var a DeliverArgs
	var payload string
	err = s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT submission_id, endpoint_id, event_id, event_type, payload
		FROM webhook_deliveries WHERE id = ? AND project_id = ?`), id, projectID).
		Scan(&a.SubmissionID, &a.EndpointID, &a.EventID, &a.Type, &payload)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && payload == "") {
		return ErrNoDelivery // or logged before payloads were kept
	}
	if err != nil {
		return err
	}
	if _, err := s.Get(ctx, projectID, a.EndpointID); err != nil {
		return err
	}
	a.ProjectID, a.Payload = projectID, json.RawMessage(payload)
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := jobs.InsertTx(ctx, tx, a, &river.InsertOpts{MaxAttempts: maxAttempts})
		return err
	})
}

// Deliverer is the webhook_deliver worker.
type Deliverer struct {
	river.WorkerDefaults[DeliverArgs]
	Store  *Store
	Client *http.Client
}

// Work posts one event; anything but a 2xx is an error, which River
// retries with exponential back-off. Every attempt is logged.
func (w *Deliverer) Work(ctx context.Context, j *river.Job[DeliverArgs]) error {
	a := j.Args
	e, err := w.Store.Get(ctx, a.ProjectID, a.EndpointID)
	if err != nil {
		return river.JobCancel(err) // endpoint removed or disabled: stop retrying
	}
	now := w.Store.now()
	code, answer, err := Post(ctx, w.Client, e.URL, e.secret, a.EventID, now, a.Payload)
	d := Delivery{EndpointID: e.ID, EventID: a.EventID, EventType: a.Type, Attempt: j.Attempt, At: now, StatusCode: code}
	if err != nil {
		d.Error = err.Error()
	} else if code < 200 || code > 299 {
		d.Error = fmt.Sprintf("HTTP %d", code)
	}
	if lerr := w.Store.Log(ctx, a, d, answer); lerr != nil {
		return lerr
	}
	if d.Error != "" {
		return fmt.Errorf("webhook %s to %s: %s", a.EventID, e.ID, d.Error)
	}
	return nil
}
