package httpapi

import (
	"strings"
	"testing"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

func TestLiveformTokens(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		for body, want := range map[string]int{`{"ttl_seconds": 5}`: 422, `{"userid": "` + strings.Repeat("x", 300) + `"}`: 422,
			`{"colour": "red"}`: 400} {
			if code, _, _ := a.do(t, "POST", "/v1/liveform/tokens", a.key, strings.NewReader(body), "application/json"); code != want {
				t.Errorf("issue %.40s: %d, want %d", body, code, want)
			}
		}
		code, tok, _ := a.do(t, "POST", "/v1/liveform/tokens", a.key, strings.NewReader(`{"userid":"u-42","email":"a@example.com"}`), "application/json")
		token, _ := tok["token"].(string)
		if code != 201 || !strings.HasPrefix(token, "lft_") || !strings.Contains(tok["url"].(string), "/f/") ||
			!strings.HasSuffix(tok["url"].(string), "?token="+token) || tok["state"] != "unused" {
			t.Fatalf("issue: %d %v", code, tok)
		}
		code, list, _ := a.do(t, "GET", "/v1/liveform/tokens", a.key, nil, "")
		items, _ := list["items"].([]any)
		if code != 200 || len(items) != 1 {
			t.Fatalf("list: %d %v", code, list)
		}
		if item := items[0].(map[string]any); item["token"] != nil || item["presets"].(map[string]any)["userid"] != "u-42" {
			t.Errorf("listed token: %v", item)
		}
		if _, other, _ := a.do(t, "GET", "/v1/liveform/tokens", a.other, nil, ""); len(other["items"].([]any)) != 0 {
			t.Errorf("another project lists the token: %v", other)
		}
		id := tok["id"].(string)
		if code, _, _ := a.do(t, "DELETE", "/v1/liveform/tokens/"+id, a.other, nil, ""); code != 404 {
			t.Errorf("another project revokes: %d", code)
		}
		if code, _, _ := a.do(t, "DELETE", "/v1/liveform/tokens/"+id, a.key, nil, ""); code != 204 {
			t.Errorf("revoke: %d", code)
		}
		if _, list, _ := a.do(t, "GET", "/v1/liveform/tokens", a.key, nil, ""); list["items"].([]any)[0].(map[string]any)["state"] != "revoked" {
			t.Errorf("after revoke: %v", list)
		}
	})
}
