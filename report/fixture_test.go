package report

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/spacejudge/spacejudge/score"
)

// The fixtures are Results as the judge would fill them. A small fake
// judge below turns a list of Spaces with their criterion values into the
// rankings, prizes and ties, so that fixtures stay consistent at any size;
// its rules are simpler than the real ones (ties are equal scores), which
// does not matter to the reports.

// fakeSpace is a Space of a fixture, before judging.
type fakeSpace struct {
	id, title string
	authors   []string
	created   time.Time
	likes     int
	// values holds the Space's value per criterion.
	values []int
	// reasons makes the Space ineligible.
	reasons []string
	// collectErr makes the Space not collected.
	collectErr string
	// note explains an override, such as an inclusion by config.
	note string
}

type fakePrize struct {
	name     string
	by       string
	from, to int
}

// fakeEvent is everything the fake judge needs.
type fakeEvent struct {
	criteria     []score.CriterionInfo
	prizes       []fakePrize
	badges       []string
	spaces       []fakeSpace
	ballots      []score.Ballot
	picks        []score.Pick
	warnings     []string
	ineligibleBy []string
	collectedAt  time.Time
}

var (
	opens  = time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC)
	closes = time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
)

// fixture returns a realistic Result of 30 Spaces: ties at cut-offs,
// ineligible and uncollected Spaces, ballots of every status, hostile
// titles and names, and warnings.
func fixture() *score.Result {
	return judge(fixtureEvent())
}

func fixtureEvent() fakeEvent {
	ev := fakeEvent{
		criteria: []score.CriterionInfo{
			{ID: "staff_pick", Name: "Staff Picks", Kind: score.KindPicks,
				Weight: big.NewRat(1, 1)},
			{ID: "likes", Name: "Most liked Spaces", Kind: score.KindLikes,
				Weight: big.NewRat(1, 1)},
			{ID: "community", Name: "Community Pick", Kind: score.KindVotes,
				Weight: big.NewRat(1, 1)},
			{ID: "creative", Name: "Most Creative Space", Kind: score.KindVotes,
				Weight: big.NewRat(1, 2)},
			{ID: "ceo", Name: "CEO's pick: [best]/of*all?", Kind: score.KindPicks,
				Weight: big.NewRat(1, 1)},
		},
		prizes: []fakePrize{
			{"Hugging Face PRO, 1 year", score.Overall, 1, 1},
			{"Hugging Face PRO, 1 month", score.Overall, 2, 5},
			{"Swag", score.Overall, 1, 3},
			{"Gradio blog feature", "likes", 1, 1},
		},
		badges: []string{"Gradio badge", "Blocks event badge"},
		warnings: []string{"collected before the event closed",
			"=cmd|' /C calc'!A0 no picks file given"},
		ineligibleBy: []string{"staffer"},
		collectedAt:  time.Date(2022, 6, 1, 12, 30, 45, 123e6, time.UTC),
	}
	titles := []string{
		"Image captioning with Blocks", "=HYPERLINK(\"http://evil.example\",\"click\")",
		"Speech to text", "+1 for music", "-2 degrees", "@everyone look",
		"\tTabbed title", "\rCarriage", "Pipes | in | title", "Two\nlines",
		"Control\x01\x07\x1b[31m chars", "مساحة عربية \u202eevil\u202c", "🎉 Party 👩‍👩‍👧",
		"<script>alert(1)</script>", "**bold** _it_ `code` [link](http://x.example)",
		"bad \xff\xfe utf8", "Back\\slash and ~strike~ $math$ #1 !",
		"漢字のタイトル", "", "Plain old demo", "Another demo", "Style transfer",
		"Chatbot", "Translation", "Summarizer", "Sketch to image", "Music gen",
		"Quiz", "Weather", "Maps",
	}
	// values: staff_pick, likes, community, creative, ceo
	vals := [][]int{
		{2, 40, 9, 3, 1}, {1, 35, 7, 5, 0}, {1, 30, 7, 2, 0}, {0, 30, 7, 2, 0},
		{0, 22, 4, 4, 1}, {0, 22, 4, 4, 1}, {0, 18, 3, 1, 0}, {0, 12, 2, 0, 0},
		{0, 12, 2, 0, 0}, {0, 9, 1, 1, 0}, {0, 8, 1, 0, 0}, {0, 7, 0, 1, 0},
		{0, 6, 0, 0, 0}, {0, 5, 1, 0, 0}, {0, 4, 0, 0, 0}, {0, 3, 0, 2, 0},
		{0, 3, 0, 0, 0}, {0, 2, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 0, 0, 0},
		{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0},
	}
	for i, title := range titles {
		sp := fakeSpace{
			id:      fmt.Sprintf("Gradio-Blocks/space-%02d", i+1),
			title:   title,
			authors: fixtureAuthors(i),
			created: opens.Add(time.Duration(i) * 7 * time.Hour),
			values:  make([]int, len(ev.criteria)),
		}
		if i < len(vals) {
			copy(sp.values, vals[i])
		}
		sp.likes = sp.values[1] + i%3
		switch i {
		case 22:
			sp.reasons = []string{"SDK streamlit is not among gradio"}
		case 23:
			sp.reasons = []string{"created 2022-06-02, after the event closed",
				"duplicated from =other/space"}
		case 24:
			sp.reasons = []string{"runtime stage BUILD_ERROR is broken"}
		case 25:
			sp.reasons = []string{"every author is ineligible"}
			sp.authors = []string{"staffer"}
		case 26:
			sp.collectErr = "fetching commits: 503 Service Unavailable after 5 attempts"
			sp.reasons = []string{"not collected"}
		case 27:
			sp.reasons = []string{"private or disabled"}
		case 20:
			sp.note = "included by config despite: runtime stage BUILD_ERROR"
		}
		ev.spaces = append(ev.spaces, sp)
	}
	ev.ballots = fixtureBallots()
	ev.picks = fixturePicks()
	return ev
}

