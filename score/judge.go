package score

import (
	"cmp"
	"errors"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect"
)

// Input is what [Judge] judges besides the rules.
type Input struct {
	// Snapshot is the collected organization; it must not be nil.
	Snapshot *collect.Snapshot
	// Votes are the ballots read by [ReadVotes]. HaveVotes reports whether
	// a votes file was given at all, so that its absence can be warned
	// about.
	Votes     []Ballot
	HaveVotes bool
	// Picks are the picks read by [ReadPicks], from the file PicksFile,
	// which errors name. HavePicks reports whether a picks file was given.
	Picks     []Pick
	HavePicks bool
	PicksFile string
	// SkipUnknownPickedSpaces is for judging an earlier snapshot with
	// today's picks file: picks whose Space is not in the snapshot are left
	// out, with a warning, instead of being an error. A malformed pick, or
	// one naming an unknown criterion or a criterion of another kind than
	// picks, is still an error.
	SkipUnknownPickedSpaces bool
	// Now is the time the run considers "now"; when it is before voting
	// closes, the result warns that votes may still change. The zero Now
	// warns of nothing.
	Now time.Time
}

// Judge judges in against rules and returns the whole result.
//
// Judge first validates the rules ([Rules.Validate]) and the picks: a pick
// naming an unknown criterion, a criterion of another kind than picks, or a
// Space not in the snapshot stops judging with an [*InputError] that names
// the picks file and line ([CheckPicks] makes the same checks but the last
// one, without a snapshot). With SkipUnknownPickedSpaces, a pick of a Space
// not in the snapshot is left out instead. A snapshot that lists a Space
// twice is an [*InputError] too. Bad ballots never stop judging: each one
// is rejected with its reason.
//
// Judge does not modify its inputs. The Result shares nothing mutable with
// them except the snapshot's strings.
func Judge(rules Rules, in Input) (*Result, error) {
	// Refuse rules and inputs that cannot be judged.
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	if in.Snapshot == nil {
		return nil, errors.New("judging: no snapshot given")
	}
	j, err := newJudging(&rules, &in)
	if err != nil {
		return nil, err
	}
	if err := j.resolvePicks(); err != nil {
		return nil, err
	}

	// Decide each Space's value on each criterion and its overall score.
	j.judgeBallots()
	j.computeValues()
	j.computeScores()

	// Rank, then hand out the prizes.
	j.rank()
	j.awardRanks()
	j.awardPeople()

	j.res.Warnings = j.warnings()
	return j.res, nil
}

// An entrant is one Space of the snapshot as judging sees it.
type entrant struct {
	sp      *collect.Space
	info    SpaceInfo
	verdict verdict
}

// judging holds the state of one Judge call, stage after stage.
type judging struct {
	rules *Rules
	in    *Input
	res   *Result
	// ents are the snapshot's Spaces sorted by id; ids[i] is ents[i]'s id.
	ents  []entrant
	ids   []string
	names *resolver

	picks []resolvedPick
	// skipped are the picks of Spaces not in the snapshot, left out as
	// SkipUnknownPickedSpaces asks.
	skipped []Pick
	counts  [][]int // counted votes per criterion, then Space
	// values[s][c] is the value of Space s on criterion c.
	values [][]int
	// eligible holds the indexes of the eligible Spaces.
	eligible []int
	maxes    []int
	scores   []*big.Rat // nil for ineligible Spaces
	overall  []placed
	byCrit   [][]placed
	// won[r][i] are the prizes won at position i of ranking r (0 is
	// overall, 1+c is criterion c).
	won [][][]string
	// unawarded are the rank prizes that nobody wins, in prize order, and
	// nobody the Spaces whose prizes go to nobody, for the warnings.
	unawarded []unawarded
	nobody    []string
}

// newJudging sorts the snapshot's Spaces and decides their authors and
// eligibility.
func newJudging(r *Rules, in *Input) (*judging, error) {
	snap := in.Snapshot
	j := &judging{rules: r, in: in, res: &Result{
		RuleSet:     r.Name,
		Event:       r.Event,
		CollectedAt: snap.CollectedAt,
		Endpoint:    snap.Endpoint,
		Org:         snap.Org,
	}}
	j.ents = make([]entrant, len(snap.Spaces))
	for i := range snap.Spaces {
		j.ents[i].sp = &snap.Spaces[i]
	}
	slices.SortFunc(j.ents, func(a, b entrant) int { return strings.Compare(a.sp.ID, b.sp.ID) })
	seen := make(map[string]bool, len(j.ents))
	for _, e := range j.ents {
		key := strings.ToLower(e.sp.ID)
		if seen[key] {
			return nil, inputErrorf("snapshot", 0, "Space %s is listed twice", e.sp.ID)
		}
		seen[key] = true
		j.ids = append(j.ids, e.sp.ID)
	}
	j.names = newResolver(j.ids, snap.Endpoint)
	j.decideEligibility()
	return j, nil
}

