package score

import (
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// normUser returns the canonical form of a Hub username as people write it:
// trimmed and lowercased, without a leading "@", and taken from the path of
// a profile URL ("https://huggingface.co/alice") when one is given. Hub
// usernames are case-insensitive, so every comparison of people uses it.
func normUser(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "@")
	if host, path, ok := splitURL(s); ok && hubHosts[host] {
		path = strings.Trim(path, "/")
		if path != "" && !strings.Contains(path, "/") {
			return path
		}
	}
	return s
}

// hubHosts are the hosts whose URLs name Spaces and people on the Hub,
// besides the snapshot's own endpoint.
var hubHosts = map[string]bool{"huggingface.co": true, "hf.co": true}

// splitURL splits a lowercased URL, with or without its scheme, into its
// host (without "www.") and path, dropping any query and fragment. It
// reports false when s does not look like a URL.
func splitURL(s string) (host, path string, ok bool) {
	if !strings.Contains(s, "://") {
		first, _, _ := strings.Cut(s, "/")
		if !strings.Contains(first, ".") || !strings.Contains(s, "/") {
			return "", "", false
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return "", "", false
	}
	return strings.TrimPrefix(u.Hostname(), "www."), u.Path, true
}

// A resolver matches the ways people name a Space (an id, a bare name, a
// Hub URL) to the Spaces of the snapshot, case-insensitively.
type resolver struct {
	hosts map[string]bool
	// exact holds the ids as the Hub spells them, the way most people
	// copy them, so that most lookups need no lowercased copy.
	exact  map[string]int
	byID   map[string]int
	byName map[string]int // -1 when two owners share the name
}

// newResolver indexes ids, which are "owner/name"; endpoint is the Hub base
// URL whose Space URLs are recognised besides huggingface.co and hf.co.
func newResolver(ids []string, endpoint string) *resolver {
	r := &resolver{
		hosts:  map[string]bool{},
		exact:  make(map[string]int, len(ids)),
		byID:   make(map[string]int, len(ids)),
		byName: make(map[string]int, len(ids)),
	}
	for h := range hubHosts {
		r.hosts[h] = true
	}
	if host, _, ok := splitURL(strings.ToLower(endpoint)); ok {
		r.hosts[host] = true
	}
	for i, id := range ids {
		r.exact[id] = i
		key := strings.ToLower(id)
		r.byID[key] = i
		_, name, _ := strings.Cut(key, "/")
		if _, dup := r.byName[name]; dup {
			r.byName[name] = -1
			continue
		}
		r.byName[name] = i
	}
	return r
}

// These are the reasons resolve can fail.
var (
	errNoSpace        = errors.New("no Space given")
	errUnknownSpace   = errors.New("no such Space in the organization")
	errAmbiguousSpace = errors.New("the name is shared by Spaces of several owners; give the id")
	errForeignURL     = errors.New("not a Space URL on the Hub")
)

// resolve returns the index of the Space that s names.
func (r *resolver) resolve(s string) (int, error) {
	if i, ok := r.exact[s]; ok {
		return i, nil
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, errNoSpace
	}
	if host, path, ok := splitURL(s); ok {
		return r.resolveURL(host, path)
	}
	if strings.Contains(s, "/") {
		return r.lookup(r.byID, strings.TrimSuffix(s, "/"))
	}
	return r.lookup(r.byName, s)
}

// resolveURL resolves "https://host/spaces/owner/name[/...]".
func (r *resolver) resolveURL(host, path string) (int, error) {
	if !r.hosts[host] {
		return 0, errForeignURL
	}
	seg := strings.Split(strings.Trim(path, "/"), "/")
	if len(seg) < 3 || seg[0] != "spaces" {
		return 0, errForeignURL
	}
	return r.lookup(r.byID, seg[1]+"/"+seg[2])
}

func (r *resolver) lookup(m map[string]int, key string) (int, error) {
	i, ok := m[key]
	switch {
	case !ok:
		return 0, errUnknownSpace
	case i < 0:
		return 0, errAmbiguousSpace
	}
	return i, nil
}

// timeLayouts are the timestamp layouts ballots may use, tried in order.
// Only year-first layouts are accepted: in "05/06/2022" the day and the
// month cannot be told apart, and guessing would misdate ballots silently.
// A layout without a zone is read as UTC.
var timeLayouts = append([]string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
}, zonelessLayouts...)

