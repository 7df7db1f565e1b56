package hubtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// day returns a time on the given day of May 2022.
func day(d int) time.Time {
	return time.Date(2022, 5, d, 12, 0, 0, 0, time.UTC)
}

// fixture returns a small dataset with one Space of each shape the tests
// need.
func fixture() *hubtest.Dataset {
	commits := []hubtest.Commit{
		{ID: sha("e"), Title: "Pair up", Authors: []string{"bob", "carol"}, Date: day(20)},
		{ID: sha("d"), Title: "Fix", Authors: []string{"bob"}, Date: day(19)},
		{ID: sha("c"), Title: "Add app", Authors: []string{"alice"}, Date: day(18)},
		{ID: sha("b"), Title: "Docs", Authors: []string{"alice"}, Date: day(17)},
		{ID: sha("a"), Title: "initial commit", Authors: []string{"system"}, Date: day(16)},
	}
	return &hubtest.Dataset{
		Org:     "Org",
		Members: []string{"alice", "bob", "carol", "dave", "erin"},
		Spaces: []hubtest.Space{
			{
				ID: "Org/alpha", SHA: commits[0].ID, CreatedAt: day(16), LastModified: day(20),
				SDK: "gradio", Stage: "RUNNING",
				Likers: []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7"},
				Card:   map[string]any{"title": "Alpha <&>", "app_file": "src/app.py"},
				Files: map[string]string{
					"src/app.py": "with gr.Blocks() as demo:\n", "README.md": "---\n",
				},
				Commits: commits,
				Tags:    []string{"gradio"},
			},
			{ID: "Org/beta", SHA: sha("1"), CreatedAt: day(17), SDK: "static",
				Stage: "PAUSED", Likers: []string{"u1", "u2"}},
			{ID: "Org/gamma", MongoID: "fedcba9876543210fedcba98", SHA: sha("2"), SDK: "gradio",
				Likers: []string{"u1", "u2"}},
			{ID: "Org/hidden", SHA: sha("3"), CreatedAt: day(18), Private: true,
				SDK: "gradio", Stage: "RUNNING", Files: map[string]string{"app.py": "x"}},
			{ID: "Org/off", SHA: sha("4"), CreatedAt: day(19), Disabled: true,
				SDK: "gradio", Stage: "STOPPED", Files: map[string]string{"app.py": "x"},
				Likers: []string{"u9"}},
			{ID: "Other/elsewhere", SHA: sha("5"), CreatedAt: day(3), SDK: "gradio",
				Likers: []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8"}},
		},
	}
}

// sha returns a made-up commit id: c repeated 40 times.
func sha(c string) string { return strings.Repeat(c, 40) }

// start runs a server for ds that the test closes at its end.
func start(t *testing.T, ds *hubtest.Dataset, opts hubtest.Options) *hubtest.Server {
	t.Helper()
	s := hubtest.NewServer(ds, opts)
	t.Cleanup(s.Close)
	return s
}

// get fetches url with the given headers (name, value pairs) and returns
// the response with its body read.
func get(t *testing.T, url string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading body: %v", url, err)
	}
	return resp, body
}

// getJSON fetches url, checks the status, and decodes the body into v.
func getJSON(t *testing.T, url string, status int, v any, headers ...string) *http.Response {
	t.Helper()
	resp, body := get(t, url, headers...)
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d; body %s", url, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", url, ct)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("GET %s: no X-Request-Id", url)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: decoding %s: %v", url, body, err)
		}
	}
	return resp
}

// keys returns the sorted keys of a JSON object.
func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// ids returns the "id" of each item.
func ids(items []map[string]any) []string {
	var out []string
	for _, it := range items {
		out = append(out, it["id"].(string))
	}
	return out
}

// nextLink returns the URL of a rel="next" Link header, "" when there is
// none. It accepts only the exact form the Hub uses.
func nextLink(t *testing.T, resp *http.Response) string {
	t.Helper()
	link := resp.Header.Get("Link")
	if link == "" {
		return ""
	}
	m := regexp.MustCompile(`^<(https?://[^>]+)>; rel="next"$`).FindStringSubmatch(link)
	if m == nil {
		t.Fatalf("Link header %q is not <absolute-url>; rel=\"next\"", link)
	}
	return m[1]
}

var (
	hubDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
	etagRE  = regexp.MustCompile(`^"[0-9a-f]{40}"$`)
	emptyRE = regexp.MustCompile(`^"api";r=0;t=[12]$`)
)

