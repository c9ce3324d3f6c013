package httpapi

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/webhook"
)

func TestWebhooksAndEdits(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		var mu sync.Mutex
		var secret string
		var got []webhook.Payload
		fails := 1 // the first delivery is refused, to be resent
		rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			mu.Lock()
			defer mu.Unlock()
			if err := webhook.Verify(secret, r.Header, body, time.Now(), time.Minute); err != nil {
				t.Errorf("signature: %v", err)
			}
			if fails > 0 {
				fails--
				http.Error(w, "not now", http.StatusServiceUnavailable)
				return
			}
			var p webhook.Payload
			json.Unmarshal(body, &p)
			got = append(got, p)
		}))
		defer rc.Close()

		for body, want := range map[string]int{`{"url":"ftp://x"}`: 422, `{"link":"https://x"}`: 400, `nope`: 400} {
			if code, _, _ := a.do(t, "POST", "/v1/webhooks", a.key, strings.NewReader(body), "application/json"); code != want {
				t.Errorf("create webhook %s: %d, want %d", body, code, want)
			}
		}
		code, e, _ := a.do(t, "POST", "/v1/webhooks", a.key, strings.NewReader(`{"url":"`+rc.URL+`/hook"}`), "application/json")
		if code != 201 || !strings.HasPrefix(fmt.Sprint(e["secret"]), "whsec_") {
			t.Fatalf("create webhook: %d %v", code, e)
		}
		mu.Lock()
		secret = e["secret"].(string)
		mu.Unlock()
		code, list, _ := a.do(t, "GET", "/v1/webhooks", a.key, nil, "")
		if items := list["items"].([]any); code != 200 || len(items) != 1 || items[0].(map[string]any)["secret"] != nil {
			t.Errorf("list webhooks: %d %v", code, list)
		}
		if _, list, _ := a.do(t, "GET", "/v1/webhooks", a.other, nil, ""); len(list["items"].([]any)) != 0 {
			t.Errorf("another project sees the endpoint: %v", list)
		}

		_, sub, _ := a.do(t, "POST", "/v1/submissions", a.key, strings.NewReader(`{"email":"old@example.com"}`), "application/json")
		id := sub["id"].(string)
		var log []any
		for deadline := time.Now().Add(10 * time.Second); len(log) == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			_, out, _ := a.do(t, "GET", "/v1/submissions/"+id+"/deliveries", a.key, nil, "")
			log, _ = out["items"].([]any)
		}
		first, _ := log[0].(map[string]any)
		if first["status_code"] != float64(503) || first["event_type"] != webhook.Created {
			t.Fatalf("delivery log: %v", log)
		}
		if code, _, _ := a.do(t, "GET", "/v1/submissions/"+id+"/deliveries", a.other, nil, ""); code != 404 {
			t.Errorf("another project's deliveries: %d", code)
		}
		if code, _, _ := a.do(t, "POST", "/v1/webhooks/deliveries/"+first["id"].(string)+"/resend", a.other, nil, ""); code != 404 {
			t.Errorf("another project's resend: %d", code)
		}
		if code, _, _ := a.do(t, "POST", "/v1/webhooks/deliveries/"+first["id"].(string)+"/resend", a.key, nil, ""); code != 202 {
			t.Errorf("resend: %d", code)
		}

		for body, want := range map[string]int{`{"fields":{"shoe_size":"44"}}`: 422, `{"fields":{"birth_date":"12/03/1985"}}`: 422,
			`{"colour":"red"}`: 400} {
			if code, _, _ := a.do(t, "PATCH", "/v1/submissions/"+id, a.key, strings.NewReader(body), "application/json"); code != want {
				t.Errorf("edit %s: %d, want %d", body, code, want)
			}
		}
		code, sub, _ = a.do(t, "PATCH", "/v1/submissions/"+id, a.key,
			strings.NewReader(`{"email":"new@example.com","fields":{"surname":"HONG-KIM"}}`), "application/json")
		edits, _ := sub["edits"].(map[string]any)
		if code != 200 || sub["applicant"].(map[string]any)["email"] != "new@example.com" || edits["surname"] != "HONG-KIM" {
			t.Errorf("edit: %d %v", code, sub)
		}
		tl := sub["timeline"].([]any)
		if last := tl[len(tl)-1].(map[string]any); last["kind"] != "updated" || strings.Contains(fmt.Sprint(last), "new@example.com") {
			t.Errorf("timeline of an edit (names, not values): %v", last)
		}
		if code, _, _ := a.do(t, "PATCH", "/v1/submissions/"+id, a.other, strings.NewReader(`{"cf1":"x"}`), "application/json"); code != 404 {
			t.Errorf("another project's edit: %d", code)
		}
		if _, l, _ := a.do(t, "GET", "/v1/submissions?email=new@example.com", a.key, nil, ""); len(l["items"].([]any)) != 1 {
			t.Errorf("the edited e-mail finds the submission: %v", l)
		}

		// created (resent, and retried by the queue: receivers deduplicate
		// on the event id, which both keep) and updated.
		types := func() []string {
			mu.Lock()
			defer mu.Unlock()
			seen := map[string]bool{}
			var out []string
			for _, p := range got {
				if !seen[p.ID] {
					seen[p.ID] = true
					out = append(out, p.Type)
				}
			}
			return out
		}
		for deadline := time.Now().Add(10 * time.Second); len(types()) < 2 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		}
		if ts := types(); len(ts) != 2 || !strings.Contains(strings.Join(ts, " "), webhook.Created) || !strings.Contains(strings.Join(ts, " "), webhook.Updated) {
			t.Errorf("received %v", ts)
		}
		if code, _, _ := a.do(t, "DELETE", "/v1/webhooks/"+e["id"].(string), a.other, nil, ""); code != 404 {
			t.Errorf("another project's endpoint deleted: %d", code)
		}
		if code, _, _ := a.do(t, "DELETE", "/v1/webhooks/"+e["id"].(string), a.key, nil, ""); code != 204 {
			t.Errorf("delete endpoint: %d", code)
		}
	})
}
