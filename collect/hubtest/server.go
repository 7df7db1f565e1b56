package hubtest

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Defaults of [Options].
const (
	defaultWindow   = 300 * time.Second
	defaultPageSize = 1000
)

// Server is a fake Hub serving one [Dataset] over HTTP on the loopback
// interface. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL of the server, as in "http://127.0.0.1:41234",
	// without a trailing slash: the value to use as the Hub endpoint.
	URL string

	opts     Options
	now      func() time.Time
	epoch    time.Time
	window   time.Duration
	pageSize int
	srv      *http.Server
	close    sync.Once

	// dataMu guards ix, which Update replaces.
	dataMu sync.RWMutex
	ix     *index

	// mu guards everything below.
	mu          sync.Mutex
	idle        *sync.Cond // signalled when running drops to 0
	running     int        // handlers running
	buckets     map[string]*bucket
	faults      []*activeFault
	byRoute     map[Route]int
	bySpace     map[string]int
	total       int
	tooMany     int
	inFlight    int // requests not answered yet
	maxInFlight int
	log         []Request
	generation  int // bumped by ResetCounters, so late answers skip the new log
	seq         uint64
}

// activeFault is an injected Fault and how often it has applied.
type activeFault struct {
	Fault
	used int
}

// NewServer starts a server for a copy of ds and returns it; the caller
// must call Close when done. Later changes to ds do not reach the server:
// use [Server.Update]. A nil ds serves an empty Hub. NewServer panics if it
// cannot listen on a loopback port; use [Start] to get an error instead.
func NewServer(ds *Dataset, opts Options) *Server {
	s, err := Start(ds, opts)
	if err != nil {
		panic(fmt.Sprintf("hubtest: %v", err))
	}
	return s
}

// Start is like [NewServer] but returns an error when no loopback port can
// be listened on.
func Start(ds *Dataset, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listening on a loopback port: %w", err)
	}
	s := newServer(ds, opts)
	s.URL = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 30 * time.Second}
	go s.srv.Serve(ln)
	return s, nil
}

// newServer builds a server that is not yet listening.
func newServer(ds *Dataset, opts Options) *Server {
	if ds == nil {
		ds = &Dataset{}
	}
	s := &Server{
		opts:     opts,
		now:      opts.Now,
		window:   opts.Window,
		pageSize: opts.PageSize,
		ix:       newIndex(ds.Clone()),
		buckets: map[string]*bucket{
			bucketAPI:       {quota: max(opts.Quota, 0)},
			bucketResolvers: {quota: max(opts.ResolverQuota, 0)},
		},
		byRoute: make(map[Route]int),
		bySpace: make(map[string]int),
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.window <= 0 {
		s.window = defaultWindow
	}
	if s.pageSize <= 0 {
		s.pageSize = defaultPageSize
	}
	s.idle = sync.NewCond(&s.mu)
	s.epoch = s.now()
	return s
}

// Close stops the server: it closes the listener and every connection,
// which ends the requests still waiting, and returns once no handler is
// running. Close may be called more than once.
func (s *Server) Close() {
	s.close.Do(func() {
		s.srv.Close()
		s.mu.Lock()
		for s.running > 0 {
			s.idle.Wait()
		}
		s.mu.Unlock()
	})
}

// Update calls f with the served dataset, with no request being answered
// meanwhile, so that tests can change the Hub between runs. f must not keep
// the pointer after it returns.
func (s *Server) Update(f func(*Dataset)) {
	s.dataMu.Lock()
	defer s.dataMu.Unlock()
	ds := s.ix.ds
	f(ds)
	s.ix = newIndex(ds)
}

// Dataset returns a deep copy of the dataset being served.
func (s *Server) Dataset() *Dataset {
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	return s.ix.ds.Clone()
}

// Inject adds a fault; it applies to requests that arrive afterwards.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &activeFault{Fault: f})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// Requests returns how many requests matched route since the start or the
// last ResetCounters, faulted and rate-limited ones included.
func (s *Server) Requests(r Route) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byRoute[r]
}

