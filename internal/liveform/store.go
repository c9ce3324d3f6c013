package liveform

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/ids"
)

// Store keeps tokens: hashes of their secrets, sealed presets.
type Store struct {
	db   *db.DB
	keys *crypto.Keyring
	now  func() time.Time
}

// NewStore is a store on d sealing presets with keys; now is the clock
// (time.Now when nil).
func NewStore(d *db.DB, keys *crypto.Keyring, now func() time.Time) *Store {
	if now == nil {
		now = time.Now
	}
	return &Store{db: d, keys: keys, now: now}
}

// clock is now as stored: UTC, whole milliseconds, so that what a method
// returns equals what a later read returns.
func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// presetsAAD binds sealed presets to their token, so that they cannot be
// moved to another row undetected.
func presetsAAD(id string) []byte { return []byte("liveform|" + id + "|presets") }

// Issue makes a token for the project, living ttl while unused (0 means
// DefaultTTL). The token is returned once; only its hash is kept.
func (s *Store) Issue(ctx context.Context, projectID string, p Presets, ttl time.Duration) (string, Token, error) {
	if ttl == 0 {
		ttl = DefaultTTL
	}
	if ttl < MinTTL || ttl > MaxTTL {
		return "", Token{}, ErrBadTTL
	}
	if err := p.validate(); err != nil {
		return "", Token{}, err
	}
	token, hash, err := newToken()
	if err != nil {
		return "", Token{}, err
	}
	now := s.clock()
	t := Token{ID: ids.New("tok"), ProjectID: projectID, Presets: p, CreatedAt: now, ExpiresAt: now.Add(ttl).Truncate(time.Millisecond)}
	plain, err := json.Marshal(p)
	if err != nil {
		return "", Token{}, err
	}
	sealed, err := s.keys.Seal(plain, presetsAAD(t.ID))
	if err != nil {
		return "", Token{}, err
	}
	err = s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := projectExists(ctx, s.db, tx, projectID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, s.db.Rebind(`INSERT INTO liveform_tokens (id, project_id, token_hash, presets, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`), t.ID, projectID, hash, sealed, t.CreatedAt.UnixMilli(), t.ExpiresAt.UnixMilli())
		return err
	})
	if err != nil {
		return "", Token{}, err
	}
	return token, t, nil
}

