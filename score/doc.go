// Package score judges a snapshot of an organization's Spaces against an
// event's rules: it decides which Spaces are eligible and why, computes each
// criterion and the overall score, ranks the Spaces with explicit ties,
// validates ballots, and hands out prizes per rank range and per person.
//
// Judging is a pure function of its inputs: [Judge] takes the [Rules], the
// snapshot, the ballots read by [ReadVotes] and the picks read by
// [ReadPicks], and returns a [Result] in which every list is in a
// deterministic order and every exclusion, rejection and tie carries its
// reason. The package does no I/O beyond reading the readers it is given.
//
// Input that judging cannot accept (a malformed votes or picks file, a pick
// naming an unknown Space, rules that contradict themselves) is reported as
// an [*InputError], which callers detect with errors.As. [CheckPicks]
// refuses a bad picks file early, before there is a snapshot to judge.
package score
