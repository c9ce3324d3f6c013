package httpapi

import (
	"github.com/riverqueue/river"

	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"openkyc/internal/blob"
	"openkyc/internal/db"
	"openkyc/internal/db/dbtest"
	"openkyc/internal/engine/document"
	"openkyc/internal/engine/face"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/jobs"
	"openkyc/internal/kyc"
	"openkyc/internal/liveform"
	"openkyc/internal/metrics"
	"openkyc/internal/project"
	"openkyc/internal/submission"
	"openkyc/internal/testenv"
	"openkyc/internal/webhook"
)

// fakeEngine stands in for the engine in tests of the HTTP layer only:
// an ID of a Korean adult whose portrait embedding is (1,0,0), and
// selfies whose embedding the test chooses per image.
type fakeEngine struct{ faces map[[32]byte][]float32 }

func (f fakeEngine) AnalyzeDocument(ctx context.Context, front, back []byte) (*document.Evidence, error) {
	if _, _, err := imaging.Decode(front, imaging.DefaultLimits); err != nil {
		return nil, err
	}
	pass := func(n string) document.Check { return document.Check{Name: n, Outcome: document.Pass} }
	return &document.Evidence{Found: true, DocumentType: "passport", IssuingCountry: "KOR", FieldConfidence: 0.95,
		Fields: map[string]document.Field{"surname": {Value: "HONG"}, "birth_date": {Value: "1985-03-12"},
			"expiry_date": {Value: "2031-01-01"}, "document_number": {Value: "M12345678"}},
		Portrait: &face.Face{Embedding: []float32{1, 0, 0}},
		Checks:   []document.Check{pass("document.blur"), pass("document.glare"), pass("document.resolution"), pass("document.margin")}}, nil
}

func (f fakeEngine) AnalyzeSelfie(ctx context.Context, data []byte) (*face.Analysis, error) {
	emb, ok := f.faces[sha256.Sum256(data)]
	if !ok {
		return nil, face.ErrNoFace
	}
	return &face.Analysis{Faces: []face.Face{{Embedding: emb, Liveness: &face.Liveness{Score: 0.95}}}}, nil
}

