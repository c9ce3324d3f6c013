package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// client speaks the REST API with one project's API key.
type client struct {
	srv     *server
	key     string
	project string
}

var httpClient = &http.Client{Timeout: 2 * time.Minute}

// response is an answer, read whole.
type response struct {
	Method, Path string
	Code         int
	Header       http.Header
	Body         []byte
}

func (r *response) String() string {
	b := r.Body
	if len(b) > 2000 {
		b = append(b[:2000:2000], "…"...)
	}
	return fmt.Sprintf("%s %s → %d %s %s", r.Method, r.Path, r.Code, r.Header.Get("Content-Type"), bytes.TrimSpace(b))
}

// decode reads the body as JSON into v.
func (r *response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("%s: body is not the JSON expected: %v", r, err)
	}
}

// expect fails the test unless the status is one of codes.
func (r *response) expect(t *testing.T, codes ...int) *response {
	t.Helper()
	if !slices.Contains(codes, r.Code) {
		t.Fatalf("%s: want status %v", r, codes)
	}
	return r
}

// problem is an RFC 9457 problem details body.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
}

// problem checks that the answer is a problem+json of status one of codes
// and returns it.
func (r *response) problem(t *testing.T, codes ...int) problem {
	t.Helper()
	var p problem
	if !slices.Contains(codes, r.Code) {
		t.Errorf("%s: want status %v", r, codes)
		return p
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Errorf("%s: Content-Type %q, want application/problem+json", r, ct)
	}
	if err := json.Unmarshal(r.Body, &p); err != nil || p.Status != r.Code || p.Title == "" {
		t.Errorf("%s: not a problem details body (%v): %+v", r, err, p)
	}
	return p
}

