package httpapi

import (
	"fmt"
	"net/http"

	"openkyc/internal/project"
	"openkyc/internal/webhook"
)

// createWebhook registers an endpoint; its signing secret is in this
// answer only.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request, p project.Project) {
	var body struct {
		URL string `json:"url"`
	}
	if !decodeJSON(w, r, s.Log, 16<<10, &body) {
		return
	}
	e, secret, err := s.Webhooks.Create(r.Context(), p.ID, body.URL)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		webhook.Endpoint
		Secret string `json:"secret"`
	}{e, secret})
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request, p project.Project) {
	list, err := s.Webhooks.List(r.Context(), p.ID)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, items(list))
}

// deleteWebhook stops deliveries to an endpoint; its log stays.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request, p project.Project) {
	if err := s.Webhooks.Disable(r.Context(), p.ID, r.PathValue("id")); err != nil {
		fail(w, s.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// deliveries is a submission's webhook delivery log.
func (s *Server) deliveries(w http.ResponseWriter, r *http.Request, p project.Project) {
	if _, err := s.Submissions.Store.Get(r.Context(), p.ID, r.PathValue("id")); err != nil {
		fail(w, s.Log, err)
		return
	}
	log, err := s.Webhooks.Deliveries(r.Context(), p.ID, r.PathValue("id"))
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, http.StatusOK, items(log))
}

// resend queues a logged delivery's event again.
func (s *Server) resend(w http.ResponseWriter, r *http.Request, p project.Project) {
	if err := s.Webhooks.Resend(r.Context(), s.Jobs, p.ID, r.PathValue("id")); err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, http.StatusAccepted, struct {
		Queued string `json:"queued"`
	}{fmt.Sprintf("delivery %s is sent again", r.PathValue("id"))})
}
