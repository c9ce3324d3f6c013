package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"openkyc/internal/app"
	"openkyc/internal/config"
	"openkyc/internal/db"
	"openkyc/internal/docgen"
	"openkyc/internal/engine/imaging"
	"openkyc/internal/eval"
)

// The end-to-end benchmark runs the whole server in-process — SQLite in a
// temporary data directory, the real engine, River's job runner — and
// drives it through real HTTP on 127.0.0.1 the way an integrator does:
// ID upload, wait for its analysis, selfie upload, wait for the decision.

// Targets the end-to-end figures are reported against.
const (
	TargetSelfieP50    = 300 * time.Millisecond // 1 client, selfie upload → decision
	TargetWholeP50     = time.Second            // 1 client, ID upload → decision
	TargetPerSecond    = 2.0                    // complete submissions per second, sustained
	maxNotApprovedFrac = 0.10                   // more is a broken benchmark, not a slow one
	maxErrors          = 10                     // kept per level
)

// E2EConfig says what the end-to-end benchmark runs.
type E2EConfig struct {
	// Server is the server's configuration; Models is used as it is, and
	// DataDir (a temporary directory), Addr (127.0.0.1, a free port),
	// DatabaseURL (SQLite), MasterKey (generated) and Role (all: API and
	// jobs in one process) are the harness's.
	Server config.Config
	// SamplesDir holds the sample photos the passports' portraits are cut
	// from (models.SamplesDir).
	SamplesDir string
	// Clients lists the concurrency levels, run in turn.
	Clients []int
	// Duration is how long clients start new submissions at each level;
	// those in flight then finish. N > 0 runs exactly N submissions per
	// level instead.
	Duration time.Duration
	N        int
	// Passports is how many distinct generated passports (and selfies)
	// the clients cycle through; 0 means 4. The warm-up finds them: it
	// submits generated passports one at a time, uncounted, and keeps the
	// approved ones (see screen).
	Passports int
	// Progress, when set, gets a line per level as it ends, and the
	// server's warnings.
	Progress io.Writer
}

// Percentiles are a latency's p50 and p95 in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	N   int     `json:"n"`
}

func percentiles(v []float64) Percentiles {
	if len(v) == 0 {
		return Percentiles{P50: math.NaN(), P95: math.NaN()}
	}
	return Percentiles{P50: eval.Percentile(v, 50), P95: eval.Percentile(v, 95), N: len(v)}
}

// MarshalJSON writes NaN (nothing measured) as null.
func (p Percentiles) MarshalJSON() ([]byte, error) {
	f := func(v float64) any {
		if math.IsNaN(v) {
			return nil
		}
		return math.Round(v*10) / 10
	}
	return json.Marshal(map[string]any{"p50": f(p.P50), "p95": f(p.P95), "n": p.N})
}

// E2ELevel is what one concurrency level measured. A complete submission
// went ID → selfie → approved, pending or rejected.
type E2ELevel struct {
	Clients     int     `json:"clients"`
	Submissions int     `json:"submissions"` // started, whatever became of them
	Complete    int     `json:"complete"`
	Seconds     float64 `json:"seconds"` // first start → last answer
	PerSecond   float64 `json:"complete_per_second"`
	// Selfie is selfie upload start → decision received; Whole is ID
	// upload start → decision received (complete submissions only).
	Selfie Percentiles `json:"selfie_to_decision_ms"`
	Whole  Percentiles `json:"id_to_decision_ms"`
	// Statuses counts the final status of every submission: approved,
	// pending, rejected, incomplete (a retry asked for, or the ID not
	// accepted for a selfie) and error (HTTP or transport failure).
	Statuses  map[string]int `json:"statuses"`
	Errors    []string       `json:"errors,omitempty"` // the first few, and why each submission not approved was not
	Requests  int            `json:"requests"`
	Throttled int            `json:"throttled"` // 429 answers, retried
	// CPU is the process's (server and clients) CPU time during the
	// level: in all, per complete submission, and as a share of every
	// core over the level's seconds.
	CPUSeconds       float64 `json:"cpu_seconds"`
	CPUPerSubmission float64 `json:"cpu_seconds_per_submission"`
	CPUBusy          float64 `json:"cpu_busy"`
	// OtherBusy is the share of the machine's cores other processes kept
	// busy meanwhile (Linux): above a few per cent, the figures are low.
	OtherBusy float64 `json:"other_processes_busy"`
	// Breakdown splits each phase (id: ID upload start → its analysis
	// seen; selfie: selfie upload start → decision) of the complete
	// submissions into total and its parts: upload (request start → analysis job queued), queue
	// (queued → picked up by a River worker), run (the job: blob read,
	// engine, result write), notice (job finished → answer received).
	Breakdown map[string]Percentiles `json:"breakdown_ms"`
}

