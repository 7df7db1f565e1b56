package score

import (
	"strings"
	"testing"

	"github.com/spacejudge/spacejudge/collect"
)

// ballotSnapshot holds Org/a by alice, Org/b by bob and a private Org/p by
// carol; its members are alice, bob and voter.
func ballotSnapshot() *collect.Snapshot {
	p := testSpace("p", "carol", 0)
	p.Private = true
	snap := testSnapshot(testSpace("a", "alice", 0), testSpace("b", "bob", 0), p)
	snap.Members = []string{"Alice", "bob", "Voter"}
	return snap
}

func ballot(line int, ts, voter, category, space string) Ballot {
	return Ballot{Line: line, Timestamp: ts, Voter: voter, Category: category, Space: space}
}

func TestBallotStatus(t *testing.T) {
	const during = "2022-05-20 10:00:00"
	tests := []struct {
		name        string
		voters      string
		members     func(s *collect.Snapshot)
		b           Ballot
		status      string
		reason      string // a part of the reason
		wantSpaceID string
	}{
		{name: "counted", b: ballot(2, during, "voter", "vote", "Org/a"),
			status: StatusCounted, reason: "latest valid ballot", wantSpaceID: "Org/a"},
		{name: "category by name", b: ballot(2, during, "voter", "community pick", "a"),
			status: StatusCounted, wantSpaceID: "Org/a"},
		{name: "space by URL",
			b:      ballot(2, during, "voter", "vote", "https://huggingface.co/spaces/org/A/"),
			status: StatusCounted, wantSpaceID: "Org/a"},
		{name: "already rejected",
			b: Ballot{Line: 2, Timestamp: during, Voter: "voter", Category: "vote", Space: "a",
				Status: StatusRejected, Reason: "line 2: 3 fields, but the header has 4"},
			status: StatusRejected, reason: "line 2: 3 fields", wantSpaceID: "Org/a"},
		{name: "status from elsewhere is judged again",
			b: Ballot{Line: 2, Timestamp: during, Voter: "voter", Category: "vote", Space: "zz",
				Status: StatusCounted, SpaceID: "Org/zz"},
			status: StatusRejected, reason: "no such Space"},
		{name: "malformed voter", b: ballot(3, during, "", "vote", "a"),
			status: StatusRejected, reason: "line 3, field voter: empty", wantSpaceID: "Org/a"},
		{name: "malformed time", b: ballot(3, "05/20/2022", "voter", "vote", "a"),
			status:      StatusRejected,
			reason:      `line 3, field timestamp: "05/20/2022" is not a readable`,
			wantSpaceID: "Org/a"},
		{name: "before voting", b: ballot(2, "2022-05-15 23:00:00", "voter", "vote", "a"),
			status: StatusRejected, reason: "cast 2022-05-15 23:00 UTC, before voting opened",
			wantSpaceID: "Org/a"},
		{name: "at voting close", b: ballot(2, "2022-06-01T02:00:00+02:00", "voter", "vote", "a"),
			status: StatusRejected, reason: "the moment voting closed", wantSpaceID: "Org/a"},
		{name: "after voting", b: ballot(2, "2022-06-03 00:00:00", "voter", "vote", "a"),
			status: StatusRejected, reason: "after voting closed (2022-06-01 00:00 UTC)",
			wantSpaceID: "Org/a"},
		{name: "window checked before category",
			b:      ballot(2, "2022-06-03 00:00:00", "voter", "hats", "zz"),
			status: StatusRejected, reason: "after voting closed"},
		{name: "unknown category", b: ballot(2, during, "voter", "hats", "a"),
			status: StatusRejected, reason: `unknown category "hats" (votes categories: vote)`,
			wantSpaceID: "Org/a"},
		{name: "category of another kind", b: ballot(2, during, "voter", "likes", "a"),
			status: StatusRejected, reason: `category "likes" is not decided by votes`,
			wantSpaceID: "Org/a"},
		{name: "unknown space", b: ballot(2, during, "voter", "vote", "Org/zz"),
			status: StatusRejected, reason: `Space "Org/zz": no such Space in the organization`},
		{name: "foreign URL",
			b:      ballot(2, during, "voter", "vote", "https://example.com/spaces/Org/a"),
			status: StatusRejected, reason: "not a Space URL on the Hub"},
		{name: "ineligible space", b: ballot(2, during, "voter", "vote", "p"),
			status: StatusRejected, reason: "Org/p is not eligible: private", wantSpaceID: "Org/p"},
		{name: "self-vote", b: ballot(2, during, "@ALICE", "vote", "a"),
			status: StatusRejected, reason: "self-vote: alice is an author of Org/a",
			wantSpaceID: "Org/a"},
		{name: "self-vote for another Space is fine", b: ballot(2, during, "alice", "vote", "b"),
			status: StatusCounted, wantSpaceID: "Org/b"},
		{name: "member", voters: VotersOrgMembers, b: ballot(2, during, "VOTER", "vote", "a"),
			status: StatusCounted, wantSpaceID: "Org/a"},
		{name: "not a member", voters: VotersOrgMembers, b: ballot(2, during, "eve", "vote", "a"),
			status: StatusRejected, reason: "eve is not a member of Org (voters: org_members)",
			wantSpaceID: "Org/a"},
		{name: "members unknown", voters: VotersOrgMembers,
			members: func(s *collect.Snapshot) { s.Members = nil },
			b:       ballot(2, during, "voter", "vote", "a"), status: StatusRejected,
			reason: "the members of Org are unknown", wantSpaceID: "Org/a"},
		{name: "members failed", voters: VotersOrgMembers,
			members: func(s *collect.Snapshot) { s.MembersError = "403 Forbidden" },
			b:       ballot(2, during, "voter", "vote", "a"), status: StatusRejected,
			reason: "the members of Org are unknown", wantSpaceID: "Org/a"},
		{name: "anyone may vote", members: func(s *collect.Snapshot) { s.Members = nil },
			b: ballot(2, during, "eve", "vote", "a"), status: StatusCounted, wantSpaceID: "Org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			r.Voting.Voters = tt.voters
			snap := ballotSnapshot()
			if tt.members != nil {
				tt.members(snap)
			}
			res := judge(t, r, Input{Snapshot: snap, Votes: []Ballot{tt.b}, HaveVotes: true})
			got := res.Ballots[0]
			if got.Status != tt.status || !strings.Contains(got.Reason, tt.reason) ||
				got.SpaceID != tt.wantSpaceID {
				t.Errorf("ballot %+v judged %s (%q) for %q, want %s (%q) for %q", tt.b, got.Status,
					got.Reason, got.SpaceID, tt.status, tt.reason, tt.wantSpaceID)
			}
		})
	}
}

