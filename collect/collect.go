// Package collect collects an organization's Spaces from the Hugging Face
// Hub into a [Snapshot]: the listing, and for each Space its commit
// authors, its likers and whether its app file builds a gradio Blocks
// app. It is polite (requests are paced by the Hub's RateLimit headers
// and retried with backoff), complete (a Space that fails is kept with its
// error) and frugal (no request the rules do not need, and nothing that an
// earlier snapshot already knows).
package collect

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/sourcegraph/conc/pool"
)

// Page sizes asked for. The Hub serves up to about 1000 items per page,
// and official clients ask for 500 Spaces; but the listing expands every
// Space's siblings and card, which can make a page of 500 several MiB, so
// it asks for 100. Up to 1000 commits a page is allowed.
const (
	listPageSize   = 100
	commitPageSize = 1000
	// maxPages stops a listing whose next links never end.
	maxPages = 10000
)

// listSort is the listing's sort key (hub-api §1.1). The listing pages
// with a keyset cursor on the sort key and _id (§1.2), and the default
// keys (likes, trendingScore) change while we page, so that a Space can
// move across the cursor and never be listed. A creation time never
// changes, and _id breaks its ties (every Space created before the Hub
// stored creation times shares one).
const listSort = "createdAt"

// Collect lists the Spaces of opts.Org and fetches, for each, what judging
// needs, with at most opts.Concurrency Spaces in flight.
//
// A failed listing fails the run. A Space whose details fail after
// retries is kept in the snapshot with its Error set, and the others
// go on; a failure to fetch the members sets MembersError. If ctx ends,
// Collect returns ctx.Err() and no snapshot.
func Collect(ctx context.Context, opts Options) (*Snapshot, error) {
	o, endpoint, err := opts.normalize()
	if err != nil {
		return nil, fmt.Errorf("collect options: %w", err)
	}
	c := &collector{
		opts:     o,
		endpoint: endpoint,
		client:   newClient(o, endpoint),
		prev:     map[string]*Space{},
	}
	for _, sdk := range o.AppSDKs {
		c.sdks = append(c.sdks, strings.ToLower(sdk))
	}
	if o.Previous != nil {
		for i := range o.Previous.Spaces {
			sp := &o.Previous.Spaces[i]
			c.prev[sp.ID] = sp
		}
	}
	defer c.client.close()
	return c.run(ctx)
}

// A collector holds one run's state.
type collector struct {
	opts     *Options
	endpoint *url.URL
	client   *client
	sdks     []string
	// prev indexes Options.Previous by Space ID.
	prev map[string]*Space
}

func (c *collector) run(ctx context.Context) (*Snapshot, error) {
	log := c.opts.Logger.With("org", c.opts.Org)
	snap := &Snapshot{
		Schema:      SchemaVersion,
		CollectedAt: c.opts.Now().UTC(),
		Endpoint:    c.opts.Endpoint,
		Org:         c.opts.Org,
	}

	// List the Spaces: without the list there is nothing to judge.
	items, err := c.list(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing the spaces of %s: %w", c.opts.Org, err)
	}
	log.Info("listed spaces", "spaces", len(items))

	// Fetch the members if the rules need them; failing that is noted,
	// not fatal.
	if c.opts.Members {
		snap.Members, err = c.members(ctx)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err != nil {
			snap.MembersError = c.client.clean(err.Error())
			log.Warn("members not collected", "error", snap.MembersError)
		}
	}

	// Fetch each Space's details in a bounded pool.
	snap.Spaces, err = c.detailAll(ctx, items)
	if err != nil {
		return nil, err
	}
	if failed := len(snap.Failed()); failed > 0 {
		log.Warn("some spaces not collected", "failed", failed, "spaces", len(snap.Spaces))
	}
	return snap, nil
}

