package collect

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path"
	"strings"
	"time"
)

// listExpand names every field of a listed Space that the collector reads
// (hub-api §1.3). The Hub returns only these, plus _id and id.
var listExpand = []string{
	"cardData", "createdAt", "disabled", "lastModified", "likes",
	"private", "runtime", "sdk", "sha", "siblings",
}

// defaultAppFile is the app file of a Space whose card names none.
const defaultAppFile = "app.py"

// A listed is one item of the Spaces listing, decoded. When Err is set the
// item cannot be detailed, and Space carries what could be read of it.
type listed struct {
	Space   Space
	AppFile string
	// Files holds the paths of the Space's files (its siblings), used to
	// follow the app file into the modules it imports.
	Files map[string]bool
	Err   error
}

// An object is a JSON object whose members are decoded one by one, so
// that a member of an unexpected type spoils only itself.
type object map[string]json.RawMessage

// decodeListed decodes one listing item. It is tolerant of what the Hub
// leaves loose (unknown fields, cards of any shape, fields of unexpected
// types that it does not depend on) and strict about what judging
// depends on: a Space needs its id and creation time. index is the item's
// 0-based position in the listing, used to name an item without an id.
func decodeListed(raw json.RawMessage, index int) listed {
	var m object
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return listed{
			Space: Space{ID: placeholderID(index)},
			Err:   fmt.Errorf("listing item %d is not a JSON object", index+1),
		}
	}
	id, ok := m.str("id")
	if !ok || id == "" {
		return listed{
			Space: Space{ID: placeholderID(index)},
			Err:   fmt.Errorf("listing item %d has no id%s", index+1, m.mongoID()),
		}
	}
	sp, appFile, err := m.space(id)
	if err != nil {
		err = fmt.Errorf("listing gave %s: %w", id, err)
	}
	return listed{Space: sp, AppFile: appFile, Files: m.siblings(), Err: err}
}

// siblings returns the set of file paths in the siblings member, leaving
// out entries that are not {"rfilename": string}.
func (m object) siblings() map[string]bool {
	var items []object
	if raw, ok := m["siblings"]; !ok || json.Unmarshal(raw, &items) != nil {
		return nil
	}
	files := make(map[string]bool, len(items))
	for _, it := range items {
		if name, ok := it.str("rfilename"); ok {
			files[name] = true
		}
	}
	return files
}

// placeholderID names a listing item that has no id. The parentheses keep
// it apart from any real "owner/name".
func placeholderID(index int) string {
	return fmt.Sprintf("(listing item %d)", index+1)
}

// space reads the Space fields of a listing item with the given id.
func (m object) space(id string) (Space, string, error) {
	sp := Space{ID: id}
	sp.SHA, _ = m.str("sha")
	sp.SDK, _ = m.str("sdk")
	sp.Private, _ = m.bool("private")
	sp.Disabled, _ = m.bool("disabled")
	sp.LastModified, _ = m.time("lastModified")
	if rt := m.object("runtime"); rt != nil {
		sp.Stage, _ = rt.str("stage")
	}
	card := m.object("cardData")
	sp.Title, _ = card.str("title")
	sp.DuplicatedFrom, _ = card.str("duplicated_from")

	var errs []error
	if err := checkSpaceID(id); err != nil {
		errs = append(errs, err)
	}
	created, err := m.time("createdAt")
	sp.CreatedAt = created
	if err != nil {
		errs = append(errs, fmt.Errorf("createdAt: %w", err))
	}
	if sp.Likes, err = m.count("likes"); err != nil {
		errs = append(errs, fmt.Errorf("likes: %w", err))
	}
	if sp.SHA != "" && !isRevision(sp.SHA) {
		errs = append(errs, fmt.Errorf("sha %q is not a commit hash", shorten(sp.SHA, 60)))
	}
	appFile, err := appFilePath(card)
	if err != nil {
		errs = append(errs, err)
	}
	return sp, appFile, errors.Join(errs...)
}

// errMissing reads "createdAt: missing" after the field name in messages.
var errMissing = errors.New("missing")

// str returns the member key when it is a JSON string.
func (m object) str(key string) (string, bool) {
	var s string
	if raw, ok := m[key]; ok && json.Unmarshal(raw, &s) == nil {
		return s, true
	}
	return "", false
}

// bool returns the member key when it is a JSON boolean.
func (m object) bool(key string) (bool, bool) {
	var b bool
	if raw, ok := m[key]; ok && json.Unmarshal(raw, &b) == nil && string(raw) != "null" {
		return b, true
	}
	return false, false
}

