package collect

import (
	"fmt"
	"net/url"
	"strings"
)

// nextLink returns the target of the first link whose relation types
// include "next" in the given Link header values (RFC 8288), or "" when
// there is none. It reads what it can of a malformed header and never
// fails: a link it cannot read is a link it does not follow.
func nextLink(values []string) string {
	for _, v := range values {
		if target, ok := scanLinks(v); ok {
			return target
		}
	}
	return ""
}

// scanLinks walks the comma-separated link-values of one header value and
// returns the first target with rel "next".
func scanLinks(s string) (string, bool) {
	for i := 0; i < len(s); {
		// Skip separators between link-values.
		if s[i] == ',' || isSpace(s[i]) {
			i++
			continue
		}
		if s[i] != '<' {
			i = skipValue(s, i)
			continue
		}
		end := strings.IndexByte(s[i+1:], '>')
		if end < 0 {
			return "", false
		}
		target := strings.TrimSpace(s[i+1 : i+1+end])
		rel, next := scanParams(s, i+end+2)
		if hasRelation(rel, "next") && target != "" {
			return target, true
		}
		i = next
	}
	return "", false
}

// scanParams reads the ";"-separated parameters of one link-value starting
// at i. It returns the first rel parameter's value and the index just past
// the link-value.
func scanParams(s string, i int) (rel string, next int) {
	seenRel := false
	for {
		i = skipSpace(s, i)
		if i >= len(s) || s[i] == ',' {
			return rel, i
		}
		if s[i] != ';' {
			return rel, skipValue(s, i)
		}
		i = skipSpace(s, i+1)
		start := i
		for i < len(s) && !strings.ContainsRune("=;, \t", rune(s[i])) {
			i++
		}
		name := s[start:i]
		var value string
		i = skipSpace(s, i)
		if i < len(s) && s[i] == '=' {
			value, i = scanValue(s, skipSpace(s, i+1))
		}
		// RFC 8288 says to ignore every rel after the first.
		if strings.EqualFold(name, "rel") && !seenRel {
			rel, seenRel = value, true
		}
	}
}

// scanValue reads a token or a quoted-string at i and returns it unquoted
// with the index just past it.
func scanValue(s string, i int) (string, int) {
	if i < len(s) && s[i] == '"' {
		value, end, _ := readQuoted(s, i)
		return value, end
	}
	start := i
	for i < len(s) && !strings.ContainsRune(";, \t", rune(s[i])) {
		i++
	}
	return s[start:i], i
}

// skipValue returns the index of the next comma at i or after that is not
// inside a quoted string or angle brackets: the end of a malformed
// link-value.
func skipValue(s string, i int) int {
	inAngle := false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' && !inAngle:
			end, _ := quotedEnd(s, i)
			i = end - 1
		case c == '<':
			inAngle = true
		case c == '>':
			inAngle = false
		case c == ',' && !inAngle:
			return i
		}
	}
	return i
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// hasRelation reports whether the space-separated relation types in rel
// include want, compared case-insensitively as RFC 8288 requires.
func hasRelation(rel, want string) bool {
	for _, r := range strings.Fields(rel) {
		if strings.EqualFold(r, want) {
			return true
		}
	}
	return false
}

// resolveNext turns a next link into the URL to fetch. A relative link is
// resolved against the page it came from. The result must have the
// endpoint's scheme, host and port and no user info: anything else would
// send the token to a host it does not belong to.
func resolveNext(endpoint, page *url.URL, link string) (*url.URL, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return nil, fmt.Errorf("reading next link %q: %w", link, err)
	}
	next := page.ResolveReference(ref)
	if next.User != nil || !sameOrigin(endpoint, next) {
		return nil, fmt.Errorf("next link %s: %w %s",
			redact(next), ErrForeignLink, origin(endpoint))
	}
	return next, nil
}

// sameOrigin reports whether a and b share scheme, host and port, with
// the scheme's default port filled in.
func sameOrigin(a, b *url.URL) bool {
	return origin(a) == origin(b)
}

// origin returns "scheme://host:port" in lower case, with the default
// port of http and https made explicit.
func origin(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "http":
			port = "80"
		case "https":
			port = "443"
		}
	}
	return scheme + "://" + strings.ToLower(u.Hostname()) + ":" + port
}

// redact returns u as a string without any user info, for messages.
func redact(u *url.URL) string {
	c := *u
	c.User = nil
	return c.String()
}