// list fetches every page of the listing and decodes its items, sorted by
// ID. An item that repeats an ID already listed (in any case: the Hub's
// IDs are case-insensitive) is dropped.
func (c *collector) list(ctx context.Context) ([]listed, error) {
	u := c.endpoint.JoinPath("api", "spaces")
	u.RawQuery = url.Values{
		"author": {c.opts.Org},
		"sort":   {listSort},
		"limit":  {strconv.Itoa(listPageSize)},
		"expand": listExpand,
	}.Encode()
	var items []listed
	seen := map[string]bool{}
	err := c.pages(ctx, "", u, func(page []json.RawMessage) error {
		for _, raw := range page {
			it := decodeListed(raw, len(items))
			key := strings.ToLower(it.Space.ID)
			if seen[key] {
				c.opts.Logger.Warn("space listed twice", "space", it.Space.ID)
				continue
			}
			seen[key] = true
			items = append(items, it)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(items, func(a, b listed) int { return cmp.Compare(a.Space.ID, b.Space.ID) })
	return items, nil
}

// pages fetches first and every page its Link headers lead to, and hands
// each page's items to each. It refuses a next link that repeats a page or
// leaves the endpoint. space names the Space the pages are about, for
// logs ("" for org-level lists).
func (c *collector) pages(ctx context.Context, space string, first *url.URL,
	each func([]json.RawMessage) error) error {
	seen := map[string]bool{}
	for u := first; ; {
		switch {
		case seen[u.String()]:
			return fmt.Errorf("after %s: %w", redact(u), ErrLinkLoop)
		case len(seen) == maxPages:
			return fmt.Errorf("more than %d pages at %s", maxPages, redact(first))
		}
		seen[u.String()] = true
		var page []json.RawMessage
		resp, err := c.client.get(ctx, request{
			URL: u, Space: space, Limit: maxJSONBody,
			Decode: func(b []byte) error { page = nil; return json.Unmarshal(b, &page) },
		})
		if err != nil {
			return err
		}
		if err := each(page); err != nil {
			return err
		}
		link := nextLink(resp.Header.Values("Link"))
		if link == "" {
			return nil
		}
		if u, err = resolveNext(c.endpoint, u, link); err != nil {
			return err
		}
	}
}

// detailAll fetches the details of every listed Space, Concurrency at a
// time. Each task fills its own slot of the result, so the order of items
// (sorted by ID) is kept.
func (c *collector) detailAll(ctx context.Context, items []listed) ([]Space, error) {
	spaces := make([]Space, len(items))
	var done atomic.Int64
	p := pool.New().WithContext(ctx).WithMaxGoroutines(c.opts.Concurrency)
	for i := range items {
		// Go blocks while the pool is full and does not watch ctx.
		if ctx.Err() != nil {
			break
		}
		p.Go(func(ctx context.Context) error {
			spaces[i] = c.detail(ctx, &items[i])
			if c.opts.Progress != nil {
				c.opts.Progress(int(done.Add(1)), len(items))
			}
			return nil
		})
	}
	_ = p.Wait() // tasks record their failures in their Space
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return spaces, nil
}

// detail returns the listed Space with its details, or with Error set when
// they could not be fetched.
func (c *collector) detail(ctx context.Context, it *listed) Space {
	sp := it.Space
	if it.Err == nil {
		it.Err = c.fill(ctx, &sp, it)
	}
	if it.Err != nil && ctx.Err() == nil {
		sp.Error = c.client.clean(it.Err.Error())
		c.opts.Logger.Warn("space not collected", "space", sp.ID, "error", sp.Error)
	}
	return sp
}

// fill fetches what sp needs beyond the listing, reusing what the previous
// snapshot knows, and stops at the first failure.
func (c *collector) fill(ctx context.Context, sp *Space, it *listed) error {
	var err error
	// Authors change only with a new commit, so the same SHA keeps them.
	if old := c.unchanged(sp); old != nil {
		sp.Authors = slices.Clone(old.Authors)
	} else if sp.Authors, err = c.authors(ctx, sp); err != nil {
		return fmt.Errorf("fetching the commits of %s: %w", sp.ID, err)
	}

	// Likers are asked for only when the rules need them and there are
	// likes, and again only when the count or the disabled flag changed.
	switch old := c.knownLikers(sp); {
	case !c.opts.Likers || sp.Likes == 0:
	case old != nil:
		sp.Likers = slices.Clone(old.Likers)
	default:
		if sp.Likers, err = c.likers(ctx, sp); err != nil {
			return fmt.Errorf("fetching the likers of %s: %w", sp.ID, err)
		}
	}

	if sp.App, err = c.app(ctx, sp, it.AppFile, it.Files); err != nil {
		return fmt.Errorf("fetching the app file of %s: %w", sp.ID, err)
	}
	return nil
}

// unchanged returns the previous record of sp if it can stand in for
// fetching sp's commits and app file: collected without error, at the
// same SHA, with the same disabled flag.
func (c *collector) unchanged(sp *Space) *Space {
	old, ok := c.prev[sp.ID]
	if !ok || old.Error != "" || sp.SHA == "" || old.SHA != sp.SHA || old.Disabled != sp.Disabled {
		return nil
	}
	return old
}

// knownLikers returns the previous record of sp if its likers can stand in
// for fetching them: collected without error, with the same like count and
// disabled flag, and with likers (a liked Space without any was collected
// without asking for them, or the Hub listed none; asking again is cheap).
func (c *collector) knownLikers(sp *Space) *Space {
	old, ok := c.prev[sp.ID]
	if !ok || old.Error != "" || old.Likes != sp.Likes || old.Disabled != sp.Disabled ||
		(old.Likers == nil && !old.Disabled) {
		return nil
	}
	return old
}

// refused reports whether err is the Hub refusing access to a disabled
// Space: a 403 that says so, or any 403 about a Space that the listing
// says is disabled, since the Hub's wording of the refusal may vary. A
// refusal is a fact about the Space, not a failure.
func refused(err error, sp *Space) bool {
	return errors.Is(err, ErrDisabled) || (sp.Disabled && errors.Is(err, ErrForbidden))
}

// revision is what sp's commits and files are read at: its SHA, so that
// they match the SHA recorded, or main when the Hub gave none.
func revision(sp *Space) string {
	return cmp.Or(sp.SHA, "main")
}

// authors returns the distinct commit authors of sp, sorted. When the
// Hub refuses access because the Space is disabled (see refused), there
// are no authors to know, and that is not an error.
func (c *collector) authors(ctx context.Context, sp *Space) ([]string, error) {
	owner, name, _ := strings.Cut(sp.ID, "/")
	u := c.endpoint.JoinPath("api", "spaces", owner, name, "commits", revision(sp))
	u.RawQuery = "limit=" + strconv.Itoa(commitPageSize)
	var authors []string
	err := c.pages(ctx, sp.ID, u, func(page []json.RawMessage) error {
		for _, raw := range page {
			var cm wireCommit
			if err := json.Unmarshal(raw, &cm); err != nil {
				return fmt.Errorf("%w: commit: %w", ErrBadResponse, err)
			}
			for _, a := range cm.Authors {
				if a.User != "" {
					authors = append(authors, string(a.User))
				}
			}
		}
		return nil
	})
	if refused(err, sp) {
		c.opts.Logger.Warn("commits not readable", "space", sp.ID,
			"error", c.client.clean(err.Error()))
		return nil, nil
	}
	return sortedUnique(authors), err
}

// likers returns the usernames of the people who liked sp, sorted, and
// none when the Hub refuses access because sp is disabled.
func (c *collector) likers(ctx context.Context, sp *Space) ([]string, error) {
	owner, name, _ := strings.Cut(sp.ID, "/")
	users, err := c.users(ctx, sp.ID, c.endpoint.JoinPath("api", "spaces", owner, name, "likers"))
	if refused(err, sp) {
		c.opts.Logger.Warn("likers not readable", "space", sp.ID,
			"error", c.client.clean(err.Error()))
		return nil, nil
	}
	return users, err
}

// members returns the usernames of the organization's members, sorted.
func (c *collector) members(ctx context.Context) ([]string, error) {
	u := c.endpoint.JoinPath("api", "organizations", c.opts.Org, "members")
	users, err := c.users(ctx, "", u)
	if err == nil && len(users) == 0 {
		// An organization always has a member; an empty list means the
		// Hub showed us none, and the snapshot could not tell it from
		// members not requested.
		err = errors.New("the Hub listed none")
	}
	if err != nil {
		return nil, fmt.Errorf("fetching the members of %s: %w", c.opts.Org, err)
	}
	return users, nil
}

// users reads a paginated list of users into sorted, distinct usernames.
func (c *collector) users(ctx context.Context, space string, u *url.URL) ([]string, error) {
	var names []string
	err := c.pages(ctx, space, u, func(page []json.RawMessage) error {
		for _, raw := range page {
			var w wireUser
			if err := json.Unmarshal(raw, &w); err != nil {
				return fmt.Errorf("%w: user: %w", ErrBadResponse, err)
			}
			if w.User != "" {
				names = append(names, string(w.User))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sortedUnique(names), nil
}

// app checks sp's app file when its SDK is one the rules look at. A
// disabled Space is not read; a missing file or a refused one is a fact
// recorded in the check, not an error. An app file that builds no Blocks
// itself is followed into the Space's own modules that it imports.
func (c *collector) app(ctx context.Context, sp *Space, file string,
	files map[string]bool) (*AppCheck, error) {
	switch {
	case !slices.Contains(c.sdks, strings.ToLower(sp.SDK)):
		return nil, nil
	case sp.Disabled:
		return &AppCheck{File: file,
			Evidence: "the Space is disabled; its app file was not read"}, nil
	}
	if old := c.unchanged(sp); old != nil && old.App != nil && old.App.File == file {
		check := *old.App
		return &check, nil
	}
	body, truncated, missing, err := c.file(ctx, sp, file)
	switch {
	case err != nil:
		return nil, err
	case missing != "":
		return &AppCheck{File: file, Evidence: missing}, nil
	}
	check, modules := scanApp(file, body, truncated)
	if check.Blocks {
		return check, nil
	}
	return check, c.followImports(ctx, sp, check, modules, files)
}

// maxModules caps how many imported modules of a Space are requested to
// find its Blocks app.
const maxModules = 3

// followImports looks for the Blocks call in the modules of the Space
// that the app file imports (one level deep, at most maxModules of them),
// and updates check when it finds one. Only modules listed among the
// Space's files are read, so imports of installed packages cost nothing.
func (c *collector) followImports(ctx context.Context, sp *Space, check *AppCheck,
	modules []string, files map[string]bool) error {
	var read []string
	for i, mod := range localModules(check.File, modules, files) {
		if i == maxModules {
			break
		}
		body, truncated, missing, err := c.file(ctx, sp, mod)
		if err != nil {
			return fmt.Errorf("reading %s, which %s imports: %w", mod, check.File, err)
		}
		if missing != "" {
			continue
		}
		read = append(read, mod)
		if sub, _ := scanApp(mod, body, truncated); sub.Blocks {
			check.Blocks, check.Line, check.Source = true, sub.Line, mod
			check.Evidence = sub.Evidence
			return nil
		}
	}
	if len(read) > 0 {
		check.Evidence += "; nor in " + strings.Join(read, ", ")
	}
	return nil
}

// localModules maps imported module names to the files of the Space that
// would provide them, next to the app file as Python resolves a script's
// imports, keeping the order of the imports.
func localModules(appFile string, modules []string, files map[string]bool) []string {
	var paths []string
	dir := path.Dir(appFile)
	for _, m := range modules {
		rel := strings.ReplaceAll(m, ".", "/")
		for _, cand := range []string{rel + ".py", rel + "/__init__.py"} {
			p, ok := repoPath(path.Join(dir, cand))
			if ok && files[p] && p != appFile && !slices.Contains(paths, p) {
				paths = append(paths, p)
			}
		}
	}
	return paths
}

// file reads a file of sp at its revision, up to maxAppFile bytes. A file
// that does not exist, or that the Hub refuses because the Space is
// disabled, is not an error: missing then says why there is no content.
func (c *collector) file(ctx context.Context, sp *Space, file string) (
	body []byte, truncated bool, missing string, err error) {
	owner, name, _ := strings.Cut(sp.ID, "/")
	elems := []string{"spaces", owner, name, "resolve", revision(sp)}
	elems = append(elems, strings.Split(file, "/")...)
	resp, err := c.client.get(ctx, request{
		URL: c.endpoint.JoinPath(elems...), Space: sp.ID, Limit: maxAppFile,
	})
	var he *HTTPError
	switch {
	case err == nil:
		return resp.Body, resp.Truncated, "", nil
	case errors.As(err, &he) && he.Status == 404 && he.Code == "EntryNotFound":
		return nil, false, fmt.Sprintf("%s does not exist at %s", file, revision(sp)), nil
	case refused(err, sp):
		msg := disabledMessage
		if errors.As(err, &he) && he.Message != "" {
			msg = he.Message
		}
		return nil, false, "the Hub refuses access: " + msg, nil
	}
	return nil, false, "", err
}

// sortedUnique sorts names and drops repeats.
func sortedUnique(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}