// fixturePicks returns the picks behind the fixture's staff_pick and ceo
// values, with hostile pickers and notes.
func fixturePicks() []score.Pick {
	picks := []score.Pick{
		{Criterion: "staff_pick", Picker: "abi", SpaceID: "Gradio-Blocks/space-01",
			Note: "clear demo"},
		{Criterion: "staff_pick", Picker: "=staff|lead", SpaceID: "Gradio-Blocks/space-01",
			Note: "-1 for the name, +2 for the app"},
		{Criterion: "staff_pick", Picker: "abi", SpaceID: "Gradio-Blocks/space-02"},
		{Criterion: "staff_pick", Picker: "omar", SpaceID: "Gradio-Blocks/space-03",
			Note: "two\nlines\tand \x07 a bell"},
		{Criterion: "ceo", Picker: "ceo", SpaceID: "Gradio-Blocks/space-01"},
		{Criterion: "ceo", Picker: "ceo", SpaceID: "Gradio-Blocks/space-05",
			Note: "@everyone should try it"},
		{Criterion: "ceo", Picker: "ceo", SpaceID: "Gradio-Blocks/space-06"},
	}
	for i := range picks {
		picks[i].Line = i + 2
	}
	return picks
}

// fixtureAuthors gives Space i one to three authors, some shared.
func fixtureAuthors(i int) []string {
	names := []string{"alice", "bob", "carol", "=dave", "erin", "frank|x", "staffer",
		"ümit", "@grace", "heidi"}
	as := []string{names[i%len(names)]}
	if i%3 == 0 {
		as = append(as, names[(i+4)%len(names)])
	}
	if i%7 == 0 {
		as = append(as, names[(i+1)%len(names)])
	}
	slices.Sort(as)
	return slices.Compact(as)
}

