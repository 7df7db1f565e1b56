package collect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/go-resty/resty/v2"
)

// Body size limits: JSON pages are read whole up to maxJSONBody (a page of
// 100 Spaces with their cards and siblings is under a MiB, a pathological
// one far more), error bodies only for their message.
const (
	maxJSONBody  = 64 << 20
	maxErrorBody = 64 << 10
	maxRedirects = 10
)

// A client sends GET requests to the Hub through one resty client, with
// pacing, retries and the token only for the endpoint's origin.
type client struct {
	http     *resty.Client
	endpoint *url.URL
	token    string
	pacer    *pacer
	log      *slog.Logger

	retries     int
	minWait     time.Duration
	maxWait     time.Duration
	maxRateWait time.Duration
}

// newClient builds the client from validated options.
func newClient(o *Options, endpoint *url.URL) *client {
	c := &client{
		endpoint:    endpoint,
		token:       o.Token,
		pacer:       newPacer(time.Now, o.MaxRateWait),
		log:         o.Logger,
		retries:     o.MaxRetries,
		minWait:     o.MinWait,
		maxWait:     o.MaxWait,
		maxRateWait: o.MaxRateWait,
	}
	// Keep as many idle connections as requests in flight, or each burst
	// would open new ones.
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = o.Concurrency + 2
	hc := &http.Client{Transport: tr}
	c.http = resty.NewWithClient(hc).
		SetTimeout(o.Timeout).
		SetHeader("User-Agent", o.UserAgent).
		SetLogger(restyLogger{o.Logger}).
		SetDisableWarn(true).
		SetRedirectPolicy(resty.RedirectPolicyFunc(c.checkRedirect))
	return c
}

// close releases the client's idle connections.
func (c *client) close() {
	c.http.GetClient().CloseIdleConnections()
}

// checkRedirect follows at most maxRedirects redirects and drops the token
// from any that leaves the endpoint's origin. Go's client keeps the
// Authorization header on a redirect to the same host or to any subdomain
// of it, whatever the scheme or port (so https://huggingface.co would send
// it on to a CDN at cdn-lfs.huggingface.co), and drops it only for other
// hosts; this check, which runs after Go has copied the headers, is what
// keeps the token at the endpoint.
func (c *client) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	if !sameOrigin(c.endpoint, req.URL) {
		req.Header.Del("Authorization")
	}
	return nil
}

// A response is a completed exchange with a body read up to a limit.
type response struct {
	Status int
	Header http.Header
	Body   []byte
	// Truncated is set when the body was longer than the limit.
	Truncated bool
}

// A request names what get fetches: the URL, the Space it is for (for
// logs and messages, empty for org-level requests) and how much of the
// body to read.
type request struct {
	URL   *url.URL
	Space string
	// Limit caps the body read. JSON requests (Decode set) fail when the
	// body is longer; others set Truncated.
	Limit int64
	// Decode, when set, decodes a 2xx body; an error that shows the body
	// was cut short is retried like a broken connection.
	Decode func([]byte) error
}