// E2EResult is a run of the end-to-end benchmark.
type E2EResult struct {
	Time      time.Time  `json:"time"`
	CPU       string     `json:"cpu"`
	CPUs      int        `json:"cpus"`
	GoMaxProc int        `json:"gomaxprocs"`
	Database  string     `json:"database"`
	Passports int        `json:"passports"`
	Warmup    int        `json:"warmup"`            // submissions, uncounted
	Dropped   []string   `json:"dropped,omitempty"` // generated passports the warm-up found not approved, and why
	Duration  string     `json:"duration_per_level,omitempty"`
	N         int        `json:"n_per_level,omitempty"`
	Levels    []E2ELevel `json:"levels"`
}

// pair is one generated passport photo and a selfie of its holder.
type pair struct{ id, selfie []byte }

// RunE2E starts the server, runs every level and stops the server.
func RunE2E(ctx context.Context, cfg E2EConfig) (*E2EResult, error) {
	if len(cfg.Clients) == 0 {
		cfg.Clients = []int{1, 4, 16}
	}
	if cfg.Passports <= 0 {
		cfg.Passports = 4
	}
	if cfg.N <= 0 && cfg.Duration <= 0 {
		return nil, errors.New("bench e2e: a duration or a number of submissions per level")
	}
	gen, err := newGenerator(cfg.SamplesDir)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "openkyc-bench-e2e-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)

	srv, err := startServer(ctx, cfg, dir)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	c := newClient(srv.base, srv.key, slices.Max(cfg.Clients))
	// The selfie is a re-photographed card portrait: passive liveness
	// rightly calls it a spoof, so it is off; the rest is the default.
	if _, err := c.do(ctx, http.MethodPut, "/v1/options", "application/json", []byte(`{"liveness_threshold": 0}`)); err != nil {
		return nil, fmt.Errorf("bench e2e: set options: %w", err)
	}

	pairs, dropped, err := screen(ctx, c, gen, cfg.Passports)
	if err != nil {
		return nil, err
	}
	if cfg.Progress != nil {
		fmt.Fprintf(cfg.Progress, "bench e2e: warm-up kept %d generated passports, dropped %d not approved\n", len(pairs), len(dropped))
	}
	res := &E2EResult{Time: time.Now().UTC(), CPU: cpuModel(), CPUs: runtime.NumCPU(), GoMaxProc: runtime.GOMAXPROCS(0),
		Database: "sqlite", Passports: len(pairs), Warmup: len(pairs) + len(dropped), Dropped: dropped, N: cfg.N}
	if cfg.N <= 0 {
		res.Duration = cfg.Duration.String()
	}
	var seq atomic.Int64
	for _, n := range cfg.Clients {
		cpu0 := cpuTime()
		busy0, total0 := machineBusy()
		trips, secs := runLevel(ctx, c, pairs, &seq, n, cfg.Duration, cfg.N)
		cpu := (cpuTime() - cpu0).Seconds()
		busy1, total1 := machineBusy()
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		jobs, err := srv.jobTimes(ctx, trips)
		if err != nil {
			return nil, err
		}
		lv := summarise(n, trips, secs, jobs)
		lv.CPUSeconds = cpu
		if secs > 0 {
			lv.CPUBusy = cpu / secs / float64(runtime.NumCPU())
		}
		if lv.Complete > 0 {
			lv.CPUPerSubmission = cpu / float64(lv.Complete)
		}
		if total1 > total0 {
			lv.OtherBusy = max(0, float64(busy1-busy0)/float64(total1-total0)-lv.CPUBusy)
		}
		res.Levels = append(res.Levels, lv)
		if cfg.Progress != nil {
			fmt.Fprintf(cfg.Progress, "bench e2e: %2d clients: %d complete in %.1f s (%.2f/s), selfie→decision p50 %.0f ms, ID→decision p50 %.0f ms, %v\n",
				n, lv.Complete, lv.Seconds, lv.PerSecond, lv.Selfie.P50, lv.Whole.P50, lv.Statuses)
		}
	}
	return res, nil
}

