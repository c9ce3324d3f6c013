package blob

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"openkyc/internal/crypto"
)

// Open is the store a setting names: empty is Local in dir, an s3:// URL
// is S3 (NewS3).
func Open(ctx context.Context, rawURL, dir string, keys *crypto.Keyring) (Store, error) {
	if rawURL == "" {
		return NewLocal(dir, keys)
	}
	return NewS3(ctx, rawURL, keys)
}

// S3 keeps blobs as objects of a bucket on an S3-compatible server (the
// scale mode: API and worker processes on several machines share it),
// sealed with the keyring exactly as Local seals files: the server only
// ever holds ciphertext.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string // "" or "dir/"
	keys   *crypto.Keyring
}

// NewS3 connects to the store a URL names and creates its bucket if
// missing:
//
//	s3://[ACCESS:SECRET@]HOST[:PORT]/BUCKET[/PREFIX][?tls=false&region=R]
//
// Without credentials in the URL, AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY are used. TLS is on unless tls=false.
func NewS3(ctx context.Context, rawURL string, keys *crypto.Keyring) (*S3, error) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return nil, fmt.Errorf("blob: %q is not an s3://host/bucket URL", redact(rawURL))
	}
	bucket, prefix, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	if bucket == "" {
		return nil, fmt.Errorf("blob: %s names no bucket", u.Redacted())
	}
	if prefix = strings.Trim(prefix, "/"); prefix != "" {
		prefix += "/"
	}
	access, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if u.User != nil {
		access = u.User.Username()
		secret, _ = u.User.Password()
	}
	q := u.Query()
	client, err := minio.New(u.Host, &minio.Options{Creds: credentials.NewStaticV4(access, secret, ""),
		Secure: q.Get("tls") != "false", Region: q.Get("region")})
	if err != nil {
		return nil, fmt.Errorf("blob: %s: %w", u.Redacted(), err)
	}
	s := &S3{client: client, bucket: bucket, prefix: prefix, keys: keys}
	exists, err := client.BucketExists(ctx, bucket)
	if err == nil && !exists {
		err = client.MakeBucket(ctx, bucket, minio.MakeBucketOptions{Region: q.Get("region")})
	}
	if err != nil {
		return nil, fmt.Errorf("blob: bucket %s on %s: %w", bucket, u.Host, err)
	}
	return s, nil
}

// redact hides a URL's password for messages.
func redact(raw string) string {
	if u, err := url.Parse(raw); err == nil {
		return u.Redacted()
	}
	return "(unparsable URL)"
}

// Put seals data and stores it; S3 replaces an object whole, so a reader
// sees the old blob or the new one.
func (s *S3) Put(ctx context.Context, name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	sealed, err := s.keys.Seal(data, []byte(name))
	if err != nil {
		return err
	}
	_, err = s.client.PutObject(ctx, s.bucket, s.prefix+name, bytes.NewReader(sealed), int64(len(sealed)),
		minio.PutObjectOptions{ContentType: "application/octet-stream"})
	if err != nil {
		return fmt.Errorf("blob: put %s: %w", name, err)
	}
	return nil
}

// Get reads and opens name.
func (s *S3) Get(ctx context.Context, name string) ([]byte, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.prefix+name, minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("blob: get %s: %w", name, err)
	}
	defer obj.Close()
	sealed, err := io.ReadAll(obj)
	if minio.ToErrorResponse(err).Code == minio.NoSuchKey {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, name)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: get %s: %w", name, err)
	}
	return s.keys.Open(sealed, []byte(name))
}

// Delete removes name; S3 answers a missing key with success too.
func (s *S3) Delete(ctx context.Context, name string) error {
	if err := checkName(name); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+name, minio.RemoveObjectOptions{})
	if err != nil && minio.ToErrorResponse(err).Code != minio.NoSuchKey {
		return fmt.Errorf("blob: delete %s: %w", name, err)
	}
	return nil
}

// Names lists the objects under the store's prefix.
func (s *S3) Names(ctx context.Context) ([]string, error) {
	var out []string
	for obj := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix, Recursive: true}) {
		if obj.Err != nil {
			return nil, fmt.Errorf("blob: list: %w", obj.Err)
		}
		out = append(out, strings.TrimPrefix(obj.Key, s.prefix))
	}
	return out, nil
}

// Ping reports whether the bucket answers, for readiness.
func (s *S3) Ping(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err == nil && !ok {
		err = fmt.Errorf("bucket %s is gone", s.bucket)
	}
	if err != nil {
		return fmt.Errorf("blob: %w", err)
	}
	return nil
}