// get sends a GET until it succeeds (2xx, and decodes if asked), fails in
// a way that retrying cannot fix, or runs out of retries. It returns
// ctx.Err() when ctx ends first. A final HTTP failure is an [*HTTPError].
func (c *client) get(ctx context.Context, req request) (*response, error) {
	for attempt := 1; ; attempt++ {
		resp, err := c.attempt(ctx, req)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			return resp, nil
		}
		wait, retry := c.retryWait(req, resp, err, attempt)
		if !retry || attempt > c.retries {
			return nil, c.final(req, resp, err, attempt)
		}
		c.log.Warn("retrying", "space", req.Space, "path", req.URL.Path, "attempt", attempt,
			"wait", wait.Round(time.Millisecond), "error", c.final(req, resp, err, 1).Error())
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt sends the request once. It returns the response (when one
// arrived) and an error for anything but a successfully decoded 2xx.
func (c *client) attempt(ctx context.Context, req request) (*response, error) {
	release, err := c.pacer.acquire(ctx, bucketOf(req.URL))
	if err != nil {
		return nil, err
	}
	r := c.http.R().SetContext(ctx).SetDoNotParseResponse(true)
	if req.Decode != nil {
		r.SetHeader("Accept", "application/json")
	}
	if c.token != "" && sameOrigin(c.endpoint, req.URL) {
		r.SetHeader("Authorization", "Bearer "+c.token)
	}
	res, err := r.Get(req.URL.String())
	received := time.Now()
	if err != nil {
		release(0, nil, received)
		return nil, transportError(err)
	}
	resp, err := readResponse(res, req)
	release(resp.Status, resp.Header, received)
	if err != nil {
		return nil, err
	}
	if resp.Status < 200 || resp.Status > 299 {
		return resp, errStatus
	}
	if req.Decode != nil {
		if resp.Truncated {
			return resp, fmt.Errorf("%w: body larger than %d bytes", ErrBadResponse, req.Limit)
		}
		if err := req.Decode(resp.Body); err != nil {
			return resp, decodeError(err, resp.Body)
		}
	}
	return resp, nil
}

// errStatus marks an attempt that got a response with a failing status;
// final turns it into an [*HTTPError].
var errStatus = errors.New("failing status")

// errCutShort marks a JSON body that ended before the JSON did: a broken
// transfer rather than a malformed document, and so worth retrying.
var errCutShort = errors.New("body cut short")

// readResponse reads the body of res up to the request's limit (the error
// body up to maxErrorBody) and closes it.
func readResponse(res *resty.Response, req request) (*response, error) {
	raw := res.RawResponse
	body := res.RawBody()
	defer body.Close()
	resp := &response{Status: raw.StatusCode, Header: raw.Header}
	limit := req.Limit
	if resp.Status < 200 || resp.Status > 299 {
		limit = maxErrorBody
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return resp, transportError(fmt.Errorf("reading body: %w", err))
	}
	if int64(len(data)) > limit {
		data, resp.Truncated = data[:limit], true
	}
	resp.Body = data
	return resp, nil
}

// A netError is a failure to exchange a request and response: no
// connection, a reset, a timeout or a body cut short. It is retried.
type netError struct{ err error }

func (e *netError) Error() string { return e.err.Error() }
func (e *netError) Unwrap() error { return e.err }

// transportError wraps err as a netError, dropping the url.Error layer:
// its message repeats the URL that the final error names anyway.
func transportError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return &netError{err}
}

// decodeError classifies a decoding failure: a syntax error at the very
// end of the body means the transfer was cut short.
func decodeError(err error, body []byte) error {
	var se *json.SyntaxError
	if errors.Is(err, io.ErrUnexpectedEOF) ||
		(errors.As(err, &se) && se.Offset >= int64(len(body))) {
		return fmt.Errorf("%w: %w: %w", ErrBadResponse, errCutShort, err)
	}
	return fmt.Errorf("%w: %w", ErrBadResponse, err)
}

// retryWait decides whether a failed attempt is worth repeating and how
// long to wait first.
func (c *client) retryWait(req request, resp *response, err error,
	attempt int) (time.Duration, bool) {
	var ne *netError
	switch {
	case errors.As(err, &ne), errors.Is(err, errCutShort):
		return c.backoff(attempt), true
	case !errors.Is(err, errStatus):
		return 0, false
	}
	switch {
	case resp.Status == http.StatusTooManyRequests:
		wait, ok := c.rateLimitWait(req, resp)
		if !ok {
			wait = c.backoff(attempt)
		}
		return wait, wait <= c.maxRateWait
	case transient(resp.Status):
		// A Retry-After here is a hint about a passing fault, not a
		// quota: it is followed up to the longest backoff, so that one
		// ailing request cannot hold up the run for long.
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return min(wait, c.maxWait), true
		}
		return c.backoff(attempt), true
	}
	return 0, false
}

// transient reports whether a failing status may clear on its own: a
// request timeout (408, which huggingface_hub retries too) or a server
// error other than 501 Not Implemented and 505 HTTP Version Not
// Supported, which say the request itself can never succeed.
func transient(status int) bool {
	switch status {
	case http.StatusRequestTimeout:
		return true
	case http.StatusNotImplemented, http.StatusHTTPVersionNotSupported:
		return false
	}
	return status >= 500 && status <= 599
}

