package score

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// warnings returns the facts an organizer must see before trusting the
// result, always in this order: what was collected and when, the missing
// inputs, the Spaces not collected, the rules that name nothing, the
// inputs that count for nothing, and the prizes nobody receives.
func (j *judging) warnings() []string {
	var w []string
	add := func(format string, args ...any) { w = append(w, fmt.Sprintf(format, args...)) }
	r, in, snap := j.rules, j.in, j.in.Snapshot
	votes, picks := idsOfKind(r.Criteria, KindVotes), idsOfKind(r.Criteria, KindPicks)

	// What the data is and when it was taken.
	if r.Event.Org != "" && !strings.EqualFold(r.Event.Org, snap.Org) {
		add("the snapshot is of %s, but the rules are for %s", snap.Org, r.Event.Org)
	}
	if !r.Event.Closes.IsZero() && snap.CollectedAt.Before(r.Event.Closes) {
		add("collected %s, before the event closed (%s): this is an interim result",
			fmtTime(snap.CollectedAt), fmtTime(r.Event.Closes))
	}
	if votes != "none" && !in.Now.IsZero() && !r.Voting.Closes.IsZero() &&
		in.Now.Before(r.Voting.Closes) {
		add("voting is open until %s: the votes may still change", fmtTime(r.Voting.Closes))
	}

	// Missing inputs.
	if votes != "none" && !in.HaveVotes {
		add("no votes file given: %s score 0 for every Space", votes)
	}
	if picks != "none" && !in.HavePicks {
		add("no picks file given: %s score 0 for every Space", picks)
	}
	if failed := j.notCollected(); len(failed) > 0 {
		verb := "Spaces could not be collected and are"
		if len(failed) == 1 {
			verb = "Space could not be collected and is"
		}
		add("%d %s not judged: %s", len(failed), verb, listSome(failed, 10))
	}
	if in.HaveVotes && r.Voting.Voters == VotersOrgMembers &&
		(snap.Members == nil || snap.MembersError != "") {
		add("voters: %s, but the members of %s are unknown (%s): every ballot is rejected",
			VotersOrgMembers, snap.Org, cmpOr(snap.MembersError, "not collected"))
	}

	// Rules that name nothing.
	w = append(w, j.unmappedCategories()...)
	w = append(w, j.unknownNames("eligibility.include", r.Eligibility.Include)...)
	w = append(w, j.unknownNames("eligibility.exclude", r.Eligibility.Exclude)...)

	// Inputs that count for nothing.
	w = append(w, j.ineligiblePicks()...)
	w = append(w, j.emptyCriteria()...)
	if len(j.eligible) == 0 {
		add("no Space is eligible: nobody wins a rank prize")
	}

	// Prizes nobody receives.
	for _, p := range j.unawarded {
		add("%s: no Space with a value above 0 holds those ranks, so nobody wins it", p)
	}
	if len(j.nobody) > 0 {
		add("%s won prizes that go to nobody: every author is ineligible",
			strings.Join(j.nobody, ", "))
	}
	return w
}

// notCollected returns the ids of the Spaces that were not collected, in
// id order whatever the snapshot's order.
func (j *judging) notCollected() []string {
	var ids []string
	for _, e := range j.ents {
		if !e.info.Collected {
			ids = append(ids, e.info.ID)
		}
	}
	return ids
}

// cmpOr returns s, or alt when s is empty.
func cmpOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// listSome lists up to n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}

// unmappedCategories warns of votes criteria that a wide form mapping
// leaves without a column: they can get no votes.
func (j *judging) unmappedCategories() []string {
	cols := j.rules.Voting.Columns
	if cols == nil || !j.in.HaveVotes {
		return nil
	}
	var w []string
	for _, c := range j.rules.Criteria {
		if c.Kind != KindVotes {
			continue
		}
		mapped := slices.ContainsFunc(slices.Collect(maps.Keys(cols.Categories)),
			func(id string) bool { return strings.EqualFold(id, c.ID) })
		if !mapped {
			w = append(w, fmt.Sprintf("voting.columns maps no column to %s: it gets no votes",
				c.ID))
		}
	}
	return w
}

// unknownNames warns of ids in a rule that name no Space of the snapshot,
// which is most likely a typo.
func (j *judging) unknownNames(rule string, ids []string) []string {
	var w []string
	for _, id := range ids {
		if _, ok := j.names.byID[strings.ToLower(strings.TrimSpace(id))]; !ok {
			w = append(w, fmt.Sprintf("%s names %s, which is not a Space of the snapshot",
				rule, plain(id)))
		}
	}
	return w
}

// ineligiblePicks warns of picks given to Spaces that cannot win.
func (j *judging) ineligiblePicks() []string {
	lines := map[int][]string{}
	for i, p := range j.picks {
		if !j.ents[p.space].info.Eligible {
			lines[p.space] = append(lines[p.space], fmt.Sprint(j.res.Picks[i].Line))
		}
	}
	file := cmpOr(j.in.PicksFile, "picks")
	var w []string
	for _, s := range slices.Sorted(maps.Keys(lines)) {
		w = append(w, fmt.Sprintf("%s is picked (%s, line %s) but is not eligible, "+
			"so the picks count for nothing", j.ids[s], file, strings.Join(lines[s], ", ")))
	}
	return w
}

// emptyCriteria warns of votes and picks criteria that nothing counts for
// although their file was given.
func (j *judging) emptyCriteria() []string {
	var w []string
	for c, crit := range j.rules.Criteria {
		switch {
		case crit.Kind == KindVotes && j.in.HaveVotes && j.total(c) == 0:
			w = append(w, fmt.Sprintf("no counted ballots for %s", crit.ID))
		case crit.Kind == KindPicks && j.in.HavePicks && j.total(c) == 0:
			w = append(w, fmt.Sprintf("no picks of an eligible Space for %s", crit.ID))
		}
	}
	return w
}

// total returns the sum of the values of eligible Spaces on criterion c.
func (j *judging) total(c int) int {
	n := 0
	for _, s := range j.eligible {
		n += j.values[s][c]
	}
	return n
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
