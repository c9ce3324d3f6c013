package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrForbiddenTarget: the endpoint resolves to an address webhooks may not
// reach (loopback, private, link-local, …).
var ErrForbiddenTarget = errors.New("webhook: target address not allowed")

// Delivery limits.
const (
	DeliveryTimeout  = 10 * time.Second
	MaxResponseBytes = 64 << 10 // what is kept of an endpoint's answer, for the delivery log
)

// NewClient is the HTTP client deliveries use. Unless allowPrivate (tests,
// an operator whose receivers are internal), it refuses to connect to
// loopback, private, link-local, multicast and unspecified addresses —
// checked on the address actually dialled, after DNS, so a name that
// resolves inside cannot be used to reach the operator's network — and it
// follows no redirect.
func NewClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second}
	if !allowPrivate {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrForbiddenTarget, address)
			}
			if !publicAddr(ap.Addr()) {
				return fmt.Errorf("%w: %s", ErrForbiddenTarget, ap.Addr())
			}
			return nil
		}
	}
	return &http.Client{
		Timeout: DeliveryTimeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   5 * time.Second,
			ResponseHeaderTimeout: DeliveryTimeout,
			MaxIdleConnsPerHost:   2,
			Proxy:                 nil, // a proxy would dial for us, unchecked
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// publicAddr reports whether a is an address on the public internet.
func publicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsInterfaceLocalMulticast() || a.IsMulticast() || a.IsUnspecified() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// blocked are special-purpose ranges netip does not classify: carrier-grade
// NAT, benchmarking, documentation, the IPv4/IPv6 translation prefix.
var blocked = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"), netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"), netip.MustParsePrefix("64:ff9b::/96"), netip.MustParsePrefix("2001:db8::/32"),
}

// Post sends one signed delivery and returns the status code and the
// start of the answer. Only a 2xx counts as delivered.
func Post(ctx context.Context, c *http.Client, url, secret, id string, ts time.Time, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "openkyc-webhooks")
	if err := SetHeaders(req.Header, secret, id, ts, body); err != nil {
		return 0, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes))
	if err != nil {
		return resp.StatusCode, answer, err
	}
	return resp.StatusCode, answer, nil
}