// rateLimitWait reads how long a 429 asks to wait: t seconds plus
// resetMargin from an exhausted RateLimit entry for the request's bucket
// (t+1, as huggingface_hub waits), else Retry-After.
func (c *client) rateLimitWait(req request, resp *response) (time.Duration, bool) {
	name := bucketOf(req.URL)
	for _, st := range parseRateLimit(resp.Header.Values("RateLimit")) {
		if st.Bucket == name && st.Remaining == 0 {
			return st.Reset + resetMargin, true
		}
	}
	return retryAfter(resp.Header.Get("Retry-After"), time.Now())
}

// backoff returns the capped, jittered exponential wait before retry
// number attempt: uniform in [d/2, d] with d = min(maxWait, minWait·2^(attempt-1)).
func (c *client) backoff(attempt int) time.Duration {
	d := c.maxWait
	if shift := attempt - 1; shift < 30 && c.minWait<<shift < c.maxWait {
		d = c.minWait << shift
	}
	half := d / 2
	return half + rand.N(half+1)
}

// final builds the error returned after the last attempt.
func (c *client) final(req request, resp *response, err error, attempts int) error {
	if errors.Is(err, errStatus) {
		return &HTTPError{
			Method:   http.MethodGet,
			URL:      redact(req.URL),
			Status:   resp.Status,
			Code:     c.scrub(resp.Header.Get("X-Error-Code")),
			Message:  c.scrub(errorMessage(resp)),
			Attempts: attempts,
		}
	}
	if attempts > 1 {
		return fmt.Errorf("GET %s after %d attempts: %w", redact(req.URL), attempts, err)
	}
	return fmt.Errorf("GET %s: %w", redact(req.URL), err)
}

// errorMessage extracts the Hub's explanation of a failing response.
func errorMessage(resp *response) string {
	if m := resp.Header.Get("X-Error-Message"); m != "" {
		return m
	}
	var body struct {
		Error any `json:"error"`
	}
	if json.Unmarshal(resp.Body, &body) == nil {
		if s, ok := body.Error.(string); ok {
			return s
		}
	}
	ct := resp.Header.Get("Content-Type")
	if strings.HasPrefix(ct, "text/plain") || strings.Contains(ct, "json") {
		return string(resp.Body)
	}
	return ""
}

// maxMessage bounds the length of text from the Hub in errors, and
// maxError the length of an error recorded in the snapshot.
const (
	maxMessage = 200
	maxError   = 1000
)

// scrub makes text from the Hub fit for an error, a log line and the
// snapshot: one line, short, and without the token, which a server could
// echo back.
func (c *client) scrub(s string) string {
	return shorten(c.hideToken(s), maxMessage)
}

// clean is scrub for a whole error message, which may quote a URL and
// text from the Hub: it allows a longer line.
func (c *client) clean(s string) string {
	return shorten(c.hideToken(s), maxError)
}

func (c *client) hideToken(s string) string {
	if c.token != "" {
		s = strings.ReplaceAll(s, c.token, "[token]")
	}
	return s
}

// shorten returns s as valid UTF-8 on one line, without control
// characters, cut to at most n runes with "…" marking the cut.
func shorten(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		s = string(r[:n-1]) + "…"
	}
	return s
}

// bucketOf names the rate-limit bucket a URL counts against.
func bucketOf(u *url.URL) string {
	if strings.Contains(u.Path, "/resolve/") {
		return bucketResolvers
	}
	return bucketAPI
}

// sleep waits for d or until ctx ends, and then returns ctx.Err().
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// restyLogger sends resty's own messages to slog at debug level; the
// client logs what matters itself.
type restyLogger struct{ l *slog.Logger }

func (r restyLogger) Errorf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLogger) Warnf(f string, v ...any)  { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
func (r restyLogger) Debugf(f string, v ...any) { r.l.Debug("resty: " + fmt.Sprintf(f, v...)) }
