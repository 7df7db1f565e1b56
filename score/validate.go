package score

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Values of the Rules' string options.
const (
	// DuplicatesExclude makes a Space duplicated from another ineligible.
	DuplicatesExclude = "exclude"
	// DuplicatesAllow lets duplicated Spaces compete like any other.
	DuplicatesAllow = "allow"
	// MethodPlurality gives each ballot one Space.
	MethodPlurality = "plurality"
	// VotersAnyone counts the ballots of anyone.
	VotersAnyone = "anyone"
	// VotersOrgMembers counts only the ballots of the organization's members.
	VotersOrgMembers = "org_members"
	// TieBreakCreatedAt is the tie-break key that orders Spaces by creation
	// time, earliest first.
	TieBreakCreatedAt = "created_at"
)

// ReservedIDs are the words a criterion id may not be, because rankings and
// reports use them as keys or column names: a criterion id becomes a column
// next to them (the leaderboard's header is rank,space,title,authors,score,
// then one column per criterion id), and Prize.By and the tie-break keys
// name the overall ranking and the creation time by them. They are compared
// ignoring case.
var ReservedIDs = []string{
	Overall, TieBreakCreatedAt,
	"rank", "space", "title", "authors", "score", "value", "url", "tied", "prizes", "tie", "by",
}

// Validate checks the rules against themselves, as a config parser cannot:
// criterion ids are unique, none of [ReservedIDs], and known where they are
// named (tie-break keys, prizes, the votes column mapping), kinds and
// options are known, weights are not negative, rank ranges start at 1 and
// do not run backwards, and every window closes after it opens. An empty
// Duplicates, Method or Voters means its default: "exclude", "plurality"
// and "anyone". A zero Opens or Closes leaves that side of its window open.
//
// Validate returns nil or an [*InputError] for the rule set's Name that
// lists every problem found.
func (r Rules) Validate() error {
	var v validator
	v.window("event", r.Event.Opens, r.Event.Closes)
	v.window("voting", r.Voting.Opens, r.Voting.Closes)
	kinds := v.criteria(r.Criteria)
	v.tieBreak(r.TieBreak, kinds)
	v.prizes(r.Prizes, kinds)
	v.oneOf("eligibility.duplicates", r.Eligibility.Duplicates, DuplicatesExclude, DuplicatesAllow)
	v.oneOf("voting.method", r.Voting.Method, MethodPlurality)
	v.oneOf("voting.voters", r.Voting.Voters, VotersAnyone, VotersOrgMembers)
	if r.Voting.Columns != nil {
		v.columns(r.Voting.Columns, kinds)
	}
	if len(v.errs) == 0 {
		return nil
	}
	name := r.Name
	if name == "" {
		name = "rules"
	}
	return &InputError{File: name, Err: errors.Join(v.errs...)}
}

// isReserved reports whether id is one of [ReservedIDs], ignoring case and
// surrounding spaces.
func isReserved(id string) bool {
	id = strings.TrimSpace(id)
	return slices.ContainsFunc(ReservedIDs, func(w string) bool { return strings.EqualFold(w, id) })
}

// A validator collects the problems of a rule set.
type validator struct{ errs []error }

func (v *validator) addf(format string, args ...any) {
	v.errs = append(v.errs, fmt.Errorf(format, args...))
}

func (v *validator) window(what string, opens, closes time.Time) {
	if !opens.IsZero() && !closes.IsZero() && !opens.Before(closes) {
		v.addf("%s.closes (%s) is not after %s.opens (%s)",
			what, fmtTime(closes), what, fmtTime(opens))
	}
}

// criteria checks the criteria and returns their kinds by id.
func (v *validator) criteria(cs []Criterion) map[string]string {
	kinds := map[string]string{}
	if len(cs) == 0 {
		v.addf("criteria: none given; judging needs at least one")
	}
	for i, c := range cs {
		at := fmt.Sprintf("criteria[%d] (%s)", i, c.ID)
		switch {
		case c.ID == "":
			v.addf("criteria[%d]: id is empty", i)
		case isReserved(c.ID):
			v.addf("%s: id %q is reserved, since rankings and reports use it as a key or "+
				"column name; choose another (reserved: %s)",
				at, c.ID, strings.Join(ReservedIDs, ", "))
		case kinds[strings.ToLower(c.ID)] != "":
			v.addf("%s: id is used by another criterion", at)
		}
		if c.Kind != KindPicks && c.Kind != KindLikes && c.Kind != KindVotes {
			v.addf("%s: kind %q is not one of %s, %s, %s",
				at, c.Kind, KindPicks, KindLikes, KindVotes)
		}
		if c.Weight != nil && c.Weight.Sign() < 0 {
			v.addf("%s: weight %s is below 0", at, c.Weight.RatString())
		}
		if c.ExcludeSelfLikes && c.Kind != KindLikes {
			v.addf("%s: exclude_self_likes applies to %s criteria only", at, KindLikes)
		}
		if c.ID != "" {
			kinds[strings.ToLower(c.ID)] = c.Kind
		}
	}
	return kinds
}

func (v *validator) tieBreak(keys []string, kinds map[string]string) {
	for i, k := range keys {
		if k != TieBreakCreatedAt && kinds[strings.ToLower(k)] == "" {
			v.addf("tie_break[%d]: %q is neither %s nor a criterion id", i, k, TieBreakCreatedAt)
		}
	}
}

func (v *validator) prizes(ps []Prize, kinds map[string]string) {
	for i, p := range ps {
		at := fmt.Sprintf("prizes[%d] (%s)", i, p.Name)
		if strings.TrimSpace(p.Name) == "" {
			v.addf("prizes[%d]: name is empty", i)
		}
		if p.ToParticipants {
			if p.By != "" || p.From != 0 || p.To != 0 {
				v.addf("%s: a prize to participants has no by or ranks", at)
			}
			continue
		}
		if p.By != Overall && kinds[strings.ToLower(p.By)] == "" {
			v.addf("%s: by %q is neither %s nor a criterion id", at, p.By, Overall)
		}
		if p.From < 1 || p.To < p.From {
			v.addf("%s: ranks %d-%d is not a range of ranks from 1 up", at, p.From, p.To)
		}
	}
}

func (v *validator) oneOf(key, value string, allowed ...string) {
	if value == "" {
		return
	}
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.addf("%s: %q is not one of %s", key, value, strings.Join(allowed, ", "))
}

func (v *validator) columns(c *Columns, kinds map[string]string) {
	if c.Timestamp == "" || c.Voter == "" {
		v.addf("voting.columns: timestamp and voter must both name a column")
	}
	if len(c.Categories) == 0 {
		v.addf("voting.columns.categories: none given")
	}
	seen := map[string]string{strings.ToLower(strings.TrimSpace(c.Timestamp)): "timestamp"}
	if v2 := strings.ToLower(strings.TrimSpace(c.Voter)); seen[v2] != "" {
		v.addf("voting.columns: voter and timestamp name the same column")
	} else {
		seen[v2] = "voter"
	}
	for _, id := range sortedKeys(c.Categories) {
		if kinds[strings.ToLower(id)] != KindVotes {
			v.addf("voting.columns.categories: %q is not a %s criterion", id, KindVotes)
		}
		h := strings.ToLower(strings.TrimSpace(c.Categories[id]))
		if h == "" {
			v.addf("voting.columns.categories.%s: the column name is empty", id)
		} else if other := seen[h]; other != "" {
			v.addf("voting.columns.categories.%s: column %q is also mapped to %s",
				id, c.Categories[id], other)
		}
		seen[h] = id
	}
}
