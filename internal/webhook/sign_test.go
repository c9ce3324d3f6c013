package webhook

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example of the Standard Webhooks specification.
func TestSpecExample(t *testing.T) {
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; got != want {
		t.Errorf("signature %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	secret := NewSecret()
	if !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("secret %q", secret)
	}
	now := time.Unix(1_800_000_000, 0)
	body := []byte(`{"type":"submission.approved"}`)
	h := http.Header{}
	if err := SetHeaders(h, secret, "evt_1", now, body); err != nil {
		t.Fatal(err)
	}
	if err := Verify(secret, h, body, now.Add(time.Minute), 5*time.Minute); err != nil {
		t.Errorf("valid: %v", err)
	}
	if err := Verify(secret, h, []byte(`{"type":"submission.rejected"}`), now, 5*time.Minute); !errors.Is(err, ErrBadSignature) {
		t.Errorf("changed body: %v", err)
	}
	if err := Verify(NewSecret(), h, body, now, 5*time.Minute); !errors.Is(err, ErrBadSignature) {
		t.Errorf("another secret: %v", err)
	}
	if err := Verify(secret, h, body, now.Add(10*time.Minute), 5*time.Minute); !errors.Is(err, ErrStale) {
		t.Errorf("replayed late: %v", err)
	}
	rotated := h.Clone()
	rotated.Set(HeaderSignature, "v1,AAAA "+h.Get(HeaderSignature))
	if err := Verify(secret, rotated, body, now, 5*time.Minute); err != nil {
		t.Errorf("one of several signatures valid: %v", err)
	}
	if _, err := Sign("whsec_short", "x", now, body); !errors.Is(err, ErrBadSecret) {
		t.Errorf("bad secret: %v", err)
	}
}