// RequestsFor returns how many requests were about the Space with the given
// "owner/name" ID: its details, runtime, commits, likers and files.
func (s *Server) RequestsFor(spaceID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bySpace[spaceID]
}

// Total returns how many requests the server received, on any path.
func (s *Server) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// MaxInFlight returns the most requests that were being handled at once,
// counting each from its arrival until its answer is handed to the
// connection, latency included. A client that never has more than n
// requests waiting for an answer never makes it exceed n.
func (s *Server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// TooMany returns how many 429 answers were sent, whether a quota or a
// fault caused them.
func (s *Server) TooMany() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// Log returns a copy of every request received since the start or the last
// ResetCounters, in arrival order.
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

// ResetCounters zeroes the request counters and empties the log. The
// rate-limit windows and the faults are left as they are; MaxInFlight
// restarts from the requests in flight now.
func (s *Server) ResetCounters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.byRoute)
	clear(s.bySpace)
	s.total, s.tooMany = 0, 0
	s.maxInFlight = s.inFlight
	s.log = nil
	s.generation++
}

// ServeHTTP answers one request: it counts it, waits the configured
// latency, applies the rate limit and the faults, then answers from the
// dataset.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := parseTarget(r.URL.EscapedPath())
	ex := s.begin(t, r)
	defer s.end(ex)
	s.serve(w, r, ex)
}

// exchange follows one request from arrival to answer.
type exchange struct {
	t          target
	logIndex   int
	generation int
	requestID  string
	answered   bool
}

// begin counts a request that arrived and logs it.
func (s *Server) begin(t target, r *http.Request) *exchange {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	s.byRoute[t.route]++
	if t.space != "" {
		s.bySpace[t.space]++
	}
	s.running++
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.seq++
	s.log = append(s.log, Request{
		Route:         t.route,
		Space:         t.space,
		Method:        r.Method,
		Path:          r.URL.EscapedPath(),
		RawQuery:      r.URL.RawQuery,
		Authorization: r.Header.Get("Authorization"),
	})
	return &exchange{
		t:          t,
		logIndex:   len(s.log) - 1,
		generation: s.generation,
		requestID:  fmt.Sprintf("Root=1-%08x-%024x", uint32(s.epoch.Unix()), s.seq),
	}
}

// answer records the status of a request about to be answered. It runs
// before the answer is written, so that a client that has read an answer
// finds it counted.
func (s *Server) answer(ex *exchange, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ex.answered = true
	s.inFlight--
	if ex.generation == s.generation {
		s.log[ex.logIndex].Status = status
	}
	if status == http.StatusTooManyRequests {
		s.tooMany++
	}
}

// end notes that a handler returned, answered or not, and wakes Close when
// none is left.
func (s *Server) end(ex *exchange) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !ex.answered {
		s.inFlight--
	}
	s.running--
	if s.running == 0 {
		s.idle.Broadcast()
	}
}

// serve builds the answer of one request and sends it.
func (s *Server) serve(w http.ResponseWriter, r *http.Request, ex *exchange) {
	ctx := r.Context()
	if !sleep(ctx, s.opts.Latency) {
		return
	}
	s.mu.Lock()
	rate := s.take(ex.t.bucket)
	var fault *Fault
	var delay time.Duration
	var changes []func(*Dataset)
	if !rate.exceeded {
		fault, delay, changes = s.pickFaults(ex.t)
	}
	s.mu.Unlock()
	if !sleep(ctx, delay) {
		return
	}

	resp := newResponse()
	resp.header.Set("X-Request-Id", ex.requestID)
	rate.setHeaders(resp.header)
	switch {
	case rate.exceeded:
		resp.writeError(http.StatusTooManyRequests, "", fmt.Sprintf(
			"rate limit reached: %d %q requests allowed per %ds window, retry in %ds",
			rate.quota, rate.name, rate.window, rate.reset))
	case fault != nil && fault.Status != 0:
		writeFaultStatus(resp, fault, rate)
	default:
		s.handle(resp, r, ex.t, fault)
	}
	if fault != nil && fault.RetryAfter > 0 {
		resp.header.Set("Retry-After", strconv.Itoa(fault.RetryAfter))
	}
	for _, change := range changes {
		s.Update(change)
	}
	send(w, resp, fault, func(status int) { s.answer(ex, status) })
}