func TestListDefaultFields(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	var items []map[string]any
	getJSON(t, s.URL+"/api/spaces?author=Org", http.StatusOK, &items)

	// Listing order is likes descending, then _id: not by id.
	want := []string{"Org/alpha", "Org/beta", "Org/gamma", "Org/off", "Org/hidden"}
	if got := ids(items); !slices.Equal(got, want) {
		t.Errorf("ids = %v, want %v", got, want)
	}
	wantKeys := []string{"_id", "createdAt", "id", "likes", "private", "sdk", "tags",
		"trendingScore"}
	if got := keys(items[0]); !slices.Equal(got, wantKeys) {
		t.Errorf("default keys = %v, want %v", got, wantKeys)
	}
	got := items[0]["createdAt"].(string)
	if !hubDate.MatchString(got) || got != "2022-05-16T12:00:00.000Z" {
		t.Errorf("createdAt = %q", got)
	}
	if id := items[0]["_id"].(string); !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(id) {
		t.Errorf("_id = %q, want 24 hex digits", id)
	}
	if items[0]["likes"].(float64) != 7 {
		t.Errorf("likes = %v, want 7", items[0]["likes"])
	}
	// A Space without a creation date has no createdAt key at all; a
	// Space's own MongoID is used as its _id.
	if items[2]["_id"] != "fedcba9876543210fedcba98" {
		t.Errorf("gamma _id = %v", items[2]["_id"])
	}
	if _, ok := items[2]["createdAt"]; ok {
		t.Errorf("gamma has createdAt %v, want none", items[2]["createdAt"])
	}

	// Without author, Spaces of other owners are listed too.
	getJSON(t, s.URL+"/api/spaces", http.StatusOK, &items)
	if len(items) != 6 || items[0]["id"] != "Other/elsewhere" {
		t.Errorf("unfiltered listing = %v", ids(items))
	}
}

func TestListExpand(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	tests := []struct {
		query string
		want  []string
	}{
		{"expand=author&expand=sha", []string{"_id", "author", "id", "sha"}},
		{"expand[]=likes&expand[]=lastModified", []string{"_id", "id", "lastModified", "likes"}},
		{"expand=runtime&expand[]=cardData", []string{"_id", "cardData", "id", "runtime"}},
		{"expand=xetEnabled", []string{"_id", "id", "xetEnabled"}},
		{"full=true&expand=sdk", []string{"_id", "id", "sdk"}},
		{"full=true", []string{"_id", "author", "cardData", "createdAt", "datasets",
			"disabled", "gated", "host", "id", "lastModified", "likes", "models", "private",
			"region", "runtime", "sdk", "sha", "siblings", "subdomain", "tags",
			"trendingScore", "usedStorage"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var items []map[string]any
			getJSON(t, s.URL+"/api/spaces?author=Org&"+tt.query, http.StatusOK, &items)
			if got := keys(items[0]); !slices.Equal(got, tt.want) {
				t.Errorf("keys of %s = %v, want %v", items[0]["id"], got, tt.want)
			}
		})
	}

	t.Run("values", func(t *testing.T) {
		var items []map[string]any
		getJSON(t, s.URL+"/api/spaces?author=Org&full=true", http.StatusOK, &items)
		alpha := items[0]
		if got := alpha["cardData"].(map[string]any)["title"]; got != "Alpha <&>" {
			t.Errorf("cardData.title = %q", got)
		}
		const siblings = "[map[rfilename:README.md] map[rfilename:src/app.py]]"
		if got := alpha["siblings"]; fmt.Sprint(got) != siblings {
			t.Errorf("siblings = %v", got)
		}
		if got := alpha["subdomain"]; got != "org-alpha" {
			t.Errorf("subdomain = %v", got)
		}
		if got := alpha["lastModified"]; got != "2022-05-20T12:00:00.000Z" {
			t.Errorf("lastModified = %v", got)
		}
	})

	t.Run("unknown", func(t *testing.T) {
		queries := []string{"expand=bogus", "expand=likes&expand[]=gated", "expand=description"}
		for _, q := range queries {
			var body map[string]string
			resp := getJSON(t, s.URL+"/api/spaces?"+q, http.StatusBadRequest, &body)
			want := `"expand" must be one of [author, cardData, createdAt, datasets, disabled, ` +
				`lastModified, likes, models, private, region, resourceGroup, runtime, sdk, sha, ` +
				`siblings, subdomain, tags, trendingScore, usedStorage]`
			if body["error"] != want {
				t.Errorf("%s: error = %q, want %q", q, body["error"], want)
			}
			if got := resp.Header.Get("X-Error-Message"); got != want {
				t.Errorf("%s: X-Error-Message = %q", q, got)
			}
		}
	})
}

func TestListPagination(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{PageSize: 4})
	first := s.URL + "/api/spaces?author=Org&expand=likes&expand=sdk&expand%5B%5D=sha&limit=2"
	var got []string
	u := first
	for page := 0; u != ""; page++ {
		if page > 5 {
			t.Fatal("pagination does not end")
		}
		var items []map[string]any
		resp := getJSON(t, u, http.StatusOK, &items)
		if len(items) > 2 {
			t.Errorf("page %d holds %d items, want at most 2", page, len(items))
		}
		got = append(got, ids(items)...)
		next := nextLink(t, resp)
		if next != "" {
			// Every original parameter is kept, in order, with one cursor.
			prefix := first + "&cursor="
			if !strings.HasPrefix(next, prefix) || strings.Count(next, "cursor=") != 1 {
				t.Errorf("next link %q does not keep %q", next, prefix)
			}
		}
		u = next
	}
	want := []string{"Org/alpha", "Org/beta", "Org/gamma", "Org/off", "Org/hidden"}
	if !slices.Equal(got, want) {
		t.Errorf("pages hold %v, want %v", got, want)
	}

	// A limit above the page size is capped; a bad limit or cursor is 400.
	var items []map[string]any
	getJSON(t, s.URL+"/api/spaces?limit=100", http.StatusOK, &items)
	if len(items) != 4 {
		t.Errorf("limit=100 with PageSize 4 gave %d items", len(items))
	}
	for _, q := range []string{"limit=0", "limit=x", "cursor=%25%25"} {
		getJSON(t, s.URL+"/api/spaces?"+q, http.StatusBadRequest, nil)
	}
}