func TestBallotSuperseding(t *testing.T) {
	tests := []struct {
		name   string
		in     []Ballot
		status []string
		reason []string // parts of the reasons, "" to skip
	}{
		{"chain: the latest counts",
			[]Ballot{
				ballot(2, "2022-05-20 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-21 10:00:00", "Voter", "vote", "b"),
				ballot(4, "2022-05-22 10:00:00", "@voter", "vote", "a"),
			},
			[]string{StatusSuperseded, StatusSuperseded, StatusCounted},
			[]string{"superseded by line 4", "superseded by line 4", ""}},
		{"a later invalid ballot does not supersede",
			[]Ballot{
				ballot(2, "2022-05-20 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-21 10:00:00", "voter", "vote", "zz"),
				ballot(4, "2022-06-21 10:00:00", "voter", "vote", "b"),
				ballot(5, "2022-05-22 10:00:00", "voter", "vote", "p"),
			},
			[]string{StatusCounted, StatusRejected, StatusRejected, StatusRejected},
			[]string{"", "no such Space", "after voting closed", "not eligible"}},
		{"the latest timestamp wins over the later line",
			[]Ballot{
				ballot(2, "2022-05-22 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-21 10:00:00", "voter", "vote", "b"),
			},
			[]string{StatusCounted, StatusSuperseded},
			[]string{"", "superseded by line 2"}},
		{"equal timestamps: the later line wins",
			[]Ballot{
				ballot(2, "2022-05-21 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-21T12:00:00+02:00", "voter", "vote", "b"),
			},
			[]string{StatusSuperseded, StatusCounted},
			[]string{"superseded by line 3", ""}},
		{"equal timestamps: the later line wins, whatever the order given",
			[]Ballot{
				ballot(9, "2022-05-21 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-21 10:00:00", "voter", "vote", "b"),
			},
			[]string{StatusCounted, StatusSuperseded},
			[]string{"", "superseded by line 9"}},
		{"categories and voters are separate",
			[]Ballot{
				ballot(2, "2022-05-21 10:00:00", "voter", "vote", "a"),
				ballot(3, "2022-05-22 10:00:00", "other", "vote", "b"),
				ballot(4, "2022-05-22 10:00:00", "voter", "likes", "b"),
			},
			[]string{StatusCounted, StatusCounted, StatusRejected},
			[]string{"", "", "not decided by votes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := judge(t, testRules(), Input{Snapshot: ballotSnapshot(), Votes: tt.in,
				HaveVotes: true})
			for i, b := range res.Ballots {
				if b.Status != tt.status[i] || !strings.Contains(b.Reason, tt.reason[i]) {
					t.Errorf("ballot on line %d: %s (%q), want %s (%q)", b.Line, b.Status, b.Reason,
						tt.status[i], tt.reason[i])
				}
			}
		})
	}
}

func TestBallotsCountVotes(t *testing.T) {
	votes := []Ballot{
		ballot(2, "2022-05-20 10:00:00", "v1", "vote", "a"),
		ballot(3, "2022-05-20 10:00:00", "v2", "vote", "a"),
		ballot(4, "2022-05-20 10:00:00", "v3", "vote", "b"),
		ballot(5, "2022-05-21 10:00:00", "v3", "vote", "a"),
		ballot(6, "2022-05-20 10:00:00", "v4", "vote", "p"),
	}
	in := Input{Snapshot: ballotSnapshot(), Votes: votes, HaveVotes: true}
	res := judge(t, testRules(), in)
	got := map[string]int{}
	for _, e := range res.Leaderboard {
		got[e.Space.ID] = e.Values[2]
	}
	if got["Org/a"] != 3 || got["Org/b"] != 0 {
		t.Errorf("votes = %v, want Org/a 3 and Org/b 0", got)
	}
	if in.Votes[0].Status != "" {
		t.Errorf("Judge() changed its input ballots: %+v", in.Votes[0])
	}
}
