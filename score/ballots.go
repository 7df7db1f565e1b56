package score

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// A ballotBox holds what judging ballots needs to know about the rules and
// the Spaces.
type ballotBox struct {
	opens, closes time.Time
	// categories maps lowercased criterion ids and names to the index of
	// the criterion; kinds holds the kind of each criterion.
	categories map[string]int
	kinds      []string
	// votesList names the votes criteria, for reasons.
	votesList string
	res       *resolver
	ents      []entrant
	// members is checked when onlyMembers; it is nil when the snapshot
	// does not know the members.
	onlyMembers bool
	members     map[string]bool
	org         string
}

// newBallotBox prepares judging ballots against the rules and the Spaces.
func newBallotBox(r *Rules, res *resolver, ents []entrant, snapMembers []string,
	org string) *ballotBox {
	bb := &ballotBox{
		opens: r.Voting.Opens, closes: r.Voting.Closes,
		categories:  map[string]int{},
		res:         res,
		ents:        ents,
		onlyMembers: r.Voting.Voters == VotersOrgMembers,
		org:         org,
	}
	var votes []string
	for i, c := range r.Criteria {
		bb.kinds = append(bb.kinds, c.Kind)
		bb.categories[strings.ToLower(strings.TrimSpace(c.Name))] = i
		if c.Kind == KindVotes {
			votes = append(votes, c.ID)
		}
	}
	// Ids win over names when a name spells another criterion's id.
	for i, c := range r.Criteria {
		bb.categories[strings.ToLower(c.ID)] = i
	}
	bb.votesList = strings.Join(votes, ", ")
	if snapMembers != nil {
		bb.members = lowerSet(snapMembers)
	}
	return bb
}

// A voterKey identifies the ballots that supersede each other: one voter,
// one category.
type voterKey struct {
	voter    string
	category int
}

// A latest is the ballot that counts for a voterKey so far.
type latest struct {
	index int
	at    time.Time
}

// judge gives every ballot exactly one status and reason, and returns the
// ballots with the counted votes per criterion and Space (counts[c][s]).
// A ballot rejected by [ReadVotes] stays rejected; every other ballot is
// checked in the order of SPEC §4, its first failure being its reason.
// Among the valid ballots of one voter in one category, the one with the
// latest timestamp counts, the later line winning on equal timestamps, and
// the others are superseded: an invalid ballot never supersedes.
func (bb *ballotBox) judge(in []Ballot) (out []Ballot, counts [][]int) {
	out = slices.Clone(in)
	counts = make([][]int, len(bb.kinds))
	for c, k := range bb.kinds {
		if k == KindVotes {
			counts[c] = make([]int, len(bb.ents))
		}
	}
	valids, best := bb.checkAll(out)
	for _, v := range valids {
		b := &out[v.index]
		win := best[v.slot].index
		if win != v.index {
			b.Status = StatusSuperseded
			b.Reason = fmt.Sprintf("superseded by line %d, a later ballot of the same voter "+
				"in this category", out[win].Line)
			continue
		}
		b.Status, b.Reason = StatusCounted, "the voter's latest valid ballot in this category"
		counts[v.category][v.space]++
	}
	return out, counts
}

// A validBallot is a ballot that passed every check, with the slot of its
// voter and category in the list of latest ballots.
type validBallot struct {
	index, slot, space, category int
}

// checkAll checks every ballot of out, rejecting the invalid ones, and
// returns the valid ones with, per slot (one voter in one category), the
// latest of them. Slots spare a second map lookup per ballot.
func (bb *ballotBox) checkAll(out []Ballot) ([]validBallot, []latest) {
	slots := make(map[voterKey]int, len(out)/4)
	var best []latest
	valids := make([]validBallot, 0, len(out))
	for i := range out {
		key, space, at, ok := bb.check(&out[i])
		if !ok {
			continue
		}
		slot, seen := slots[key]
		switch {
		case !seen:
			slot = len(best)
			slots[key] = slot
			best = append(best, latest{i, at})
		case later(at, out[i].Line, best[slot].at, out[best[slot].index].Line):
			best[slot] = latest{i, at}
		}
		valids = append(valids, validBallot{i, slot, space, key.category})
	}
	return valids, best
}