// writeFaultStatus answers with the error status a fault asks for.
func writeFaultStatus(resp *response, f *Fault, rate rateState) {
	msg := http.StatusText(f.Status)
	if msg == "" {
		msg = "status " + strconv.Itoa(f.Status)
	}
	if f.Status == http.StatusTooManyRequests {
		rate.setRemaining(resp.header, 0)
		msg = "rate limit reached, retry later"
	}
	resp.writeError(f.Status, "", msg)
}

// send writes resp to w, spoiled or cut as the fault asks. It calls
// answered with the status just before writing.
func send(w http.ResponseWriter, resp *response, f *Fault, answered func(status int)) {
	status, body := resp.status, resp.body.Bytes()
	if status == 0 {
		status = http.StatusOK
	}
	if f != nil && f.Malformed && f.Status == 0 {
		status = http.StatusOK
		body = append(body[:len(body)/2:len(body)/2],
			"\n<html><body>Bad gateway</body></html>\n"...)
		resp.header.Set("Content-Type", jsonType)
	}
	h := w.Header()
	for k, v := range resp.header {
		h[k] = v
	}
	if status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified {
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	answered(status)
	w.WriteHeader(status)
	if f == nil || !f.Truncate || f.Status != 0 {
		w.Write(body)
		return
	}
	// Send half the body for real, then drop the connection: the client
	// sees the headers and a body shorter than its Content-Length.
	w.Write(body[:len(body)/2])
	if fl, ok := w.(http.Flusher); ok {
		fl.Flush()
	}
	panic(http.ErrAbortHandler)
}

// pickFaults returns the fault that decides the answer of a request to t,
// if any, and the delay and the dataset changes its matching faults add.
// The caller holds s.mu.
func (s *Server) pickFaults(t target) (*Fault, time.Duration, []func(*Dataset)) {
	var effect *Fault
	var delay time.Duration
	var changes []func(*Dataset)
	for _, f := range s.faults {
		if !f.matches(t) || (effect != nil && f.hasEffect()) {
			continue
		}
		f.used++
		delay += f.Latency
		if f.Change != nil {
			changes = append(changes, f.Change)
		}
		if f.hasEffect() {
			effect = &f.Fault
		}
	}
	return effect, delay, changes
}

// matches reports whether f still applies to a request to t.
func (f *activeFault) matches(t target) bool {
	if f.Times > 0 && f.used >= f.Times {
		return false
	}
	if f.Route != "" && f.Route != t.route {
		return false
	}
	if f.Space != "" && f.Space != t.space {
		return false
	}
	if f.onlyPagination() && !paginated(t.route) {
		return false
	}
	return true
}

// hasEffect reports whether f does more than delay the answer.
func (f *activeFault) hasEffect() bool {
	return f.Status != 0 || f.RetryAfter != 0 || f.Truncate || f.Malformed ||
		f.ForeignNext != "" || f.RepeatNext
}

// onlyPagination reports whether every effect of f is on the Link header.
func (f *activeFault) onlyPagination() bool {
	return (f.ForeignNext != "" || f.RepeatNext) &&
		f.Status == 0 && !f.Truncate && !f.Malformed
}

// paginated reports whether a route answers with a paginated list.
func paginated(r Route) bool {
	switch r {
	case RouteList, RouteLikers, RouteCommits, RouteMembers:
		return true
	}
	return false
}

// sleep waits d and reports whether ctx is still live afterwards.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
