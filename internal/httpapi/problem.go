// Package httpapi serves the REST API /v1 (X-API-Key), health and
// readiness. Errors are RFC 9457 problem details; every route names the
// project of its key, and another project's ids are not found.
package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"openkyc/internal/engine/imaging"
	"openkyc/internal/kyc"
	"openkyc/internal/liveform"
	"openkyc/internal/project"
	"openkyc/internal/submission"
	"openkyc/internal/webhook"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func writeProblem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(Problem{Type: "about:blank", Title: title, Status: status, Detail: detail})
}

// fail maps an error to its status, once, at the edge; unexpected ones
// are logged (without personal data: errors carry ids, not values) and
// answered 500 without detail.
func fail(w http.ResponseWriter, log *slog.Logger, err error) {
	switch {
	case errors.Is(err, project.ErrUnauthorized):
		writeProblem(w, http.StatusUnauthorized, "Unauthorized", "a valid X-API-Key header is required")
	case errors.Is(err, submission.ErrNotFound), errors.Is(err, project.ErrNotFound):
		writeProblem(w, http.StatusNotFound, "Not Found", "no such submission in this project")
	case errors.Is(err, webhook.ErrNotFound):
		writeProblem(w, http.StatusNotFound, "Not Found", "no such webhook endpoint in this project")
	case errors.Is(err, webhook.ErrNoDelivery):
		writeProblem(w, http.StatusNotFound, "Not Found", "no such webhook delivery in this project")
	case errors.Is(err, liveform.ErrNotFound):
		writeProblem(w, http.StatusNotFound, "Not Found", "no such Liveform token in this project")
	case errors.Is(err, kyc.ErrInvalidPolicy):
		writeProblem(w, http.StatusUnprocessableEntity, "Unprocessable Content", err.Error())
	case errors.Is(err, webhook.ErrBadURL), errors.Is(err, submission.ErrBadEdit), errors.Is(err, submission.ErrBadApplicant), errors.Is(err, liveform.ErrBadTTL),
		errors.Is(err, liveform.ErrBadPresets):
		writeProblem(w, http.StatusUnprocessableEntity, "Unprocessable Content", err.Error())
	case errors.Is(err, submission.ErrNoImage):
		writeProblem(w, http.StatusNotFound, "Not Found", "no such image: id-front or selfie-N")
	case errors.Is(err, submission.ErrDeleted):
		writeProblem(w, http.StatusGone, "Gone", "the submission was deleted")
	case errors.Is(err, kyc.ErrDecided), errors.Is(err, kyc.ErrOutOfOrder), errors.Is(err, submission.ErrBusy),
		errors.Is(err, kyc.ErrNotPending):
		writeProblem(w, http.StatusConflict, "Conflict", err.Error())
	case errors.Is(err, kyc.ErrBadReview), errors.Is(err, errBadRequest), errors.Is(err, submission.ErrBadCursor):
		writeProblem(w, http.StatusBadRequest, "Bad Request", err.Error())
	case errors.Is(err, errTooLarge), errors.Is(err, imaging.ErrTooLarge), errors.Is(err, imaging.ErrTooManyPixels):
		writeProblem(w, http.StatusRequestEntityTooLarge, "Content Too Large", err.Error())
	case errors.Is(err, errUnsupported), errors.Is(err, imaging.ErrUnsupported):
		writeProblem(w, http.StatusUnsupportedMediaType, "Unsupported Media Type", err.Error())
	case errors.Is(err, imaging.ErrCorrupt), errors.Is(err, imaging.ErrTooSmall), errors.Is(err, imaging.ErrEmpty):
		writeProblem(w, http.StatusUnprocessableEntity, "Unprocessable Content", err.Error())
	default:
		log.Error("request failed", "err", err)
		writeProblem(w, http.StatusInternalServerError, "Internal Server Error", "")
	}
}

var (
	errBadRequest  = errors.New("bad request")
	errTooLarge    = errors.New("upload too large")
	errUnsupported = errors.New("unsupported image type: JPEG, PNG or WebP")
)
