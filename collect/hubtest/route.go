package hubtest

import (
	"net/url"
	"strings"
)

// Rate-limit buckets, named as in the Hub's RateLimit headers.
const (
	bucketAPI       = "api"
	bucketResolvers = "resolvers"
)

// target is what a request path asks for.
type target struct {
	route Route
	// space is "owner/name" for the routes about one Space.
	space string
	// org is the organization of the members route.
	org string
	// rev is the revision named in the path, unescaped; hasRev tells an
	// empty revision from none.
	rev    string
	hasRev bool
	// file is the file path of the resolve route, unescaped.
	file string
	// bucket is the rate-limit bucket the path counts against, empty for
	// paths that have none.
	bucket string
}

// parseTarget matches an escaped request path against the routes. It works
// on the escaped form because a revision may hold an escaped "/" (as in
// refs%2Fpr%2F1) that must not split it.
func parseTarget(escaped string) target {
	t := target{route: RouteUnknown}
	switch {
	case strings.HasPrefix(escaped, "/api/"):
		t.bucket = bucketAPI
	case strings.Contains(escaped, "/resolve/"):
		t.bucket = bucketResolvers
	}
	raw := strings.Split(strings.TrimPrefix(escaped, "/"), "/")
	segs := make([]string, len(raw))
	for i, r := range raw {
		s, err := url.PathUnescape(r)
		if err != nil || s == "" {
			return t
		}
		segs[i] = s
	}
	switch {
	case len(segs) >= 2 && segs[0] == "api" && segs[1] == "spaces":
		t.matchAPISpaces(segs[2:])
	case len(segs) >= 6 && segs[0] == "spaces" && segs[3] == "resolve":
		t.route = RouteResolve
		t.space = segs[1] + "/" + segs[2]
		t.rev, t.hasRev = segs[4], true
		t.file = strings.Join(segs[5:], "/")
	case len(segs) == 4 && segs[0] == "api" && segs[1] == "organizations" &&
		segs[3] == "members":
		t.route = RouteMembers
		t.org = segs[2]
	}
	return t
}

// matchAPISpaces matches the segments that follow /api/spaces.
func (t *target) matchAPISpaces(segs []string) {
	if len(segs) == 0 {
		t.route = RouteList
		return
	}
	if len(segs) < 2 {
		return
	}
	id, rest := segs[0]+"/"+segs[1], segs[2:]
	switch {
	case len(rest) == 0:
		t.route = RouteSpace
	case len(rest) == 2 && rest[0] == "revision":
		t.route = RouteSpace
		t.rev, t.hasRev = rest[1], true
	case len(rest) == 1 && rest[0] == "runtime":
		t.route = RouteRuntime
	case len(rest) == 1 && rest[0] == "likers":
		t.route = RouteLikers
	case len(rest) == 2 && rest[0] == "commits":
		t.route = RouteCommits
		t.rev, t.hasRev = rest[1], true
	default:
		return
	}
	t.space = id
}