// projectExists answers ErrNotFound for an unknown project rather than
// letting the foreign key fail with a driver error.
func projectExists(ctx context.Context, d *db.DB, q db.Querier, projectID string) error {
	var one int
	err := q.QueryRowContext(ctx, d.Rebind(`SELECT 1 FROM projects WHERE id = ?`), projectID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// List lists the project's tokens, newest first, presets opened.
func (s *Store) List(ctx context.Context, projectID string) ([]Token, error) {
	rows, err := s.db.Read.QueryContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM liveform_tokens
		WHERE project_id = ? ORDER BY created_at DESC, id`), projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := s.scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Revoke revokes a token of the project; another project's token is
// ErrNotFound, as if it did not exist. Revoking twice keeps the first
// time and is no error, so that a retried request succeeds.
func (s *Store) Revoke(ctx context.Context, projectID, id string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.db.Rebind(`UPDATE liveform_tokens SET revoked_at = COALESCE(revoked_at, ?)
			WHERE id = ? AND project_id = ?`), s.clock().UnixMilli(), id, projectID)
		if err != nil {
			return err
		}
		return oneRow(res)
	})
}

func oneRow(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// Redeem checks a token presented to the project's Liveform and returns
// it, recording its first use. It refuses a revoked token (ErrRevoked), an
// unused one past its expiry (ErrExpired) and one whose use window is over
// (ErrUsed); an unknown, malformed or another project's token is
// ErrNotFound. The caller still refuses the token when its SubmissionID
// names a decided submission (see the package doc).
//
// The token is found by the SHA-256 of what was presented, never by the
// secret: a comparison's timing can then reveal only bits of a hash, which
// do not help to forge a token.
func (s *Store) Redeem(ctx context.Context, projectID, token string) (Token, error) {
	if !wellFormed(token) {
		return Token{}, ErrNotFound
	}
	hash, now := hashToken(token), s.clock()
	var t Token
	err := s.db.InTx(ctx, func(tx *sql.Tx) error {
		if err := markFirstUse(ctx, s.db, tx, projectID, hash, now); err != nil {
			return err
		}
		var err error
		t, err = s.scan(tx.QueryRowContext(ctx, s.db.Rebind(`SELECT `+columns+` FROM liveform_tokens
			WHERE token_hash = ? AND project_id = ?`), hash, projectID))
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		return err
	})
	if err != nil {
		return Token{}, err
	}
	return t, refusal(t, now)
}

// Reseal seals every token's presets again under the keyring's current
// master key (a key rotation) and returns how many.
func (s *Store) Reseal(ctx context.Context) (int, error) {
	return db.ResealColumn(ctx, s.db, "liveform_tokens", "presets", func(id string, sealed []byte) (map[string]any, error) {
		next, err := s.keys.Reseal(sealed, presetsAAD(id))
		return map[string]any{"presets": next}, err
	})
}

// Open is Redeem as the Liveform needs it: a token whose submission is
// decided is refused too (ErrDecided). decided reports that of a
// submission of the project (submission.Service.Decided).
func (s *Store) Open(ctx context.Context, projectID, token string, decided func(ctx context.Context, projectID, submissionID string) (bool, error)) (Token, error) {
	t, err := s.Redeem(ctx, projectID, token)
	if err != nil || t.SubmissionID == "" {
		return t, err
	}
	done, err := decided(ctx, projectID, t.SubmissionID)
	switch {
	case err != nil:
		return Token{}, err
	case done:
		return Token{}, ErrDecided
	}
	return t, nil
}

// markFirstUse sets first_used_at if the token is still unused and
// usable. The condition is in the UPDATE so that two first redeems agree:
// SQLite runs them one after the other, and PostgreSQL makes the second
// wait for the first's row lock and re-check the condition, which no
// longer holds; the read that follows then sees the winner's time.
func markFirstUse(ctx context.Context, d *db.DB, tx *sql.Tx, projectID string, hash []byte, now time.Time) error {
	_, err := tx.ExecContext(ctx, d.Rebind(`UPDATE liveform_tokens SET first_used_at = ?
		WHERE token_hash = ? AND project_id = ? AND first_used_at IS NULL AND revoked_at IS NULL AND expires_at > ?`),
		now.UnixMilli(), hash, projectID, now.UnixMilli())
	return err
}

// refusal is why a token read after markFirstUse may not be used, or nil.
func refusal(t Token, now time.Time) error {
	switch t.State(now) {
	case StateActive:
		return nil
	case StateRevoked:
		return ErrRevoked
	case StateExpired:
		return ErrExpired
	case StateUsed:
		return ErrUsed
	}
	// Unused after markFirstUse: the clock went backwards between calls.
	return fmt.Errorf("liveform: token %s: not marked as used", t.ID)
}

// Attach records the submission a token started. It is recorded once:
// the same submission again is no error, another is ErrAttached.
func (s *Store) Attach(ctx context.Context, projectID, id, submissionID string) error {
	return s.db.InTx(ctx, func(tx *sql.Tx) error { return s.AttachTx(ctx, tx, projectID, id, submissionID) })
}

// AttachTx is Attach inside the caller's transaction, so that a submission
// and the record of the token that started it are written together.
func (s *Store) AttachTx(ctx context.Context, q db.Querier, projectID, id, submissionID string) error {
	if submissionID == "" {
		return errors.New("liveform: attach: empty submission id")
	}
	res, err := q.ExecContext(ctx, s.db.Rebind(`UPDATE liveform_tokens SET submission_id = ?
		WHERE id = ? AND project_id = ? AND (submission_id IS NULL OR submission_id = ?)`), submissionID, id, projectID, submissionID)
	if err != nil {
		return err
	}
	if err := oneRow(res); !errors.Is(err, ErrNotFound) {
		return err
	}
	// No row changed: the token is not the project's, or is taken.
	var one int
	err = q.QueryRowContext(ctx, s.db.Rebind(`SELECT 1 FROM liveform_tokens WHERE id = ? AND project_id = ?`), id, projectID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if err != nil {
		return err
	}
	return ErrAttached
}

const columns = `id, project_id, presets, created_at, expires_at, first_used_at, submission_id, revoked_at`

// scan reads a row of columns and opens its presets.
func (s *Store) scan(r interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var sealed []byte
	var created, expires int64
	var used, revoked sql.NullInt64
	var sub sql.NullString
	if err := r.Scan(&t.ID, &t.ProjectID, &sealed, &created, &expires, &used, &sub, &revoked); err != nil {
		return Token{}, err
	}
	plain, err := s.keys.Open(sealed, presetsAAD(t.ID))
	if err != nil {
		return Token{}, fmt.Errorf("liveform token %s: presets: %w", t.ID, err)
	}
	if err := json.Unmarshal(plain, &t.Presets); err != nil {
		return Token{}, fmt.Errorf("liveform token %s: presets: %w", t.ID, err)
	}
	t.CreatedAt, t.ExpiresAt = time.UnixMilli(created).UTC(), time.UnixMilli(expires).UTC()
	t.FirstUsedAt, t.RevokedAt = fromMS(used), fromMS(revoked)
	t.SubmissionID = sub.String
	return t, nil
}

func fromMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.UnixMilli(v.Int64).UTC()
	return &t
}