func jpegOf(t testing.TB, grey byte) []byte {
	img := imaging.New(64, 64)
	for i := range img.Pix {
		img.Pix[i] = grey
	}
	var b bytes.Buffer
	if err := imaging.EncodeJPEG(&b, img, 90); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type apiRig struct {
	srv        *httptest.Server
	api        *Server
	key, other string
	holder     []byte
}

func newAPI(t testing.TB, d *db.DB) apiRig {
	t.Helper()
	ctx := context.Background()
	keys := testenv.Keyring(t)
	blobs, _ := blob.NewLocal(t.TempDir(), keys)
	projects := project.NewStore(d, nil)
	holder, stranger := jpegOf(t, 90), jpegOf(t, 200)
	eng := fakeEngine{faces: map[[32]byte][]float32{sha256.Sum256(holder): {1, 0, 0}, sha256.Sum256(stranger): {0, 1, 0}}}
	svc := submission.NewService(submission.NewStore(d, keys, nil), projects, blobs, eng, nil)
	hooks := webhook.NewStore(d, keys, nil)
	svc.SetWebhooks(hooks)
	m := metrics.New()
	svc.SetMetrics(m)
	workers := svc.Workers()
	river.AddWorker(workers, &webhook.Deliverer{Store: hooks, Client: webhook.NewClient(true)})
	c, err := jobs.New(ctx, d, workers, jobs.Config{Workers: 2, PollInterval: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	svc.SetJobs(c)
	c.Start(ctx)
	t.Cleanup(func() { c.Stop(context.Background()) })
	p1, _ := projects.Create(ctx, "one", kyc.DefaultPolicy())
	p2, _ := projects.Create(ctx, "two", kyc.DefaultPolicy())
	key, _, _ := projects.CreateKey(ctx, p1.ID, "")
	other, _, _ := projects.CreateKey(ctx, p2.ID, "")
	api := New(Deps{DB: d, Keys: keys, Projects: projects, Submissions: svc, Webhooks: hooks, Jobs: c, Liveform: liveform.NewStore(d, keys, nil),
		Metrics: m, Ready: d.Ping, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return apiRig{srv, api, key, other, holder}
}

// send makes a request with the key and extra headers (name, value
// pairs; empty values left out) and returns the answer's status, body and
// headers.
func (a apiRig) send(t *testing.T, method, path, key string, body io.Reader, header ...string) (int, []byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest(method, a.srv.URL+path, body)
	header = append(header, "X-API-Key", key)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] != "" {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

// do is send for a JSON answer.
func (a apiRig) do(t *testing.T, method, path, key string, body io.Reader, contentType string, header ...string) (int, map[string]any, http.Header) {
	t.Helper()
	code, b, h := a.send(t, method, path, key, body, append(header, "Content-Type", contentType)...)
	var out map[string]any
	json.Unmarshal(b, &out)
	return code, out, h
}

func multipartFile(t *testing.T, field string, data []byte) (io.Reader, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	f, _ := w.CreateFormFile(field, field+".jpg")
	f.Write(data)
	w.Close()
	return &b, w.FormDataContentType()
}

func TestAPI(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		if code, _, h := a.do(t, "POST", "/v1/submissions", "", nil, ""); code != 401 || h.Get("Content-Type") != "application/problem+json" {
			t.Errorf("no key: %d %s", code, h.Get("Content-Type"))
		}
		if code, _, _ := a.do(t, "POST", "/v1/submissions", "okyc_nope", nil, ""); code != 401 {
			t.Errorf("bad key: %d", code)
		}
		code, sub, _ := a.do(t, "POST", "/v1/submissions", a.key, strings.NewReader(`{"email":"hong@example.com","userid":"u1"}`), "application/json")
		if code != 201 || sub["status"] != "incomplete" {
			t.Fatalf("create: %d %v", code, sub)
		}
		id := sub["id"].(string)
		// The same POST with the same Idempotency-Key gets the same answer,
		// and creates nothing more.
		idemPost := func(body ...string) (int, map[string]any, http.Header) {
			return a.do(t, "POST", "/v1/submissions", a.key, strings.NewReader(`{"userid":"once"}`+strings.Join(body, "")), "",
				"Idempotency-Key", "create-once-1")
		}
		c1, s1, _ := idemPost()
		c2, s2, h2 := idemPost()
		if c1 != 201 || c2 != 201 || s1["id"] != s2["id"] || h2.Get("Idempotent-Replayed") != "true" {
			t.Errorf("idempotent create: %d %v / %d %v %v", c1, s1["id"], c2, s2["id"], h2)
		}
		var stored []byte
		d.Read.QueryRow(d.Rebind(`SELECT body FROM idempotency_keys WHERE key = ?`), "create-once-1").Scan(&stored)
		if len(stored) == 0 || bytes.Contains(stored, []byte(`"userid":"once"`)) {
			t.Errorf("the kept answer is not sealed: %q", stored)
		}
		if c3, p3, _ := idemPost(" "); c3 != 422 {
			t.Errorf("the key with another body: %d %v", c3, p3)
		}
		// A retried form comes with a new random boundary: still the same
		// request.
		form := func() (int, http.Header) {
			body, ct := multipartFile(t, "id_front", jpegOf(t, 128))
			code, _, h := a.send(t, "POST", "/v1/submissions/"+s1["id"].(string)+"/id", a.key, body, "Content-Type", ct,
				"Idempotency-Key", "upload-once-1")
			return code, h
		}
		if c1, _ := form(); c1 != 202 {
			t.Errorf("form upload: %d", c1)
		}
		if c2, h := form(); c2 != 202 || h.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retried form upload: %d %v", c2, h)
		}
		body, ct := multipartFile(t, "selfie", a.holder)
		if code, p, _ := a.do(t, "POST", "/v1/submissions/"+id+"/selfie", a.key, body, ct); code != 409 {
			t.Errorf("selfie before the ID: %d %v", code, p)
		}
		body, ct = multipartFile(t, "id_front", []byte("GIF89a not an image we take"))
		if code, _, _ := a.do(t, "POST", "/v1/submissions/"+id+"/id", a.key, body, ct); code != 415 {
			t.Errorf("GIF: %d", code)
		}
		body, ct = multipartFile(t, "id_front", bytes.Repeat([]byte{0xff}, MaxUpload+10))
		if code, _, _ := a.do(t, "POST", "/v1/submissions/"+id+"/id", a.key, body, ct); code != 413 {
			t.Errorf("oversized: %d", code)
		}
		body, ct = multipartFile(t, "id_front", jpegOf(t, 128))
		code, sub, _ = a.do(t, "POST", "/v1/submissions/"+id+"/id?wait=10s", a.key, body, ct)
		if code != 202 || sub["stage"] != "awaiting_selfie" || sub["analyzing"] != false {
			t.Fatalf("ID: %d %v", code, sub)
		}
		if code, _, _ := a.do(t, "GET", "/v1/submissions/"+id, a.other, nil, ""); code != 404 {
			t.Errorf("another project's key: %d", code)
		}
		body, ct = multipartFile(t, "selfie", a.holder)
		code, sub, _ = a.do(t, "POST", "/v1/submissions/"+id+"/selfie?wait=10s", a.key, body, ct)
		if code != 202 || sub["status"] != "approved" || sub["score"] == nil {
			t.Fatalf("selfie: %d %v", code, sub)
		}
		if app := sub["applicant"].(map[string]any); app["email"] != "hong@example.com" {
			t.Errorf("applicant %v", app)
		}
		if code, _, _ := a.do(t, "POST", "/v1/submissions/"+id+"/review", a.key, strings.NewReader(`{"decision":"approve"}`), "application/json"); code != 409 {
			t.Errorf("review of an approved submission: %d", code)
		}
		imgGet := func(key, path string) (int, []byte, http.Header) { return a.send(t, "GET", path, key, nil) }
		if code, b, h := imgGet(a.key, "/v1/submissions/"+id+"/images/selfie-1"); code != 200 || !bytes.Equal(b, a.holder) || h.Get("Cache-Control") != "no-store" {
			t.Errorf("selfie download: %d %d bytes %v", code, len(b), h)
		}
		for _, bad := range []string{"selfie-2", "selfie-0", "../../x", "passport"} {
			if code, _, _ := imgGet(a.key, "/v1/submissions/"+id+"/images/"+bad); code != 404 {
				t.Errorf("image %q: %d", bad, code)
			}
		}
		if code, _, _ := imgGet(a.other, "/v1/submissions/"+id+"/images/id-front"); code != 404 {
			t.Errorf("another project's image: %d", code)
		}
		if code, _, _ := a.do(t, "DELETE", "/v1/submissions/"+id, a.key, nil, ""); code != 204 {
			t.Errorf("delete: %d", code)
		}
		code, sub, _ = a.do(t, "GET", "/v1/submissions/"+id, a.key, nil, "")
		if code != 200 || sub["deleted"] != true || sub["status"] != "approved" {
			t.Errorf("skeleton: %d %v", code, sub)
		}
		if app, _ := sub["applicant"].(map[string]any); len(app) != 0 {
			t.Errorf("personal data after delete: %v", app)
		}
		if code, _, _ := imgGet(a.key, "/v1/submissions/"+id+"/images/id-front"); code != 410 {
			t.Errorf("image after delete: %d", code)
		}
		if code, _, _ := a.do(t, "DELETE", "/v1/submissions/"+id, a.key, nil, ""); code != 410 {
			t.Errorf("second delete: %d", code)
		}
		if code, _, _ := a.do(t, "GET", "/v1/submissions/sub_nope", a.key, nil, ""); code != 404 {
			t.Errorf("unknown id: %d", code)
		}
		// ID and selfie in one call.
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("email", "both@example.com")
		f, _ := w.CreateFormFile("id_front", "id.jpg")
		f.Write(jpegOf(t, 130))
		back := jpegOf(t, 140)
		f, _ = w.CreateFormFile("id_back", "back.jpg")
		f.Write(back)
		f, _ = w.CreateFormFile("selfie", "selfie.jpg")
		f.Write(a.holder)
		w.Close()
		code, sub, _ = a.do(t, "POST", "/v1/submissions?wait=10s", a.key, &b, w.FormDataContentType())
		if code != 201 || sub["status"] != "approved" {
			t.Errorf("both in one call: %d %v", code, sub)
		}
		if code, got, _ := imgGet(a.key, "/v1/submissions/"+sub["id"].(string)+"/images/id-back"); code != 200 || !bytes.Equal(got, back) {
			t.Errorf("the back of the ID: %d", code)
		}
		code, list, _ := a.do(t, "GET", "/v1/submissions?email=hong@example.com", a.key, nil, "")
		if items, _ := list["items"].([]any); code != 200 || len(items) != 0 {
			t.Errorf("list by the deleted submission's e-mail: %d %v", code, list)
		}
		code, list, _ = a.do(t, "GET", "/v1/submissions?limit=1&status=approved", a.key, nil, "")
		if items, _ := list["items"].([]any); code != 200 || len(items) != 1 || list["next_cursor"] == nil {
			t.Errorf("list approved, one per page: %d %v", code, list)
		}
		if code, _, _ := a.do(t, "GET", "/v1/submissions?cursor=garbage", a.key, nil, ""); code != 400 {
			t.Errorf("bad cursor: %d", code)
		}
		if code, list, _ := a.do(t, "GET", "/v1/submissions", a.other, nil, ""); code != 200 || len(list["items"].([]any)) != 0 {
			t.Errorf("another project's list: %v", list)
		}
		code, opts, _ := a.do(t, "PUT", "/v1/options", a.key, strings.NewReader(`{"age_limit": 19, "blacklisted_countries": ["PRK"]}`), "application/json")
		if code != 200 || opts["age_limit"] != float64(19) || opts["score_threshold"] != float64(70) {
			t.Errorf("options change: %d %v", code, opts)
		}
		if code, _, _ := a.do(t, "PUT", "/v1/options", a.key, strings.NewReader(`{"attempts": 0}`), "application/json"); code != 422 {
			t.Errorf("invalid options: %d", code)
		}
		if code, _, _ := a.do(t, "PUT", "/v1/options", a.key, strings.NewReader(`{"atempts": 2}`), "application/json"); code != 400 {
			t.Errorf("unknown option: %d", code)
		}
		if code, opts, _ := a.do(t, "GET", "/v1/options", a.other, nil, ""); code != 200 || opts["age_limit"] != float64(0) {
			t.Errorf("another project's options changed: %v", opts)
		}
		for _, path := range []string{"/healthz", "/readyz", "/v1/openapi.json", "/metrics"} {
			if code, _, _ := a.do(t, "GET", path, "", nil, ""); code != 200 {
				t.Errorf("%s: %d", path, code)
			}
		}
		resp, err := http.Get(a.srv.URL + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		m, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{`openkyc_http_requests_total{code="201",route="POST /v1/submissions"}`,
			`openkyc_decisions_total{reject_code="",status="approved"}`, `openkyc_job_duration_seconds_count{kind="analyze_selfie",outcome="ok"}`} {
			if !strings.Contains(string(m), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		if strings.Contains(string(m), "hong@example.com") || strings.Contains(string(m), id) {
			t.Error("metrics name a submission or an applicant")
		}
	})
}

func TestViewWarnings(t *testing.T) {
	sub := &submission.Submission{ID: "sub_1", Result: submission.Result{Checks: []kyc.Check{
		{Name: "document.glare", Outcome: kyc.Warn, Reason: "some glare on the document"},
		{Name: "face.similarity", Outcome: kyc.Pass}, {Name: "document.script", Outcome: kyc.Warn}}}}
	v := (&Server{}).view(project.Project{}, sub, nil)
	if len(v.Warnings) != 2 || v.Warnings[0] != "document.glare: some glare on the document" || v.Warnings[1] != "document.script: warned" {
		t.Errorf("warnings %q", v.Warnings)
	}
}

func TestSubmissionOptions(t *testing.T) {
	dbtest.ForEach(t, func(t *testing.T, d *db.DB) {
		a := newAPI(t, d)
		body := `{"userid":"u1","options":{"allowed_countries":["KOR"]}}`
		if code, p, _ := a.do(t, "POST", "/v1/submissions", a.key, strings.NewReader(body), "application/json"); code != 422 {
			t.Errorf("an override the project does not allow: %d %v", code, p)
		}
		if code, _, _ := a.do(t, "PUT", "/v1/options", a.key, strings.NewReader(`{"overridable":["allowed_countries"]}`), "application/json"); code != 200 {
			t.Fatalf("options: %d", code)
		}
		code, sub, _ := a.do(t, "POST", "/v1/submissions", a.key, strings.NewReader(body), "application/json")
		opts, _ := sub["options"].(map[string]any)
		if code != 201 || fmt.Sprint(opts["allowed_countries"]) != "[KOR]" {
			t.Errorf("create with an allowed override: %d %v", code, sub)
		}
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		w.WriteField("options", `{"allowed_countries":["kor"]}`)
		w.Close()
		if code, p, _ := a.do(t, "POST", "/v1/submissions", a.key, &b, w.FormDataContentType()); code != 422 {
			t.Errorf("an override that makes an invalid policy, in a form: %d %v", code, p)
		}
	})
}