// fixtureBallots returns ballots of every status, hostile ones included.
func fixtureBallots() []score.Ballot {
	type b = score.Ballot
	ts := func(d int) string {
		return opens.Add(time.Duration(d) * time.Hour).Format("2006-01-02 15:04:05")
	}
	out := []score.Ballot{
		{Timestamp: ts(1), Voter: "v1", Category: "community", Space: "space-01",
			SpaceID: "Gradio-Blocks/space-01", Status: score.StatusCounted},
		{Timestamp: ts(2), Voter: "v2", Category: "community",
			Space:   "https://huggingface.co/spaces/Gradio-Blocks/space-02",
			SpaceID: "Gradio-Blocks/space-02", Status: score.StatusSuperseded,
			Reason: "a later ballot by v2 in community counts"},
		{Timestamp: ts(3), Voter: "v2", Category: "community", Space: "Gradio-Blocks/space-03",
			SpaceID: "Gradio-Blocks/space-03", Status: score.StatusCounted},
		{Timestamp: ts(4), Voter: "=1+1", Category: "creative", Space: "=HYPERLINK(\"x\")",
			Status: score.StatusRejected, Reason: "unknown Space \"=HYPERLINK(\"x\")\""},
		{Timestamp: "not a date", Voter: "v3", Category: "creative", Space: "space-01",
			Status: score.StatusRejected, Reason: "line 6, field timestamp: not a date"},
		{Timestamp: ts(900), Voter: "v4", Category: "community", Space: "space-05",
			SpaceID: "Gradio-Blocks/space-05", Status: score.StatusRejected,
			Reason: "outside the voting window"},
		{Timestamp: ts(5), Voter: "alice", Category: "community", Space: "space-01",
			SpaceID: "Gradio-Blocks/space-01", Status: score.StatusRejected,
			Reason: "self-vote: alice is an author"},
		{Timestamp: ts(6), Voter: "v5", Category: "best | worst", Space: "space-02",
			SpaceID: "Gradio-Blocks/space-02", Status: score.StatusRejected,
			Reason: "unknown category \"best | worst\""},
		{Timestamp: ts(7), Voter: "v6\nnewline", Category: "creative", Space: "space-23",
			SpaceID: "Gradio-Blocks/space-23", Status: score.StatusRejected,
			Reason: "ineligible Space"},
	}
	for i := range 31 {
		out = append(out, b{
			Timestamp: ts(10 + i), Voter: fmt.Sprintf("voter%02d", i),
			Category: []string{"community", "creative"}[i%2],
			Space:    fmt.Sprintf("space-%02d", 1+i%9),
			SpaceID:  fmt.Sprintf("Gradio-Blocks/space-%02d", 1+i%9),
			Status:   score.StatusCounted,
		})
	}
	for i := range out {
		out[i].Line = i + 2
	}
	return out
}

// generate returns a Result of n Spaces and m ballots with the default
// criteria and prizes, for benchmarks.
func generate(n, m int) *score.Result {
	ev := fixtureEvent()
	rng := rand.New(rand.NewPCG(uint64(n), uint64(m)))
	ev.spaces = make([]fakeSpace, n)
	for i := range ev.spaces {
		sp := fakeSpace{
			id:      fmt.Sprintf("Gradio-Blocks/generated-space-%06d", i),
			title:   fmt.Sprintf("Demo number %d of the generated event", i),
			authors: []string{fmt.Sprintf("user%05d", rng.IntN(max(n/2, 1)))},
			created: opens.Add(time.Duration(rng.IntN(15*24*60)) * time.Minute),
			values: []int{rng.IntN(2), rng.IntN(200), rng.IntN(50), rng.IntN(50),
				rng.IntN(2)},
		}
		sp.likes = sp.values[1]
		if i%10 == 9 {
			sp.reasons = []string{"SDK streamlit is not among gradio"}
		}
		ev.spaces[i] = sp
	}
	ev.ballots = make([]score.Ballot, m)
	statuses := []string{score.StatusCounted, score.StatusCounted, score.StatusSuperseded,
		score.StatusRejected}
	for i := range ev.ballots {
		k := rng.IntN(n)
		st := statuses[rng.IntN(len(statuses))]
		ev.ballots[i] = score.Ballot{
			Line: i + 2, Timestamp: opens.Add(time.Duration(i) * time.Second).Format(time.RFC3339),
			Voter: fmt.Sprintf("voter%07d", i), Category: "community",
			Space: fmt.Sprintf("generated-space-%06d", k), SpaceID: ev.spaces[k].id,
			Status: st,
		}
		if st == score.StatusRejected {
			ev.ballots[i].Reason = "outside the voting window"
		}
	}
	return judge(ev)
}

