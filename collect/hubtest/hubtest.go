// Package hubtest runs a fake Hugging Face Hub for tests, benchmarks and
// demonstrations, in the manner of net/http/httptest: a real HTTP server on
// the loopback interface that serves one [Dataset] with the Hub's routes,
// response shapes, pagination, error bodies and rate-limit headers.
//
// The routes served are:
//
//	GET /api/spaces                                  list (author, search, sort, limit,
//	                                                 expand, full, cursor)
//	GET /api/spaces/{owner}/{name}                   one Space
//	GET /api/spaces/{owner}/{name}/revision/{rev}    one Space at main, HEAD or its sha
//	GET /api/spaces/{owner}/{name}/runtime           the runtime object alone
//	GET /api/spaces/{owner}/{name}/likers            paginated likers
//	GET /api/spaces/{owner}/{name}/commits/{rev}     paginated commits, newest first
//	GET /spaces/{owner}/{name}/resolve/{rev}/{path}  a file's content
//	GET /api/organizations/{org}/members             paginated members
//
// HEAD is accepted wherever GET is. Lists are paginated with an absolute
// Link header (rel="next") that keeps every query parameter of the request
// and carries an opaque cursor. The listing is sorted by likes, or by
// creation time with sort=createdAt, both descending, and its cursor is a
// keyset on the sort key and _id, as the Hub's is: with sort=likes a
// Space liked between two pages can jump over the cursor and go unlisted,
// while creation times never change. Each response carries the RateLimit and
// RateLimit-Policy headers of its bucket when that bucket has a quota.
//
// Errors carry the Hub's JSON body {"error": "..."} with its X-Error-Code
// and X-Error-Message headers: RepoNotFound for a Space the caller cannot
// see (404, or 401 for a caller without a token when tokens are checked),
// RevisionNotFound and EntryNotFound (404), 403 for the files of a disabled
// Space, 401 for a wrong token, and 400 for a bad expand, limit or cursor.
//
// A [Server] counts the requests it receives, keeps a log of them, and can
// be told to misbehave with [Fault]s: error statuses, delays, cut
// connections, bodies that are not JSON, pagination links that loop or
// leave the server, and data that changes between two requests.
//
// [Demo] returns a built-in organization modelled on the Gradio Blocks
// Party of May 2022, with [DemoVotes] and [DemoPicks] to judge it with. The
// three files are produced by internal/gendemo; run go generate in this
// package to rebuild them.
package hubtest

import "time"

// Dataset is what the fake Hub serves: one organization, its members and
// its Spaces.
type Dataset struct {
	// Org is the organization's name, as in "Gradio-Blocks".
	Org string `json:"org"`
	// Members are the usernames of the organization's members, in the
	// order the members route lists them.
	Members []string `json:"members"`
	// Spaces are every Space the Hub knows. Spaces whose owner is not Org
	// are served too, but an author=Org listing leaves them out.
	Spaces []Space `json:"spaces"`
}

// Space is one Space as the fake Hub stores it. The JSON the server sends
// is derived from it: for instance likes is len(Likers) and siblings are
// the keys of Files.
type Space struct {
	// ID is "owner/name".
	ID string `json:"id"`
	// MongoID is the Hub's internal id (24 hex digits), sent as "_id".
	// When empty, the server derives one from CreatedAt and ID, so it is
	// stable from run to run. Listing pages resume after an _id, so ids
	// must be unique.
	MongoID string `json:"mongo_id,omitempty"`
	// SHA is the head commit of the main branch (40 hex digits).
	SHA string `json:"sha"`
	// CreatedAt is when the Space was created. When it is zero, createdAt
	// is left out of every response, as for malformed data.
	CreatedAt time.Time `json:"created_at,omitzero"`
	// LastModified is the date of the last commit; zero leaves
	// lastModified out of every response.
	LastModified time.Time `json:"last_modified,omitzero"`
	// Private hides the Space from callers without a valid token when the
	// server checks tokens (see [Options.Token]).
	Private bool `json:"private,omitempty"`
	// Disabled makes file downloads answer 403, as the Hub does for a
	// Space disabled by its moderators.
	Disabled bool `json:"disabled,omitempty"`
	// SDK is "gradio", "streamlit", "static", "docker" or empty.
	SDK string `json:"sdk,omitempty"`
	// Stage is the runtime stage ("RUNNING", "BUILD_ERROR", ...). When it
	// is empty the Space has no runtime object.
	Stage string `json:"stage,omitempty"`
	// Likers are the usernames of the people who liked the Space, in the
	// order the likers route lists them; likes is their number.
	Likers []string `json:"likers,omitempty"`
	// Card is the README's YAML front matter as the Hub sends it in
	// cardData (title, app_file, duplicated_from, sdk, ...). A nil Card
	// leaves cardData out.
	Card map[string]any `json:"card,omitempty"`
	// Files maps each path in the repository at SHA to its content.
	Files map[string]string `json:"files,omitempty"`
	// Commits is the history of the main branch, newest first.
	Commits []Commit `json:"commits,omitempty"`
	// Tags are the Space's tags, as in ["gradio", "region:us"].
	Tags []string `json:"tags,omitempty"`
}

// Commit is one commit of a Space's history.
type Commit struct {
	// ID is the commit's sha (40 hex digits).
	ID string `json:"id"`
	// Title is the first line of the commit message.
	Title string `json:"title"`
	// Authors are the usernames of the commit's authors; co-authors follow
	// the first author.
	Authors []string `json:"authors"`
	// Date is when the commit was made.
	Date time.Time `json:"date"`
}

