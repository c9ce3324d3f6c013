package httpapi

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, 3, func() time.Time { return now })
	for i := range 3 {
		if ok, _ := l.allow("k"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("k")
	if ok || wait != 500*time.Millisecond || retryAfterSeconds(wait) != "1" {
		t.Fatalf("over the burst: %v %v", ok, wait)
	}
	if ok, _ := l.allow("other"); !ok {
		t.Error("another key limited")
	}
	now = now.Add(500 * time.Millisecond)
	if ok, _ := l.allow("k"); !ok {
		t.Error("refilled token refused")
	}
	now = now.Add(time.Hour)
	l.prune(now)
	if len(l.buckets) != 0 {
		t.Errorf("%d full buckets kept", len(l.buckets))
	}
}