// judge is the fake judge.
func judge(ev fakeEvent) *score.Result {
	res := &score.Result{
		RuleSet: "gradio-blocks-party",
		Event: score.Event{Name: "Gradio Blocks Party", Org: "Gradio-Blocks",
			Opens: opens, Closes: closes},
		CollectedAt: ev.collectedAt, Endpoint: "https://huggingface.co", Org: "Gradio-Blocks",
		Criteria: slices.Clone(ev.criteria), Ballots: ev.ballots, Picks: ev.picks,
		Warnings: ev.warnings,
	}
	spaces := slices.Clone(ev.spaces)
	slices.SortFunc(spaces, func(a, b fakeSpace) int { return cmp.Compare(a.id, b.id) })
	var eligible []fakeSpace
	for _, sp := range spaces {
		info := infoOf(sp)
		res.Spaces = append(res.Spaces, info)
		if info.Eligible {
			eligible = append(eligible, sp)
			continue
		}
		res.Ineligible = append(res.Ineligible, score.Ineligible{Space: info, Reasons: sp.reasons})
	}
	for k := range res.Criteria {
		for _, sp := range eligible {
			res.Criteria[k].Max = max(res.Criteria[k].Max, sp.values[k])
		}
	}
	res.Leaderboard = rank(eligible, func(sp fakeSpace) *big.Rat { return overall(res, sp) })
	for k := range res.Criteria {
		entries := rank(eligible, func(sp fakeSpace) *big.Rat {
			return new(big.Rat).SetInt64(int64(sp.values[k]))
		})
		res.Rankings = append(res.Rankings, score.Ranking{Criterion: res.Criteria[k],
			Entries: entries})
	}
	award(res, ev)
	return res
}

func infoOf(sp fakeSpace) score.SpaceInfo {
	return score.SpaceInfo{
		ID: sp.id, Title: sp.title, URL: "https://huggingface.co/spaces/" + sp.id,
		Authors: sp.authors, CreatedAt: sp.created, Likes: sp.likes,
		Eligible: len(sp.reasons) == 0 && sp.collectErr == "", Collected: sp.collectErr == "",
		Error: sp.collectErr, Note: sp.note,
	}
}

// overall is the overall score of sp: each value over the largest, times
// the weight, summed.
func overall(res *score.Result, sp fakeSpace) *big.Rat {
	sum := new(big.Rat)
	for k, c := range res.Criteria {
		if c.Max == 0 {
			continue
		}
		v := big.NewRat(int64(sp.values[k]), int64(c.Max))
		sum.Add(sum, v.Mul(v, c.Weight))
	}
	return sum
}

// rank orders spaces by key, descending, then by creation and id, with
// competition ranks for equal keys.
func rank(spaces []fakeSpace, key func(fakeSpace) *big.Rat) []score.Entry {
	entries := make([]score.Entry, len(spaces))
	for i, sp := range spaces {
		entries[i] = score.Entry{Space: infoOf(sp), Score: key(sp), Values: sp.values}
	}
	slices.SortStableFunc(entries, func(a, b score.Entry) int {
		return cmp.Or(b.Score.Cmp(a.Score), a.Space.CreatedAt.Compare(b.Space.CreatedAt),
			cmp.Compare(a.Space.ID, b.Space.ID))
	})
	for i := range entries {
		entries[i].Rank = i + 1
		if i > 0 && entries[i].Score.Cmp(entries[i-1].Score) == 0 {
			entries[i].Rank = entries[i-1].Rank
			entries[i].Tied, entries[i-1].Tied = true, true
		}
	}
	return entries
}