// generator makes clean TD3 passport photos valid today and, for each, a
// selfie of its holder (docgen.Document.Selfie).
type generator struct {
	g     *docgen.Generator
	today time.Time
	next  int
}

func newGenerator(samples string) (*generator, error) {
	today := time.Now().UTC().Truncate(24 * time.Hour)
	g, err := docgen.New(docgen.Config{Seed: 5, Degrade: docgen.Clean, Kinds: []docgen.Kind{docgen.PassportTD3},
		SamplesDir: samples, Now: today})
	if err != nil {
		return nil, err
	}
	return &generator{g: g, today: today}, nil
}

// pair returns the next passport and selfie and the passport's file name.
// The generator makes about one in seven documents expired on purpose:
// those are skipped.
func (gen *generator) pair() (pair, string, error) {
	for {
		doc, err := gen.g.Document(gen.next)
		gen.next++
		if err != nil {
			return pair{}, "", err
		}
		if f := doc.Truth.Fields; f == nil || f.ExpiryDate <= gen.today.Format(time.DateOnly) {
			continue
		}
		var p pair
		if p.id, err = imaging.JPEGBytes(doc.Image, 92); err != nil {
			return pair{}, "", err
		}
		if p.selfie, err = imaging.JPEGBytes(doc.Selfie(), 92); err != nil {
			return pair{}, "", err
		}
		return p, doc.Name, nil
	}
}

// screen is the warm-up: it submits generated passports one at a time
// until n were approved, and returns those. What the others became is in
// dropped: the generator draws glare, tight crops, a second face…, which
// the engine rightly flags — a benchmark of approvals leaves them out.
// At most 4n + 4 are tried; none approved is an error.
func screen(ctx context.Context, c *client, gen *generator, n int) (kept []pair, dropped []string, err error) {
	for tries := 0; len(kept) < n && tries < 4*n+4; tries++ {
		p, name, err := gen.pair()
		if err != nil {
			return nil, nil, err
		}
		t := c.submission(ctx, p, "warmup-"+name)
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		if t.status == "approved" {
			kept = append(kept, p)
			continue
		}
		dropped = append(dropped, fmt.Sprintf("%s: %v", name, t.err))
	}
	if len(kept) == 0 {
		return nil, dropped, fmt.Errorf("bench e2e: none of %d generated passports was approved: %s", len(dropped), strings.Join(dropped, "; "))
	}
	return kept, dropped, nil
}

// server is the in-process server under test.
type server struct {
	app    *app.App
	base   string
	key    string
	jobsDB *sql.DB // read-only, for River's job timestamps
	cancel context.CancelFunc
	done   chan error
}

func startServer(ctx context.Context, cfg E2EConfig, dir string) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sc := cfg.Server
	key := make([]byte, 32)
	rand.Read(key)
	sc.DataDir, sc.Addr, sc.DatabaseURL, sc.MasterKey = dir, ln.Addr().String(), "", hex.EncodeToString(key)
	sc.Role = config.RoleAll
	logOut := io.Discard
	if cfg.Progress != nil {
		logOut = cfg.Progress
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelWarn}))
	var boot bytes.Buffer
	a, err := app.New(ctx, sc, &boot, log)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s := &server{app: a, base: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	lines := bufio.NewScanner(&boot)
	for lines.Scan() {
		if k, ok := strings.CutPrefix(lines.Text(), "API key: "); ok {
			s.key = strings.TrimSpace(k)
		}
	}
	if s.key == "" {
		ln.Close()
		a.Close()
		return nil, errors.New("bench e2e: the server printed no API key")
	}
	if s.jobsDB, err = sql.Open("sqlite", "file:"+filepath.Join(dir, db.FileName)+"?mode=ro&_pragma=busy_timeout(10000)"); err != nil {
		ln.Close()
		a.Close()
		return nil, err
	}
	var sctx context.Context
	sctx, s.cancel = context.WithCancel(context.WithoutCancel(ctx))
	go func() { s.done <- a.Serve(sctx, ln) }()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s, nil
			}
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("bench e2e: the server is not ready after 30 s: %v", err)
		}
	}
}

