package score

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// A resolvedPick is a pick whose criterion and Space are known.
type resolvedPick struct {
	crit, space int
	picker      string
}

// resolvePicks checks every pick against the rules and the snapshot and
// fills the result's picks with the Spaces' ids. A bad pick is an error
// naming the picks file and line: picks come from the organizers, and a
// misspelt one must be fixed rather than skipped.
func (j *judging) resolvePicks() error {
	file := j.in.PicksFile
	if file == "" {
		file = "picks"
	}
	for _, p := range j.in.Picks {
		rp, err := resolvePick(p, j.rules.Criteria, j.names)
		if err != nil {
			return &InputError{File: file, Line: p.Line, Err: err}
		}
		j.picks = append(j.picks, rp)
		p.SpaceID = j.ids[rp.space]
		j.res.Picks = append(j.res.Picks, p)
	}
	return nil
}

// resolvePick finds the criterion (by id, ignoring case) and the Space of
// p.
func resolvePick(p Pick, crits []Criterion, names *resolver) (resolvedPick, error) {
	if err := checkPick(p); err != nil {
		return resolvedPick{}, err
	}
	c := slices.IndexFunc(crits, func(c Criterion) bool {
		return strings.EqualFold(c.ID, strings.TrimSpace(p.Criterion))
	})
	if c < 0 {
		return resolvedPick{}, fmt.Errorf("unknown criterion %s (picks criteria: %s)",
			clip(p.Criterion), idsOfKind(crits, KindPicks))
	}
	if crits[c].Kind != KindPicks {
		return resolvedPick{}, fmt.Errorf("criterion %s is a %s criterion, not a picks one "+
			"(picks criteria: %s)", crits[c].ID, crits[c].Kind, idsOfKind(crits, KindPicks))
	}
	s, err := names.resolve(p.SpaceID)
	if err != nil {
		return resolvedPick{}, fmt.Errorf("Space %s: %w", clip(p.SpaceID), err)
	}
	return resolvedPick{crit: c, space: s, picker: normUser(p.Picker)}, nil
}

// idsOfKind lists the ids of the criteria of kind, for messages.
func idsOfKind(crits []Criterion, kind string) string {
	var ids []string
	for _, c := range crits {
		if c.Kind == kind {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// A pickCount is the number of distinct pickers of a Space on a criterion.
type pickCount struct{ crit, space, n int }

// countPicks counts, per criterion and Space, the distinct pickers: a
// picker who picks the same Space twice counts once. The counts come
// sorted by criterion, then Space.
func countPicks(picks []resolvedPick) []pickCount {
	sorted := slices.Clone(picks)
	slices.SortFunc(sorted, func(a, b resolvedPick) int {
		return cmp.Or(cmp.Compare(a.crit, b.crit), cmp.Compare(a.space, b.space),
			strings.Compare(a.picker, b.picker))
	})
	sorted = slices.Compact(sorted)
	var out []pickCount
	for _, p := range sorted {
		if n := len(out); n > 0 && out[n-1].crit == p.crit && out[n-1].space == p.space {
			out[n-1].n++
			continue
		}
		out = append(out, pickCount{p.crit, p.space, 1})
	}
	return out
}
