package score

import (
	"math/big"
	"time"
)

// A Result is the whole outcome of judging one snapshot: who ranks where,
// who wins what, and the reason for every exclusion, rejection and tie. It is
// everything the reports need; they decide nothing themselves.
//
// Every list in a Result is in a deterministic order, so that the same
// inputs always give the same reports.
type Result struct {
	// RuleSet names the rules the result was computed with.
	RuleSet string
	Event   Event
	// CollectedAt, Endpoint and Org come from the snapshot.
	CollectedAt time.Time
	Endpoint    string
	Org         string
	// Criteria are the judged criteria, in config order.
	Criteria []CriterionInfo
	// Spaces holds every collected Space, eligible or not, sorted by ID.
	Spaces []SpaceInfo
	// Leaderboard holds the eligible Spaces by overall rank.
	Leaderboard []Entry
	// Rankings holds one ranking per criterion, in Criteria order.
	Rankings []Ranking
	// Ineligible holds the Spaces that cannot win, sorted by ID.
	Ineligible []Ineligible
	// Winners holds one row per Space and ranking in which it won at least
	// one rank prize, in prize order then rank order.
	Winners []Winner
	// Awards holds one row per person and prize, sorted by user then
	// prize order.
	Awards []Award
	// Participants holds every participant, sorted by user.
	Participants []Participant
	// Ballots holds one row per input row of the votes file, in file order.
	Ballots []Ballot
	// Picks holds the staff picks as given, in file order, less those that
	// Input.SkipUnknownPickedSpaces leaves out.
	Picks []Pick
	// Ties lists the shared ranks at a prize's cut-off, in prize order.
	Ties []Tie
	// Warnings are facts an organizer must see before trusting the result,
	// such as "collected before the event closed" or "no votes file given".
	Warnings []string
}

// CriterionInfo describes a criterion for the reports.
type CriterionInfo struct {
	ID     string
	Name   string
	Kind   string
	Weight *big.Rat
	// Max is the largest value among eligible Spaces, the divisor of the
	// overall score.
	Max int
}

// SpaceInfo is what the reports show about any collected Space.
type SpaceInfo struct {
	ID    string
	Title string
	// URL is the Space's page on the Hub.
	URL string
	// Authors are the Space's authors (commit authors less ignored ones and
	// the organization), lowercased and sorted.
	Authors   []string
	CreatedAt time.Time
	Likes     int
	Eligible  bool
	// Collected is false when the Space's details failed after retries.
	Collected bool
	// Error is the collection error when Collected is false.
	Error string
	// Note explains a decision that overrides the rules, such as a Space
	// that eligibility.include admits although it fails some rules ("included
	// by config despite: private; runtime stage BUILD_ERROR"); empty when
	// there is none.
	Note string
}

// An Entry is one Space's place in a ranking.
type Entry struct {
	// Rank is the competition rank: 1, 2, 2, 4.
	Rank int
	// Tied reports whether another Space shares Rank.
	Tied  bool
	Space SpaceInfo
	// Score is the overall score in the overall ranking and the criterion
	// value in a criterion ranking. It is exact; reports round it.
	Score *big.Rat
	// Values holds the Space's value for each criterion, in Criteria order.
	Values []int
	// Prizes names the rank prizes this Space won in this ranking.
	Prizes []string
}

// A Ranking is the eligible Spaces ordered by one criterion.
type Ranking struct {
	Criterion CriterionInfo
	Entries   []Entry
}

// Ineligible is a Space that cannot win, with every reason, in the order of
// the rules. An included Space is eligible and is not listed here.
type Ineligible struct {
	Space   SpaceInfo
	Reasons []string
}

// A Winner is a Space that won rank prizes in one ranking.
type Winner struct {
	// By is "overall" or the criterion id of the ranking.
	By    string
	Rank  int
	Space SpaceInfo
	// Score is the Space's score (overall) or value (criterion) in By.
	Score  *big.Rat
	Prizes []string
	// Tie describes a shared rank, such as "tied at rank 10 with 2 others";
	// empty when the rank is not shared.
	Tie string
}

// An Award is one prize for one person, with every Space that earned it.
type Award struct {
	User   string
	Prize  string
	Spaces []string
}

// A Participant is a person who authored at least one collected Space that
// the config does not exclude.
type Participant struct {
	User           string
	Spaces         []string
	EligibleSpaces []string
	// Badges are the participant prizes the person receives; empty for
	// ineligible authors.
	Badges []string
}

// Ballot statuses.
const (
	// StatusCounted marks a ballot that counts.
	StatusCounted = "counted"
	// StatusSuperseded marks a valid ballot replaced by a later one of the
	// same voter in the same category.
	StatusSuperseded = "superseded"
	// StatusRejected marks a ballot that does not count; its Reason says
	// why.
	StatusRejected = "rejected"
)

// A Ballot is one vote as read from the votes file, with its status. A wide
// form export row gives one Ballot per category column.
type Ballot struct {
	// Line is the 1-based line of the row in the votes file.
	Line int
	// Timestamp, Voter, Category and Space are the fields as given.
	Timestamp string
	Voter     string
	Category  string
	Space     string
	// SpaceID is the matched Space, empty when none matched.
	SpaceID string
	Status  string
	Reason  string
}

// A Pick is one staff pick.
type Pick struct {
	Line      int
	Criterion string
	Picker    string
	SpaceID   string
	Note      string
}

// A Tie is a shared rank at a prize's cut-off. Mostly it straddles the end
// of the prize's rank range: every Space that shares it receives the prize,
// so more Spaces win than the range has ranks. It may also come before the
// range and fill the range's first ranks, so that nobody wins the prize:
// with First for rank 1, Second for rank 2 and two Spaces sharing rank 1,
// nobody holds rank 2, and the Tie of Second names the two Spaces at rank
// 1. Rank is the shared rank either way.
type Tie struct {
	Prize  string
	By     string
	Rank   int
	Spaces []string
}
