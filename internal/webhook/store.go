package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/ids"
)

// Endpoint is a project's receiver.
type Endpoint struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	URL       string    `json:"url"`
	CreatedAt time.Time `json:"created_at"`
	secret    string
}

// Delivery is one attempt to deliver an event, for the delivery log.
type Delivery struct {
	ID         string    `json:"id"`
	EndpointID string    `json:"endpoint_id"`
	EventID    string    `json:"event_id"`
	EventType  string    `json:"event_type"`
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code"`
	Error      string    `json:"error,omitempty"`
}

// Errors.
var (
	ErrNotFound = errors.New("webhook: endpoint not found")
	// ErrNoDelivery: a delivery id the project's log does not have.
	ErrNoDelivery = errors.New("webhook: delivery not found")
	ErrBadURL     = errors.New("webhook: the endpoint must be an http(s) URL")
)

// Store keeps endpoints (secrets sealed) and the delivery log.
type Store struct {
	db   *db.DB
	keys *crypto.Keyring
	now  func() time.Time
}

// NewStore is a store on d sealing secrets with keys.
func NewStore(d *db.DB, keys *crypto.Keyring, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, keys: keys, now: now}
}

func secretAAD(id string) []byte { return []byte("webhook|" + id + "|secret") }

// Create registers an endpoint and returns its secret, shown once.
func (s *Store) Create(ctx context.Context, projectID, rawURL string) (Endpoint, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return Endpoint{}, "", ErrBadURL
	}
	secret := NewSecret()
	e := Endpoint{ID: ids.New("whe"), ProjectID: projectID, URL: u.String(), CreatedAt: s.now().UTC().Truncate(time.Millisecond), secret: secret}
	sealed, err := s.keys.Seal([]byte(secret), secretAAD(e.ID))
	if err != nil {
		return Endpoint{}, "", err
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO webhook_endpoints (id, project_id, url, secret, created_at) VALUES (?, ?, ?, ?, ?)`),
			e.ID, projectID, e.URL, sealed, e.CreatedAt.UnixMilli())
		return err
	})
	return e, secret, err
}

// Active lists a project's enabled endpoints, with their secrets, reading
// inside tx when given (the transaction that emits an event).
func (s *Store) Active(ctx context.Context, q db.Querier, projectID string) ([]Endpoint, error) {
	rows, err := q.QueryContext(ctx, s.db.Rebind(`SELECT id, project_id, url, secret, created_at FROM webhook_endpoints
		WHERE project_id = ? AND disabled_at IS NULL ORDER BY id`), projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Endpoint
	for rows.Next() {
		var e Endpoint
		var sealed []byte
		var created int64
		if err := rows.Scan(&e.ID, &e.ProjectID, &e.URL, &sealed, &created); err != nil {
			return nil, err
		}
		secret, err := s.keys.Open(sealed, secretAAD(e.ID))
		if err != nil {
			return nil, fmt.Errorf("webhook %s: %w", e.ID, err)
		}
		e.secret, e.CreatedAt = string(secret), time.UnixMilli(created).UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Reseal seals every endpoint's secret again under the keyring's current
// master key (a key rotation) and returns how many.
func (s *Store) Reseal(ctx context.Context) (int, error) {
	return db.ResealColumn(ctx, s.db, "webhook_endpoints", "secret", func(id string, sealed []byte) (map[string]any, error) {
		next, err := s.keys.Reseal(sealed, secretAAD(id))
		return map[string]any{"secret": next}, err
	})
}

// List is a project's enabled endpoints, for people: no secrets.
func (s *Store) List(ctx context.Context, projectID string) ([]Endpoint, error) {
	out, err := s.Active(ctx, s.db.Read, projectID)
	for i := range out {
		out[i].secret = ""
	}
	return out, err
}

// Disable stops deliveries to an endpoint of the project; its log stays.
// Queued deliveries to it are cancelled when they run.
func (s *Store) Disable(ctx context.Context, projectID, id string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE webhook_endpoints SET disabled_at = ?
			WHERE id = ? AND project_id = ? AND disabled_at IS NULL`), s.now().UnixMilli(), id, projectID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Get returns one endpoint of the project, with its secret.
func (s *Store) Get(ctx context.Context, projectID, id string) (Endpoint, error) {
	all, err := s.Active(ctx, s.db.Read, projectID)
	if err != nil {
		return Endpoint{}, err
	}
	for _, e := range all {
		if e.ID == id {
			return e, nil
		}
	}
	return Endpoint{}, ErrNotFound
}

// Log records one delivery attempt of a job's event.
func (s *Store) Log(ctx context.Context, a DeliverArgs, d Delivery, answer []byte) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO webhook_deliveries (endpoint_id, project_id, submission_id, event_id,
			event_type, attempt, at, status_code, error, answer, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			d.EndpointID, a.ProjectID, a.SubmissionID, d.EventID, d.EventType, d.Attempt, d.At.UnixMilli(), d.StatusCode, d.Error,
			string(answer), string(a.Payload))
		return err
	})
}

// Deliveries is a submission's delivery log, oldest first.
func (s *Store) Deliveries(ctx context.Context, projectID, submissionID string) ([]Delivery, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT id, endpoint_id, event_id, event_type, attempt, at, status_code, error
		FROM webhook_deliveries WHERE project_id = ? AND submission_id = ? ORDER BY id`), projectID, submissionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var at, id int64
		if err := rows.Scan(&id, &d.EndpointID, &d.EventID, &d.EventType, &d.Attempt, &at, &d.StatusCode, &d.Error); err != nil {
			return nil, err
		}
		d.ID, d.At = strconv.FormatInt(id, 10), time.UnixMilli(at).UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}