// zonelessLayouts are the layouts of timeLayouts that name no zone.
var zonelessLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02 3:04:05 PM",
}

// errBadTime explains which timestamps are understood.
var errBadTime = errors.New("not a readable time " +
	"(use RFC 3339, or 2006-01-02 15:04:05 or 2006/01/02 15:04:05 in UTC)")

// parseTime reads a ballot timestamp in one of timeLayouts, optionally
// followed by a zone named UTC or GMT with an offset ("GMT+2", as Google
// Forms writes it, or "UTC-05:30"), and returns it in UTC.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	layouts, offset := timeLayouts, 0
	if rest, off, ok := cutZone(s); ok {
		layouts, s, offset = zonelessLayouts, rest, off
	}
	// Most files use one layout throughout: try the one that the
	// separators suggest first, since a failed time.Parse is costly.
	if guess := guessLayout(s); guess != "" {
		if t, err := time.Parse(guess, s); err == nil && slices.Contains(layouts, guess) {
			return t.Add(-time.Duration(offset) * time.Second).UTC(), nil
		}
	}
	for _, layout := range layouts {
		t, err := time.Parse(layout, s)
		if err == nil {
			return t.Add(-time.Duration(offset) * time.Second).UTC(), nil
		}
	}
	return time.Time{}, errBadTime
}

// guessLayout returns the layout of timeLayouts that the length and the
// separators of s suggest, or "".
func guessLayout(s string) string {
	switch {
	case len(s) == 19 && s[4] == '-' && s[10] == ' ':
		return "2006-01-02 15:04:05"
	case len(s) == 19 && s[4] == '/' && s[10] == ' ':
		return "2006/01/02 15:04:05"
	case len(s) >= 20 && s[4] == '-' && s[10] == 'T':
		return time.RFC3339Nano
	}
	return ""
}

// cutZone splits a trailing " UTC", " GMT" or " GMT+h[:mm]" (also "UTC+hh",
// "GMT-hhmm") off s and returns the offset it names in seconds east of UTC.
// time.Parse cannot be trusted with these: it does not apply the offset of
// "GMT+2", and it reads an unknown abbreviation such as "PST" as UTC.
func cutZone(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return s, 0, false
	}
	rest, zone := s[:i], strings.ToUpper(s[i+1:])
	name := zone[:min(3, len(zone))]
	if name != "UTC" && name != "GMT" {
		return s, 0, false
	}
	if zone == name {
		return rest, 0, true
	}
	off, ok := parseOffset(zone[3:])
	return rest, off, ok
}

// parseOffset reads "+2", "-05", "+0530" or "+05:30" as seconds.
func parseOffset(s string) (int, bool) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign, s := s[0], strings.Replace(s[1:], ":", "", 1)
	if len(s) > 2 && len(s) != 4 {
		return 0, false
	}
	digits := s
	switch len(s) {
	case 1:
		digits = "0" + s + "00"
	case 2:
		digits = s + "00"
	}
	n, err := strconv.Atoi(digits)
	if err != nil || len(digits) != 4 || n/100 > 14 || n%100 > 59 {
		return 0, false
	}
	secs := (n/100)*3600 + (n%100)*60
	if sign == '-' {
		secs = -secs
	}
	return secs, true
}

// fmtTime formats t for reasons and warnings: "2022-06-01 00:00 UTC", with
// seconds only when they are not zero.
func fmtTime(t time.Time) string {
	t = t.UTC()
	if t.Second() != 0 || t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05 UTC")
	}
	return t.Format("2006-01-02 15:04 UTC")
}
