package config

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnv(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.DataDir != "./data" || c.Addr != "127.0.0.1:8080" || c.DatabaseURL != "" {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	if c.SweepInterval != time.Minute || c.JobRescueAfter != 5*time.Minute {
		t.Errorf("default intervals: %+v", c)
	}
	if c, err := FromEnv(env(map[string]string{"OPENKYC_SWEEP_INTERVAL": "500ms", "OPENKYC_JOB_RESCUE_AFTER": "10s"})); err != nil ||
		c.SweepInterval != 500*time.Millisecond || c.JobRescueAfter != 10*time.Second {
		t.Errorf("intervals: %+v %v", c, err)
	}
	c, err = FromEnv(env(map[string]string{"OPENKYC_DATA_DIR": "/srv/kyc", "OPENKYC_ADDR": ":9000",
		"OPENKYC_DATABASE_URL": "postgres://kyc:hunter2@db/kyc", "OPENKYC_MASTER_KEY": "deadbeef",
		"OPENKYC_BLOB_URL": "s3://AKIA:s3cr3t@s3.local:9000/kyc"}))
	if err != nil || c.DataDir != "/srv/kyc" || c.Addr != ":9000" {
		t.Fatalf("from env: %+v %v", c, err)
	}
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("config", "config", c)
	if out := buf.String(); strings.Contains(out, "hunter2") || strings.Contains(out, "deadbeef") || strings.Contains(out, "s3cr3t") {
		t.Errorf("secret logged: %s", out)
	}
	for name, m := range map[string]map[string]string{
		"address without port": {"OPENKYC_ADDR": "localhost"},
		"mysql":                {"OPENKYC_DATABASE_URL": "mysql://x"},
		"sweep not a duration": {"OPENKYC_SWEEP_INTERVAL": "often"},
		"negative rescue":      {"OPENKYC_JOB_RESCUE_AFTER": "-1s"},
		"rescue too soon":      {"OPENKYC_JOB_RESCUE_AFTER": "3s"},
		"blobs on http":        {"OPENKYC_BLOB_URL": "http://s3.local/kyc"},
	} {
		if _, err := FromEnv(env(m)); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