func (s *server) stop() {
	s.cancel()
	<-s.done
	s.jobsDB.Close()
	s.app.Close()
}

// jobTime is an analysis job's life, in Unix milliseconds.
type jobTime struct{ queued, picked, finished float64 }

// jobTimes reads the analysis jobs of trips from River's table: for each
// submission, its document job ("id") and its selfie job ("selfie").
// Completions are recorded in batches, so it waits briefly for them.
func (s *server) jobTimes(ctx context.Context, trips []trip) (map[string]jobTime, error) {
	want := map[string]bool{}
	for _, t := range trips {
		if t.complete() {
			want[t.id+"/id"], want[t.id+"/selfie"] = true, true
		}
	}
	const q = `SELECT kind, args ->> '$.submission_id',
		(julianday(scheduled_at) - 2440587.5) * 86400000.0,
		(julianday(attempted_at) - 2440587.5) * 86400000.0,
		(julianday(finalized_at) - 2440587.5) * 86400000.0
		FROM river_job WHERE state = 'completed' AND kind IN ('analyze_document', 'analyze_selfie')`
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		out := map[string]jobTime{}
		rows, err := s.jobsDB.QueryContext(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("bench e2e: read job times: %w", err)
		}
		for rows.Next() {
			var kind, id string
			var j jobTime
			if err := rows.Scan(&kind, &id, &j.queued, &j.picked, &j.finished); err != nil {
				rows.Close()
				return nil, fmt.Errorf("bench e2e: read job times: %w", err)
			}
			phase := "id"
			if kind == "analyze_selfie" {
				phase = "selfie"
			}
			if want[id+"/"+phase] {
				out[id+"/"+phase] = j
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if len(out) == len(want) || time.Now().After(deadline) {
			return out, nil
		}
	}
}

// trip is one submission as a client lived it.
type trip struct {
	id          string
	start       time.Time // ID upload request starts
	idSeen      time.Time // ID analysis seen done
	selfieStart time.Time // selfie upload request starts
	end         time.Time // decision received
	status      string    // approved, pending, rejected, incomplete, error
	err         error
	requests    int
	throttled   int
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineBusy reads the busy and total CPU time of all cores from
// /proc/stat, in clock ticks; zeros where there is none.
func machineBusy() (busy, total int64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return 0, 0
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		if i >= 8 { // guest time is already in user time
			break
		}
		total += n
		if i != 3 && i != 4 { // idle, iowait
			busy += n
		}
	}
	return busy, total
}

func (t trip) complete() bool {
	return !t.selfieStart.IsZero() && (t.status == "approved" || t.status == "pending" || t.status == "rejected")
}

// runLevel runs n clients, each doing one submission after another, for d
// (or until total submissions have started), and returns every trip and
// the seconds from the first start to the last answer.
func runLevel(ctx context.Context, c *client, pairs []pair, seq *atomic.Int64, n int, d time.Duration, total int) ([]trip, float64) {
	var mu sync.Mutex
	var trips []trip
	var left atomic.Int64
	left.Store(int64(total))
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for ctx.Err() == nil {
				if total > 0 {
					if left.Add(-1) < 0 {
						return
					}
				} else if time.Now().After(deadline) {
					return
				}
				i := seq.Add(1)
				t := c.submission(ctx, pairs[int(i)%len(pairs)], fmt.Sprintf("bench-%d", i))
				mu.Lock()
				trips = append(trips, t)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	end := start
	for _, t := range trips {
		if t.end.After(end) {
			end = t.end
		}
	}
	return trips, end.Sub(start).Seconds()
}

func summarise(clients int, trips []trip, secs float64, jobs map[string]jobTime) E2ELevel {
	lv := E2ELevel{Clients: clients, Submissions: len(trips), Seconds: secs, Statuses: map[string]int{},
		Breakdown: map[string]Percentiles{}}
	var selfie, whole []float64
	parts := map[string][]float64{}
	ms := func(t time.Time) float64 { return float64(t.UnixMicro()) / 1000 }
	for _, t := range trips {
		lv.Statuses[t.status]++
		lv.Requests += t.requests
		lv.Throttled += t.throttled
		if t.err != nil && len(lv.Errors) < maxErrors {
			lv.Errors = append(lv.Errors, t.err.Error())
		}
		if !t.complete() {
			continue
		}
		lv.Complete++
		selfie = append(selfie, float64(t.end.Sub(t.selfieStart).Microseconds())/1000)
		whole = append(whole, float64(t.end.Sub(t.start).Microseconds())/1000)
		for _, ph := range []struct {
			name       string
			start, end time.Time
		}{{"id", t.start, t.idSeen}, {"selfie", t.selfieStart, t.end}} {
			parts[ph.name+".total"] = append(parts[ph.name+".total"], float64(ph.end.Sub(ph.start).Microseconds())/1000)
			j, ok := jobs[t.id+"/"+ph.name]
			if !ok {
				continue
			}
			parts[ph.name+".upload"] = append(parts[ph.name+".upload"], j.queued-ms(ph.start))
			parts[ph.name+".queue"] = append(parts[ph.name+".queue"], j.picked-j.queued)
			parts[ph.name+".run"] = append(parts[ph.name+".run"], j.finished-j.picked)
			parts[ph.name+".notice"] = append(parts[ph.name+".notice"], ms(ph.end)-j.finished)
		}
	}
	if secs > 0 {
		lv.PerSecond = float64(lv.Complete) / secs
	}
	lv.Selfie, lv.Whole = percentiles(selfie), percentiles(whole)
	for k, v := range parts {
		lv.Breakdown[k] = percentiles(v)
	}
	return lv
}

// client is an API client; one is shared by every simulated applicant.
type client struct {
	http      *http.Client
	base, key string
}

func newClient(base, key string, conns int) *client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 2*conns+4, 2*conns+4
	tr.DisableCompression = true
	return &client{http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}, base: base, key: key}
}

