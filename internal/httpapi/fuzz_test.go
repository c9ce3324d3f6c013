package httpapi

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
)

// fuzzClient gives up on an answer slower than any route should be.
var fuzzClient = &http.Client{Timeout: 5 * time.Second}

// FuzzAPI sends arbitrary bodies, content types and paths to the routes
// that take input: the server answers each, never with a 5xx, and stays
// healthy. (`make fuzz` runs it; `go test` runs the seeds.)
func FuzzAPI(f *testing.F) {
	a := newAPI(f, dbtest.Open(f, db.SQLite))
	a.api.limit = newLimiter(1e9, 1<<30, nil) // the fuzzer is not to be rate limited
	var form bytes.Buffer
	w := multipart.NewWriter(&form)
	w.WriteField("email", "a@example.com")
	w.WriteField("options", `{"age_limit":0}`)
	fw, _ := w.CreateFormFile("id_front", "id.jpg")
	fw.Write(jpegOf(f, 90))
	w.Close()
	for _, seed := range []struct {
		route    uint8
		path, ct string
		body     []byte
	}{
		{0, "", "application/json", []byte(`{"userid":"u1","email":"a@b.c","birth_date":"1985-03-12"}`)},
		{0, "", w.FormDataContentType(), form.Bytes()},
		{0, "?x=1", "multipart/form-data; boundary=x", []byte("--x\r\nContent-Disposition: form-data; name=\"id_front\"; filename=\"a\"\r\n\r\n\xff\xd8\xff\r\n--x--\r\n")},
		{1, "sub_nope", "application/json", []byte(`{"fields":{"surname":"X"}}`)},
		{2, "", "application/json", []byte(`{"age_limit":19,"overridable":["age_limit"]}`)},
		{3, "", "application/json", []byte(`{"url":"http://[::1]:0/x"}`)},
		{4, "", "application/json", []byte(`{"ttl_seconds":-1}`)},
		{5, "?status=approved&limit=0&from=x", "", nil},
	} {
		f.Add(seed.route, seed.path, seed.ct, seed.body)
	}
	routes := []struct{ method, path string }{
		{"POST", "/v1/submissions"}, {"PATCH", "/v1/submissions/"}, {"PUT", "/v1/options"}, {"POST", "/v1/webhooks"},
		{"POST", "/v1/liveform/tokens"}, {"GET", "/v1/submissions"},
	}
	f.Fuzz(func(t *testing.T, route uint8, path, ct string, body []byte) {
		r := routes[int(route)%len(routes)]
		if strings.ContainsFunc(path, func(r rune) bool { return r <= 0x20 || r == 0x7f || r == '#' }) || len(path) > 200 {
			return // not a request line a client can send
		}
		if strings.Contains(path, "wait") {
			return // ?wait= holds the answer up to 30 s by design, behind the fuzzer's queue
		}
		req, err := http.NewRequest(r.method, a.srv.URL+r.path+path, bytes.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("X-API-Key", a.key)
		if ct != "" && !strings.ContainsFunc(ct, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			req.Header.Set("Content-Type", ct) // a value a client can send
		}
		resp, err := fuzzClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", r.method, path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s %s (%q, %d bytes): %d", r.method, r.path+path, ct, len(body), resp.StatusCode)
		}
	})
}
