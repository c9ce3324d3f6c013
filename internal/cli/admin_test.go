package cli

import (
	"regexp"
	"strings"
	"testing"
)

// The admin commands on a fresh data directory, as `make run` and the
// end-to-end tests use them: their output lines are an interface.
func TestAdminCommands(t *testing.T) {
	t.Setenv("OPENKYC_DATA_DIR", t.TempDir())
	t.Setenv("OPENKYC_DATABASE_URL", "")
	t.Setenv("OPENKYC_PASSWORD", "")
	if code, out, errOut := run(t, "migrate"); code != 0 || !strings.HasPrefix(out, "Schema: sqlite version ") {
		t.Fatalf("migrate: %d %q %q", code, out, errOut)
	}
	code, out, errOut := run(t, "admin", "create-project", "--name", "Acme onboarding")
	m := regexp.MustCompile(`^Project: (prj_[a-z2-7]+)\nAPI key: (okyc_[a-z2-7]{8}_[a-z2-7]{52})\n$`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("create-project: %d %q %q", code, out, errOut)
	}
	if code, out, _ := run(t, "admin", "create-key", "--project", m[1]); code != 0 || !strings.HasPrefix(out, "API key: okyc_") {
		t.Errorf("create-key: %d %q", code, out)
	}
	if code, _, _ := run(t, "admin", "create-key", "--project", "prj_nope"); code != 1 {
		t.Errorf("key for a missing project: exit %d", code)
	}
	code, out, _ = run(t, "admin", "list-keys", "--project", m[1])
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || strings.Contains(out, m[2]) || !strings.Contains(out, m[2][:13]) {
		t.Fatalf("list-keys: %d %q", code, out)
	}
	keyID := strings.Fields(lines[1])[0] // oldest last: the project's first key
	if code, out, _ := run(t, "admin", "revoke-key", "--project", m[1], "--key", keyID); code != 0 || out != "Revoked: "+keyID+"\n" {
		t.Errorf("revoke-key: %d %q", code, out)
	}
	if code, out, _ := run(t, "admin", "list-keys", "--project", m[1]); code != 0 || strings.Count(out, "revoked 20") != 1 {
		t.Errorf("after revoking: %q", out)
	}
	if code, _, _ := run(t, "admin", "revoke-key", "--project", m[1], "--key", keyID); code != 1 {
		t.Errorf("revoking twice: exit %d", code)
	}
	code, out, errOut = run(t, "admin", "create-user", "--email", "Owner@Example.com", "--password", "correct horse battery", "--project", m[1])
	if code != 0 || !strings.Contains(out, "Login: owner@example.com") {
		t.Fatalf("create-user: %d %q %q", code, out, errOut)
	}
	t.Setenv("OPENKYC_PASSWORD", "another long passphrase")
	if code, out, _ := run(t, "admin", "reset-password", "--email", "owner@example.com"); code != 0 || !strings.Contains(out, "owner@example.com") {
		t.Errorf("reset-password: %d %q", code, out)
	}
	for _, args := range [][]string{{"admin"}, {"admin", "explode"}, {"admin", "create-project"}, {"admin", "create-user", "--password", "x"},
		{"admin", "revoke-key", "--project", "p"}, {"admin", "list-keys"}} {
		if code, _, _ := run(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
	if code, _, errOut := run(t, "admin", "create-user", "--email", "owner@example.com", "--password", "correct horse battery"); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("duplicate user: %d %q", code, errOut)
	}
}
