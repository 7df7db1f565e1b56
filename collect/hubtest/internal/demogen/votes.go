package demogen

import (
	"bytes"
	"slices"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// Vote categories of the default rules, and ones only other rules know.
const (
	catCommunity = "community"
	catCreative  = "creative"
)

// How many ballots of each kind the votes file holds, besides the ordinary
// ones.
const (
	regularVoters    = 800
	changers         = 60 // voters who change their mind once
	tripleChangers   = 8  // voters who change it twice
	laterIneligible  = 3  // a valid ballot, then a later one for an ineligible Space
	laterOutside     = 2  // a valid ballot, then a later one after the close
	unknownCategory  = 28
	unknownSpaces    = 12
	ineligibleVotes  = 40
	selfVotes        = 20
	selfThenValid    = 3 // self-voters who then vote validly in the same category
	twinCommunity    = 4 // counted community ballots for each twin
	twinCreative     = 2
	hubURLPrefix     = "https://huggingface.co/spaces/"
	hostileVoterName = "=1+1"
)

// ballot is one line of the votes file.
type ballot struct {
	at     time.Time // the instant, for ordering; zero for malformed rows
	ts     string    // the timestamp as written
	voter  string
	cat    string
	space  string
	raw    string // the whole line, for rows with a wrong field count
	reject string // the intended rejection reason; "" for a valid ballot
	status string
}

// voteGen carries what ballot generation needs.
type voteGen struct {
	*gen
	facts      map[string]SpaceFacts
	list       []SpaceFacts
	eligible   []SpaceFacts
	weights    []int
	ineligible []SpaceFacts
	ballots    []*ballot
}

// votes returns the votes file and the intended outcome of each line.
func (g *gen) votes(ds *hubtest.Dataset, facts []SpaceFacts) ([]byte, []VoteFacts) {
	v := &voteGen{gen: g, facts: map[string]SpaceFacts{}, list: facts}
	likes := map[string]int{}
	for _, sp := range ds.Spaces {
		likes[sp.ID] = len(sp.Likers)
	}
	for _, f := range facts {
		v.facts[f.ID] = f
		switch {
		case slices.Contains(f.Kinds, KindForeign):
		case len(f.Reasons) > 0:
			v.ineligible = append(v.ineligible, f)
		case !slices.Contains(f.Kinds, KindTwin):
			v.eligible = append(v.eligible, f)
			v.weights = append(v.weights, likes[f.ID]+3)
		}
	}

	pool := slices.Concat(g.visitors[:650], g.creators[:150])
	shuffle(g.rng, pool)
	fresh := slices.Concat(g.visitors[650:], g.creators[150:])
	shuffle(g.rng, fresh)

	v.regular(pool)
	v.changes(pool)
	v.twins(&fresh)
	v.rejections(&fresh)
	return v.write()
}

// regular adds one community ballot for most voters and a creative one
// for many, each for an eligible Space the voter did not author.
func (v *voteGen) regular(pool []string) {
	for _, voter := range pool {
		if v.rng.chance(0.95) {
			v.valid(voter, catCommunity, v.windowTime())
		}
		if v.rng.chance(0.6) {
			v.valid(voter, catCreative, v.windowTime())
		}
	}
	v.valid(hostileVoterName, catCommunity, v.windowTime())
}

// changes adds later ballots by voters who already voted: valid ones that
// supersede the earlier, and rejected ones that leave the earlier counted.
func (v *voteGen) changes(pool []string) {
	first := slices.Clone(v.ballots)
	shuffle(v.rng, first)
	i := 0
	next := func() *ballot { b := first[i]; i++; return b }
	for range changers {
		b := next()
		v.valid(b.voter, b.cat, v.laterThan(b.at))
	}
	for range tripleChangers {
		b := next()
		mid := v.valid(b.voter, b.cat, v.laterThan(b.at))
		v.valid(b.voter, b.cat, v.laterThan(mid.at))
	}
	for range laterIneligible {
		b := next()
		v.add(&ballot{at: v.laterThan(b.at), voter: b.voter, cat: b.cat,
			space: v.ref(v.ineligibleFor(b.voter).ID), reject: VoteIneligible})
	}
	for range laterOutside {
		b := next()
		at := Closes.Add(time.Duration(1+v.rng.intn(72)) * time.Hour)
		v.add(&ballot{at: at, voter: b.voter, cat: b.cat,
			space: v.ref(v.eligibleFor(b.voter).ID), reject: VoteOutsideWindow})
	}
}

// twins gives both twins the same counted ballots, from fresh voters.
func (v *voteGen) twins(fresh *[]string) {
	for _, f := range v.list {
		if !slices.Contains(f.Kinds, KindTwin) {
			continue
		}
		for range twinCommunity {
			v.addValidFor(take(fresh), catCommunity, f.ID)
		}
		for range twinCreative {
			v.addValidFor(take(fresh), catCreative, f.ID)
		}
	}
}

// rejections adds the ballots that are rejected for a reason of their own,
// each from a fresh voter so that they do not interfere with one another.
func (v *voteGen) rejections(fresh *[]string) {
	for i := range unknownCategory {
		cat := "educational"
		if i%9 == 8 {
			cat = "best-ui"
		}
		v.add(&ballot{at: v.windowTime(), voter: take(fresh), cat: cat,
			space: v.ref(v.eligibleFor("").ID), reject: VoteUnknownCategory})
	}
	for i := range unknownSpaces {
		v.add(&ballot{at: v.windowTime(), voter: take(fresh), cat: v.category(),
			space: unknownSpaceRefs[i%len(unknownSpaceRefs)], reject: VoteUnknownSpace})
	}
	for range ineligibleVotes {
		voter := take(fresh)
		v.add(&ballot{at: v.windowTime(), voter: voter, cat: v.category(),
			space: v.ref(v.ineligibleFor(voter).ID), reject: VoteIneligible})
	}
	v.selfVotes()
	v.outsideWindow(fresh)
	v.malformed(fresh)
}

// unknownSpaceRefs name no Space of the organization: typos, the foreign
// Space that one of the org's Spaces duplicates, and other owners.
var unknownSpaceRefs = []string{
	Org + "/ViTPose-v3", "StyleGAN-Humans", hubURLPrefix + Org + "/not-a-space",
	"kiri-lab/sketch-colorizer", hubURLPrefix + "someone-else/demo", "Gradio-Blocks",
}

// selfVotes adds ballots by authors for their own eligible Spaces; a few of
// them then vote validly in the same category.
func (v *voteGen) selfVotes() {
	for i := range selfVotes {
		f := v.eligible[(i*37)%len(v.eligible)]
		author := f.Authors[i%len(f.Authors)]
		b := v.add(&ballot{at: v.windowTime(), voter: author, cat: v.category(),
			space: v.ref(f.ID), reject: VoteSelf})
		if i < selfThenValid {
			v.valid(author, b.cat, v.laterThan(b.at))
		}
	}
}

// outsideWindow adds ballots cast before the opening or at or after the
// close, with boundary instants and zone offsets, and two just-inside ones
// that count.
func (v *voteGen) outsideWindow(fresh *[]string) {
	early := []string{
		"2022-05-01T08:00:00Z", "2022-05-10T12:30:00Z", "2022-05-12T23:00:00Z",
		"2022-05-14T09:15:00Z", "2022-05-15T18:45:10Z", "2022-05-15T22:00:00Z",
		"2022-05-15T23:30:00Z", "2022-05-15T23:59:30Z", "2022-05-15T23:59:59Z",
		"2022-05-16T01:00:00+02:00",
	}
	late := []string{
		"2022-06-01T00:00:00Z", "2022-06-01T00:00:01Z", "2022-06-01T09:00:00Z",
		"2022-06-01T23:00:00Z", "2022-06-02T10:00:00Z", "2022-06-03T14:00:00Z",
		"2022-06-05T08:00:00Z", "2022-06-10T12:00:00Z", "2022-07-01T00:00:00Z",
		"2022-05-31T23:30:00-01:00",
	}
	for _, ts := range slices.Concat(early, late) {
		v.add(&ballot{at: mustTime(ts), ts: ts, voter: take(fresh), cat: v.category(),
			space: v.ref(v.eligibleFor("").ID), reject: VoteOutsideWindow})
	}
	for _, ts := range []string{"2022-05-16T00:00:00Z", "2022-06-01T01:30:00+02:00"} {
		voter := take(fresh)
		b := v.addValidFor(voter, catCommunity, v.eligibleFor(voter).ID)
		b.at, b.ts = mustTime(ts), ts
	}
}

// malformed adds rows that cannot be read as ballots: bad timestamps, an
// empty voter, a wrong number of fields.
func (v *voteGen) malformed(fresh *[]string) {
	for _, ts := range []string{
		"yesterday", "2022-05-20 10:00:00", "20/05/2022 10:00", "2022-13-40T00:00:00Z",
		"2022-05-20T10:00:00", "",
	} {
		v.add(&ballot{ts: ts, voter: take(fresh), cat: catCommunity,
			space: v.ref(v.eligibleFor("").ID), reject: VoteMalformed})
	}
	for range 4 {
		b := &ballot{at: v.windowTime(), cat: v.category(), space: v.ref(v.eligibleFor("").ID),
			reject: VoteMalformed}
		b.ts = b.at.Format(time.RFC3339)
		b.at = time.Time{}
		v.add(b)
	}
	id := v.eligibleFor("").ID
	for _, raw := range []string{
		"2022-05-20T10:00:00Z," + take(fresh) + ",community",
		"2022-05-21T11:00:00Z," + take(fresh) + ",creative," + id + ",extra",
		"only-one-field",
		"2022-05-22T12:00:00Z," + take(fresh) + ",community," + id + `,"a, b",c`,
	} {
		v.add(&ballot{raw: raw, reject: VoteMalformed})
	}
}

// valid adds a valid ballot by voter in cat for an eligible Space the
// voter did not author.
func (v *voteGen) valid(voter, cat string, at time.Time) *ballot {
	b := v.addValidFor(voter, cat, v.eligibleFor(voter).ID)
	b.at = at
	return b
}

// addValidFor adds a valid ballot for the Space id at a time in the
// window.
func (v *voteGen) addValidFor(voter, cat, id string) *ballot {
	return v.add(&ballot{at: v.windowTime(), voter: voter, cat: cat, space: v.ref(id)})
}

// add appends a ballot.
func (v *voteGen) add(b *ballot) *ballot {
	v.ballots = append(v.ballots, b)
	return b
}

// eligibleFor returns an eligible Space that voter did not author, chosen
// in proportion to its likes (plus a little, so unliked Spaces get votes).
func (v *voteGen) eligibleFor(voter string) SpaceFacts {
	total := 0
	for _, w := range v.weights {
		total += w
	}
	for {
		n := v.rng.intn(total)
		for i, w := range v.weights {
			if n < w {
				if f := v.eligible[i]; !slices.Contains(f.Authors, voter) {
					return f
				}
				break
			}
			n -= w
		}
	}
}

// ineligibleFor returns an ineligible Space that voter did not author;
// the popular Space without Blocks gets a quarter of these ballots.
func (v *voteGen) ineligibleFor(voter string) SpaceFacts {
	for {
		f := pick(v.rng, v.ineligible)
		if v.rng.chance(0.25) {
			f = v.facts[Org+"/anime-sketch-colorizer"]
		}
		if !slices.Contains(f.Authors, voter) {
			return f
		}
	}
}

// ref writes a Space the way voters do: mostly its id, often its bare name
// in any case, sometimes its Hub URL.
func (v *voteGen) ref(id string) string {
	name := strings.TrimPrefix(id, Org+"/")
	switch x := v.rng.float(); {
	case x < 0.60:
		return id
	case x < 0.70:
		return name
	case x < 0.78:
		return strings.ToLower(name)
	case x < 0.85:
		return strings.ToUpper(name)
	default:
		return hubURLPrefix + id
	}
}

// category returns one of the default categories.
func (v *voteGen) category() string {
	if v.rng.chance(0.6) {
		return catCommunity
	}
	return catCreative
}

// windowTime returns a random instant of the voting window, to the second.
func (v *voteGen) windowTime() time.Time {
	d := time.Duration(v.rng.float() * float64(Closes.Sub(Opens)))
	return Opens.Add(d).Truncate(time.Second)
}

// laterThan returns a random instant after t and before the close.
func (v *voteGen) laterThan(t time.Time) time.Time {
	d := time.Duration(v.rng.float() * float64(Closes.Sub(t)-2*time.Second))
	return t.Add(time.Second + d).Truncate(time.Second)
}

// take removes and returns the first of the fresh voters.
func take(fresh *[]string) string {
	u := (*fresh)[0]
	*fresh = (*fresh)[1:]
	return u
}

// mustTime parses an RFC 3339 time written in this file.
func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// write orders the ballots by time, slips the malformed rows in among
// them, works out which valid ballots are superseded, and renders the file
// with a byte order mark and CRLF line ends.
func (v *voteGen) write() ([]byte, []VoteFacts) {
	var timed, broken []*ballot
	for _, b := range v.ballots {
		if b.at.IsZero() {
			broken = append(broken, b)
		} else {
			timed = append(timed, b)
		}
	}
	slices.SortStableFunc(timed, func(a, b *ballot) int { return a.at.Compare(b.at) })
	rows := timed
	for _, b := range broken {
		i := v.rng.intn(len(rows) + 1)
		rows = slices.Insert(rows, i, b)
	}
	settle(rows)

	var buf bytes.Buffer
	buf.WriteString("\ufefftimestamp,voter,category,space\r\n")
	facts := make([]VoteFacts, len(rows))
	for i, b := range rows {
		buf.WriteString(b.line() + "\r\n")
		reason := b.reject
		if b.status == StatusSuperseded {
			reason = "a later ballot by the same voter in the same category"
		}
		facts[i] = VoteFacts{Line: i + 2, Status: b.status, Reason: reason}
	}
	return buf.Bytes(), facts
}

// settle gives every ballot its status: rejected when it has a rejection
// reason, otherwise counted when it is its voter's latest valid ballot in
// its category and superseded when it is not. rows are in time order.
func settle(rows []*ballot) {
	latest := map[string]*ballot{}
	for _, b := range rows {
		if b.reject == "" {
			latest[b.voter+"\x00"+b.cat] = b
		}
	}
	for _, b := range rows {
		switch {
		case b.reject != "":
			b.status = StatusRejected
		case latest[b.voter+"\x00"+b.cat] == b:
			b.status = StatusCounted
		default:
			b.status = StatusSuperseded
		}
	}
}

// line renders the ballot as a CSV line without its end.
func (b *ballot) line() string {
	if b.raw != "" {
		return b.raw
	}
	ts := b.ts
	if ts == "" && !b.at.IsZero() {
		ts = b.at.Format(time.RFC3339)
	}
	return strings.Join([]string{csvField(ts), csvField(b.voter), csvField(b.cat),
		csvField(b.space)}, ",")
}

// csvField quotes a field when CSV needs it to.
func csvField(s string) string {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// picksCSV returns the staff picks: three pickers, overlapping choices,
// one row repeated, and notes that need quoting.
func picksCSV(facts []SpaceFacts) []byte {
	gems := hiddenGems(facts, 3)
	rows := [][3]string{
		{pickers[0], "StyleGAN-Human", "Stunning results"},
		{pickers[0], "ViTPose", ""},
		{pickers[0], "Cartoonify", "Great use of Blocks, tabs and state"},
		{pickers[0], "link-preview-blocks", "Clever link previews"},
		{pickers[0], "pokemon-move-generator-app", "So much fun"},
		{pickers[0], gems[0], `The "hidden gem" of the party`},
		{pickers[0], "uniformer_image_segmentation", ""},
		{pickers[1], "StyleGAN-Human", ""},
		{pickers[1], "HairCLIP", "=> lovely UI"},
		{pickers[1], "Cartoonify", ""},
		{pickers[1], "RickandMorty-BlockParty", "Made the whole team laugh"},
		{pickers[1], "uniformer_image_segmentation", "Solid engineering"},
		{pickers[1], gems[1], ""},
		{pickers[1], "StyleGAN-Human", "Picked twice on purpose; counts once"},
		{pickers[2], "StyleGAN-Human", ""},
		{pickers[2], "ViTPose", "Pose estimation done right"},
		{pickers[2], "Object-Detection-With-DETR-and-YOLOS", ""},
		{pickers[2], "neon-tts-plugin-coqui", "Submitted in the last second"},
		{pickers[2], "Codex_OpenAI", ""},
		{pickers[2], gems[2], "Tiny but delightful"},
	}
	var buf bytes.Buffer
	buf.WriteString("criterion,picker,space,note\n")
	for _, r := range rows {
		id := r[1]
		if !strings.Contains(id, "/") {
			id = Org + "/" + id
		}
		buf.WriteString(strings.Join([]string{"staff_pick", r[0], id, csvField(r[2])}, ",") + "\n")
	}
	return buf.Bytes()
}

// hiddenGems returns the names of n eligible ordinary Spaces, the first
// ones of the dataset without any special variety.
func hiddenGems(facts []SpaceFacts, n int) []string {
	var out []string
	for _, f := range facts {
		if len(out) == n {
			break
		}
		if len(f.Reasons) == 0 && len(f.Kinds) == 0 && len(f.Authors) == 1 &&
			f.Style == StyleWith {
			out = append(out, f.ID)
		}
	}
	return out
}
