package hubtest

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// cursor is the decoded form of the opaque cursor of a next link. The
// listing resumes after a key, (likes, _id) or (createdAt, _id) as it is
// sorted, as the Hub's cursors do; the other lists resume at an offset.
type cursor struct {
	Likes     *int       `json:"likes,omitempty"`
	CreatedAt *time.Time `json:"createdAt,omitempty"`
	ID        string     `json:"_id,omitempty"`
	Offset    *int       `json:"offset,omitempty"`
}

// encode returns the cursor as it appears in a URL before query escaping.
func (c cursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.StdEncoding.EncodeToString(b)
}

// decodeCursor parses the cursor parameter; an empty one gives the zero
// cursor, which starts at the beginning.
func decodeCursor(s string) (cursor, error) {
	var c cursor
	if s == "" {
		return c, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return c, fmt.Errorf("invalid cursor: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("invalid cursor: %w", err)
	}
	return c, nil
}

// limit returns the page size a request asks for, capped at the server's
// page size. It answers 400 and returns false for a limit that is not a
// positive integer.
func (c *call) limit() (int, bool) {
	v := c.q.Get("limit")
	if v == "" {
		return c.s.pageSize, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		c.w.writeError(http.StatusBadRequest, "", `"limit" must be a positive integer`)
		return 0, false
	}
	return min(n, c.s.pageSize), true
}

// cursor returns the request's decoded cursor, or answers 400 and returns
// false when it cannot be decoded.
func (c *call) cursor() (cursor, bool) {
	cur, err := decodeCursor(c.q.Get("cursor"))
	if err != nil {
		c.w.writeError(http.StatusBadRequest, "", err.Error())
		return cur, false
	}
	return cur, true
}

// offsetPage returns the bounds of the page of an n-item list that the
// request asks for, with the cursor of the next page ("" on the last one).
// It answers 400 and returns false on a bad limit or cursor.
func (c *call) offsetPage(n int) (start, end int, next string, ok bool) {
	limit, ok := c.limit()
	if !ok {
		return 0, 0, "", false
	}
	cur, ok := c.cursor()
	if !ok {
		return 0, 0, "", false
	}
	if cur.Offset != nil {
		start = min(max(*cur.Offset, 0), n)
	}
	end = min(start+limit, n)
	if end < n {
		next = cursor{Offset: &end}.encode()
	}
	return start, end, next, true
}

// setNext sends the Link header that points at the next page, whose cursor
// is next; an empty next means this is the last page and no Link is sent,
// unless a fault asks for a misleading one.
func (c *call) setNext(next string) {
	u := c.nextURL(c.s.URL, next)
	switch {
	case c.fault != nil && c.fault.RepeatNext:
		u = c.s.URL + c.r.URL.RequestURI()
	case c.fault != nil && c.fault.ForeignNext != "":
		u = c.nextURL(strings.TrimSuffix(c.fault.ForeignNext, "/"), next)
	case next == "":
		return
	}
	c.w.header.Set("Link", "<"+u+">; rel=\"next\"")
}

// nextURL returns the absolute URL of the page at cursor next: the
// request's path and every query parameter as received (repeated ones
// included, in their order), with the cursor parameter replaced. An empty
// next keeps the query as it is.
func (c *call) nextURL(base, next string) string {
	var params []string
	for _, p := range strings.Split(c.r.URL.RawQuery, "&") {
		key, _, _ := strings.Cut(p, "=")
		k, err := url.QueryUnescape(key)
		if p == "" || (next != "" && err == nil && k == "cursor") {
			continue
		}
		params = append(params, p)
	}
	if next != "" {
		params = append(params, "cursor="+url.QueryEscape(next))
	}
	u := base + c.r.URL.EscapedPath()
	if len(params) > 0 {
		u += "?" + strings.Join(params, "&")
	}
	return u
}