func TestListSortCreatedAt(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	var items []map[string]any
	getJSON(t, s.URL+"/api/spaces?author=Org&sort=createdAt", http.StatusOK, &items)
	// Newest first; gamma has no creation time and comes last.
	want := []string{"Org/off", "Org/hidden", "Org/beta", "Org/alpha", "Org/gamma"}
	if got := ids(items); !slices.Equal(got, want) {
		t.Errorf("sort=createdAt ids = %v, want %v", got, want)
	}

	// Equal creation times are ordered by _id, and pages resume after
	// both.
	ds := &hubtest.Dataset{Org: "Org"}
	for _, id := range []string{"b", "a", "c", "e", "d"} {
		ds.Spaces = append(ds.Spaces, hubtest.Space{ID: "Org/" + id, CreatedAt: day(16),
			MongoID: strings.Repeat(id, 24)})
	}
	ds.Spaces = append(ds.Spaces, hubtest.Space{ID: "Org/new", CreatedAt: day(17)})
	tied := start(t, ds, hubtest.Options{PageSize: 2})
	items, resps := collect(t, tied.URL+"/api/spaces?author=Org&sort=createdAt")
	want = []string{"Org/new", "Org/a", "Org/b", "Org/c", "Org/d", "Org/e"}
	if got := ids(items); !slices.Equal(got, want) || len(resps) != 3 {
		t.Errorf("tied pages = %v in %d pages, want %v in 3", got, len(resps), want)
	}

	// An unknown sort, or a cursor of another sort, is refused.
	getJSON(t, s.URL+"/api/spaces?sort=bogus", http.StatusBadRequest, nil)
	resp := getJSON(t, tied.URL+"/api/spaces?sort=likes&limit=1", http.StatusOK, nil)
	next := nextLink(t, resp)
	getJSON(t, strings.Replace(next, "sort=likes", "sort=createdAt", 1), http.StatusBadRequest, nil)
}

// TestListKeysetDrift likes a Space while a client pages through the
// listing: sorted by likes it jumps over the cursor and is never listed,
// sorted by creation time it is listed like every other.
func TestListKeysetDrift(t *testing.T) {
	for _, tt := range []struct {
		sort string
		want []string
	}{
		{"", []string{"Org/alpha", "Org/beta", "Org/off", "Org/hidden"}},
		{"&sort=createdAt", []string{"Org/off", "Org/hidden", "Org/beta", "Org/alpha",
			"Org/gamma"}},
	} {
		s := start(t, fixture(), hubtest.Options{PageSize: 2})
		// Between the first page and the second, a Space gains likes.
		gainLikes := func(ds *hubtest.Dataset) {
			ds.Spaces[2].Likers = append(ds.Spaces[2].Likers,
				"x1", "x2", "x3", "x4", "x5", "x6", "x7")
		}
		s.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, Change: gainLikes})
		items, _ := collect(t, s.URL+"/api/spaces?author=Org"+tt.sort)
		if got := ids(items); !slices.Equal(got, tt.want) {
			t.Errorf("listing%s with gamma liked after the first page = %v, want %v",
				tt.sort, got, tt.want)
		}
		if got := len(s.Dataset().Spaces[2].Likers); got != 9 {
			t.Errorf("gamma has %d likers after the change, want 9", got)
		}
	}
}

func TestSpaceInfo(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	base := s.URL + "/api/spaces/Org/alpha"
	for _, rev := range []string{"", "/revision/main", "/revision/HEAD", "/revision/" + sha("e")} {
		var sp map[string]any
		getJSON(t, base+rev, http.StatusOK, &sp)
		if sp["id"] != "Org/alpha" || sp["sha"] != sha("e") || sp["likes"] != 7.0 {
			t.Errorf("GET %s = %v", rev, sp)
		}
		if _, ok := sp["runtime"].(map[string]any); !ok {
			t.Errorf("GET %s: no runtime object", rev)
		}
	}

	var sp map[string]any
	getJSON(t, base+"/revision/HEAD?expand=sdk&expand=likes", http.StatusOK, &sp)
	if got := keys(sp); !slices.Equal(got, []string{"_id", "id", "likes", "sdk"}) {
		t.Errorf("keys with expand = %v", got)
	}
	getJSON(t, s.URL+"/api/spaces/Org/gamma", http.StatusOK, &sp)
	for _, k := range []string{"createdAt", "lastModified", "runtime", "cardData"} {
		if _, ok := sp[k]; ok {
			t.Errorf("gamma has %s, want none", k)
		}
	}

	errs := []struct {
		path, code string
		status     int
	}{
		{"/api/spaces/Org/alpha/revision/refs%2Fpr%2F1", "RevisionNotFound", http.StatusNotFound},
		{"/api/spaces/Org/nope", "RepoNotFound", http.StatusNotFound},
		{"/api/spaces/Org/alpha?expand=bogus", "", http.StatusBadRequest},
		{"/api/spaces/Org/alpha/tree/main", "", http.StatusNotFound},
	}
	for _, e := range errs {
		var body map[string]string
		resp := getJSON(t, s.URL+e.path, e.status, &body)
		if got := resp.Header.Get("X-Error-Code"); got != e.code {
			t.Errorf("GET %s: X-Error-Code %q, want %q", e.path, got, e.code)
		}
		if body["error"] == "" {
			t.Errorf("GET %s: no error in body", e.path)
		}
	}
}