// decideEligibility fills each Space's info and verdict.
func (j *judging) decideEligibility() {
	snap := j.in.Snapshot
	ignore := lowerSet(j.rules.Eligibility.IgnoreAuthors, []string{snap.Org, j.rules.Event.Org})
	delete(ignore, "")
	elig := newEligibility(j.rules)
	base := spaceURLBase(snap.Endpoint)
	for i := range j.ents {
		e := &j.ents[i]
		sp := e.sp
		e.info = SpaceInfo{
			ID:        sp.ID,
			Title:     sp.Title,
			URL:       base + sp.ID,
			Authors:   authorsOf(sp.Authors, ignore),
			CreatedAt: sp.CreatedAt,
			Likes:     sp.Likes,
			Collected: sp.Error == "",
			Error:     sp.Error,
		}
		e.verdict = elig.judge(sp, e.info.Authors)
		e.info.Eligible = e.verdict.eligible
		e.info.Note = e.verdict.note
		j.res.Spaces = append(j.res.Spaces, e.info)
		if e.verdict.eligible {
			j.eligible = append(j.eligible, i)
			continue
		}
		j.res.Ineligible = append(j.res.Ineligible, Ineligible{
			Space: e.info, Reasons: e.verdict.reasons,
		})
	}
}

// spaceURLBase returns the prefix of Space URLs on endpoint, the public
// Hub when the snapshot names none.
func spaceURLBase(endpoint string) string {
	if endpoint == "" {
		endpoint = "https://huggingface.co"
	}
	return strings.TrimRight(endpoint, "/") + "/spaces/"
}

// judgeBallots gives every ballot its status and counts the votes.
func (j *judging) judgeBallots() {
	snap := j.in.Snapshot
	members := snap.Members
	if snap.MembersError != "" {
		members = nil
	}
	bb := newBallotBox(j.rules, j.names, j.ents, members, snap.Org)
	j.res.Ballots, j.counts = bb.judge(j.in.Votes)
}

// computeValues fills values: distinct pickers, likes that count, counted
// votes.
func (j *judging) computeValues() {
	crits := j.rules.Criteria
	flat := make([]int, len(j.ents)*len(crits))
	j.values = make([][]int, len(j.ents))
	for s := range j.ents {
		j.values[s] = flat[s*len(crits) : (s+1)*len(crits) : (s+1)*len(crits)]
	}
	for c, crit := range crits {
		for s := range j.ents {
			switch crit.Kind {
			case KindLikes:
				sp := j.ents[s].sp
				j.values[s][c] = likesValue(sp.Likes, sp.Likers, j.ents[s].info.Authors,
					crit.ExcludeSelfLikes)
			case KindVotes:
				j.values[s][c] = j.counts[c][s]
			}
		}
	}
	for _, p := range countPicks(j.picks) {
		j.values[p.space][p.crit] = p.n
	}
}

// computeScores fills the maxima and the overall scores of eligible Spaces.
func (j *judging) computeScores() {
	crits := j.rules.Criteria
	j.maxes = maxima(j.values, j.eligible, len(crits))
	weights := make([]*big.Rat, len(crits))
	for c, crit := range crits {
		weights[c] = weightOf(crit)
		j.res.Criteria = append(j.res.Criteria, CriterionInfo{
			ID: crit.ID, Name: crit.Name, Kind: crit.Kind, Weight: weights[c], Max: j.maxes[c],
		})
	}
	j.scores = make([]*big.Rat, len(j.ents))
	for _, s := range j.eligible {
		j.scores[s] = overallScore(j.values[s], j.maxes, weights)
	}
}

// rank ranks the eligible Spaces overall and on each criterion.
func (j *judging) rank() {
	created := make([]time.Time, len(j.ents))
	for s, e := range j.ents {
		created[s] = e.sp.CreatedAt
	}
	scores := make([]exactScore, len(j.ents))
	for _, s := range j.eligible {
		scores[s] = newExactScore(j.scores[s])
	}
	tb := newTieBreaker(j.rules.TieBreak, j.rules.Criteria, j.values, created)
	j.overall = rankBy(j.eligible, j.ids, func(a, b int) int {
		return cmp.Or(compareScores(scores[b], scores[a]), tb.compare(a, b))
	})
	for c := range j.rules.Criteria {
		j.byCrit = append(j.byCrit, rankBy(j.eligible, j.ids, func(a, b int) int {
			return cmp.Or(cmp.Compare(j.values[b][c], j.values[a][c]), tb.compare(a, b))
		}))
	}
}
