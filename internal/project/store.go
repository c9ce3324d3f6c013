package project

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"openkyc/internal/db"
	"openkyc/internal/ids"
	"openkyc/internal/kyc"
)

// Project is one verification flow: its policy, keys and Liveform.
type Project struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Status    string     `json:"status"`
	Policy    kyc.Policy `json:"options"`
	ReturnURL string     `json:"return_url"`
	CreatedAt time.Time  `json:"created_at"`
}

// APIKey is what is kept of a key: never the key itself.
type APIKey struct {
	ID         string     `json:"id"`
	ProjectID  string     `json:"project_id"`
	Prefix     string     `json:"prefix"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Errors.
var (
	ErrNotFound     = errors.New("project: not found")
	ErrUnauthorized = errors.New("project: invalid or revoked API key")
)

// Store keeps projects and API keys.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore is a store on d; now is the clock (time.Now when nil).
func NewStore(d *db.DB, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, now: now}
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).UTC()
	return &t
}

// Create makes a project with a validated policy.
func (s *Store) Create(ctx context.Context, name string, p kyc.Policy) (Project, error) {
	if name == "" || len(name) > 200 {
		return Project{}, fmt.Errorf("project: a name has 1 to 200 characters")
	}
	if err := p.Validate(); err != nil {
		return Project{}, err
	}
	opts, err := json.Marshal(p)
	if err != nil {
		return Project{}, err
	}
	pr := Project{ID: ids.New("prj"), Name: name, Status: "active", Policy: p, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO projects (id, name, status, options, created_at) VALUES (?, ?, ?, ?, ?)`),
			pr.ID, pr.Name, pr.Status, string(opts), ms(pr.CreatedAt))
		return err
	})
	return pr, err
}

// Get returns a project, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (Project, error) {
	var pr Project
	var opts string
	var created int64
	err := s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT id, name, status, options, return_url, created_at FROM projects WHERE id = ?`), id).
		Scan(&pr.ID, &pr.Name, &pr.Status, &opts, &pr.ReturnURL, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Project{}, ErrNotFound
	}
	if err != nil {
		return Project{}, err
	}
	// Options saved by an older binary lack newer fields: defaults fill them.
	pr.Policy = kyc.DefaultPolicy()
	if err := json.Unmarshal([]byte(opts), &pr.Policy); err != nil {
		return Project{}, fmt.Errorf("project %s: options: %w", id, err)
	}
	pr.CreatedAt = time.UnixMilli(created).UTC()
	return pr, nil
}

// All lists every project, for the periodic jobs that apply each one's
// policy.
func (s *Store) All(ctx context.Context) ([]Project, error) {
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id FROM projects ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]Project, 0, len(ids))
	for _, id := range ids {
		p, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// SetPolicy replaces a project's options after validating them.
func (s *Store) SetPolicy(ctx context.Context, id string, p kyc.Policy) error {
	if err := p.Validate(); err != nil {
		return err
	}
	opts, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE projects SET options = ? WHERE id = ?`), string(opts), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// CreateKey issues an API key for a project. The key is returned once;
// only its prefix and hash are kept.
func (s *Store) CreateKey(ctx context.Context, projectID, name string) (string, APIKey, error) {
	key, prefix, hash, err := NewAPIKey()
	if err != nil {
		return "", APIKey{}, err
	}
	k := APIKey{ID: ids.New("key"), ProjectID: projectID, Prefix: prefix, Name: name, CreatedAt: s.now().UTC().Truncate(time.Millisecond)}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.db.Rebind(`SELECT 1 FROM projects WHERE id = ?`), projectID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO api_keys (id, project_id, prefix, hash, name, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
			k.ID, k.ProjectID, k.Prefix, hash, k.Name, ms(k.CreatedAt))
		return err
	})
	if err != nil {
		return "", APIKey{}, err
	}
	return key, k, nil
}

// Authenticate finds the project of a presented API key. A malformed,
// unknown or revoked key is ErrUnauthorized, the same error for each, so
// that a caller learns nothing from which it was.
func (s *Store) Authenticate(ctx context.Context, key string) (Project, APIKey, error) {
	prefix, err := KeyPrefix(key)
	if err != nil {
		return Project{}, APIKey{}, ErrUnauthorized
	}
	var k APIKey
	var hash []byte
	var created int64
	var used, revoked sql.NullInt64
	err = s.db.Read.QueryRowContext(ctx, s.db.Rebind(`SELECT id, project_id, prefix, hash, name, created_at, last_used_at, revoked_at
		FROM api_keys WHERE prefix = ?`), prefix).Scan(&k.ID, &k.ProjectID, &k.Prefix, &hash, &k.Name, &created, &used, &revoked)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (!KeyMatches(key, hash) || revoked.Valid) {
		return Project{}, APIKey{}, ErrUnauthorized
	}
	if err != nil {
		return Project{}, APIKey{}, err
	}
	k.CreatedAt, k.LastUsedAt = time.UnixMilli(created).UTC(), fromMS(used)
	p, err := s.Get(ctx, k.ProjectID)
	if err != nil {
		return Project{}, APIKey{}, err
	}
	if p.Status != "active" {
		return Project{}, APIKey{}, ErrUnauthorized
	}
	return p, k, nil
}

// RevokeKey revokes a key of the project; another project's key is
// ErrNotFound, as if it did not exist.
func (s *Store) RevokeKey(ctx context.Context, projectID, keyID string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE api_keys SET revoked_at = ? WHERE id = ? AND project_id = ? AND revoked_at IS NULL`),
			ms(s.now()), keyID, projectID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Keys lists a project's keys, newest first.
func (s *Store) Keys(ctx context.Context, projectID string) ([]APIKey, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT id, project_id, prefix, name, created_at, last_used_at, revoked_at
		FROM api_keys WHERE project_id = ? ORDER BY created_at DESC, id`), projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIKey
	for rows.Next() {
		var k APIKey
		var created int64
		var used, revoked sql.NullInt64
		if err := rows.Scan(&k.ID, &k.ProjectID, &k.Prefix, &k.Name, &created, &used, &revoked); err != nil {
			return nil, err
		}
		k.CreatedAt, k.LastUsedAt, k.RevokedAt = time.UnixMilli(created).UTC(), fromMS(used), fromMS(revoked)
		out = append(out, k)
	}
	return out, rows.Err()
}