// Route names a kind of request the server answers, for counting requests
// and aiming faults.
type Route string

// These are the routes of the fake Hub.
const (
	// RouteList is GET /api/spaces.
	RouteList Route = "list"
	// RouteSpace is GET /api/spaces/{owner}/{name}, with or without
	// /revision/{rev}.
	RouteSpace Route = "space"
	// RouteRuntime is GET /api/spaces/{owner}/{name}/runtime.
	RouteRuntime Route = "runtime"
	// RouteCommits is GET /api/spaces/{owner}/{name}/commits/{rev}.
	RouteCommits Route = "commits"
	// RouteLikers is GET /api/spaces/{owner}/{name}/likers.
	RouteLikers Route = "likers"
	// RouteResolve is GET /spaces/{owner}/{name}/resolve/{rev}/{path}.
	RouteResolve Route = "resolve"
	// RouteMembers is GET /api/organizations/{org}/members.
	RouteMembers Route = "members"
	// RouteUnknown is any other path; it is answered 404.
	RouteUnknown Route = "unknown"
)

// Request records one request the server received.
type Request struct {
	// Route is the route the path matched, RouteUnknown if none.
	Route Route
	// Space is the "owner/name" the request was about, empty for the list,
	// members and unknown routes.
	Space string
	// Method is the HTTP method.
	Method string
	// Path is the escaped path, as received.
	Path string
	// RawQuery is the query string, as received, without "?".
	RawQuery string
	// Authorization is the Authorization header, as received.
	Authorization string
	// Status is the status sent; it is 0 while the request is in flight
	// and when the client went away before an answer was written.
	Status int
}

// Options configures a [Server]. The zero value serves everything at once,
// without rate limits, faults or token checks.
type Options struct {
	// Quota is how many requests the "api" bucket (every /api/ path)
	// admits per window. 0 means unlimited, and then the api responses
	// carry no RateLimit headers.
	Quota int
	// ResolverQuota is the same for the "resolvers" bucket (every
	// /resolve/ path).
	ResolverQuota int
	// Window is the length of the fixed rate-limit windows; windows start
	// when the server starts. Zero means 300 seconds, as on the Hub. The
	// headers count seconds, rounded up, so a window under a second is
	// announced as one second.
	Window time.Duration
	// RoundResetDown makes the RateLimit header's t (the seconds until
	// the window resets) round down instead of up, as a Hub that
	// truncates might: the window then ends up to a second after
	// received + t, and a client that trusts t to the second starts the
	// next window early and is refused. w is still rounded up.
	RoundResetDown bool
	// Now, if set, is the clock of the rate-limit windows, so that tests
	// can move time without sleeping. It defaults to time.Now.
	Now func() time.Time
	// Latency is added to every response. A request whose context ends
	// while it waits is dropped without an answer.
	Latency time.Duration
	// PageSize is the most items one page of any list holds. Zero means
	// 1000. A request's limit parameter is honoured up to PageSize.
	PageSize int
	// Token, when set, turns on the Hub's token checks: a request whose
	// Authorization header is not "Bearer " + Token gets 401 with
	// X-Error-Message "Invalid credentials in Authorization header"; a
	// request without the header does not see private Spaces (they are
	// left out of listings and answer 401, like missing ones). A request
	// with the right token sees everything, as an org member would. When
	// Token is empty nothing is checked and everything is visible.
	Token string
}

// Fault makes the server misbehave on the requests it matches. A request
// matches when its route is Route (any route when Route is empty) and it is
// about Space (any Space when Space is empty). Faults are tried in the order
// they were injected: each matching fault that only adds Latency or a
// Change applies, and the first matching fault with any other effect
// decides the answer.
// A fault is used up after it has applied Times times.
type Fault struct {
	// Route limits the fault to one route; empty means every route.
	Route Route
	// Space limits the fault to requests about one Space ("owner/name");
	// empty means any request.
	Space string
	// Times is how many requests the fault applies to; 0 means every
	// matching request, as for a Space that always fails.
	Times int
	// Status, when not 0, is sent with a JSON error body ({"error": ...})
	// instead of the normal answer. With 429 the RateLimit header says
	// r=0, as when a quota is exhausted.
	Status int
	// RetryAfter, when not 0, is sent as a Retry-After header, in seconds.
	// The Hub sends it with 429 and 503 answers.
	RetryAfter int
	// Latency is a delay added before the answer.
	Latency time.Duration
	// Truncate sends the normal status, headers and Content-Length with
	// only the first half of the body, then closes the connection.
	Truncate bool
	// Malformed sends status 200 with a body that is not valid JSON: the
	// first half of the normal body followed by an HTML fragment.
	Malformed bool
	// ForeignNext makes the Link next URL of a paginated answer point at
	// this other base URL (scheme and host, as in "http://127.0.0.1:1"),
	// keeping the path and query. The Link is sent even on a last page.
	ForeignNext string
	// RepeatNext makes the Link next URL of a paginated answer repeat the
	// URL of the request itself, so that a client following it loops.
	RepeatNext bool
	// Change, when set, is applied to the served dataset (as by
	// [Server.Update]) after the answer is built and before it is sent,
	// so that the client's next request finds the Hub changed: a Space
	// liked while a client pages through the listing, say. Like Latency,
	// it applies alongside the fault that decides the answer.
	Change func(*Dataset)
}
