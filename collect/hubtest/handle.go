package hubtest

import (
	"cmp"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
)

// Error messages the Hub sends, which clients match on.
const (
	msgBadToken      = "Invalid credentials in Authorization header"
	msgAnonymous     = "Invalid username or password."
	msgRepoNotFound  = "Repository not found"
	msgEntryNotFound = "Entry not found"
	msgDisabled      = "Access to this resource is disabled."
)

// call holds what the handlers of one request share.
type call struct {
	s     *Server
	ix    *index
	w     *response
	r     *http.Request
	q     url.Values
	t     target
	fault *Fault
	// member is true when the caller sees private Spaces.
	member bool
	// anonymous is true when tokens are checked and none was sent.
	anonymous bool
}

// handle answers a request from the dataset, into resp. f is the fault that
// decides the answer, if any; handlers only look at its pagination effects.
func (s *Server) handle(resp *response, r *http.Request, t target, f *Fault) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		resp.header.Set("Allow", "GET, HEAD")
		resp.writeError(http.StatusMethodNotAllowed, "", "method not allowed")
		return
	}
	c := &call{s: s, w: resp, r: r, t: t, fault: f}
	if !c.authenticate() {
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		resp.writeError(http.StatusBadRequest, "", "invalid query string")
		return
	}
	c.q = q
	s.dataMu.RLock()
	defer s.dataMu.RUnlock()
	c.ix = s.ix
	c.dispatch()
}

// dispatch calls the handler of the request's route.
func (c *call) dispatch() {
	switch c.t.route {
	case RouteList:
		c.list()
	case RouteSpace:
		c.info()
	case RouteRuntime:
		c.runtime()
	case RouteLikers:
		c.likers()
	case RouteCommits:
		c.commits()
	case RouteResolve:
		c.resolve()
	case RouteMembers:
		c.members()
	default:
		c.w.writeError(http.StatusNotFound, "",
			"Sorry, we can't find the page you are looking for.")
	}
}

// authenticate checks the Authorization header when the server checks
// tokens, answering 401 for a wrong token. It reports whether the request
// may go on.
func (c *call) authenticate() bool {
	token := c.s.opts.Token
	if token == "" {
		c.member = true
		return true
	}
	auth := c.r.Header.Get("Authorization")
	if auth == "" {
		c.anonymous = true
		return true
	}
	scheme, got, _ := strings.Cut(auth, " ")
	if strings.EqualFold(scheme, "Bearer") && got == token {
		c.member = true
		return true
	}
	c.w.writeError(http.StatusUnauthorized, "", msgBadToken)
	return false
}

// space returns the Space the request is about, or answers as the Hub does
// for a Space the caller cannot see (401 without credentials, 404 with
// them) and returns nil.
func (c *call) space() *Space {
	sp := c.ix.byID[c.t.space]
	if sp != nil && (!sp.Private || c.member) {
		return sp
	}
	if c.anonymous {
		c.w.writeError(http.StatusUnauthorized, "RepoNotFound", msgAnonymous)
	} else {
		c.w.writeError(http.StatusNotFound, "RepoNotFound", msgRepoNotFound)
	}
	return nil
}

// knownRevision reports whether the request's revision names the head of
// sp, answering 404 RevisionNotFound when it does not. A request without a
// revision is at the head.
func (c *call) knownRevision(sp *Space) bool {
	if !c.t.hasRev || isHead(sp, c.t.rev) {
		return true
	}
	c.revisionNotFound()
	return false
}

// isHead reports whether rev names the head of sp's main branch.
func isHead(sp *Space, rev string) bool {
	return rev == "main" || rev == "HEAD" || (sp.SHA != "" && rev == sp.SHA)
}

// revisionNotFound answers 404 for an unknown revision.
func (c *call) revisionNotFound() {
	c.w.writeError(http.StatusNotFound, "RevisionNotFound", "Invalid rev id: "+c.t.rev)
}