func TestRuntime(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	tests := []struct {
		space string
		want  string
	}{
		{"alpha", `{"stage":"RUNNING","hardware":{"current":"cpu-basic","requested":"cpu-basic"},` +
			`"storage":null,"gcTimeout":172800,"replicas":{"requested":1,"current":1},` +
			`"devMode":false,"domains":[{"domain":"org-alpha.hf.space","stage":"READY"}]}`},
		{"beta", `{"stage":"PAUSED","hardware":{"current":null,"requested":null},"storage":null,` +
			`"replicas":{"requested":1},` +
			`"domains":[{"domain":"org-beta.hf.space","stage":"READY"}]}`},
		{"off", `{"stage":"STOPPED","hardware":{"current":null,"requested":"cpu-basic"},` +
			`"storage":null,"gcTimeout":172800,"replicas":{"requested":1},"devMode":false,` +
			`"domains":[{"domain":"org-off.hf.space","stage":"READY"}]}`},
		{"gamma", `{}`},
	}
	for _, tt := range tests {
		resp, body := get(t, s.URL+"/api/spaces/Org/"+tt.space+"/runtime")
		if resp.StatusCode != http.StatusOK || string(body) != tt.want {
			t.Errorf("runtime of %s = %d %s\nwant %s", tt.space, resp.StatusCode, body, tt.want)
		}
	}
}

// collect follows the Link headers from u and returns every item.
func collect(t *testing.T, u string) ([]map[string]any, []*http.Response) {
	t.Helper()
	var all []map[string]any
	var resps []*http.Response
	for u != "" {
		if len(resps) > 100 {
			t.Fatal("pagination does not end")
		}
		var items []map[string]any
		resp := getJSON(t, u, http.StatusOK, &items)
		all = append(all, items...)
		resps = append(resps, resp)
		u = nextLink(t, resp)
	}
	return all, resps
}

func TestLikers(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{PageSize: 3})
	items, resps := collect(t, s.URL+"/api/spaces/Org/alpha/likers")
	if len(resps) != 3 {
		t.Errorf("7 likers at 3 a page took %d pages", len(resps))
	}
	var users []string
	for _, it := range items {
		if got := keys(it); !slices.Equal(got, []string{"avatarUrl", "fullname", "user"}) {
			t.Errorf("liker keys = %v", got)
		}
		users = append(users, it["user"].(string))
	}
	if want := []string{"u1", "u2", "u3", "u4", "u5", "u6", "u7"}; !slices.Equal(users, want) {
		t.Errorf("likers = %v, want %v", users, want)
	}
	items, resps = collect(t, s.URL+"/api/spaces/Org/alpha/likers?limit=2")
	if len(items) != 7 || len(resps) != 4 {
		t.Errorf("limit=2: %d likers in %d pages, want 7 in 4", len(items), len(resps))
	}
	items, _ = collect(t, s.URL+"/api/spaces/Org/gamma/likers")
	if len(items) != 2 {
		t.Errorf("gamma has %d likers, want 2", len(items))
	}
}

func TestCommits(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{PageSize: 2})
	items, resps := collect(t, s.URL+"/api/spaces/Org/alpha/commits/main")
	if len(items) != 5 || len(resps) != 3 {
		t.Fatalf("%d commits in %d pages, want 5 in 3", len(items), len(resps))
	}
	for _, r := range resps {
		if got := r.Header.Get("X-Total-Count"); got != "5" {
			t.Errorf("X-Total-Count = %q, want 5", got)
		}
	}
	first, last := items[0], items[4]
	wantKeys := []string{"authors", "date", "id", "message", "title"}
	if got := keys(first); !slices.Equal(got, wantKeys) {
		t.Errorf("commit keys = %v", got)
	}
	if first["id"] != sha("e") || first["date"] != "2022-05-20T12:00:00.000Z" {
		t.Errorf("newest commit = %v", first)
	}
	authors := first["authors"].([]any)
	if len(authors) != 2 || authors[1].(map[string]any)["user"] != "carol" {
		t.Errorf("co-authors = %v", authors)
	}
	if !strings.Contains(first["message"].(string), "Co-authored-by: carol") {
		t.Errorf("message = %q, want a Co-authored-by trailer", first["message"])
	}
	oldest := last["authors"].([]any)[0].(map[string]any)["user"]
	if last["title"] != "initial commit" || oldest != "system" {
		t.Errorf("oldest commit = %v", last)
	}

	// From an older commit, the history starts there.
	items, resps = collect(t, s.URL+"/api/spaces/Org/alpha/commits/"+sha("c"))
	if len(items) != 3 || resps[0].Header.Get("X-Total-Count") != "3" {
		t.Errorf("history from c: %d commits, total %s", len(items),
			resps[0].Header.Get("X-Total-Count"))
	}
	var body map[string]string
	resp := getJSON(t, s.URL+"/api/spaces/Org/alpha/commits/nope", http.StatusNotFound, &body)
	if resp.Header.Get("X-Error-Code") != "RevisionNotFound" {
		t.Errorf("unknown revision: X-Error-Code %q", resp.Header.Get("X-Error-Code"))
	}
	items, _ = collect(t, s.URL+"/api/spaces/Org/beta/commits/HEAD")
	if len(items) != 0 {
		t.Errorf("beta has %d commits, want 0", len(items))
	}
}

