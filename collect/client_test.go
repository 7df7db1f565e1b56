package collect

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fastOptions shrink the waits so that retries take milliseconds.
func fastOptions(endpoint string) Options {
	return Options{
		Endpoint: endpoint, Org: "o", Concurrency: 2,
		MinWait: time.Millisecond, MaxWait: 4 * time.Millisecond,
		Timeout: 2 * time.Second, MaxRateWait: time.Second,
	}
}

func newTestClient(t *testing.T, o Options) *client {
	t.Helper()
	n, endpoint, err := o.normalize()
	if err != nil {
		t.Fatal(err)
	}
	return newClient(n, endpoint)
}

// A step answers one attempt.
type step func(w http.ResponseWriter, r *http.Request)

func status(code int, headers ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(map[string]string{"error": http.StatusText(code)})
	}
}

func body(s string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(s))
	}
}

// cut sends a Content-Length longer than the body, then closes the
// connection.
func cut(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "100")
	w.Write([]byte(`[{"a":`))
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

// hangUp closes the connection without an answer.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		conn.Close()
	}
}

func slow(d time.Duration) step {
	return func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
		}
		body(`[]`)(w, r)
	}
}

// stepServer answers the n-th request with steps[n], repeating the last.
func stepServer(t *testing.T, steps ...step) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		steps[min(i, len(steps)-1)](w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestGetRetries(t *testing.T) {
	ok := body(`[{"user":"a"}]`)
	tests := []struct {
		name     string
		steps    []step
		attempts int64
		want     error // nil for success
	}{
		{"ok", []step{ok}, 1, nil},
		{"503 then ok", []step{status(503), status(502), ok}, 3, nil},
		{"504 then ok", []step{status(504), ok}, 2, nil},
		{"500 always", []step{status(500)}, 4, ErrServer},
		{"429 retry-after", []step{status(429, "Retry-After", "0"), ok}, 2, nil},
		{"429 too long", []step{status(429, "RateLimit", `"api";r=0;t=3600`)}, 1, ErrRateLimited},
		{"429 no headers", []step{status(429), status(429), ok}, 3, nil},
		{"400", []step{status(400), ok}, 1, ErrBadRequest},
		{"401", []step{status(401), ok}, 1, ErrUnauthorized},
		{"403", []step{status(403), ok}, 1, ErrForbidden},
		{"404", []step{status(404, "X-Error-Code", "RepoNotFound"), ok}, 1, ErrNotFound},
		{"408 then ok", []step{status(408), ok}, 2, nil},
		{"507 then ok", []step{status(507), ok}, 2, nil},
		{"599 then ok", []step{status(599), ok}, 2, nil},
		{"501", []step{status(501), ok}, 1, ErrServer},
		{"505", []step{status(505), ok}, 1, ErrServer},
		{"409", []step{status(409), ok}, 1, ErrStatus},
		{"cut body", []step{cut, ok}, 2, nil},
		{"hang up", []step{hangUp, hangUp, ok}, 3, nil},
		{"json cut short", []step{body(`[{"user":"a"}`), ok}, 2, nil},
		{"empty body", []step{body(``), ok}, 2, nil},
		{"malformed", []step{body(`[{"user":"a"}]<html>`), ok}, 1, ErrBadResponse},
		{"not a list", []step{body(`{"user":"a"}`), ok}, 1, ErrBadResponse},
		{"timeout", []step{slow(time.Minute), ok}, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, n := stepServer(t, tt.steps...)
			o := fastOptions(srv.URL)
			o.MaxRetries = 3
			o.Timeout = 300 * time.Millisecond
			c := newTestClient(t, o)
			var page []json.RawMessage
			_, err := c.get(context.Background(), request{
				URL: mustURL(t, srv.URL+"/api/spaces/o/s/likers"), Space: "o/s", Limit: maxJSONBody,
				Decode: func(b []byte) error { return json.Unmarshal(b, &page) },
			})
			if got := n.Load(); got != tt.attempts {
				t.Errorf("server saw %d attempts, want %d", got, tt.attempts)
			}
			switch {
			case tt.want == nil && err != nil:
				t.Errorf("get() error = %v", err)
			case tt.want == nil && len(page) != 1:
				t.Errorf("get() decoded %d items, want 1", len(page))
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("get() error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestGetFinalError(t *testing.T) {
	srv, _ := stepServer(t, status(503, "X-Error-Code", "Busy", "X-Error-Message", "slow down"))
	o := fastOptions(srv.URL)
	o.MaxRetries = 2
	c := newTestClient(t, o)
	u := mustURL(t, srv.URL+"/api/spaces/o/s/commits/main?limit=1000")
	_, err := c.get(context.Background(), request{URL: u, Limit: maxJSONBody})
	var he *HTTPError
	if !errors.As(err, &he) {
		t.Fatalf("get() error = %v, want an *HTTPError", err)
	}
	want := HTTPError{Method: "GET", URL: u.String(), Status: 503, Code: "Busy",
		Message: "slow down", Attempts: 3}
	if *he != want {
		t.Errorf("get() error = %+v, want %+v", *he, want)
	}
}

func TestGetLogsRetries(t *testing.T) {
	srv, _ := stepServer(t, status(503), body(`[]`))
	var logs bytes.Buffer
	o := fastOptions(srv.URL)
	o.Logger = slog.New(slog.NewJSONHandler(&logs, nil))
	c := newTestClient(t, o)
	_, err := c.get(context.Background(), request{
		URL:   mustURL(t, srv.URL+"/api/spaces/o/s/likers?cursor=x"),
		Space: "o/s", Limit: maxJSONBody,
	})
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(logs.Bytes(), &rec); err != nil {
		t.Fatalf("log = %q: %v", logs.String(), err)
	}
	errText, _ := rec["error"].(string)
	if rec["msg"] != "retrying" || rec["space"] != "o/s" || rec["attempt"] != 1.0 ||
		rec["path"] != "/api/spaces/o/s/likers" || rec["wait"] == nil ||
		!strings.Contains(errText, "503") {
		t.Errorf("retry log = %v, want retrying with space, path, attempt 1, wait and error", rec)
	}
}

func TestGetCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, n := stepServer(t, func(w http.ResponseWriter, r *http.Request) {
		cancel()
		status(503)(w, r)
	})
	o := fastOptions(srv.URL)
	o.MinWait, o.MaxWait = time.Hour, time.Hour
	c := newTestClient(t, o)
	_, err := c.get(ctx, request{URL: mustURL(t, srv.URL+"/api/spaces"), Limit: maxJSONBody})
	if !errors.Is(err, context.Canceled) || err != context.Canceled {
		t.Errorf("get() after cancel = %v, want context.Canceled itself", err)
	}
	if n.Load() != 1 {
		t.Errorf("server saw %d attempts after cancel, want 1", n.Load())
	}
}

func TestBackoff(t *testing.T) {
	c := &client{minWait: time.Second, maxWait: 8 * time.Second}
	for attempt, want := range map[int]time.Duration{1: 1, 2: 2, 3: 4, 4: 8, 5: 8, 40: 8} {
		want *= time.Second
		for range 50 {
			if got := c.backoff(attempt); got < want/2 || got > want {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, got, want/2, want)
			}
		}
	}
}

func TestRetryWait(t *testing.T) {
	c := &client{minWait: time.Second, maxWait: 8 * time.Second, maxRateWait: time.Hour}
	req := request{URL: mustURL(t, "https://h/api/spaces")}
	tests := []struct {
		status     int
		retryAfter string
		min, max   time.Duration
		retry      bool
	}{
		// A server error's Retry-After is a hint, followed up to MaxWait.
		{503, "3", 3 * time.Second, 3 * time.Second, true},
		{503, "1800", 8 * time.Second, 8 * time.Second, true},
		{500, "", time.Second / 2, time.Second, true},
		{408, "1800", 8 * time.Second, 8 * time.Second, true},
		{408, "", time.Second / 2, time.Second, true},
		// A 429's is a quota, sat out up to MaxRateWait.
		{429, "1800", 30 * time.Minute, 30 * time.Minute, true},
		{501, "1", 0, 0, false},
		{505, "", 0, 0, false},
		{404, "1", 0, 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.retryAfter != "" {
			h.Set("Retry-After", tt.retryAfter)
		}
		wait, retry := c.retryWait(req, &response{Status: tt.status, Header: h}, errStatus, 1)
		if retry != tt.retry || wait < tt.min || wait > tt.max {
			t.Errorf("retryWait(%d, Retry-After %q) = %v, %v; want %v..%v, %v",
				tt.status, tt.retryAfter, wait, retry, tt.min, tt.max, tt.retry)
		}
	}
}

func TestRateLimitWait(t *testing.T) {
	c := &client{}
	api := request{URL: mustURL(t, "https://h/api/spaces")}
	file := request{URL: mustURL(t, "https://h/spaces/o/s/resolve/main/app.py")}
	tests := []struct {
		req     request
		headers []string
		want    time.Duration
		ok      bool
	}{
		{api, []string{"RateLimit", `"api";r=0;t=55`}, 56 * time.Second, true},
		{api, []string{"RateLimit", `"api";r=3;t=55`, "Retry-After", "7"}, 7 * time.Second, true},
		{file, []string{"RateLimit", `"api";r=0;t=55`, "Retry-After", "2"}, 2 * time.Second, true},
		{file, []string{"RateLimit", `"resolvers";r=0;t=9`}, 10 * time.Second, true},
		{api, nil, 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		for i := 0; i+1 < len(tt.headers); i += 2 {
			h.Set(tt.headers[i], tt.headers[i+1])
		}
		got, ok := c.rateLimitWait(tt.req, &response{Status: 429, Header: h})
		if got != tt.want || ok != tt.ok {
			t.Errorf("rateLimitWait(%s, %v) = %v, %v; want %v, %v",
				tt.req.URL, tt.headers, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTokenStaysHome(t *testing.T) {
	const token = "hf_secret_token_value"
	var mu sync.Mutex
	seen := map[string]string{} // server name -> Authorization
	record := func(name string, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		seen[name] = r.Header.Get("Authorization")
	}
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("other", r)
		w.Write([]byte("import gradio as gr\ngr.Blocks()\n"))
	}))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		record("home "+r.URL.Path, r)
		http.Redirect(w, r, other.URL+"/cdn/app.py", http.StatusFound)
	}))
	defer home.Close()

	o := fastOptions(home.URL)
	o.Token = token
	c := newTestClient(t, o)
	resp, err := c.get(context.Background(), request{
		URL: mustURL(t, home.URL+"/spaces/o/s/resolve/main/app.py"), Limit: maxAppFile,
	})
	if err != nil || !strings.Contains(string(resp.Body), "Blocks") {
		t.Fatalf("get() through a redirect = %v", err)
	}
	if got := seen["home /spaces/o/s/resolve/main/app.py"]; got != "Bearer "+token {
		t.Errorf("endpoint saw Authorization %q, want the token", got)
	}
	if seen["other"] != "" {
		t.Errorf("another origin saw Authorization %q, want none", seen["other"])
	}

	// A request to another origin never carries it either.
	_, err = c.get(context.Background(), request{URL: mustURL(t, other.URL+"/x"), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if seen["other"] != "" {
		t.Errorf("direct request to another origin sent Authorization %q", seen["other"])
	}
}

func TestTokenNotToSubdomain(t *testing.T) {
	// Go's client keeps Authorization on a redirect to a subdomain, as a
	// Hub's redirect to cdn-lfs.huggingface.co would be. Both names are
	// served here by one loopback server, told apart by Host.
	const token = "hf_secret_token_value"
	var mu sync.Mutex
	seen := map[string]string{} // host -> Authorization
	var cdn string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen[r.Host] = r.Header.Get("Authorization")
		mu.Unlock()
		if strings.HasPrefix(r.Host, "hub.test:") {
			http.Redirect(w, r, cdn+"/blob/app.py", http.StatusFound)
			return
		}
		w.Write([]byte("import gradio as gr\n"))
	}))
	defer srv.Close()
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")
	home, cdn := "http://hub.test:"+port, "http://cdn-lfs.hub.test:"+port

	o := fastOptions(home)
	o.Token = token
	c := newTestClient(t, o)
	tr := c.http.GetClient().Transport.(*http.Transport)
	dialer := &net.Dialer{}
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return dialer.DialContext(ctx, network, srv.Listener.Addr().String())
	}
	resp, err := c.get(context.Background(), request{
		URL: mustURL(t, home+"/spaces/o/s/resolve/main/app.py"), Limit: maxAppFile,
	})
	if err != nil || !strings.Contains(string(resp.Body), "gradio") {
		t.Fatalf("get() through a redirect to a subdomain = %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := seen["hub.test:"+port]; got != "Bearer "+token {
		t.Errorf("endpoint saw Authorization %q, want the token", got)
	}
	if got, ok := seen["cdn-lfs.hub.test:"+port]; !ok || got != "" {
		t.Errorf("subdomain saw Authorization %q (reached: %v), want none", got, ok)
	}
}

func TestScrub(t *testing.T) {
	c := &client{token: "hf_abc"}
	got := c.scrub("bad token hf_abc\nsee\x00" + strings.Repeat("x", 300))
	if strings.Contains(got, "hf_abc") || strings.ContainsAny(got, "\n\x00") ||
		len([]rune(got)) > maxMessage {
		t.Errorf("scrub() = %q", got)
	}
}

func TestOptionsNormalize(t *testing.T) {
	bad := []Options{
		{Org: "o", Concurrency: 0},
		{Org: "o", Concurrency: -1},
		{Org: "", Concurrency: 1},
		{Org: "o/x", Concurrency: 1},
		{Org: "o", Concurrency: 1, Endpoint: "ftp://h"},
		{Org: "o", Concurrency: 1, Endpoint: "https://u:p@h"},
		{Org: "o", Concurrency: 1, Endpoint: "https://h?x=1"},
		{Org: "o", Concurrency: 1, Endpoint: "huggingface.co"},
		{Org: "o", Concurrency: 1, Token: "hf_a\r\nX-Evil: 1"},
		{Org: "o", Concurrency: 1, MinWait: -time.Second},
		{Org: "o", Concurrency: 1, MaxWait: -time.Second},
		{Org: "o", Concurrency: 1, Timeout: -time.Second},
		{Org: "o", Concurrency: 1, MaxRateWait: -time.Second},
	}
	for _, o := range bad {
		if _, _, err := o.normalize(); err == nil {
			t.Errorf("normalize(%+v) gave no error", o)
		} else if strings.Contains(err.Error(), "X-Evil") || strings.Contains(err.Error(), "u:p") {
			t.Errorf("normalize() error %q shows a secret", err)
		}
	}
	o := Options{Org: "Gradio-Blocks", Concurrency: 8, Endpoint: "http://127.0.0.1:9/"}
	n, u, err := o.normalize()
	if err != nil || n.Endpoint != "http://127.0.0.1:9" || u.Host != "127.0.0.1:9" ||
		n.MaxRetries != DefaultMaxRetries || n.UserAgent != DefaultUserAgent || n.Logger == nil {
		t.Errorf("normalize() = %+v, %v", n, err)
	}
	n, _, _ = Options{Org: "o", Concurrency: 1, MaxRetries: -1}.normalize()
	if n.MaxRetries != 0 || n.Endpoint != DefaultEndpoint {
		t.Errorf("normalize() MaxRetries = %d, Endpoint = %q; want 0 and the default",
			n.MaxRetries, n.Endpoint)
	}
}

func TestGetHeaders(t *testing.T) {
	var ua, accept string
	srv, _ := stepServer(t, func(w http.ResponseWriter, r *http.Request) {
		ua, accept = r.Header.Get("User-Agent"), r.Header.Get("Accept")
		body(`[]`)(w, r)
	})
	o := fastOptions(srv.URL)
	o.UserAgent = "spacejudge/1.2.3 (+https://github.com/spacejudge/spacejudge)"
	c := newTestClient(t, o)
	_, err := c.get(context.Background(), request{URL: mustURL(t, srv.URL+"/api/spaces"),
		Limit: 100, Decode: func([]byte) error { return nil }})
	if err != nil || ua != o.UserAgent || accept != "application/json" {
		t.Errorf("get() = %v with User-Agent %q, Accept %q; want %q and application/json",
			err, ua, accept, o.UserAgent)
	}
}
