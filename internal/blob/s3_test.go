package blob

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"testing"

	"github.com/minio/minio-go/v7"

	"openkyc/internal/ids"
	"openkyc/internal/testenv"
)

// EnvS3 names the S3-compatible server the tests use; scripts/s3test.sh
// prints it and `make test` sets it.
const EnvS3 = "OPENKYC_TEST_BLOB_URL"

// s3Store is an S3 store under a fresh prefix of the test server's
// bucket, or a skip without one.
func s3Store(t *testing.T) *S3 {
	t.Helper()
	base := os.Getenv(EnvS3)
	if base == "" {
		t.Skipf("%s is not set: `make test` runs the S3 tests on a throwaway server", EnvS3)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path += "/" + ids.New("t") // a prefix of its own: tests share the bucket
	s, err := NewS3(context.Background(), u.String(), testenv.Keyring(t))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestS3(t *testing.T) {
	s := s3Store(t)
	conformance(t, s)
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("ping: %v", err)
	}
}

// On the server an object is ciphertext, bound to its name.
func TestS3AtRest(t *testing.T) {
	s := s3Store(t)
	ctx := context.Background()
	secret := []byte("HONG GILDONG 850312-1234567")
	if err := s.Put(ctx, "p/s/fields", secret); err != nil {
		t.Fatal(err)
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.prefix+"p/s/fields", minio.GetObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(obj)
	obj.Close()
	if len(raw) == 0 || bytes.Contains(raw, []byte("GILDONG")) {
		t.Fatalf("stored in clear or not at all: %d bytes", len(raw))
	}
	// Copied under another name, it does not open.
	if _, err := s.client.PutObject(ctx, s.bucket, s.prefix+"p/s/other", bytes.NewReader(raw), int64(len(raw)), minio.PutObjectOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "p/s/other"); err == nil {
		t.Error("a blob copied under another name opened")
	}
}

func TestS3URLs(t *testing.T) {
	for _, bad := range []string{"http://host/bucket", "s3:///bucket", "s3://host", "s3://host/"} {
		if _, err := NewS3(context.Background(), bad, testenv.Keyring(t)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := NewS3(context.Background(), "s3://AKIA:hunter2@/x", testenv.Keyring(t)); err == nil ||
		bytes.Contains([]byte(err.Error()), []byte("hunter2")) {
		t.Errorf("a bad URL's error shows its secret: %v", err)
	}
}
