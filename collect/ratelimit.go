package collect

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Hub's rate-limit buckets (hub-api §8). Every /api/ call counts
// against "api", every /resolve/ download against "resolvers".
const (
	bucketAPI       = "api"
	bucketResolvers = "resolvers"
)

// A limitState is one bucket's entry in a RateLimit header:
// `"api";r=489;t=189` means 489 requests remain and the window resets in
// 189 seconds.
type limitState struct {
	Bucket    string
	Remaining int
	Reset     time.Duration
}

// A limitPolicy is one bucket's entry in a RateLimit-Policy header:
// `"fixed window";"api";q=500;w=300` means 500 requests per 300 seconds.
type limitPolicy struct {
	Bucket string
	Quota  int
	Window time.Duration
}

// maxHeaderSeconds bounds the durations read from headers (t, w and
// Retry-After), so that a hostile value cannot overflow a time.Duration.
// maxHeaderCount bounds the request counts (r and q): far above any quota
// the Hub has (500,000 per window at most), and far from overflowing the
// arithmetic done on them.
const (
	maxHeaderSeconds = 7 * 24 * 3600
	maxHeaderCount   = 1<<31 - 1
)

// parseRateLimit reads the RateLimit header values. Entries without a
// bucket name, r or t, or with values that are not non-negative integers,
// are left out.
func parseRateLimit(values []string) []limitState {
	var out []limitState
	for _, item := range headerItems(values) {
		r, okR := item.int("r", maxHeaderCount)
		t, okT := item.int("t", maxHeaderSeconds)
		if item.name == "" || !okR || !okT {
			continue
		}
		out = append(out, limitState{item.name, r, time.Duration(t) * time.Second})
	}
	return out
}

// parsePolicy reads the RateLimit-Policy header values, leaving out
// entries without a bucket name or a positive q and w.
func parsePolicy(values []string) []limitPolicy {
	var out []limitPolicy
	for _, item := range headerItems(values) {
		q, okQ := item.int("q", maxHeaderCount)
		w, okW := item.int("w", maxHeaderSeconds)
		if item.name == "" || !okQ || !okW || q < 1 || w < 1 {
			continue
		}
		out = append(out, limitPolicy{item.name, q, time.Duration(w) * time.Second})
	}
	return out
}

// retryAfter reads a Retry-After header in either form (delay-seconds or
// an HTTP date, measured from now). A date in the past gives 0.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 || s > maxHeaderSeconds {
			return 0, false
		}
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d > maxHeaderSeconds*time.Second {
		return 0, false
	}
	return max(d, 0), true
}

// A headerItem is one comma-separated item of a rate-limit header: its
// name (the last bare string member, which names the bucket in both
// `"api";r=1;t=2` and `"fixed window";"api";q=500;w=300`) and its
// key=value parameters.
type headerItem struct {
	name   string
	params map[string]string
}

// int returns the parameter key as an integer from 0 to bound.
func (it headerItem) int(key string, bound int) (int, bool) {
	n, err := strconv.Atoi(it.params[key])
	if err != nil || n < 0 || n > bound {
		return 0, false
	}
	return n, true
}

// headerItems splits header values into items and their members. Quoted
// strings may contain ',' and ';'.
func headerItems(values []string) []headerItem {
	var items []headerItem
	for _, v := range values {
		for _, raw := range splitQuoted(v, ',') {
			it := headerItem{params: map[string]string{}}
			for _, m := range splitQuoted(raw, ';') {
				k, val, found := strings.Cut(strings.TrimSpace(m), "=")
				switch {
				case !found:
					if name := unquote(k); name != "" {
						it.name = name
					}
				default:
					key := strings.ToLower(strings.TrimSpace(k))
					if _, dup := it.params[key]; !dup {
						it.params[key] = unquote(strings.TrimSpace(val))
					}
				}
			}
			items = append(items, it)
		}
	}
	return items
}

// splitQuoted splits s at sep where sep is not inside a quoted string.
func splitQuoted(s string, sep byte) []string {
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			end, _ := quotedEnd(s, i)
			i = end - 1
		case sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// unquote returns the content of a member that is one whole quoted
// string, and any other member (a token) unchanged.
func unquote(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || s[0] != '"' {
		return s
	}
	if content, end, closed := readQuoted(s, 0); closed && end == len(s) {
		return content
	}
	return s
}