func TestResolve(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	base := s.URL + "/spaces/Org/alpha/resolve/"
	for _, rev := range []string{"main", "HEAD", sha("e")} {
		resp, body := get(t, base+rev+"/src/app.py")
		if resp.StatusCode != http.StatusOK || string(body) != "with gr.Blocks() as demo:\n" {
			t.Errorf("resolve at %s = %d %q", rev, resp.StatusCode, body)
		}
		if got := resp.Header.Get("X-Repo-Commit"); got != sha("e") {
			t.Errorf("X-Repo-Commit = %q", got)
		}
		if etag := resp.Header.Get("ETag"); !etagRE.MatchString(etag) {
			t.Errorf("ETag = %q", etag)
		}
	}

	// HEAD gives the length without the body; Range gives a part.
	resp, err := http.Head(base + "main/src/app.py")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := int64(len(fixture().Spaces[0].Files["src/app.py"])); resp.StatusCode != http.StatusOK ||
		resp.ContentLength != n {
		t.Errorf("HEAD = %d, length %d, want 200 and %d", resp.StatusCode, resp.ContentLength, n)
	}
	resp, body := get(t, base+"main/src/app.py", "Range", "bytes=0-3")
	if resp.StatusCode != http.StatusPartialContent || string(body) != "with" {
		t.Errorf("Range = %d %q", resp.StatusCode, body)
	}

	errs := []struct {
		path, code, msg string
		status          int
	}{
		{"/spaces/Org/alpha/resolve/main/app.py", "EntryNotFound", "Entry not found", 404},
		{"/spaces/Org/alpha/resolve/v2/src/app.py", "RevisionNotFound", "", 404},
		{"/spaces/Org/off/resolve/main/app.py", "", "Access to this resource is disabled.", 403},
		{"/spaces/Org/nope/resolve/main/app.py", "RepoNotFound", "", 404},
	}
	for _, e := range errs {
		var body map[string]string
		resp := getJSON(t, s.URL+e.path, e.status, &body)
		if got := resp.Header.Get("X-Error-Code"); got != e.code {
			t.Errorf("%s: X-Error-Code %q, want %q", e.path, got, e.code)
		}
		if e.msg != "" && (body["error"] != e.msg || resp.Header.Get("X-Error-Message") != e.msg) {
			t.Errorf("%s: error %q, X-Error-Message %q, want %q", e.path, body["error"],
				resp.Header.Get("X-Error-Message"), e.msg)
		}
	}
}

func TestMembers(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{PageSize: 2})
	items, resps := collect(t, s.URL+"/api/organizations/Org/members")
	if len(resps) != 3 {
		t.Errorf("5 members at 2 a page took %d pages", len(resps))
	}
	var users []string
	for _, it := range items {
		want := []string{"_id", "avatarUrl", "fullname", "isPro", "type", "user"}
		if got := keys(it); !slices.Equal(got, want) {
			t.Errorf("member keys = %v, want %v", got, want)
		}
		users = append(users, it["user"].(string))
	}
	if want := fixture().Members; !slices.Equal(users, want) {
		t.Errorf("members = %v, want %v", users, want)
	}
	getJSON(t, s.URL+"/api/organizations/Nope/members", http.StatusNotFound, nil)
}

