package httpapi

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"net/http"
	"time"

	"openkyc/internal/db"
)

// IdempotencyTTL is how long an answer is replayed for its key.
const IdempotencyTTL = 24 * time.Hour

// maxIdempotencyKey bounds the header.
const maxIdempotencyKey = 255

// idempotency replays the stored answer of a POST whose Idempotency-Key the
// project used before, and stores the answer of a new one (unless it is a
// server error, which the client should be free to retry). The stored
// answer may hold personal data (a submission): it stays in the database,
// which holds that submission anyway, and expires after a day.
type idempotency struct{ db *db.DB }

func (i idempotency) wrap(projectID string, w http.ResponseWriter, r *http.Request, next func(http.ResponseWriter)) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || i.db == nil {
		next(w)
		return
	}
	if len(key) > maxIdempotencyKey {
		writeProblem(w, http.StatusBadRequest, "Bad Request", "Idempotency-Key is too long")
		return
	}
	ctx := r.Context()
	var status int
	var body []byte
	var created int64
	err := i.db.Read.QueryRowContext(ctx, i.db.Rebind(`SELECT status, body, created_at FROM idempotency_keys WHERE project_id = ? AND key = ?`),
		projectID, key).Scan(&status, &body, &created)
	if err == nil && time.Since(time.UnixMilli(created)) < IdempotencyTTL {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		next(w) // the store is unavailable: answer anyway
		return
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	next(rec)
	if rec.status >= 500 {
		return
	}
	i.db.InTx(context.WithoutCancel(ctx), func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, i.db.Rebind(`DELETE FROM idempotency_keys WHERE project_id = ? AND key = ?`), projectID, key); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, i.db.Rebind(`INSERT INTO idempotency_keys (project_id, key, status, body, created_at) VALUES (?, ?, ?, ?, ?)`),
			projectID, key, rec.status, rec.body.Bytes(), time.Now().UnixMilli())
		return err
	})
}

// recorder passes a response through and keeps a copy.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}
