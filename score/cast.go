package score

import "time"

// CastBefore returns the ballots whose timestamp is before t, in file order,
// for judging an earlier snapshot with the ballots that had been cast when it
// was collected. Ballots whose timestamp cannot be read are kept: they are
// rejected in any run, so they are not news in a later one. A nil votes
// stays nil, so that "no votes file" stays distinct from "no ballots yet".
func CastBefore(votes []Ballot, t time.Time) []Ballot {
	if votes == nil {
		return nil
	}
	kept := make([]Ballot, 0, len(votes))
	for _, b := range votes {
		at, err := parseTime(b.Timestamp)
		if err != nil || at.Before(t) {
			kept = append(kept, b)
		}
	}
	return kept
}