// do sends a request with the client's key (none when key is empty).
func (c *client) do(t *testing.T, method, path string, body io.Reader, header http.Header) *response {
	t.Helper()
	req, err := http.NewRequest(method, c.srv.url(path), body)
	if err != nil {
		t.Fatal(err)
	}
	maps.Copy(req.Header, header)
	if c.key != "" && req.Header.Get("X-API-Key") == "" {
		req.Header.Set("X-API-Key", c.key)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return &response{Method: method, Path: path, Code: resp.StatusCode, Header: resp.Header, Body: b}
}

// quietGet is a GET for goroutines: a transport error is an answer of
// status 0 rather than a test failure.
func (c *client) quietGet(path string) *response {
	r := &response{Method: http.MethodGet, Path: path, Header: http.Header{}}
	req, err := http.NewRequest(http.MethodGet, c.srv.url(path), nil)
	if err != nil {
		r.Body = []byte(err.Error())
		return r
	}
	req.Header.Set("X-API-Key", c.key)
	resp, err := httpClient.Do(req)
	if err != nil {
		r.Body = []byte(err.Error())
		return r
	}
	defer resp.Body.Close()
	r.Code, r.Header = resp.StatusCode, resp.Header
	r.Body, _ = io.ReadAll(resp.Body)
	return r
}

// json sends v as a JSON body (a string is sent as it is, for bad JSON).
func (c *client) json(t *testing.T, method, path string, v any) *response {
	t.Helper()
	var body []byte
	switch v := v.(type) {
	case nil:
	case string:
		body = []byte(v)
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	return c.do(t, method, path, bytes.NewReader(body), http.Header{"Content-Type": {"application/json"}})
}

// multipartBody encodes form fields and files.
func multipartBody(t *testing.T, fields map[string]string, files map[string][]byte) (io.Reader, http.Header) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		w.WriteField(k, fields[k])
	}
	for _, k := range slices.Sorted(maps.Keys(files)) {
		f, err := w.CreateFormFile(k, k+".jpg")
		if err != nil {
			t.Fatal(err)
		}
		f.Write(files[k])
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return &b, http.Header{"Content-Type": {w.FormDataContentType()}}
}

// post sends a multipart form.
func (c *client) post(t *testing.T, path string, fields map[string]string, files map[string][]byte) *response {
	t.Helper()
	body, h := multipartBody(t, fields, files)
	return c.do(t, http.MethodPost, path, body, h)
}

// submission is a submission as the API shows it.
type submission struct {
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Stage        string            `json:"stage"`
	RejectCode   string            `json:"reject_code"`
	RejectReason string            `json:"reject_reason"`
	Attempts     int               `json:"attempts"`
	AttemptsLeft int               `json:"attempts_left"`
	RetryReason  string            `json:"retry_reason"`
	Recapture    bool              `json:"recapture"`
	Analyzing    bool              `json:"analyzing"`
	SelfieQueued bool              `json:"selfie_queued"`
	Checks       []check           `json:"checks"`
	Score        *score            `json:"score"`
	Applicant    map[string]string `json:"applicant"`
	Fields       map[string]string `json:"fields"`
	Comment      string            `json:"comment"`
	Timeline     []event           `json:"timeline"`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	DecidedAt    *time.Time        `json:"decided_at"`
	Deleted      bool              `json:"deleted"`
}

type check struct {
	Name      string `json:"name"`
	Outcome   string `json:"outcome"`
	Value     any    `json:"value"`
	Threshold any    `json:"threshold"`
	Code      string `json:"code"`
	Reason    string `json:"reason"`
	Recapture bool   `json:"recapture"`
}

type score struct {
	Total int `json:"total"`
	Parts []struct {
		Name   string  `json:"name"`
		Weight int     `json:"weight"`
		Value  float64 `json:"value"`
		Points float64 `json:"points"`
	} `json:"parts"`
}

type event struct {
	At   time.Time      `json:"at"`
	Kind string         `json:"kind"`
	Data map[string]any `json:"data"`
}

// check returns the named check, or nil.
func (s *submission) check(name string) *check {
	for i := range s.Checks {
		if s.Checks[i].Name == name {
			return &s.Checks[i]
		}
	}
	return nil
}

// kinds lists the timeline's event kinds in order.
func (s *submission) kinds() []string {
	var out []string
	for _, e := range s.Timeline {
		out = append(out, e.Kind)
	}
	return out
}

func (s *submission) String() string {
	var failed []string
	for _, c := range s.Checks {
		if c.Outcome != "pass" {
			failed = append(failed, fmt.Sprintf("%s=%s(%v %s %s)", c.Name, c.Outcome, c.Value, c.Code, c.Reason))
		}
	}
	total := -1
	if s.Score != nil {
		total = s.Score.Total
	}
	return fmt.Sprintf("%s status=%s stage=%s code=%q reason=%q attempts=%d left=%d retry=%q recapture=%v analyzing=%v score=%d not-passed=%v timeline=%v",
		s.ID, s.Status, s.Stage, s.RejectCode, s.RejectReason, s.Attempts, s.AttemptsLeft, s.RetryReason,
		s.Recapture, s.Analyzing, total, failed, s.kinds())
}

// wait is the ?wait= the helpers ask for: the answer comes when the
// analysis is done.
const wait = "?wait=15s"

// sub decodes a submission answer of status code.
func (r *response) sub(t *testing.T, codes ...int) *submission {
	t.Helper()
	r.expect(t, codes...)
	var s submission
	r.decode(t, &s)
	return &s
}

// create starts a submission with the applicant's fields and, optionally,
// the ID (id_front) and selfie in the same call; it waits for the
// analysis.
func (c *client) create(t *testing.T, fields map[string]string, files map[string][]byte) *submission {
	t.Helper()
	var r *response
	if len(files) == 0 {
		r = c.json(t, http.MethodPost, "/v1/submissions", fields)
	} else {
		r = c.post(t, "/v1/submissions"+wait, fields, files)
	}
	s := r.sub(t, http.StatusCreated)
	if s.ID == "" {
		t.Fatalf("%s: no id", r)
	}
	return c.settle(t, s)
}

// uploadID sends the ID photo and waits for its analysis.
func (c *client) uploadID(t *testing.T, id string, photo []byte) *submission {
	t.Helper()
	r := c.post(t, "/v1/submissions/"+id+"/id"+wait, nil, map[string][]byte{"id_front": photo})
	return c.settle(t, r.sub(t, http.StatusAccepted))
}

// uploadSelfie sends a selfie attempt and waits for its analysis.
func (c *client) uploadSelfie(t *testing.T, id string, photo []byte) *submission {
	t.Helper()
	r := c.post(t, "/v1/submissions/"+id+"/selfie"+wait, nil, map[string][]byte{"selfie": photo})
	return c.settle(t, r.sub(t, http.StatusAccepted))
}

// get reads a submission, waiting for an analysis in progress.
func (c *client) get(t *testing.T, id string) *submission {
	t.Helper()
	return c.do(t, http.MethodGet, "/v1/submissions/"+id+wait, nil, nil).sub(t, http.StatusOK)
}

// settle waits (GET ?wait=, at most a minute) until no analysis is
// pending and returns the submission with its timeline.
func (c *client) settle(t *testing.T, s *submission) *submission {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for s.Analyzing {
		if time.Now().After(deadline) {
			t.Fatalf("the analysis did not finish in a minute: %s", s)
		}
		s = c.get(t, s.ID)
	}
	return s
}

// until polls a submission (GET ?wait=, then every 200 ms) until cond
// holds or the deadline passes.
func (c *client) until(t *testing.T, id string, d time.Duration, what string, cond func(*submission) bool) *submission {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		s := c.get(t, id)
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v: %s", what, d, s)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// options reads the project's policy.
func (c *client) options(t *testing.T) map[string]any {
	t.Helper()
	var p map[string]any
	c.do(t, http.MethodGet, "/v1/options", nil, nil).expect(t, http.StatusOK).decode(t, &p)
	return p
}

// setOptions changes some options (the others keep their values) and
// returns the policy now in force.
func (c *client) setOptions(t *testing.T, change map[string]any) map[string]any {
	t.Helper()
	r := c.json(t, http.MethodPut, "/v1/options", change).expect(t, http.StatusOK)
	var p map[string]any
	r.decode(t, &p)
	for k, v := range change {
		got, _ := json.Marshal(p[k])
		if want, _ := json.Marshal(v); !bytes.Equal(got, want) {
			t.Fatalf("%s: option %s is %v, want %v", r, k, p[k], v)
		}
	}
	return p
}

// review decides a pending submission.
func (c *client) review(t *testing.T, id, decision, code, comment string) *response {
	t.Helper()
	return c.json(t, http.MethodPost, "/v1/submissions/"+id+"/review",
		map[string]string{"decision": decision, "reject_code": code, "comment": comment})
}