// view is what the harness reads of a submission.
type view struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	Stage      string `json:"stage"`
	Analyzing  bool   `json:"analyzing"`
	RejectCode string `json:"reject_code"`
	Checks     []struct {
		Name, Outcome, Reason string
	} `json:"checks"`
	Score *struct {
		Total int `json:"total"`
	} `json:"score"`
}

// why lists a submission's checks that did not pass, and its score.
func (v view) why() string {
	var out []string
	if v.RejectCode != "" {
		out = append(out, v.RejectCode)
	}
	for _, c := range v.Checks {
		if c.Outcome != "pass" {
			out = append(out, fmt.Sprintf("%s %s (%s)", c.Name, c.Outcome, c.Reason))
		}
	}
	if v.Score != nil {
		out = append(out, fmt.Sprintf("score %d", v.Score.Total))
	}
	return strings.Join(out, "; ")
}

// submission runs one applicant's submission: ID, wait, selfie, wait.
func (c *client) submission(ctx context.Context, p pair, user string) (t trip) {
	t.status = "error"
	idBody, idType, err := multipartBody("id_front", "id.jpg", p.id, map[string]string{"userid": user})
	if err != nil {
		t.err = err
		return t
	}
	selfieBody, selfieType, err := multipartBody("selfie", "selfie.jpg", p.selfie, nil)
	if err != nil {
		t.err = err
		return t
	}
	call := func(method, path, ctype string, body []byte) (view, error) {
		var v view
		for {
			t.requests++
			b, err := c.do(ctx, method, path, ctype, body)
			var th throttled
			if errors.As(err, &th) {
				t.throttled++
				select {
				case <-time.After(th.wait):
					continue
				case <-ctx.Done():
					return v, ctx.Err()
				}
			}
			if err != nil {
				return v, err
			}
			if err := json.Unmarshal(b, &v); err != nil {
				return v, fmt.Errorf("%s %s: %w", method, path, err)
			}
			return v, nil
		}
	}
	settle := func(v view) (view, error) {
		var err error
		for v.Analyzing && err == nil {
			v, err = call(http.MethodGet, "/v1/submissions/"+v.ID+"?wait=30s", "", nil)
		}
		return v, err
	}

	t.start = time.Now()
	v, err := call(http.MethodPost, "/v1/submissions", idType, idBody)
	if err == nil {
		t.id = v.ID
		v, err = settle(v)
	}
	if err != nil {
		t.err = err
		return t
	}
	t.idSeen = time.Now()
	if v.Stage != "awaiting_selfie" {
		t.status, t.end = v.Status, t.idSeen
		t.err = fmt.Errorf("%s (%s): the ID was not accepted for a selfie: %s, stage %s: %s", v.ID, user, v.Status, v.Stage, v.why())
		return t
	}
	t.selfieStart = time.Now()
	v, err = call(http.MethodPost, "/v1/submissions/"+v.ID+"/selfie?wait=30s", selfieType, selfieBody)
	if err == nil {
		v, err = settle(v)
	}
	if err != nil {
		t.err = err
		return t
	}
	t.end, t.status = time.Now(), v.Status
	if v.Status != "approved" {
		t.err = fmt.Errorf("%s (%s): %s after the selfie: %s", t.id, user, v.Status, v.why())
	}
	return t
}