func TestAuth(t *testing.T) {
	const token = "hf_secret"
	s := start(t, fixture(), hubtest.Options{Token: token})
	good := []string{"Authorization", "Bearer " + token}
	bad := []string{"Authorization", "Bearer hf_wrong"}

	// A wrong token is refused everywhere.
	for _, p := range []string{"/api/spaces", "/api/spaces/Org/alpha",
		"/spaces/Org/alpha/resolve/main/src/app.py", "/api/organizations/Org/members"} {
		var body map[string]string
		resp := getJSON(t, s.URL+p, http.StatusUnauthorized, &body, bad...)
		const msg = "Invalid credentials in Authorization header"
		if resp.Header.Get("X-Error-Message") != msg || body["error"] != msg {
			t.Errorf("%s with a bad token: %v %v", p, resp.Header, body)
		}
	}

	// Without a token, private Spaces are left out and look missing.
	var items []map[string]any
	getJSON(t, s.URL+"/api/spaces?author=Org", http.StatusOK, &items)
	if slices.Contains(ids(items), "Org/hidden") || len(items) != 4 {
		t.Errorf("anonymous listing = %v", ids(items))
	}
	for _, p := range []string{"/api/spaces/Org/hidden", "/api/spaces/Org/nope",
		"/api/spaces/Org/hidden/commits/main", "/spaces/Org/hidden/resolve/main/app.py"} {
		resp := getJSON(t, s.URL+p, http.StatusUnauthorized, nil)
		if resp.Header.Get("X-Error-Code") != "RepoNotFound" {
			t.Errorf("anonymous %s: X-Error-Code %q", p, resp.Header.Get("X-Error-Code"))
		}
	}
	getJSON(t, s.URL+"/api/spaces/Org/alpha", http.StatusOK, nil)

	// With the token, everything is visible and a missing Space is 404.
	getJSON(t, s.URL+"/api/spaces?author=Org", http.StatusOK, &items, good...)
	if len(items) != 5 {
		t.Errorf("member listing = %v", ids(items))
	}
	getJSON(t, s.URL+"/api/spaces/Org/hidden", http.StatusOK, nil, good...)
	getJSON(t, s.URL+"/api/spaces/Org/nope", http.StatusNotFound, nil, good...)
	resp, _ := get(t, s.URL+"/spaces/Org/hidden/resolve/main/app.py", good...)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("member resolve of a private Space: %d", resp.StatusCode)
	}

	// The log keeps what each request sent.
	log := s.Log()
	if got := log[0].Authorization; got != "Bearer hf_wrong" {
		t.Errorf("first logged Authorization = %q", got)
	}
}

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestRateLimit(t *testing.T) {
	clk := &clock{now: day(20)}
	s := start(t, fixture(), hubtest.Options{
		Quota: 3, ResolverQuota: 2, Window: time.Minute, Now: clk.Now,
	})
	api := s.URL + "/api/spaces/Org/alpha"
	resolve := s.URL + "/spaces/Org/alpha/resolve/main/src/app.py"

	check := func(u string, status int, limit, policy string) {
		t.Helper()
		resp, body := get(t, u)
		if resp.StatusCode != status {
			t.Errorf("GET %s: status %d, want %d (%s)", u, resp.StatusCode, status, body)
		}
		if got := resp.Header.Get("RateLimit"); got != limit {
			t.Errorf("GET %s: RateLimit %q, want %q", u, got, limit)
		}
		if got := resp.Header.Get("RateLimit-Policy"); got != policy {
			t.Errorf("GET %s: RateLimit-Policy %q, want %q", u, got, policy)
		}
		if resp.Header.Get("Retry-After") != "" {
			t.Errorf("GET %s: Retry-After sent without a fault", u)
		}
	}
	apiPolicy := `"fixed window";"api";q=3;w=60`
	resPolicy := `"fixed window";"resolvers";q=2;w=60`
	check(api, 200, `"api";r=2;t=60`, apiPolicy)
	clk.Add(1500 * time.Millisecond) // 58.5 s left: rounded up
	check(api, 200, `"api";r=1;t=59`, apiPolicy)
	check(resolve, 200, `"resolvers";r=1;t=59`, resPolicy)
	check(s.URL+"/api/spaces/Org/nope", 404, `"api";r=0;t=59`, apiPolicy)
	check(api, 429, `"api";r=0;t=59`, apiPolicy)
	check(resolve, 200, `"resolvers";r=0;t=59`, resPolicy)
	check(resolve, 429, `"resolvers";r=0;t=59`, resPolicy)
	if got := s.TooMany(); got != 2 {
		t.Errorf("TooMany = %d, want 2", got)
	}
	if got := s.Requests(hubtest.RouteSpace); got != 4 {
		t.Errorf("Requests(space) = %d, want 4 (the refused one included)", got)
	}

	// A new window refills the buckets.
	clk.Add(time.Minute)
	check(api, 200, `"api";r=2;t=59`, apiPolicy)

	// Rounded down, t undercounts the time left by up to a second, and
	// is 0 in the window's last second.
	clk = &clock{now: day(20)}
	down := start(t, fixture(), hubtest.Options{Quota: 3, Window: time.Minute, Now: clk.Now,
		RoundResetDown: true})
	api = down.URL + "/api/spaces/Org/alpha"
	clk.Add(1500 * time.Millisecond) // 58.5 s left
	check(api, 200, `"api";r=2;t=58`, apiPolicy)
	clk.Add(58 * time.Second) // 0.5 s left
	check(api, 200, `"api";r=1;t=0`, apiPolicy)

	// Without quotas there are no headers.
	plain := start(t, fixture(), hubtest.Options{})
	resp, _ := get(t, plain.URL+"/api/spaces")
	if resp.Header.Get("RateLimit") != "" || resp.Header.Get("RateLimit-Policy") != "" {
		t.Errorf("unlimited server sent %v", resp.Header)
	}
}