// object returns the member key when it is a JSON object, else nil. A nil
// object reads as empty.
func (m object) object(key string) object {
	var o object
	if raw, ok := m[key]; ok && json.Unmarshal(raw, &o) == nil {
		return o
	}
	return nil
}

// time returns the member key as a time in UTC. It fails when the member
// is missing, null or not an RFC 3339 date.
func (m object) time(key string) (time.Time, error) {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return time.Time{}, errMissing
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return time.Time{}, fmt.Errorf("is not a string: %s", shorten(string(raw), 40))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 date", shorten(s, 40))
	}
	return t.UTC(), nil
}

// count returns the member key as a non-negative integer; a missing or
// null member counts 0. A number with a fraction or out of range fails.
func (m object) count(key string) (int, error) {
	raw, ok := m[key]
	if !ok || string(raw) == "null" {
		return 0, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil {
		return 0, fmt.Errorf("is not a number: %s", shorten(string(raw), 40))
	}
	if f < 0 || f > math.MaxInt32 || f != math.Trunc(f) {
		return 0, fmt.Errorf("%v is not a count", f)
	}
	return int(f), nil
}

// mongoID describes the item's _id for a message, if it has one.
func (m object) mongoID() string {
	if id, ok := m.str("_id"); ok && id != "" {
		return fmt.Sprintf(" (_id %s)", shorten(id, 40))
	}
	return ""
}

// checkSpaceID accepts "owner/name" where both parts are Hub names. The
// id goes into request paths, so anything else is refused.
func checkSpaceID(id string) error {
	owner, name, ok := strings.Cut(id, "/")
	if !ok || !nameRe.MatchString(owner) || !isRepoName(name) {
		return fmt.Errorf("id %q is not owner/name", shorten(id, 100))
	}
	return nil
}

// isRepoName reports whether s is a repository name: Hub name characters
// and not "." or "..", which would change a request path.
func isRepoName(s string) bool {
	if s == "" || len(s) > 96 || strings.Trim(s, ".") == "" {
		return false
	}
	for _, c := range s {
		if !isNameRune(c) {
			return false
		}
	}
	return true
}

func isNameRune(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}

// isRevision reports whether s is a hex commit hash, which goes into
// request paths as is.
func isRevision(s string) bool {
	if len(s) < 7 || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// appFilePath returns the card's app_file, cleaned, or defaultAppFile when
// the card has none (or a value that is not a string). A path that is
// absolute, climbs out of the repository or is otherwise not a plain
// relative path is an error: it would be requested from elsewhere.
func appFilePath(card object) (string, error) {
	s, ok := card.str("app_file")
	if !ok || strings.TrimSpace(s) == "" {
		return defaultAppFile, nil
	}
	clean, ok := repoPath(s)
	if !ok {
		return defaultAppFile, fmt.Errorf("app_file %q is not a path inside the Space",
			shorten(s, 100))
	}
	return clean, nil
}

// repoPath cleans a relative file path and reports whether it stays
// inside the repository: not absolute, not climbing out, no backslashes
// or control characters.
func repoPath(s string) (string, bool) {
	if strings.ContainsFunc(s, isBadPathRune) || strings.HasPrefix(s, "/") {
		return "", false
	}
	clean := path.Clean(s)
	if clean == "." || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", false
	}
	return clean, true
}

// isBadPathRune rejects backslashes (a Windows path, or an escape) and
// control characters in an app file path.
func isBadPathRune(r rune) bool {
	return r == '\\' || r < ' ' || r == 0x7f
}

// looseString decodes a JSON string and treats any other JSON value as
// the empty string, for optional fields the Hub does not guarantee.
type looseString string

// UnmarshalJSON implements json.Unmarshaler.
func (s *looseString) UnmarshalJSON(b []byte) error {
	var v string
	if json.Unmarshal(b, &v) == nil {
		*s = looseString(v)
	}
	return nil
}

// A wireUser is an item of the likers and members lists, and an author of
// a commit; only the username is read.
type wireUser struct {
	User looseString `json:"user"`
}

// A wireCommit is an item of the commits list.
type wireCommit struct {
	Authors looseUsers `json:"authors"`
}

// looseUsers decodes a JSON array of users and treats any other value as
// no users: a commit's authors are optional.
type looseUsers []wireUser

// UnmarshalJSON implements json.Unmarshaler.
func (u *looseUsers) UnmarshalJSON(b []byte) error {
	var v []wireUser
	if json.Unmarshal(b, &v) == nil {
		*u = v
	}
	return nil
}
