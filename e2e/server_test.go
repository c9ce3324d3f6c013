package e2e

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"openkyc/internal/testenv"
)

// bin is the openkyc binary TestMain builds; empty in -short mode, where
// the suite skips.
var bin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "openkyc-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "openkyc")
	goCmd, err := exec.LookPath("go")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: the go command is needed to build the binary:", err)
		os.Exit(1)
	}
	build := exec.Command(goCmd, "build", "-o", bin, "./cmd/openkyc")
	build.Dir = testenv.Root()
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: go build ./cmd/openkyc: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is one `openkyc serve` process, restartable on the same data
// directory and database.
type server struct {
	dataDir string
	dbURL   string // empty: SQLite in dataDir
	models  string
	env     []string // extra KEY=VALUE settings

	mu      sync.Mutex
	base    string // http://127.0.0.1:PORT of the running process
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
	stdout  *lockedBuffer
	stderr  string // log file, appended to across restarts
	starts  int

	// From the first start's output.
	key, project string
}

// lockedBuffer is an io.Writer the process writes to while the test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// newServer prepares a server on dataDir (and dbURL, when PostgreSQL);
// env adds settings such as OPENKYC_SWEEP_INTERVAL=500ms. At the end of
// the test a running server is stopped with SIGTERM and must exit 0.
func newServer(t *testing.T, dataDir, dbURL string, env ...string) *server {
	t.Helper()
	if bin == "" {
		t.Skip("the end-to-end suite does not run in -short mode")
	}
	s := &server{dataDir: dataDir, dbURL: dbURL, models: testenv.ModelsDir(t), env: env,
		stderr: filepath.Join(t.TempDir(), "server.log")}
	t.Cleanup(func() {
		if s.running() {
			s.stop(t)
		}
		if t.Failed() {
			t.Logf("server log (last lines):\n%s", s.logTail(60))
		}
	})
	return s
}

// environ is the process environment: the test's, without any OPENKYC_
// setting it may carry (a developer's database URL must not leak in),
// plus the server's own.
func (s *server) environ(addr string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENKYC_") && !strings.HasPrefix(kv, "OMP_THREAD_LIMIT=") {
			env = append(env, kv)
		}
	}
	env = append(env, "OPENKYC_DATA_DIR="+s.dataDir, "OPENKYC_MODELS="+s.models, "OMP_THREAD_LIMIT=1",
		"OPENKYC_WEBHOOK_ALLOW_PRIVATE=1")
	if addr != "" {
		env = append(env, "OPENKYC_ADDR="+addr)
	}
	if s.dbURL != "" {
		env = append(env, "OPENKYC_DATABASE_URL="+s.dbURL)
	}
	return append(env, s.env...)
}

// freeAddr is a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// start runs `openkyc serve` and waits until GET /readyz answers 200. The
// first start must print the newcomer's lines; the API key and project id
// are kept from them.
func (s *server) start(t *testing.T) {
	t.Helper()
	addr := freeAddr(t)
	logf, err := os.OpenFile(s.stderr, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(logf, "=== start %d on %s\n", s.starts+1, addr)
	cmd := exec.Command(bin, "serve")
	cmd.Env = s.environ(addr)
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		t.Fatal(err)
	}
	exited := make(chan struct{})
	s.mu.Lock()
	s.cmd, s.exited, s.stdout, s.base, s.waitErr = cmd, exited, out, "http://"+addr, nil
	s.starts++
	first := s.starts == 1
	s.mu.Unlock()
	go func() {
		err := cmd.Wait()
		logf.Close()
		s.mu.Lock()
		s.waitErr = err
		s.mu.Unlock()
		close(exited)
	}()

	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("openkyc serve exited before it was ready: %v\n%s", s.exitErr(), s.logTail(40))
		default:
		}
		resp, err := http.Get(s.url("/readyz"))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /readyz did not answer 200 within 90 s\n%s", s.logTail(40))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if first {
		s.parseFirstStart(t, out)
	}
}

