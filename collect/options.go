package collect

import (
	"cmp"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Defaults for [Options]. The retry values follow huggingface_hub's
// http_backoff: five retries, waits from 1 s doubling up to 8 s.
const (
	DefaultEndpoint    = "https://huggingface.co"
	DefaultConcurrency = 8
	DefaultMaxRetries  = 5
	DefaultMinWait     = time.Second
	DefaultMaxWait     = 8 * time.Second
	DefaultTimeout     = 30 * time.Second
	// DefaultMaxRateWait is longer than the Hub's 5-minute window, so a
	// run sits out any rate limit the Hub announces.
	DefaultMaxRateWait = 6 * time.Minute
	// DefaultUserAgent is sent when Options.UserAgent is empty.
	DefaultUserAgent = "spacejudge/devel (+https://github.com/spacejudge/spacejudge)"
)

// Options configure [Collect]. Endpoint, Org and Concurrency are required
// in the sense that their zero values are either defaulted (Endpoint) or
// rejected (Org, Concurrency).
type Options struct {
	// Endpoint is the Hub's base URL without a trailing slash; empty means
	// DefaultEndpoint. It must be http or https with no user info, query
	// or fragment.
	Endpoint string
	// Token is the bearer token, empty for anonymous access. It is sent
	// only to the Endpoint's scheme, host and port, and is never logged
	// or written.
	Token string
	// Org is the organization whose Spaces are collected.
	Org string
	// Concurrency is the number of Space detail fetches in flight. It
	// must be 1 or higher; callers without an opinion pass
	// DefaultConcurrency.
	Concurrency int
	// AppSDKs lists the SDKs whose app file is checked for a Blocks app
	// (the rules' sdks). With none, no app file is fetched.
	AppSDKs []string
	// Members asks for the organization's members, which only rules that
	// restrict voters to members need.
	Members bool
	// Likers asks for the likers of every liked Space, which only rules
	// that exclude self-likes need. Without it no likers are requested
	// and every Space's Likers is nil.
	Likers bool
	// Previous, when set, is an earlier snapshot whose unchanged data is
	// reused: a Space with the same SHA and disabled flag keeps its
	// authors and app check, and one with the same like count and
	// disabled flag keeps its likers.
	Previous *Snapshot
	// UserAgent is sent with every request; empty means DefaultUserAgent.
	UserAgent string
	// Logger receives retries and warnings; nil discards them.
	Logger *slog.Logger
	// Progress, when set, is called with the number of Spaces whose
	// details are done and the total, from any goroutine.
	Progress func(done, total int)
	// Now gives the collection time recorded in the snapshot; nil means
	// time.Now. Waits always use the real clock.
	Now func() time.Time

	// MaxRetries is how many times a failed request is repeated: zero
	// means DefaultMaxRetries, a negative value no retries.
	MaxRetries int
	// MinWait and MaxWait bound the exponential backoff between retries;
	// MaxWait also caps the Retry-After of a server error or a 408. Zero
	// means the defaults; negative values are refused.
	MinWait, MaxWait time.Duration
	// Timeout bounds each attempt, reading the body included; zero means
	// DefaultTimeout, and a negative value is refused.
	Timeout time.Duration
	// MaxRateWait is the longest wait for a rate limit (an announced reset
	// or a 429's Retry-After) that a request sits out before it fails;
	// zero means DefaultMaxRateWait, and a negative value is refused.
	MaxRateWait time.Duration
}

// nameRe matches the user, org and repository names the Hub allows.
var nameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$`)

// normalize checks the options and returns a copy with defaults filled in,
// and the parsed endpoint.
func (o Options) normalize() (*Options, *url.URL, error) {
	if o.Endpoint == "" {
		o.Endpoint = DefaultEndpoint
	}
	o.Endpoint = strings.TrimRight(o.Endpoint, "/")
	u, err := url.Parse(o.Endpoint)
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("endpoint %q: %w", o.Endpoint, err)
	case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
		return nil, nil, fmt.Errorf("endpoint %q: want an http or https URL", o.Endpoint)
	case u.User != nil, u.RawQuery != "", u.Fragment != "":
		return nil, nil, fmt.Errorf("endpoint %q: want no user info, query or fragment",
			u.Redacted())
	case !nameRe.MatchString(o.Org):
		return nil, nil, fmt.Errorf("org %q: want a Hub organization name", o.Org)
	case o.Concurrency < 1:
		return nil, nil, fmt.Errorf("concurrency is %d, want 1 or higher", o.Concurrency)
	case strings.ContainsFunc(o.Token, isBadTokenRune):
		return nil, nil, fmt.Errorf("token contains spaces or control characters")
	case o.MinWait < 0, o.MaxWait < 0, o.Timeout < 0, o.MaxRateWait < 0:
		return nil, nil, fmt.Errorf("waits and timeout must not be negative: min wait %v, "+
			"max wait %v, timeout %v, max rate wait %v", o.MinWait, o.MaxWait, o.Timeout,
			o.MaxRateWait)
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.UserAgent = cmp.Or(o.UserAgent, DefaultUserAgent)
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	o.MinWait = cmp.Or(o.MinWait, DefaultMinWait)
	o.MaxWait = max(cmp.Or(o.MaxWait, DefaultMaxWait), o.MinWait)
	o.Timeout = cmp.Or(o.Timeout, DefaultTimeout)
	o.MaxRateWait = cmp.Or(o.MaxRateWait, DefaultMaxRateWait)
	return &o, u, nil
}

// isBadTokenRune rejects runes that would break or forge a header.
func isBadTokenRune(r rune) bool {
	return r <= ' ' || r == 0x7f
}