// award fills the prizes, winners, ties, awards and participants.
func award(res *score.Result, ev fakeEvent) {
	won := map[string]map[string][]string{} // user → prize → spaces
	give := func(users []string, prize string, spaces ...string) {
		for _, u := range users {
			if slices.Contains(ev.ineligibleBy, u) {
				continue
			}
			if won[u] == nil {
				won[u] = map[string][]string{}
			}
			won[u][prize] = append(won[u][prize], spaces...)
		}
	}
	winners := map[string]*score.Winner{}
	var order []string
	for _, p := range ev.prizes {
		entries := rankingOf(res, p.by)
		for i := range entries {
			e := &entries[i]
			if e.Rank < p.from || e.Rank > p.to {
				continue
			}
			e.Prizes = append(e.Prizes, p.name)
			give(e.Space.Authors, p.name, e.Space.ID)
			key := p.by + " " + e.Space.ID
			if winners[key] == nil {
				winners[key] = &score.Winner{By: p.by, Rank: e.Rank, Space: e.Space,
					Score: e.Score, Tie: tieText(entries, e.Rank)}
				order = append(order, key)
			}
			winners[key].Prizes = append(winners[key].Prizes, p.name)
		}
		if t, ok := cutoffTie(entries, p); ok {
			res.Ties = append(res.Ties, t)
		}
	}
	for _, k := range order {
		res.Winners = append(res.Winners, *winners[k])
	}
	participants(res, ev, give)
	prizeOrder := map[string]int{}
	for i, p := range ev.prizes {
		prizeOrder[p.name] = i
	}
	for i, b := range ev.badges {
		prizeOrder[b] = len(ev.prizes) + i
	}
	for _, u := range slices.Sorted(maps.Keys(won)) {
		prizes := slices.SortedFunc(maps.Keys(won[u]), func(a, b string) int {
			return cmp.Compare(prizeOrder[a], prizeOrder[b])
		})
		for _, p := range prizes {
			res.Awards = append(res.Awards, score.Award{User: u, Prize: p, Spaces: won[u][p]})
		}
	}
}

func rankingOf(res *score.Result, by string) []score.Entry {
	if by == score.Overall {
		return res.Leaderboard
	}
	for k, c := range res.Criteria {
		if c.ID == by {
			return res.Rankings[k].Entries
		}
	}
	panic("unknown ranking " + by)
}

func tieText(entries []score.Entry, rank int) string {
	n := 0
	for _, e := range entries {
		if e.Rank == rank {
			n++
		}
	}
	if n < 2 {
		return ""
	}
	return fmt.Sprintf("tied at rank %d with %d others", rank, n-1)
}

// cutoffTie reports a shared rank inside p's range that reaches past it.
func cutoffTie(entries []score.Entry, p fakePrize) (score.Tie, bool) {
	var spaces []string
	rank := 0
	for _, e := range entries {
		if e.Rank <= p.to && e.Rank >= p.from && e.Tied {
			if e.Rank != rank {
				rank, spaces = e.Rank, nil
			}
			spaces = append(spaces, e.Space.ID)
		}
	}
	if rank == 0 || rank+len(spaces)-1 <= p.to {
		return score.Tie{}, false
	}
	return score.Tie{Prize: p.name, By: p.by, Rank: rank, Spaces: spaces}, true
}

func participants(res *score.Result, ev fakeEvent, give func([]string, string, ...string)) {
	byUser := map[string]*score.Participant{}
	for _, s := range res.Spaces {
		for _, u := range s.Authors {
			p := byUser[u]
			if p == nil {
				p = &score.Participant{User: u}
				if !slices.Contains(ev.ineligibleBy, u) {
					p.Badges = ev.badges
				}
				byUser[u] = p
			}
			p.Spaces = append(p.Spaces, s.ID)
			if s.Eligible {
				p.EligibleSpaces = append(p.EligibleSpaces, s.ID)
			}
		}
	}
	for _, u := range slices.Sorted(maps.Keys(byUser)) {
		res.Participants = append(res.Participants, *byUser[u])
		for _, b := range byUser[u].Badges {
			give([]string{u}, b, byUser[u].Spaces...)
		}
	}
}
