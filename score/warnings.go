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
	return slices.Concat(
		j.dataWarnings(),
		j.missingInputs(),
		j.namingNothing(),
		j.countingNothing(),
		j.prizesToNobody(),
	)
}

// dataWarnings tells what the data is and when it was taken: another
// organization than the rules', an interim snapshot, votes still open.
func (j *judging) dataWarnings() []string {
	var w []string
	r, snap := j.rules, j.in.Snapshot
	if r.Event.Org != "" && !strings.EqualFold(r.Event.Org, snap.Org) {
		w = appendf(w, "the snapshot is of %s, but the rules are for %s", snap.Org, r.Event.Org)
	}
	if !r.Event.Closes.IsZero() && snap.CollectedAt.Before(r.Event.Closes) {
		w = appendf(w, "collected %s, before the event closed (%s): this is an interim result",
			fmtTime(snap.CollectedAt), fmtTime(r.Event.Closes))
	}
	now := j.in.Now
	if idsOfKind(r.Criteria, KindVotes) != "none" && !now.IsZero() &&
		!r.Voting.Closes.IsZero() && now.Before(r.Voting.Closes) {
		w = appendf(w, "voting is open until %s: the votes may still change",
			fmtTime(r.Voting.Closes))
	}
	return w
}

// missingInputs warns of the inputs judging lacks: a votes or picks file,
// the Spaces that could not be collected, the members of the organization
// when only they may vote.
func (j *judging) missingInputs() []string {
	var w []string
	r, in, snap := j.rules, j.in, j.in.Snapshot
	if votes := idsOfKind(r.Criteria, KindVotes); votes != "none" && !in.HaveVotes {
		w = appendf(w, "no votes file given: %s score 0 for every Space", votes)
	}
	if picks := idsOfKind(r.Criteria, KindPicks); picks != "none" && !in.HavePicks {
		w = appendf(w, "no picks file given: %s score 0 for every Space", picks)
	}
	if failed := j.notCollected(); len(failed) > 0 {
		verb := "Spaces could not be collected and are"
		if len(failed) == 1 {
			verb = "Space could not be collected and is"
		}
		w = appendf(w, "%d %s not judged: %s", len(failed), verb, listSome(failed, 10))
	}
	if in.HaveVotes && r.Voting.Voters == VotersOrgMembers &&
		(snap.Members == nil || snap.MembersError != "") {
		w = appendf(w, "voters: %s, but the members of %s are unknown (%s): "+
			"every ballot is rejected",
			VotersOrgMembers, snap.Org, cmpOr(snap.MembersError, "not collected"))
	}
	return w
}

// namingNothing warns of rules that name nothing in the snapshot or the
// votes file.
func (j *judging) namingNothing() []string {
	return slices.Concat(
		j.unmappedCategories(),
		j.unknownNames("eligibility.include", j.rules.Eligibility.Include),
		j.unknownNames("eligibility.exclude", j.rules.Eligibility.Exclude),
	)
}

// countingNothing warns of inputs that count for nothing: picks left out
// or given to Spaces that cannot win, criteria nothing counts for, and an
// event without an eligible Space.
func (j *judging) countingNothing() []string {
	w := slices.Concat(j.skippedPicks(), j.ineligiblePicks(), j.emptyCriteria())
	if len(j.eligible) == 0 {
		w = append(w, "no Space is eligible: nobody wins a rank prize")
	}
	return w
}

// prizesToNobody warns of the rank prizes nobody wins and of the Spaces
// whose prizes go to nobody.
func (j *judging) prizesToNobody() []string {
	var w []string
	for _, u := range j.unawarded {
		w = append(w, j.unawardedWarning(u))
	}
	if len(j.nobody) > 0 {
		w = appendf(w, "%s won prizes that go to nobody: every author is ineligible",
			strings.Join(j.nobody, ", "))
	}
	return w
}

// unawardedWarning explains why nobody wins u.
func (j *judging) unawardedWarning(u unawarded) string {
	if len(u.covered) > 0 {
		return j.coveredWarning(u)
	}
	p := u.prize
	return fmt.Sprintf("prize %s (%s, ranks %d-%d): no Space with a value above 0 holds "+
		"those ranks, so nobody wins it", p.Name, u.by, p.From, p.To)
}

// coveredWarning explains that a shared rank before u's range fills it:
// with ranks 1, 1, 3 and a prize for rank 2, "prize Second (overall, rank
// 2): nobody holds rank 2 because Org/a and Org/b share rank 1 and both win
// First".
func (j *judging) coveredWarning(u unawarded) string {
	p := u.prize
	t := j.tie(p.Name, u.by, j.rankings()[u.ranking], u.covered)
	end := min(t.Rank+len(t.Spaces)-1, p.To) // the last rank the tie fills
	msg := fmt.Sprintf("prize %s (%s, %s): nobody holds %s because %s share rank %d",
		p.Name, u.by, ranks(p.From, p.To), ranks(p.From, end), andList(t.Spaces, 10), t.Rank)
	if won := j.won[u.ranking][u.covered[0]]; len(won) > 0 {
		all := "all"
		if len(t.Spaces) == 2 {
			all = "both"
		}
		msg += fmt.Sprintf(" and %s win %s", all, andList(won, len(won)))
	}
	if end < p.To {
		msg += fmt.Sprintf(", and no Space with a value above 0 holds %s", ranks(end+1, p.To))
	}
	return msg
}

// ranks names the ranks from to to: "rank 2" or "ranks 2-4".
func ranks(from, to int) string {
	if from == to {
		return fmt.Sprintf("rank %d", from)
	}
	return fmt.Sprintf("ranks %d-%d", from, to)
}

// andList lists up to n items in a sentence: "a", "a and b", "a, b and c",
// or "a, b and 3 more" when there are more than n.
func andList(items []string, n int) string {
	if len(items) > n {
		return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
	}
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	last := len(items) - 1
	return strings.Join(items[:last], ", ") + " and " + items[last]
}

// appendf appends a formatted warning to w.
func appendf(w []string, format string, args ...any) []string {
	return append(w, fmt.Sprintf(format, args...))
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

// skippedPicks warns of the picks left out because their Space is not in
// the snapshot (see Input.SkipUnknownPickedSpaces), naming the lines and
// the Spaces as written.
func (j *judging) skippedPicks() []string {
	if len(j.skipped) == 0 {
		return nil
	}
	var lines, spaces []string
	for _, p := range j.skipped {
		lines = append(lines, fmt.Sprint(p.Line))
		if s := plain(p.SpaceID); !slices.Contains(spaces, s) {
			spaces = append(spaces, s)
		}
	}
	what, where := "1 pick names a Space that is not in the snapshot and is", "line"
	if len(lines) > 1 {
		what = fmt.Sprintf("%d picks name Spaces that are not in the snapshot and are",
			len(lines))
		where = "lines"
	}
	return []string{fmt.Sprintf("%s left out (%s, %s %s): %s", what,
		cmpOr(j.in.PicksFile, "picks"), where, listSome(lines, 10), listSome(spaces, 10))}
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
