package httpapi

import (
	"net/http"
	"time"

	"openkyc/internal/liveform"
	"openkyc/internal/project"
)

// issueToken issues a private-mode Liveform token, with the presets the
// applicant cannot change; the token and its URL are in this answer only.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request, p project.Project) {
	var body struct {
		liveform.Presets
		// TTLSeconds is how long the unused token lives; 0 is a day.
		TTLSeconds int64 `json:"ttl_seconds"`
	}
	if !decodeJSON(w, r, s.Log, 16<<10, &body) {
		return
	}
	token, t, err := s.Liveform.Issue(r.Context(), p.ID, body.Presets, time.Duration(body.TTLSeconds)*time.Second)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	writeJSON(w, http.StatusCreated, struct {
		tokenView
		Token string `json:"token"`
		URL   string `json:"url"`
	}{s.tokenView(t), token, liveformURL(r, p.ID) + "?token=" + token})
}

// tokenView is a token as listed: its state spelled out.
type tokenView struct {
	liveform.Token
	State string `json:"state"`
}

func (s *Server) tokenView(t liveform.Token) tokenView { return tokenView{t, t.State(time.Now())} }

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request, p project.Project) {
	list, err := s.Liveform.List(r.Context(), p.ID)
	if err != nil {
		fail(w, s.Log, err)
		return
	}
	views := make([]tokenView, len(list))
	for i, t := range list {
		views[i] = s.tokenView(t)
	}
	writeJSON(w, http.StatusOK, items(views))
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, p project.Project) {
	if err := s.Liveform.Revoke(r.Context(), p.ID, r.PathValue("id")); err != nil {
		fail(w, s.Log, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// liveformURL is the project's Liveform as the caller reaches this server.
func liveformURL(r *http.Request, projectID string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host + liveform.Path(projectID)
}
