package hubtest

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clone returns a deep copy of d: changing the copy, its Spaces or their
// cards never changes d.
func (d *Dataset) Clone() *Dataset {
	c := &Dataset{Org: d.Org, Members: slices.Clone(d.Members)}
	if d.Spaces != nil {
		c.Spaces = make([]Space, len(d.Spaces))
	}
	for i := range d.Spaces {
		c.Spaces[i] = d.Spaces[i].clone()
	}
	return c
}

// clone returns a deep copy of s.
func (s *Space) clone() Space {
	c := *s
	c.Likers = slices.Clone(s.Likers)
	c.Tags = slices.Clone(s.Tags)
	c.Files = maps.Clone(s.Files)
	if s.Card != nil {
		c.Card = cloneValue(s.Card).(map[string]any)
	}
	if s.Commits != nil {
		c.Commits = make([]Commit, len(s.Commits))
		for i, cm := range s.Commits {
			cm.Authors = slices.Clone(cm.Authors)
			c.Commits[i] = cm
		}
	}
	return c
}

// cloneValue deep-copies the maps and slices of a decoded JSON value;
// anything else is immutable or copied by value.
func cloneValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = cloneValue(e)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = cloneValue(e)
		}
		return c
	case []string:
		return slices.Clone(v)
	default:
		return v
	}
}

// index is a read-only view of a Dataset prepared for serving: Spaces by
// ID, the listing order, and the derived ids.
type index struct {
	ds      *Dataset
	byID    map[string]*Space
	mongoID map[string]string
	// order is the listing order: likes descending, then _id ascending,
	// as the Hub sorts by default. It is deliberately not the ID order, so
	// that clients cannot come to rely on one.
	order []*Space
	// byCreated is the order of sort=createdAt: newest first, then _id
	// ascending; Spaces without a creation time come last.
	byCreated []*Space
}

// newIndex indexes ds. Later Spaces win over earlier ones with the same ID.
func newIndex(ds *Dataset) *index {
	ix := &index{
		ds:      ds,
		byID:    make(map[string]*Space, len(ds.Spaces)),
		mongoID: make(map[string]string, len(ds.Spaces)),
	}
	for i := range ds.Spaces {
		sp := &ds.Spaces[i]
		ix.byID[sp.ID] = sp
		ix.mongoID[sp.ID] = spaceMongoID(sp)
	}
	for _, sp := range ix.byID {
		ix.order = append(ix.order, sp)
	}
	ix.byCreated = slices.Clone(ix.order)
	slices.SortFunc(ix.order, func(a, b *Space) int {
		return cmp.Or(cmp.Compare(len(b.Likers), len(a.Likers)), ix.compareIDs(a, b))
	})
	slices.SortFunc(ix.byCreated, func(a, b *Space) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), ix.compareIDs(a, b))
	})
	return ix
}

// compareIDs orders Spaces by _id, then by ID for equal _ids, which only
// a dataset with repeated MongoIDs has.
func (ix *index) compareIDs(a, b *Space) int {
	return cmp.Or(strings.Compare(ix.mongoID[a.ID], ix.mongoID[b.ID]), strings.Compare(a.ID, b.ID))
}

// spaceMongoID returns sp.MongoID or, when that is empty, an id shaped like
// a Mongo ObjectId: the creation time in seconds, then hex digits of a hash
// of the ID. Like the Hub's, these ids sort roughly by creation time.
func spaceMongoID(sp *Space) string {
	if sp.MongoID != "" {
		return sp.MongoID
	}
	h := sha1.Sum([]byte("space\x00" + sp.ID))
	if sp.CreatedAt.IsZero() {
		return hex.EncodeToString(h[:12])
	}
	return fmt.Sprintf("%08x", uint32(sp.CreatedAt.Unix())) + hex.EncodeToString(h[:8])
}

// userMongoID returns a stable 24 hex digit id for a username.
func userMongoID(user string) string {
	h := sha1.Sum([]byte("user\x00" + user))
	return hex.EncodeToString(h[:12])
}

// avatarURL returns a stable avatar URL for a username, shaped like the
// Hub's default avatars.
func avatarURL(user string) string {
	h := sha1.Sum([]byte("avatar\x00" + user))
	return "https://cdn-avatars.huggingface.co/v1/production/uploads/" +
		hex.EncodeToString(h[:12]) + "/avatar.png"
}

// fullName makes a display name from a username: "ada_lin-ml" gives
// "Ada Lin Ml".
func fullName(user string) string {
	words := strings.FieldsFunc(user, func(r rune) bool {
		return r == '-' || r == '_' || r == '.'
	})
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

// subdomain returns the hf.space subdomain of a Space: its ID lowercased,
// with every character other than a letter or digit turned into "-".
func subdomain(id string) string {
	b := []byte(strings.ToLower(id))
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '-'
		}
	}
	return string(b)
}

// blobID returns the git blob id of content, which the Hub sends as the
// ETag of a file that is not stored in LFS.
func blobID(content string) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write([]byte(content))
	return hex.EncodeToString(h.Sum(nil))
}

// owner returns the owner part of an "owner/name" ID.
func owner(id string) string {
	o, _, _ := strings.Cut(id, "/")
	return o
}