// throttled is a 429 answer: wait, then try again.
type throttled struct{ wait time.Duration }

func (throttled) Error() string { return "429 Too Many Requests" }

func (c *client) do(ctx context.Context, method, path, ctype string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("X-API-Key", c.key)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		return nil, throttled{max(time.Duration(secs)*time.Second, 100*time.Millisecond)}
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(b))
	}
	return b, nil
}

func multipartBody(field, name string, data []byte, values map[string]string) ([]byte, string, error) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range values {
		if err := w.WriteField(k, v); err != nil {
			return nil, "", err
		}
	}
	f, err := w.CreateFormFile(field, name)
	if err != nil {
		return nil, "", err
	}
	if _, err := f.Write(data); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return b.Bytes(), w.FormDataContentType(), nil
}

// Check fails a run whose submissions were not approved: more than 10 %
// of them means the benchmark measured something else than a normal
// submission (a broken image, an engine or policy change).
func (r *E2EResult) Check() error {
	var bad []string
	for _, lv := range r.Levels {
		if lv.Submissions == 0 {
			bad = append(bad, fmt.Sprintf("%d clients: no submission", lv.Clients))
			continue
		}
		not := lv.Submissions - lv.Statuses["approved"]
		if float64(not) > maxNotApprovedFrac*float64(lv.Submissions) {
			bad = append(bad, fmt.Sprintf("%d clients: %d of %d not approved %v", lv.Clients, not, lv.Submissions, lv.Statuses))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("bench e2e: more than %.0f %% of the submissions were not approved — the figures do not measure normal submissions: %s",
			maxNotApprovedFrac*100, strings.Join(bad, "; "))
	}
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}

// WriteTable prints the result for people: the figures, the targets and
// where the time goes.
func (r *E2EResult) WriteTable(w io.Writer) error {
	per := r.Duration + " per level"
	if r.N > 0 {
		per = fmt.Sprintf("%d submissions per level", r.N)
	}
	fmt.Fprintf(w, "openkyc bench e2e — %s, %d CPUs (GOMAXPROCS %d), %s, in-process server over real HTTP on 127.0.0.1\n",
		r.CPU, r.CPUs, r.GoMaxProc, r.Database)
	fmt.Fprintf(w, "%d generated TD3 passports (clean, valid) and selfies of their holders, %s\n", r.Passports, per)
	fmt.Fprintf(w, "warm-up (uncounted): %d submissions one at a time, keeping the first %d generated passports approved", r.Warmup, r.Passports)
	if len(r.Dropped) > 0 {
		fmt.Fprintf(w, "; dropped %d the engine flags (listed at the end)", len(r.Dropped))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "a submission: POST /v1/submissions (id_front) → GET ?wait=30s until analysed → POST …/selfie?wait=30s → GET ?wait=30s until decided")
	fmt.Fprintln(w, "policy: the default, except liveness_threshold 0 — the selfie is the card's portrait re-photographed (a print of a print),")
	fmt.Fprintln(w, "which passive liveness rightly calls a spoof; liveness is still computed, only not required")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "clients\tcomplete\tsubs/s\tselfie→decision p50\tp95\tID→decision p50\tp95\tapproved\tpending\trejected\tincomplete\terror\t429\tCPU s/sub\tCPU busy\tothers\t")
	for _, lv := range r.Levels {
		fmt.Fprintf(tw, "%d\t%d\t%.2f\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.0f %%\t%.0f %%\t\n", lv.Clients, lv.Complete, lv.PerSecond,
			msStr(lv.Selfie.P50), msStr(lv.Selfie.P95), msStr(lv.Whole.P50), msStr(lv.Whole.P95),
			lv.Statuses["approved"], lv.Statuses["pending"], lv.Statuses["rejected"], lv.Statuses["incomplete"], lv.Statuses["error"], lv.Throttled,
			lv.CPUPerSubmission, 100*lv.CPUBusy, 100*lv.OtherBusy)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "(CPU: this process — server and clients — per complete submission and as a share of all cores; others: other processes' share)")
	for _, lv := range r.Levels {
		if lv.OtherBusy > 0.10 {
			fmt.Fprintf(w, "WARNING: other processes kept %.0f %% of the cores busy during the %d-client level: its figures are low\n", 100*lv.OtherBusy, lv.Clients)
		}
	}

	fmt.Fprintln(w, "\ntargets")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if one := r.level(1); one != nil {
		fmt.Fprintf(tw, "  1 client, selfie upload → decision p50 ≤ %d ms\t%s\t%s\n", TargetSelfieP50.Milliseconds(),
			msStr(one.Selfie.P50), verdict(one.Selfie.P50 <= float64(TargetSelfieP50.Milliseconds())))
		fmt.Fprintf(tw, "  1 client, ID upload → decision p50 ≤ %d ms\t%s\t%s\n", TargetWholeP50.Milliseconds(),
			msStr(one.Whole.P50), verdict(one.Whole.P50 <= float64(TargetWholeP50.Milliseconds())))
	} else {
		fmt.Fprintln(tw, "  1-client latency targets\tnot measured (no 1-client level)\t")
	}
	best := -1
	for i, lv := range r.Levels {
		if best < 0 || lv.PerSecond > r.Levels[best].PerSecond {
			best = i
		}
	}
	if best >= 0 {
		lv := r.Levels[best]
		fmt.Fprintf(tw, "  sustained ≥ %.0f complete submissions/s\t%.2f/s (%d clients)\t%s\n", TargetPerSecond,
			lv.PerSecond, lv.Clients, verdict(lv.PerSecond >= TargetPerSecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintln(w, "\nwhere the time goes (complete submissions, p50 / p95 ms): upload = request start → analysis job queued,")
	fmt.Fprintln(w, "queue = queued → picked up by a River worker, run = the job (blob read, engine, result write),")
	fmt.Fprintln(w, "notice = job finished → answer received (?wait= is woken by the change, with a 250 ms poll as fallback)")
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "clients\tphase\tupload\tqueue\trun\tnotice\ttotal\t")
	for _, lv := range r.Levels {
		for _, ph := range []string{"id", "selfie"} {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", lv.Clients, ph,
				pStr(lv.Breakdown[ph+".upload"]), pStr(lv.Breakdown[ph+".queue"]), pStr(lv.Breakdown[ph+".run"]),
				pStr(lv.Breakdown[ph+".notice"]), pStr(lv.Breakdown[ph+".total"]))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Dropped) > 0 {
		fmt.Fprintln(w, "\nwarm-up, generated passports not approved (left out):")
		for _, d := range r.Dropped {
			fmt.Fprintf(w, "  %s\n", d)
		}
	}
	var errs []string
	for _, lv := range r.Levels {
		for _, e := range lv.Errors {
			errs = append(errs, fmt.Sprintf("  %d clients: %s", lv.Clients, e))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintf(w, "\nsubmissions not approved (the first %d of each level):\n%s\n", maxErrors, strings.Join(errs, "\n"))
	}
	return nil
}

func (r *E2EResult) level(clients int) *E2ELevel {
	for i := range r.Levels {
		if r.Levels[i].Clients == clients {
			return &r.Levels[i]
		}
	}
	return nil
}

func msStr(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return fmt.Sprintf("%.0f ms", v)
}

func pStr(p Percentiles) string {
	if p.N == 0 || math.IsNaN(p.P50) {
		return "–"
	}
	return fmt.Sprintf("%.0f / %.0f", p.P50, p.P95)
}

// Save writes the result as JSON and as a table into dir, named by date
// with an -e2e suffix, and returns the text file's path.
func (r *E2EResult) Save(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(dir, r.Time.Format("2006-01-02T150405Z")+"-e2e")
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(base+".json", append(b, '\n'), 0o644); err != nil {
		return "", err
	}
	var t bytes.Buffer
	if err := r.WriteTable(&t); err != nil {
		return "", err
	}
	if err := os.WriteFile(base+".txt", t.Bytes(), 0o644); err != nil {
		return "", err
	}
	return base + ".txt", nil
}