// later reports whether a ballot cast at a on line la comes after one cast
// at b on line lb: by time, then by line. A ballot equal on both (the same
// row given twice) counts as later, so that the last one given wins.
func later(a time.Time, la int, b time.Time, lb int) bool {
	if !a.Equal(b) {
		return a.After(b)
	}
	return la >= lb
}

// check validates one ballot, setting SpaceID when its Space is known. It
// rejects an invalid ballot and reports false; for a valid one it returns
// the voter's key, the Space and the time, leaving the status to judge.
func (bb *ballotBox) check(b *Ballot) (voterKey, int, time.Time, bool) {
	b.SpaceID = ""
	space, spaceErr := bb.res.resolve(b.Space)
	if spaceErr == nil {
		b.SpaceID = bb.ents[space].info.ID
	}
	if b.Status == StatusRejected {
		return voterKey{}, 0, time.Time{}, false
	}
	b.Status, b.Reason = "", ""
	at, ok := checkFields(b, defaultNames)
	if !ok {
		return voterKey{}, 0, time.Time{}, false
	}
	voter := normUser(b.Voter)
	cat, reason := bb.checkRest(b, at, voter, space, spaceErr)
	if reason != "" {
		b.Status, b.Reason = StatusRejected, reason
		return voterKey{}, 0, time.Time{}, false
	}
	return voterKey{voter, cat}, space, at, true
}

// checkRest applies the rules that need more than the row itself, in the
// order of SPEC §4, and returns the category and the reason for rejection,
// empty when there is none.
func (bb *ballotBox) checkRest(b *Ballot, at time.Time, voter string, space int,
	spaceErr error) (int, string) {
	if r := bb.windowReason(at); r != "" {
		return 0, r
	}
	cat, ok := bb.categories[strings.ToLower(strings.TrimSpace(b.Category))]
	switch {
	case !ok:
		return 0, fmt.Sprintf("unknown category %s (votes categories: %s)",
			clip(b.Category), bb.votesList)
	case bb.kinds[cat] != KindVotes:
		return 0, fmt.Sprintf("category %s is not decided by votes (votes categories: %s)",
			clip(b.Category), bb.votesList)
	case spaceErr != nil:
		return 0, fmt.Sprintf("Space %s: %v", clip(b.Space), spaceErr)
	}
	e := &bb.ents[space]
	switch {
	case !e.verdict.eligible:
		return 0, fmt.Sprintf("%s is not eligible: %s", e.info.ID,
			strings.Join(e.verdict.reasons, "; "))
	case slices.Contains(e.info.Authors, voter):
		return 0, fmt.Sprintf("self-vote: %s is an author of %s", voter, e.info.ID)
	}
	return cat, bb.memberReason(voter)
}

func (bb *ballotBox) windowReason(at time.Time) string {
	switch {
	case !bb.opens.IsZero() && at.Before(bb.opens):
		return fmt.Sprintf("cast %s, before voting opened (%s)", fmtTime(at), fmtTime(bb.opens))
	case !bb.closes.IsZero() && at.Equal(bb.closes):
		return fmt.Sprintf("cast %s, the moment voting closed, which is outside it", fmtTime(at))
	case !bb.closes.IsZero() && at.After(bb.closes):
		return fmt.Sprintf("cast %s, after voting closed (%s)", fmtTime(at), fmtTime(bb.closes))
	}
	return ""
}

func (bb *ballotBox) memberReason(voter string) string {
	switch {
	case !bb.onlyMembers:
		return ""
	case bb.members == nil:
		return fmt.Sprintf("the members of %s are unknown, so membership cannot be checked "+
			"(voters: %s)", bb.org, VotersOrgMembers)
	case !bb.members[voter]:
		return fmt.Sprintf("%s is not a member of %s (voters: %s)", voter, bb.org, VotersOrgMembers)
	}
	return ""
}
