package hubtest

import (
	"net/http"
	"slices"
	"strings"
)

// expandable lists the expand names the Hub documents for Spaces, in the
// order of its error message.
var expandable = []string{
	"author", "cardData", "createdAt", "datasets", "disabled", "lastModified",
	"likes", "models", "private", "region", "resourceGroup", "runtime", "sdk",
	"sha", "siblings", "subdomain", "tags", "trendingScore", "usedStorage",
}

// undocumentedExpand lists the expand names the Hub accepts without
// documenting them; they are sent only when asked for by name.
var undocumentedExpand = []string{"gitalyUid", "xetEnabled"}

// expandError is the Hub's answer to an unknown expand name.
var expandError = `"expand" must be one of [` + strings.Join(expandable, ", ") + `]`

// Key sets of the Space objects sent without expand.
var (
	// defaultListKeys is what a listing without expand or full carries.
	defaultListKeys = keySet("likes", "trendingScore", "private", "sdk", "tags",
		"createdAt")
	// fullKeys is what full=true and the details route carry.
	fullKeys = keySet(append([]string{"gated", "host"}, expandable...)...)
)

// keySet returns a set holding keys.
func keySet(keys ...string) map[string]bool {
	set := make(map[string]bool, len(keys))
	for _, k := range keys {
		set[k] = true
	}
	return set
}

// selection returns the keys a Space object must carry for this request:
// with expand (or expand[]) only the listed ones, with full=true every
// documented one, and otherwise def. It answers 400 and returns false on an
// unknown expand name.
func (c *call) selection(def map[string]bool) (map[string]bool, bool) {
	names := slices.Concat(c.q["expand"], c.q["expand[]"])
	if len(names) == 0 {
		if c.q.Get("full") == "true" || c.q.Get("full") == "1" {
			return fullKeys, true
		}
		return def, true
	}
	for _, n := range names {
		if !slices.Contains(expandable, n) && !slices.Contains(undocumentedExpand, n) {
			c.w.writeError(http.StatusBadRequest, "", expandError)
			return nil, false
		}
	}
	return keySet(names...), true
}

// spaceObject renders sp with the keys in sel, besides _id and id which
// are always there. Keys whose value is unknown (a zero date, no runtime,
// no card) are left out.
func (c *call) spaceObject(sp *Space, sel map[string]bool) object {
	o := object{{"_id", c.ix.mongoID[sp.ID]}, {"id", sp.ID}}
	add := func(key string, known bool, val func() any) {
		if sel[key] && known {
			o = append(o, field{key, val()})
		}
	}
	sub := subdomain(sp.ID)
	add("author", true, func() any { return owner(sp.ID) })
	add("sha", sp.SHA != "", func() any { return sp.SHA })
	add("lastModified", !sp.LastModified.IsZero(), func() any { return hubTime(sp.LastModified) })
	add("private", true, func() any { return sp.Private })
	add("gated", true, func() any { return false })
	add("disabled", true, func() any { return sp.Disabled })
	add("host", true, func() any { return "https://" + sub + ".hf.space" })
	add("subdomain", true, func() any { return sub })
	add("likes", true, func() any { return len(sp.Likers) })
	add("sdk", sp.SDK != "", func() any { return sp.SDK })
	add("tags", true, func() any { return nonNil(sp.Tags) })
	add("siblings", true, func() any { return siblings(sp) })
	add("createdAt", !sp.CreatedAt.IsZero(), func() any { return hubTime(sp.CreatedAt) })
	add("cardData", sp.Card != nil, func() any { return sp.Card })
	add("runtime", sp.Stage != "", func() any { return runtimeObject(sp) })
	add("models", true, func() any { return cardList(sp.Card, "models") })
	add("datasets", true, func() any { return cardList(sp.Card, "datasets") })
	add("region", true, func() any { return "us" })
	add("trendingScore", true, func() any { return 0 })
	add("usedStorage", true, func() any { return usedStorage(sp) })
	add("gitalyUid", true, func() any { return blobID(sp.ID)[:24] })
	add("xetEnabled", true, func() any { return false })
	return o
}

// siblings lists the files of sp, sorted by path.
func siblings(sp *Space) []object {
	paths := make([]string, 0, len(sp.Files))
	for p := range sp.Files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	out := make([]object, len(paths))
	for i, p := range paths {
		out[i] = object{{"rfilename", p}}
	}
	return out
}

// usedStorage returns the bytes of sp's files.
func usedStorage(sp *Space) int {
	n := 0
	for _, content := range sp.Files {
		n += len(content)
	}
	return n
}

// cardList returns the strings of a list in the card, such as its models,
// and an empty list when the card has none.
func cardList(card map[string]any, key string) []string {
	out := []string{}
	switch v := card[key].(type) {
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
	case []string:
		out = append(out, v...)
	case string:
		out = append(out, v)
	}
	return out
}

// runtimeObject renders the runtime of sp the way the Hub reports it for
// its stage: running Spaces have current hardware and a replica, stopped
// ones have neither, failed ones carry an error message, and static Spaces
// have no hardware at all.
func runtimeObject(sp *Space) object {
	running := strings.HasPrefix(sp.Stage, "RUNNING")
	var current, requested any
	if sp.SDK != "static" {
		requested = "cpu-basic"
		if running {
			current = "cpu-basic"
		}
	}
	replicas := object{{"requested", 1}}
	if running {
		replicas = append(replicas, field{"current", 1})
	}
	o := object{
		{"stage", sp.Stage},
		{"hardware", object{{"current", current}, {"requested", requested}}},
		{"storage", nil},
	}
	if sp.SDK != "static" {
		o = append(o, field{"gcTimeout", 172800})
	}
	o = append(o, field{"replicas", replicas})
	if msg := stageError(sp.Stage); msg != "" {
		o = append(o, field{"errorMessage", msg})
	}
	if sp.SDK != "static" {
		o = append(o, field{"devMode", false})
	}
	return append(o, field{"domains", []object{
		{{"domain", subdomain(sp.ID) + ".hf.space"}, {"stage", "READY"}},
	}})
}

// stageError returns the error message the Hub attaches to a failed stage,
// and "" for the others.
func stageError(stage string) string {
	switch stage {
	case "BUILD_ERROR":
		return "Build failed with exit code: 1"
	case "RUNTIME_ERROR":
		return "Exit code: 1. Reason: application crashed on start"
	case "CONFIG_ERROR":
		return "Invalid configuration in README.md"
	case "NO_APP_FILE":
		return "No application file"
	}
	return ""
}

// commitObject renders a commit as the commits route sends it. Co-authors
// appear in the message as Co-authored-by trailers too.
func commitObject(cm Commit) object {
	authors := make([]object, len(cm.Authors))
	var msg strings.Builder
	for i, a := range cm.Authors {
		authors[i] = object{{"user", a}, {"avatar", avatarURL(a)}}
		if i > 0 {
			msg.WriteString("\nCo-authored-by: " + a + " <" + a +
				"@users.noreply.huggingface.co>")
		}
	}
	return object{
		{"id", cm.ID},
		{"title", cm.Title},
		{"message", msg.String()},
		{"authors", authors},
		{"date", hubTime(cm.Date)},
	}
}