// parseFirstStart reads the lines the first start prints for a newcomer:
// Dashboard:, Login:, Password:, API key:, Liveform:.
func (s *server) parseFirstStart(t *testing.T, out *lockedBuffer) {
	t.Helper()
	want := []string{"Dashboard", "Login", "Password", "API key", "Liveform"}
	var got map[string]string
	// The lines are written before the server listens; the pipe copy may
	// still be on its way.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		got = map[string]string{}
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ": "); ok {
				got[k] = strings.TrimSpace(v)
			}
		}
		if len(got) >= len(want) || time.Now().After(deadline) {
			break
		}
	}
	for _, k := range want {
		if got[k] == "" {
			t.Errorf("the first start did not print %q; stdout:\n%s", k+":", out.String())
		}
	}
	if !strings.HasPrefix(got["API key"], "okyc_") {
		t.Fatalf("API key line %q; stdout:\n%s", got["API key"], out.String())
	}
	for _, k := range []string{"Dashboard", "Liveform"} {
		if !strings.HasPrefix(got[k], s.base+"/") {
			t.Errorf("%s: %q is not a URL of this server (%s)", k, got[k], s.base)
		}
	}
	s.key = got["API key"]
	// The Liveform is at /f/{projectID} (PRODUCT.md "Liveform").
	prefix, project, _ := strings.Cut(got["Liveform"], "/f/")
	if prefix != s.base || !strings.HasPrefix(project, "prj_") || strings.Contains(project, "/") {
		t.Errorf("Liveform: %q, want %s/f/PROJECT", got["Liveform"], s.base)
	}
	s.project = project
}

func (s *server) url(path string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base + path
}

func (s *server) running() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.exited == nil {
		return false
	}
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

func (s *server) exitErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waitErr
}

// signal sends sig and waits for the process to end, at most wait.
func (s *server) signal(t *testing.T, sig syscall.Signal, wait time.Duration) error {
	t.Helper()
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.mu.Unlock()
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		t.Fatal(err)
	}
	select {
	case <-exited:
	case <-time.After(wait):
		cmd.Process.Kill()
		<-exited
		return fmt.Errorf("still running %s after %v: killed", wait, sig)
	}
	return s.exitErr()
}

// stop shuts the server down with SIGTERM; it must exit 0 (requests and
// jobs in flight get up to 30 s).
func (s *server) stop(t *testing.T) {
	t.Helper()
	if err := s.signal(t, syscall.SIGTERM, 45*time.Second); err != nil {
		t.Errorf("openkyc serve after SIGTERM: %v\n%s", err, s.logTail(30))
	}
}

// kill ends the server with SIGKILL, as a crash or the OOM killer would.
func (s *server) kill(t *testing.T) {
	t.Helper()
	err := s.signal(t, syscall.SIGKILL, 10*time.Second)
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("SIGKILL: %v", err)
	}
}

func (s *server) logTail(n int) string {
	b, _ := os.ReadFile(s.stderr)
	var lines []string
	for line := range strings.Lines(string(b)) {
		if !strings.Contains(line, "Producer job counts") && !strings.Contains(line, "JobScheduler: Ran successfully") {
			lines = append(lines, strings.TrimRight(line, "\n"))
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// admin runs `openkyc admin ARGS` on the server's data directory and
// database, as an operator would beside the running server, and returns
// the "Key: value" lines it prints.
func (s *server) admin(t *testing.T, args ...string) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"admin"}, args...)...)
	cmd.Env = s.environ("")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("openkyc admin %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	got := map[string]string{}
	for line := range strings.Lines(stdout.String()) {
		if k, v, ok := strings.Cut(strings.TrimSpace(line), ": "); ok {
			got[k] = v
		}
	}
	return got
}

// newProject creates a project with `openkyc admin create-project` and
// returns a client with its API key.
func (s *server) newProject(t *testing.T, name string) *client {
	t.Helper()
	out := s.admin(t, "create-project", "--name", name)
	if !strings.HasPrefix(out["Project"], "prj_") || !strings.HasPrefix(out["API key"], "okyc_") {
		t.Fatalf("create-project printed %v", out)
	}
	return &client{srv: s, key: out["API key"], project: out["Project"]}
}

// defaultProject is the client of the project the first start created.
func (s *server) defaultProject() *client {
	return &client{srv: s, key: s.key, project: s.project}
}
