package score

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// A resolvedPick is a pick whose criterion and Space are known.
type resolvedPick struct {
	crit, space int
	picker      string
}

// CheckPicks checks what can be checked of picks without a snapshot: every
// pick has a criterion, a picker and a Space, and its criterion is one of
// the rules' criteria (by id, ignoring case) of kind picks. It returns nil
// or, for the first bad pick, the [*InputError] that [Judge] would return,
// naming file ("picks" when empty) and the pick's line, so that a bad picks
// file can be refused before anything is collected. Whether each Space
// exists needs the snapshot, which only Judge has.
func CheckPicks(rules Rules, picks []Pick, file string) error {
	for _, p := range picks {
		if _, err := pickCriterion(p, rules.Criteria); err != nil {
			return pickError(file, p, err)
		}
	}
	return nil
}

// pickError returns the *InputError of pick p of file.
func pickError(file string, p Pick, err error) error {
	return &InputError{File: cmpOr(file, "picks"), Line: p.Line, Err: err}
}

// resolvePicks checks every pick against the rules and the snapshot and
// fills the result's picks with the Spaces' ids. A bad pick is an error
// naming the picks file and line: picks come from the organizers, and a
// misspelt one must be fixed rather than skipped. The one exception is a
// pick of a Space missing from the snapshot when SkipUnknownPickedSpaces
// is set: judging an earlier snapshot with today's picks, such a Space was
// most likely created since, so the pick is left out and warned about.
func (j *judging) resolvePicks() error {
	for _, p := range j.in.Picks {
		rp, err := resolvePick(p, j.rules.Criteria, j.names)
		if errors.Is(err, errUnknownSpace) && j.in.SkipUnknownPickedSpaces {
			j.skipped = append(j.skipped, p)
			continue
		}
		if err != nil {
			return pickError(j.in.PicksFile, p, err)
		}
		j.picks = append(j.picks, rp)
		p.SpaceID = j.ids[rp.space]
		j.res.Picks = append(j.res.Picks, p)
	}
	return nil
}

// resolvePick finds the criterion and the Space of p.
func resolvePick(p Pick, crits []Criterion, names *resolver) (resolvedPick, error) {
	c, err := pickCriterion(p, crits)
	if err != nil {
		return resolvedPick{}, err
	}
	s, err := names.resolve(p.SpaceID)
	if err != nil {
		return resolvedPick{}, fmt.Errorf("Space %s: %w", clip(p.SpaceID), err)
	}
	return resolvedPick{crit: c, space: s, picker: normUser(p.Picker)}, nil
}

// pickCriterion checks that p has every field and returns the index of its
// criterion (by id, ignoring case), which must be of kind picks.
func pickCriterion(p Pick, crits []Criterion) (int, error) {
	if err := checkPick(p); err != nil {
		return 0, err
	}
	c := slices.IndexFunc(crits, func(c Criterion) bool {
		return strings.EqualFold(c.ID, strings.TrimSpace(p.Criterion))
	})
	if c < 0 {
		return 0, fmt.Errorf("unknown criterion %s (picks criteria: %s)",
			clip(p.Criterion), idsOfKind(crits, KindPicks))
	}
	if crits[c].Kind != KindPicks {
		return 0, fmt.Errorf("criterion %s is a %s criterion, not a picks one "+
			"(picks criteria: %s)", crits[c].ID, crits[c].Kind, idsOfKind(crits, KindPicks))
	}
	return c, nil
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
