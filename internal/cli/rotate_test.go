package cli

import (
	"context"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"openkyc/internal/blob"
	"openkyc/internal/crypto"
	"openkyc/internal/db"
	"openkyc/internal/kyc"
	"openkyc/internal/liveform"
	"openkyc/internal/project"
	"openkyc/internal/submission"
	"openkyc/internal/webhook"
)

// Everything sealed under the old master key opens under the new one
// alone after a rotation, and the lookups by e-mail still find.
func TestRotateKey(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	t.Setenv("OPENKYC_DATA_DIR", dir)
	t.Setenv("OPENKYC_DATABASE_URL", "")
	t.Setenv("OPENKYC_MASTER_KEY", "")
	t.Setenv("OPENKYC_BLOB_URL", "")
	// The state a server leaves: its stores under the generated key.
	open := func() (*db.DB, *crypto.Keyring) {
		d, err := db.Open(ctx, db.Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		k, err := crypto.LoadMasterKey("", dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		keys, _ := crypto.NewKeyring(k)
		return d, keys
	}
	d, keys := open()
	p, _ := project.NewStore(d, nil).Create(ctx, "p", kyc.DefaultPolicy())
	subs := submission.NewStore(d, keys, nil)
	sub, err := subs.Create(ctx, p.ID, "t", submission.Applicant{Email: "jane@example.com"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	webhook.NewStore(d, keys, nil).Create(ctx, p.ID, "https://example.com/hook")
	token, _, _ := liveform.NewStore(d, keys, nil).Issue(ctx, p.ID, liveform.Presets{UserID: "u-9"}, 0)
	images, _ := blob.NewLocal(filepath.Join(dir, "blobs"), keys)
	images.Put(ctx, "projects/"+p.ID+"/submissions/"+sub.ID+"/id-front", []byte("jpeg"))
	d.Close()
	before, _ := os.ReadFile(filepath.Join(dir, crypto.MasterKeyFile))

	// As a rotation cut short leaves it: the new key already saved.
	planned := make([]byte, crypto.KeySize)
	planned[0] = 42
	crypto.SaveKey(filepath.Join(dir, crypto.NextKeyFile), planned)
	code, out, errOut := run(t, "admin", "rotate-key")
	if !strings.HasPrefix(out, "Finishing the rotation") {
		t.Errorf("the saved next key was not used: %q", out)
	}
	if code != 0 || !regexp.MustCompile(`Resealed: 1 submissions\nResealed: 1 webhook secrets\nResealed: 1 Liveform tokens\nResealed: 1 images\nMaster key: [0-9a-f]{16} → [0-9a-f]{16}\n`).MatchString(out) {
		t.Fatalf("rotate-key: %d %q %q", code, out, errOut)
	}
	after, _ := os.ReadFile(filepath.Join(dir, crypto.MasterKeyFile))
	oldKey, _ := crypto.ParseKey(string(before))
	if k, _ := crypto.ParseKey(string(after)); string(k) != string(planned) || !fileExists(filepath.Join(dir, crypto.MasterKeyFile+".retired-"+crypto.KeyID(oldKey))) ||
		fileExists(filepath.Join(dir, crypto.NextKeyFile)) {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("key files after the rotation: %v", entries)
	}

	d, keys = open() // the new key alone
	defer d.Close()
	subs = submission.NewStore(d, keys, nil)
	if got, err := subs.Get(ctx, p.ID, sub.ID); err != nil || got.Personal.Applicant.Email != "jane@example.com" {
		t.Errorf("submission under the new key: %+v %v", got, err)
	}
	if list, _, err := subs.List(ctx, p.ID, submission.Filter{Email: "jane@example.com"}); err != nil || len(list) != 1 {
		t.Errorf("lookup by e-mail after the rotation: %d %v", len(list), err)
	}
	if hooks, err := webhook.NewStore(d, keys, nil).Active(ctx, d.Read, p.ID); err != nil || len(hooks) != 1 {
		t.Errorf("webhook secret under the new key: %v %v", hooks, err)
	}
	if tok, err := liveform.NewStore(d, keys, nil).Redeem(ctx, p.ID, token); err != nil || tok.Presets.UserID != "u-9" {
		t.Errorf("token presets under the new key: %+v %v", tok, err)
	}
	images, _ = blob.NewLocal(filepath.Join(dir, "blobs"), keys)
	if b, err := images.Get(ctx, "projects/"+p.ID+"/submissions/"+sub.ID+"/id-front"); err != nil || string(b) != "jpeg" {
		t.Errorf("image under the new key: %q %v", b, err)
	}

	// A key from the environment is not rotated by guesswork.
	t.Setenv("OPENKYC_MASTER_KEY", strings.TrimSpace(string(after)))
	if code, _, _ := run(t, "admin", "rotate-key"); code != 2 {
		t.Errorf("environment key without --new-key: exit %d", code)
	}
	next := make([]byte, crypto.KeySize)
	next[0] = 7
	code, out, errOut = run(t, "admin", "rotate-key", "--new-key", hex.EncodeToString(next))
	if code != 0 || !strings.Contains(out, "Set OPENKYC_MASTER_KEY") {
		t.Errorf("rotation of an environment key: %d %q %q", code, out, errOut)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