func TestFaults(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{Window: 2 * time.Second})
	space := s.URL + "/api/spaces/Org/alpha"

	// A status fault, twice, then the normal answer.
	s.Inject(hubtest.Fault{Route: hubtest.RouteSpace, Times: 2, Status: 503, RetryAfter: 7})
	for range 2 {
		var body map[string]string
		resp := getJSON(t, space, http.StatusServiceUnavailable, &body)
		if resp.Header.Get("Retry-After") != "7" || body["error"] == "" {
			t.Errorf("503 fault: headers %v, body %v", resp.Header, body)
		}
	}
	getJSON(t, space, http.StatusOK, nil)

	// A 429 fault says the bucket is empty.
	s.Inject(hubtest.Fault{Route: hubtest.RouteSpace, Times: 1, Status: 429, RetryAfter: 1})
	resp := getJSON(t, space, http.StatusTooManyRequests, nil)
	if got := resp.Header.Get("RateLimit"); !emptyRE.MatchString(got) {
		t.Errorf("429 fault: RateLimit %q", got)
	}
	if s.TooMany() != 1 {
		t.Errorf("TooMany = %d, want 1", s.TooMany())
	}

	// A fault for one Space leaves the others alone, every time.
	s.Inject(hubtest.Fault{Space: "Org/beta", Status: 500})
	for range 3 {
		getJSON(t, s.URL+"/api/spaces/Org/beta/likers", http.StatusInternalServerError, nil)
	}
	getJSON(t, s.URL+"/api/spaces/Org/alpha/likers", http.StatusOK, nil)
	s.ClearFaults()
	getJSON(t, s.URL+"/api/spaces/Org/beta/likers", http.StatusOK, nil)

	// A malformed body is 200 but not JSON.
	s.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, Malformed: true})
	resp, body := get(t, s.URL+"/api/spaces")
	if resp.StatusCode != 200 || json.Valid(body) {
		t.Errorf("malformed fault: %d %q", resp.StatusCode, body)
	}

	// A truncated body ends before its Content-Length.
	s.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, Truncate: true})
	r, err := http.Get(s.URL + "/api/spaces")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncate fault: status %d, read error %v, want 200 and unexpected EOF",
			r.StatusCode, err)
	}
	if log := s.Log(); log[len(log)-1].Status != 200 {
		t.Errorf("truncated request logged with status %d", log[len(log)-1].Status)
	}
	getJSON(t, s.URL+"/api/spaces", http.StatusOK, nil)
}

func TestPaginationFaults(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{PageSize: 2})
	list := s.URL + "/api/spaces?author=Org&expand=likes&limit=2"

	const foreign = "http://other.example:81"
	s.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, ForeignNext: foreign + "/"})
	resp := getJSON(t, list, http.StatusOK, nil)
	want := foreign + "/api/spaces?author=Org&expand=likes&limit=2&cursor="
	if got := nextLink(t, resp); !strings.HasPrefix(got, want) {
		t.Errorf("foreign next = %q", got)
	}

	s.Inject(hubtest.Fault{Route: hubtest.RouteList, Times: 1, RepeatNext: true})
	resp = getJSON(t, list, http.StatusOK, nil)
	if got := nextLink(t, resp); got != list {
		t.Errorf("repeated next = %q, want %q", got, list)
	}

	// On a last page, the fault still sends a Link.
	s.Inject(hubtest.Fault{Route: hubtest.RouteLikers, Times: 1, RepeatNext: true})
	u := s.URL + "/api/spaces/Org/gamma/likers"
	if got := nextLink(t, getJSON(t, u, http.StatusOK, nil)); got != u {
		t.Errorf("repeated next on a last page = %q", got)
	}
	// A pagination fault does not apply to a route without pages, so it
	// is not used up there.
	s.Inject(hubtest.Fault{Times: 1, RepeatNext: true})
	getJSON(t, s.URL+"/api/spaces/Org/alpha", http.StatusOK, nil)
	if got := nextLink(t, getJSON(t, u, http.StatusOK, nil)); got != u {
		t.Errorf("pagination fault after a details request: next = %q", got)
	}
	if nextLink(t, getJSON(t, u, http.StatusOK, nil)) != "" {
		t.Error("fault applied more than Times")
	}
}

func TestCounters(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	paths := []string{
		"/api/spaces?author=Org",
		"/api/spaces/Org/alpha",
		"/api/spaces/Org/alpha/revision/main",
		"/api/spaces/Org/alpha/runtime",
		"/api/spaces/Org/alpha/likers",
		"/api/spaces/Org/alpha/commits/main",
		"/spaces/Org/alpha/resolve/main/src/app.py",
		"/spaces/Org/beta/resolve/main/app.py",
		"/api/organizations/Org/members",
		"/favicon.ico",
	}
	for _, p := range paths {
		get(t, s.URL+p, "Authorization", "Bearer x")
	}
	want := map[hubtest.Route]int{
		hubtest.RouteList: 1, hubtest.RouteSpace: 2, hubtest.RouteRuntime: 1,
		hubtest.RouteLikers: 1, hubtest.RouteCommits: 1, hubtest.RouteResolve: 2,
		hubtest.RouteMembers: 1, hubtest.RouteUnknown: 1,
	}
	for r, n := range want {
		if got := s.Requests(r); got != n {
			t.Errorf("Requests(%s) = %d, want %d", r, got, n)
		}
	}
	if s.RequestsFor("Org/alpha") != 6 || s.RequestsFor("Org/beta") != 1 || s.Total() != 10 {
		t.Errorf("RequestsFor(alpha) = %d, RequestsFor(beta) = %d, Total = %d; want 6, 1, 10",
			s.RequestsFor("Org/alpha"), s.RequestsFor("Org/beta"), s.Total())
	}
	log := s.Log()
	if len(log) != len(paths) {
		t.Fatalf("log holds %d requests, want %d", len(log), len(paths))
	}
	wantFirst := hubtest.Request{Route: hubtest.RouteList, Method: "GET", Path: "/api/spaces",
		RawQuery: "author=Org", Authorization: "Bearer x", Status: 200}
	if log[0] != wantFirst {
		t.Errorf("log[0] = %+v, want %+v", log[0], wantFirst)
	}
	if log[7].Space != "Org/beta" || log[7].Status != 404 || log[9].Route != hubtest.RouteUnknown {
		t.Errorf("log[7] = %+v, log[9] = %+v", log[7], log[9])
	}
	s.ResetCounters()
	if s.Total() != 0 || len(s.Log()) != 0 || s.Requests(hubtest.RouteSpace) != 0 ||
		s.RequestsFor("Org/alpha") != 0 || s.MaxInFlight() != 0 {
		t.Error("ResetCounters left counts behind")
	}
}

