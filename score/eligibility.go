package score

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spacejudge/spacejudge/collect"
)

// lowerSet returns the set of names, lowercased and trimmed.
func lowerSet(names ...[]string) map[string]bool {
	set := map[string]bool{}
	for _, list := range names {
		for _, n := range list {
			set[strings.ToLower(strings.TrimSpace(n))] = true
		}
	}
	return set
}

// authorsOf returns a Space's authors: its distinct commit authors,
// lowercased and sorted, less the names in ignore (lowercased), which hold
// the ignored authors and the organization itself.
func authorsOf(commitAuthors []string, ignore map[string]bool) []string {
	var out []string
	for _, a := range commitAuthors {
		a = normUser(a)
		if a != "" && !ignore[a] {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// An eligibility is the eligibility rules, prepared for lookups.
type eligibility struct {
	rules                        *Rules
	exclude, include, ineligible map[string]bool
	sdks, broken                 map[string]bool
}

func newEligibility(r *Rules) *eligibility {
	e := r.Eligibility
	return &eligibility{
		rules:      r,
		exclude:    lowerSet(e.Exclude),
		include:    lowerSet(e.Include),
		ineligible: lowerSet(e.IneligibleAuthors),
		sdks:       lowerSet(e.SDKs),
		broken:     lowerSet(e.BrokenStages),
	}
}

// A verdict is the eligibility of one Space.
type verdict struct {
	eligible bool
	// excluded reports whether the config excludes the Space, which also
	// keeps its authors from being participants through it.
	excluded bool
	// reasons are why the Space cannot win, in the order of the rules;
	// empty for an eligible Space.
	reasons []string
	// note explains an include override.
	note string
}

// judge decides whether sp, whose authors are given, is eligible. Every
// failing rule gives a reason. An included Space is eligible whatever the
// rules say, and its note keeps the reasons it overrides. A Space that was
// not collected is never eligible, included or not: what would decide it
// (its authors, its app file) is unknown.
func (e *eligibility) judge(sp *collect.Space, authors []string) verdict {
	id := strings.ToLower(sp.ID)
	v := verdict{excluded: e.exclude[id] && !e.include[id]}
	reasons := e.reasons(sp, authors)
	switch {
	case sp.Error != "":
		v.reasons = append([]string{"not collected: " + sp.Error}, reasons...)
		if e.include[id] {
			v.note = "included by config, but not collected: it is judged once it is collected"
		}
	case e.include[id]:
		v.eligible = true
		v.note = "included by config (it meets every rule anyway)"
		if len(reasons) > 0 {
			v.note = "included by config despite: " + strings.Join(reasons, "; ")
		}
	default:
		v.eligible = len(reasons) == 0
		v.reasons = reasons
	}
	return v
}

// reasons returns every rule that sp fails, in the order of the rules. For
// a Space that was not collected only the rules that the listing decides
// are checked.
func (e *eligibility) reasons(sp *collect.Space, authors []string) []string {
	var out []string
	add := func(r string) {
		if r != "" {
			out = append(out, r)
		}
	}
	add(e.excludedReason(sp))
	add(hiddenReason(sp))
	add(e.createdReason(sp))
	sdkOK := e.sdkOK(sp)
	if !sdkOK {
		add(e.sdkReason(sp))
	}
	if sp.Error == "" && e.rules.Eligibility.RequireBlocks {
		add(appReason(sp.App, sdkOK))
	}
	add(e.stageReason(sp))
	add(e.duplicateReason(sp))
	if sp.Error == "" {
		add(e.authorsReason(sp, authors))
	}
	return out
}

func (e *eligibility) excludedReason(sp *collect.Space) string {
	if !e.exclude[strings.ToLower(sp.ID)] {
		return ""
	}
	return "excluded by config"
}

func hiddenReason(sp *collect.Space) string {
	switch {
	case sp.Private && sp.Disabled:
		return "private and disabled"
	case sp.Private:
		return "private"
	case sp.Disabled:
		return "disabled"
	}
	return ""
}

func (e *eligibility) createdReason(sp *collect.Space) string {
	ev := e.rules.Event
	switch {
	case !ev.Opens.IsZero() && sp.CreatedAt.Before(ev.Opens):
		return fmt.Sprintf("created %s, before the event opened (%s)",
			fmtTime(sp.CreatedAt), fmtTime(ev.Opens))
	case !ev.Closes.IsZero() && sp.CreatedAt.Equal(ev.Closes):
		return fmt.Sprintf("created %s, the moment the event closed, which is outside it",
			fmtTime(sp.CreatedAt))
	case !ev.Closes.IsZero() && sp.CreatedAt.After(ev.Closes):
		return fmt.Sprintf("created %s, after the event closed (%s)",
			fmtTime(sp.CreatedAt), fmtTime(ev.Closes))
	}
	return ""
}

// sdkOK reports whether the Space's SDK is allowed; an empty sdks list
// allows every SDK.
func (e *eligibility) sdkOK(sp *collect.Space) bool {
	return len(e.sdks) == 0 || e.sdks[strings.ToLower(sp.SDK)]
}

func (e *eligibility) sdkReason(sp *collect.Space) string {
	allowed := strings.Join(e.rules.Eligibility.SDKs, ", ")
	if sp.SDK == "" {
		return fmt.Sprintf("no SDK given (allowed: %s)", allowed)
	}
	return fmt.Sprintf("SDK %s is not allowed (allowed: %s)", plain(sp.SDK), allowed)
}

// appReason explains why the app check fails, or returns "". A Space whose
// SDK is not allowed has no app check, and its SDK reason says enough.
func appReason(app *collect.AppCheck, sdkOK bool) string {
	switch {
	case app == nil && !sdkOK:
		return ""
	case app == nil:
		return "app file not checked for a gradio Blocks app"
	case !app.Found:
		return fmt.Sprintf("app file %s not found", plain(app.File))
	case app.Blocks:
		return ""
	}
	msg := fmt.Sprintf("%s builds no gr.Blocks app", plain(app.File))
	switch {
	case app.Line > 0 && app.Evidence != "":
		msg += fmt.Sprintf(" (line %d: %s)", app.Line, plain(app.Evidence))
	case app.Evidence != "":
		msg += fmt.Sprintf(" (%s)", plain(app.Evidence))
	}
	return msg
}

func (e *eligibility) stageReason(sp *collect.Space) string {
	if sp.Stage == "" || !e.broken[strings.ToLower(sp.Stage)] {
		return ""
	}
	return "runtime stage " + plain(sp.Stage)
}

func (e *eligibility) duplicateReason(sp *collect.Space) string {
	d := e.rules.Eligibility.Duplicates
	if sp.DuplicatedFrom == "" || d == DuplicatesAllow {
		return ""
	}
	return "duplicated from " + plain(sp.DuplicatedFrom)
}

func (e *eligibility) authorsReason(sp *collect.Space, authors []string) string {
	if len(authors) == 0 {
		return "no authors besides ignored ones and the organization"
	}
	for _, a := range authors {
		if !e.ineligible[a] {
			return ""
		}
	}
	return "every author is ineligible (" + strings.Join(authors, ", ") + ")"
}
