package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"io"
	"mime"
	"net/http"
	"time"

	"openkyc/internal/crypto"
	"openkyc/internal/db"
)

// IdempotencyTTL is how long an answer is replayed for its key.
const IdempotencyTTL = 24 * time.Hour

// abandonedAfter is when a key whose request never finished (the process
// died) may be claimed again: longer than any request may take.
const abandonedAfter = 3 * time.Minute

// maxIdempotencyKey bounds the header.
const maxIdempotencyKey = 255

// maxIdempotentBody bounds a body kept in memory to fingerprint it: the
// largest upload (an ID and a selfie) and its form.
const maxIdempotentBody = 2*MaxUpload + 1<<20

// idempotency replays the stored answer of a POST whose Idempotency-Key the
// project used before, and stores the answer of a new one (unless it is a
// server error, which the client should be free to retry). The same key
// with another request (method, path, body) is refused with 422, and a
// key whose first request is still running with 409. The stored answer
// holds personal data (a submission): it is sealed like the submission's
// own, bound to its project and key, and expires after a day.
type idempotency struct {
	db   *db.DB
	keys *crypto.Keyring
}

func answerAAD(projectID, key string) []byte { return []byte("idempotency|" + projectID + "|" + key) }

// keyState is what the store knows of a key.
type keyState struct {
	status      int // 0: the first request is running
	body        []byte
	fingerprint []byte
	created     time.Time
}

func (i idempotency) wrap(projectID string, w http.ResponseWriter, r *http.Request, next func(http.ResponseWriter)) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" || i.db == nil || i.keys == nil {
		next(w)
		return
	}
	if len(key) > maxIdempotencyKey {
		writeProblem(w, http.StatusBadRequest, "Bad Request", "Idempotency-Key is too long")
		return
	}
	fp, err := fingerprint(r)
	if err != nil {
		writeProblem(w, http.StatusRequestEntityTooLarge, "Content Too Large", "the request body is too large")
		return
	}
	ctx := r.Context()
	claimed, prev, err := i.claim(ctx, projectID, key, fp)
	switch {
	case err != nil:
		next(w) // the store is unavailable: answer anyway
		return
	case !claimed && prev.status == 0:
		writeProblem(w, http.StatusConflict, "Conflict", "a request with this Idempotency-Key is still being processed")
		return
	case !claimed && !bytes.Equal(prev.fingerprint, fp):
		writeProblem(w, http.StatusUnprocessableEntity, "Unprocessable Content", "this Idempotency-Key was used for another request")
		return
	case !claimed:
		body, err := i.keys.Open(prev.body, answerAAD(projectID, key))
		if err != nil {
			writeProblem(w, http.StatusInternalServerError, "Internal Server Error", "")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(prev.status)
		w.Write(body)
		return
	}
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	next(rec)
	bg := context.WithoutCancel(ctx)
	if rec.status >= 500 {
		i.db.Write.ExecContext(bg, i.db.Rebind(`DELETE FROM idempotency_keys WHERE project_id = ? AND key = ?`), projectID, key)
		return
	}
	sealed, err := i.keys.Seal(rec.body.Bytes(), answerAAD(projectID, key))
	if err != nil {
		i.db.Write.ExecContext(bg, i.db.Rebind(`DELETE FROM idempotency_keys WHERE project_id = ? AND key = ?`), projectID, key)
		return
	}
	i.db.Write.ExecContext(bg, i.db.Rebind(`UPDATE idempotency_keys SET status = ?, body = ? WHERE project_id = ? AND key = ?`),
		rec.status, sealed, projectID, key)
}

// claim records the key as running, unless a live record of it exists,
// which it returns. An expired or abandoned record is replaced.
func (i idempotency) claim(ctx context.Context, projectID, key string, fp []byte) (bool, keyState, error) {
	var prev keyState
	claimed := false
	err := i.db.InTx(ctx, func(tx *sql.Tx) error {
		var created int64
		err := tx.QueryRowContext(ctx, i.db.Rebind(`SELECT status, body, fingerprint, created_at FROM idempotency_keys
			WHERE project_id = ? AND key = ?`), projectID, key).Scan(&prev.status, &prev.body, &prev.fingerprint, &created)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		prev.created = time.UnixMilli(created)
		age := time.Since(prev.created)
		if err == nil && age < IdempotencyTTL && (prev.status != 0 || age < abandonedAfter) {
			return nil
		}
		if _, err := tx.ExecContext(ctx, i.db.Rebind(`DELETE FROM idempotency_keys WHERE project_id = ? AND key = ?`), projectID, key); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, i.db.Rebind(`INSERT INTO idempotency_keys (project_id, key, status, body, fingerprint, created_at)
			VALUES (?, ?, 0, ?, ?, ?)`), projectID, key, []byte{}, fp, time.Now().UnixMilli())
		claimed = err == nil
		return err
	})
	return claimed, prev, err
}

// fingerprint identifies a request by method, path and body, leaving the
// body readable again. A multipart boundary is random per request: it is
// left out, so that a client's retry of the same form matches.
func fingerprint(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxIdempotentBody+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxIdempotentBody {
		return nil, errTooLarge
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	if _, params, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && params["boundary"] != "" {
		b = bytes.ReplaceAll(b, []byte(params["boundary"]), nil)
	}
	h := sha256.New()
	io.WriteString(h, r.Method+" "+r.URL.RequestURI()+"\n")
	h.Write(b)
	return h.Sum(nil), nil
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