// list answers GET /api/spaces.
func (c *call) list() {
	sel, ok := c.selection(defaultListKeys)
	if !ok {
		return
	}
	limit, ok := c.limit()
	if !ok {
		return
	}
	key, ok := c.sortKey()
	if !ok {
		return
	}
	cur, ok := c.cursor()
	if !ok {
		return
	}
	if !key.fits(cur) {
		c.w.writeError(http.StatusBadRequest, "", "invalid cursor: not from this sort")
		return
	}
	var page []object
	var last *Space
	more := false
	for _, sp := range key.order(c.ix) {
		if !c.listed(sp) || !key.after(c.ix, sp, cur) {
			continue
		}
		if len(page) == limit {
			more = true
			break
		}
		page = append(page, c.spaceObject(sp, sel))
		last = sp
	}
	next := ""
	if more {
		next = key.cursorAt(c.ix, last).encode()
	}
	c.setNext(next)
	c.w.writeJSON(http.StatusOK, nonNil(page))
}

// A listSort is a sort the listing honours. Both are descending, as the
// Hub's sorts always are, with ties in ascending _id order, and page by a
// keyset cursor on (key, _id): a Space whose key changes while a client
// pages can move across the cursor, and is then listed twice or never,
// as on the Hub.
type listSort string

// The sorts of the listing. Without a sort parameter the listing is
// sorted by likes.
const (
	sortLikes     listSort = "likes"
	sortCreatedAt listSort = "createdAt"
)

// sortKey returns the request's sort, or answers 400 and returns false for
// one the server does not honour.
func (c *call) sortKey() (listSort, bool) {
	switch s := listSort(c.q.Get("sort")); s {
	case "", sortLikes:
		return sortLikes, true
	case sortCreatedAt:
		return s, true
	}
	c.w.writeError(http.StatusBadRequest, "", `"sort" must be one of [likes, createdAt]`)
	return "", false
}

// order returns every Space in the sort's order.
func (s listSort) order(ix *index) []*Space {
	if s == sortCreatedAt {
		return ix.byCreated
	}
	return ix.order
}

// fits reports whether cur is the start or a cursor of this sort.
func (s listSort) fits(cur cursor) bool {
	switch {
	case cur == (cursor{}):
		return true
	case s == sortCreatedAt:
		return cur.CreatedAt != nil && cur.Likes == nil && cur.Offset == nil
	}
	return cur.Likes != nil && cur.CreatedAt == nil && cur.Offset == nil
}

// cursorAt returns the cursor of the page that follows sp.
func (s listSort) cursorAt(ix *index, sp *Space) cursor {
	cur := cursor{ID: ix.mongoID[sp.ID]}
	if s == sortCreatedAt {
		created := sp.CreatedAt
		cur.CreatedAt = &created
	} else {
		likes := len(sp.Likers)
		cur.Likes = &likes
	}
	return cur
}

// after reports whether sp comes after the cursor in the sort's order.
func (s listSort) after(ix *index, sp *Space, cur cursor) bool {
	var c int
	switch {
	case s == sortCreatedAt && cur.CreatedAt != nil:
		c = cur.CreatedAt.Compare(sp.CreatedAt)
	case s == sortLikes && cur.Likes != nil:
		c = cmp.Compare(*cur.Likes, len(sp.Likers))
	default:
		return true // no cursor: the first page
	}
	return c > 0 || (c == 0 && ix.mongoID[sp.ID] > cur.ID)
}

// listed reports whether sp belongs in the listing the request asks for.
func (c *call) listed(sp *Space) bool {
	if sp.Private && !c.member {
		return false
	}
	if a := c.q.Get("author"); a != "" && owner(sp.ID) != a {
		return false
	}
	search := strings.ToLower(c.q.Get("search"))
	return search == "" || strings.Contains(strings.ToLower(sp.ID), search)
}

// info answers GET /api/spaces/{owner}/{name}[/revision/{rev}].
func (c *call) info() {
	sel, ok := c.selection(fullKeys)
	if !ok {
		return
	}
	sp := c.space()
	if sp == nil || !c.knownRevision(sp) {
		return
	}
	c.w.writeJSON(http.StatusOK, c.spaceObject(sp, sel))
}