// waitFor polls cond until it holds; the test's deadline bounds it.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestMaxInFlightAndLatency(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{Latency: time.Minute})
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet,
				fmt.Sprintf("%s/api/spaces/Org/alpha?n=%d", s.URL, i), nil)
			if resp, err := http.DefaultClient.Do(req); err == nil {
				resp.Body.Close()
				t.Error("a request waiting a minute was answered")
			}
		})
	}
	// Every request is in flight (logged, unanswered) until cancelled;
	// Close then waits for the handlers to end.
	waitFor(t, "5 requests in flight", func() bool { return len(s.Log()) == 5 })
	cancel()
	wg.Wait()
	s.Close()
	for _, r := range s.Log() {
		if r.Status != 0 {
			t.Errorf("cancelled request logged with status %d", r.Status)
		}
	}
	if got := s.MaxInFlight(); got != 5 {
		t.Errorf("MaxInFlight = %d, want 5", got)
	}
}

func TestCloseEndsWaitingRequests(t *testing.T) {
	s := hubtest.NewServer(fixture(), hubtest.Options{})
	s.Inject(hubtest.Fault{Route: hubtest.RouteRuntime, Latency: time.Hour})
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL + "/api/spaces/Org/alpha/runtime")
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	waitFor(t, "the request to arrive", func() bool { return s.Total() == 1 })
	s.Close()
	if err := <-errc; err == nil {
		t.Error("request answered although the server closed")
	}
	s.Close() // a second Close is harmless
}

func TestUpdate(t *testing.T) {
	ds := fixture()
	s := start(t, ds, hubtest.Options{})
	ds.Spaces[0].Likers = nil // the server holds its own copy
	s.Update(func(d *hubtest.Dataset) {
		d.Spaces[1].Likers = append(d.Spaces[1].Likers, "x1", "x2", "x3", "x4", "x5", "x6")
		d.Spaces[0].Card["title"] = "Alpha 2"
		d.Spaces = append(d.Spaces, hubtest.Space{ID: "Org/delta", SDK: "gradio"})
	})
	var items []map[string]any
	getJSON(t, s.URL+"/api/spaces?author=Org&expand=likes&expand=cardData", http.StatusOK, &items)
	if got := ids(items)[:2]; !slices.Equal(got, []string{"Org/beta", "Org/alpha"}) {
		t.Errorf("order after Update = %v", got)
	}
	if len(items) != 6 || items[1]["cardData"].(map[string]any)["title"] != "Alpha 2" {
		t.Errorf("listing after Update = %v", items)
	}
	if got := s.Dataset().Spaces[0].Card["title"]; got != "Alpha 2" {
		t.Errorf("Dataset() title = %v", got)
	}
}

// TestConcurrentUse runs requests, updates, faults and counter reads at
// once, for the race detector.
func TestConcurrentUse(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{Quota: 1000, PageSize: 2})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for j := range 10 {
				p := []string{"/api/spaces", "/api/spaces/Org/alpha/likers",
					"/spaces/Org/alpha/resolve/main/src/app.py"}[(i+j)%3]
				resp, err := http.Get(s.URL + p)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			s.Update(func(d *hubtest.Dataset) {
				d.Spaces[0].Likers = append(d.Spaces[0].Likers, fmt.Sprint(i))
			})
			s.Inject(hubtest.Fault{Times: 1, Status: 500})
			_ = s.Log()
			_ = s.Total() + s.MaxInFlight() + s.TooMany()
		}
	})
	wg.Wait()
	if s.Total() != 80 {
		t.Errorf("Total = %d, want 80", s.Total())
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	s := start(t, fixture(), hubtest.Options{})
	for _, p := range []string{"/", "/api/spaces/", "/api/spaces/Org",
		"/api/spaces/Org/alpha/x/y/z", "/spaces/Org/alpha/resolve/main",
		"/api/spaces/Org%2Falpha"} {
		resp, _ := get(t, s.URL+p)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
	resp, err := http.Post(s.URL+"/api/spaces", "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST = %d, want 405", resp.StatusCode)
	}
	// A revision with an escaped slash stays one segment.
	resp, _ = get(t, s.URL+"/api/spaces/Org/alpha/commits/refs%2Fpr%2F1")
	code := resp.Header.Get("X-Error-Code")
	if resp.StatusCode != http.StatusNotFound || code != "RevisionNotFound" {
		t.Errorf("escaped revision: %d %q", resp.StatusCode, resp.Header.Get("X-Error-Code"))
	}
}
