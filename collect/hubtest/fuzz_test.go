package hubtest_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// FuzzServe sends arbitrary paths, queries and credentials to the server
// and checks that every answer is well formed: a status, a request id,
// valid JSON whenever the answer says JSON, and an absolute next link on
// the server itself.
func FuzzServe(f *testing.F) {
	for _, seed := range []string{
		"/api/spaces?author=Org&expand=likes&expand[]=sdk&limit=1",
		"/api/spaces?cursor=eyJsaWtlcyI6MiwiX2lkIjoiYSJ9&limit=1",
		"/api/spaces?full=true&search=AL",
		"/api/spaces/Org/alpha/revision/refs%2Fpr%2F1?expand=bogus",
		"/api/spaces/Org/alpha/commits/main?limit=2&cursor=eyJvZmZzZXQiOjJ9",
		"/api/spaces/Org/alpha/likers?limit=-1",
		"/api/spaces/Org/hidden/runtime",
		"/spaces/Org/alpha/resolve/HEAD/src/app.py",
		"/spaces/Org/off/resolve/main/app.py",
		"/api/organizations/Org/members?limit=3",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	open := hubtest.NewServer(fixture(), hubtest.Options{PageSize: 2, Quota: 1 << 30})
	f.Cleanup(open.Close)
	guarded := hubtest.NewServer(fixture(), hubtest.Options{PageSize: 2, Token: "hf_x"})
	f.Cleanup(guarded.Close)

	f.Fuzz(func(t *testing.T, target string, token bool) {
		u, err := url.ParseRequestURI(target)
		if err != nil {
			t.Skip()
		}
		s := open
		req := &http.Request{Method: http.MethodGet, URL: u, Header: http.Header{},
			RequestURI: target}
		if token {
			s = guarded
			req.Header.Set("Authorization", "Bearer hf_x")
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		checkAnswer(t, s, target, rec)
	})
}

// checkAnswer checks that one recorded answer is well formed.
func checkAnswer(t *testing.T, s *hubtest.Server, target string, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code < 200 || rec.Code > 599 {
		t.Fatalf("GET %q: status %d", target, rec.Code)
	}
	h := rec.Header()
	if h.Get("X-Request-Id") == "" {
		t.Errorf("GET %q: no X-Request-Id", target)
	}
	body := rec.Body.Bytes()
	if strings.HasPrefix(h.Get("Content-Type"), "application/json") && !json.Valid(body) {
		t.Errorf("GET %q: invalid JSON %q", target, body)
	}
	if rec.Code >= 400 {
		var e struct{ Error string }
		if json.Unmarshal(body, &e) != nil || e.Error == "" {
			t.Errorf("GET %q: %d without an error body: %q", target, rec.Code, body)
		}
	}
	if link := h.Get("Link"); link != "" &&
		(!strings.HasPrefix(link, "<"+s.URL+"/") || !strings.HasSuffix(link, `>; rel="next"`)) {
		t.Errorf("GET %q: Link %q", target, link)
	}
}