// runtime answers GET /api/spaces/{owner}/{name}/runtime. A Space without
// a stage gets an empty object.
func (c *call) runtime() {
	sp := c.space()
	if sp == nil {
		return
	}
	if sp.Stage == "" {
		c.w.writeJSON(http.StatusOK, object{})
		return
	}
	c.w.writeJSON(http.StatusOK, runtimeObject(sp))
}

// likers answers GET /api/spaces/{owner}/{name}/likers.
func (c *call) likers() {
	sp := c.space()
	if sp == nil {
		return
	}
	start, end, next, ok := c.offsetPage(len(sp.Likers))
	if !ok {
		return
	}
	items := make([]object, 0, end-start)
	for _, u := range sp.Likers[start:end] {
		items = append(items, object{
			{"user", u}, {"fullname", fullName(u)}, {"avatarUrl", avatarURL(u)},
		})
	}
	c.setNext(next)
	c.w.writeJSON(http.StatusOK, items)
}

// commits answers GET /api/spaces/{owner}/{name}/commits/{rev}: the history
// from rev down, newest first. rev may be main, HEAD, the head sha or any
// commit of the history.
func (c *call) commits() {
	sp := c.space()
	if sp == nil {
		return
	}
	from := -1
	if isHead(sp, c.t.rev) {
		from = 0
	}
	for i := 0; from < 0 && i < len(sp.Commits); i++ {
		if sp.Commits[i].ID == c.t.rev {
			from = i
		}
	}
	if from < 0 {
		c.revisionNotFound()
		return
	}
	history := sp.Commits[from:]
	start, end, next, ok := c.offsetPage(len(history))
	if !ok {
		return
	}
	items := make([]object, 0, end-start)
	for _, cm := range history[start:end] {
		items = append(items, commitObject(cm))
	}
	c.w.header.Set("X-Total-Count", strconv.Itoa(len(history)))
	c.setNext(next)
	c.w.writeJSON(http.StatusOK, items)
}

// members answers GET /api/organizations/{org}/members.
func (c *call) members() {
	if c.t.org != c.ix.ds.Org || c.ix.ds.Org == "" {
		c.w.writeError(http.StatusNotFound, "", "Organization not found")
		return
	}
	all := c.ix.ds.Members
	start, end, next, ok := c.offsetPage(len(all))
	if !ok {
		return
	}
	items := make([]object, 0, end-start)
	for _, u := range all[start:end] {
		items = append(items, object{
			{"_id", userMongoID(u)}, {"user", u}, {"fullname", fullName(u)},
			{"avatarUrl", avatarURL(u)}, {"isPro", false}, {"type", "user"},
		})
	}
	c.setNext(next)
	c.w.writeJSON(http.StatusOK, items)
}

// resolve answers GET /spaces/{owner}/{name}/resolve/{rev}/{path}: the
// file's content with its ETag and the commit it was read at. Range and
// conditional requests are honoured.
func (c *call) resolve() {
	sp := c.space()
	if sp == nil {
		return
	}
	if sp.Disabled {
		c.w.writeError(http.StatusForbidden, "", msgDisabled)
		return
	}
	if !c.knownRevision(sp) {
		return
	}
	content, ok := sp.Files[c.t.file]
	if !ok {
		c.w.writeError(http.StatusNotFound, "EntryNotFound", msgEntryNotFound)
		return
	}
	h := c.w.header
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("ETag", `"`+blobID(content)+`"`)
	h.Set("X-Repo-Commit", sp.SHA)
	// Render the body for HEAD too: send sets Content-Length from it and
	// net/http drops the body of an answer to HEAD.
	r := c.r
	if r.Method == http.MethodHead {
		r = r.Clone(r.Context())
		r.Method = http.MethodGet
	}
	http.ServeContent(c.w, r, path.Base(c.t.file), sp.LastModified,
		strings.NewReader(content))
}

// nonNil returns an empty slice for nil, so that an empty list is sent as
// [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
