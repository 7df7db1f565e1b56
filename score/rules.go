package score

import (
	"math/big"
	"time"
)

// Rules is everything judging needs from an event config. The command line
// parses the YAML config into Rules; score itself reads no config file.
type Rules struct {
	// Name names the rule set in reports ("gradio-blocks-party", a file name).
	Name        string
	Event       Event
	Eligibility Eligibility
	// Criteria are judged in this order, which is also the order of the
	// criterion columns and sheets in the reports.
	Criteria []Criterion
	Voting   Voting
	// TieBreak lists the keys that order Spaces with equal values: criterion
	// ids (descending) or "created_at" (ascending).
	TieBreak []string
	Prizes   []Prize
}

// Event describes the event being judged.
type Event struct {
	Name string
	Org  string
	// Opens is inclusive and Closes exclusive: a Space created at Closes is
	// outside the event.
	Opens  time.Time
	Closes time.Time
}

// Eligibility holds the rules that decide which Spaces can win.
type Eligibility struct {
	SDKs          []string
	RequireBlocks bool
	// Exclude, Include, IneligibleAuthors and IgnoreAuthors are matched
	// case-insensitively.
	Exclude           []string
	Include           []string
	IneligibleAuthors []string
	IgnoreAuthors     []string
	BrokenStages      []string
	// Duplicates is "exclude" or "allow".
	Duplicates string
}

// Criterion kinds.
const (
	// KindPicks counts the distinct pickers of a Space in the picks file.
	KindPicks = "picks"
	// KindLikes counts the likes of a Space on the Hub.
	KindLikes = "likes"
	// KindVotes counts the counted ballots for a Space.
	KindVotes = "votes"
)

// A Criterion is one thing Spaces are ranked by.
type Criterion struct {
	ID   string
	Name string
	// Kind is KindPicks, KindLikes or KindVotes.
	Kind string
	// Weight is the criterion's weight in the overall score; it is never
	// negative. A nil Weight counts as 1.
	Weight *big.Rat
	// ExcludeSelfLikes applies to KindLikes: likes by the Space's own
	// authors do not count.
	ExcludeSelfLikes bool
}

// Voting holds the rules for ballots.
type Voting struct {
	// Opens is inclusive and Closes exclusive.
	Opens  time.Time
	Closes time.Time
	// Method is "plurality": one Space per ballot.
	Method string
	// Voters is "anyone" or "org_members".
	Voters string
	// Columns, when set, maps a wide form export onto ballots.
	Columns *Columns
}

// Columns maps the columns of a form export (one row per response, one
// column per category) onto ballots.
type Columns struct {
	Timestamp string
	Voter     string
	// Categories maps a votes criterion id to its column header.
	Categories map[string]string
}

// A Prize is awarded by rank range over a ranking, or to every participant.
type Prize struct {
	Name string
	// By is "overall" or a criterion id; empty when ToParticipants.
	By string
	// From and To are the inclusive rank range, 1-based.
	From, To int
	// ToParticipants awards the prize to every participant.
	ToParticipants bool
}

// Overall is the Prize.By value that names the overall ranking; it is one
// of [ReservedIDs], so no criterion can take it.
const Overall = "overall"
