// Package demogen generates the demo organization that hubtest embeds: a
// dataset modelled on the Gradio Blocks Party (organization Gradio-Blocks,
// 16–31 May 2022), votes and staff picks to judge it with, and a manifest
// of what each Space and ballot is meant to exercise.
//
// Generation is deterministic: it uses its own seeded generator, so the
// same code gives byte-identical files on every machine and Go release.
package demogen

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// seed is the fixed seed of the demo; changing it changes every file.
const seed = 0x5eed_b10c_2022

// Kinds of Spaces, the variety a judge must handle. A Space may have
// several.
const (
	KindOrgSpace     = "org-space"     // the organization's README and Leaderboard
	KindPopular      = "popular"       // hundreds of likes, or close to
	KindManyLikers   = "many-likers"   // enough likers to need several pages
	KindManyCommits  = "many-commits"  // enough commits to need several pages
	KindSelfLiked    = "self-liked"    // liked by one of its authors
	KindBoundary     = "boundary-date" // created at or just outside an event bound
	KindTwin         = "twin"          // equal to another Space on every ranking key
	KindHostileTitle = "hostile-title" // a title that attacks spreadsheets or terminals
	KindAppFile      = "app-file"      // the card names an app file other than app.py
	KindAppMissing   = "app-missing"   // the app file does not exist
	KindPrivate      = "private"
	KindDisabled     = "disabled"
	KindDuplicate    = "duplicate"    // the card says duplicated_from
	KindForeign      = "foreign"      // owned by someone else: not in the org listing
	KindStaff        = "staff"        // authored by staff
	KindCoAuthored   = "co-authored"  // several people authored it
	KindOrgCommit    = "org-commit"   // the organization itself is a commit author
	KindStaffHelp    = "staff-helped" // a staff member committed a fix
)

// Reasons a Space is ineligible under the default rules, in the order the
// rules are checked.
const (
	ReasonExcluded  = "excluded by config"
	ReasonPrivate   = "private"
	ReasonDisabled  = "disabled"
	ReasonCreated   = "created outside the event"
	ReasonSDK       = "sdk not allowed"
	ReasonNoApp     = "app file missing"
	ReasonNotBlocks = "app file does not build Blocks"
	ReasonBroken    = "broken runtime stage"
	ReasonDuplicate = "duplicated from another Space"
)

// Output is the generated demo.
type Output struct {
	// Dataset is the JSON of a hubtest.Dataset.
	Dataset []byte
	// Votes is the long-form votes CSV.
	Votes []byte
	// Picks is the staff picks CSV.
	Picks []byte
	// Manifest says what each Space and ballot is meant to exercise.
	Manifest Manifest
}

// Manifest records the intent behind the demo, for tests that check the
// files really hold what they are meant to.
type Manifest struct {
	// Spaces has one entry per Space of the dataset, in dataset order.
	Spaces []SpaceFacts
	// Votes has one entry per data line of the votes file, in file order.
	Votes []VoteFacts
}

// SpaceFacts is the intent behind one Space.
type SpaceFacts struct {
	ID string
	// Style is how its app file builds its interface (see the Style
	// constants).
	Style string
	// Kinds lists its deliberate varieties (see the Kind constants).
	Kinds []string
	// Authors are its people: distinct commit authors other than system
	// and the organization, sorted.
	Authors []string
	// Reasons say why it is ineligible under the default rules; empty
	// when it is eligible. A Space outside the organization has none.
	Reasons []string
}

// VoteFacts is the intended outcome of one ballot line.
type VoteFacts struct {
	// Line is the 1-based line number in the file; the header is line 1.
	Line   int
	Status string
	Reason string
}

// Ballot statuses and rejection reasons (SPEC §4).
const (
	StatusCounted    = "counted"
	StatusSuperseded = "superseded"
	StatusRejected   = "rejected"

	VoteMalformed       = "malformed row"
	VoteOutsideWindow   = "outside the voting window"
	VoteUnknownCategory = "unknown category"
	VoteUnknownSpace    = "unknown Space"
	VoteIneligible      = "ineligible Space"
	VoteSelf            = "self-vote"
)

// gen carries the state of one generation.
type gen struct {
	rng      *rng
	taken    map[string]bool
	creators []string
	visitors []string
	everyone []string
}

// Generate builds the demo.
func Generate() (*Output, error) {
	g := &gen{rng: &rng{state: seed}, taken: map[string]bool{Org: true, "system": true}}
	for _, s := range staff {
		g.taken[s] = true
	}
	g.creators = people(g.rng, 210, g.taken)
	g.visitors = people(g.rng, 1000, g.taken)
	g.everyone = slices.Concat(staff, g.creators, g.visitors)

	specs := g.specials()
	for _, sp := range specs {
		g.fillAuthors(sp)
	}
	specs = append(specs, g.bulk(259, specs)...)
	ds := &hubtest.Dataset{Org: Org}
	var facts []SpaceFacts
	for _, sp := range specs {
		space := g.build(sp)
		ds.Spaces = append(ds.Spaces, space)
		facts = append(facts, spaceFacts(sp, &space))
	}
	ds.Members = g.members(facts)

	dataset, err := encodeDataset(ds)
	if err != nil {
		return nil, err
	}
	votes, voteFacts := g.votes(ds, facts)
	return &Output{
		Dataset:  dataset,
		Votes:    votes,
		Picks:    picksCSV(facts),
		Manifest: Manifest{Spaces: facts, Votes: voteFacts},
	}, nil
}

// encodeDataset writes ds as indented JSON, leaving <, > and & as they
// are so that app sources stay readable in the file.
func encodeDataset(ds *hubtest.Dataset) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "\t")
	if err := enc.Encode(ds); err != nil {
		return nil, fmt.Errorf("encoding the demo dataset: %w", err)
	}
	return buf.Bytes(), nil
}

// fillAuthors gives a special Space creators when it has none: two when it
// is co-authored, one otherwise.
func (g *gen) fillAuthors(sp *spec) {
	if len(sp.authors) == 0 {
		// Authors of a Space with a fixed list of likers stay out of it, so
		// that it has no self-likes.
		sp.authors = []string{g.otherCreator(sp.likers)}
		if sp.coCommit || sp.staffHelp != "" {
			sp.authors = append(sp.authors, g.otherCreator(slices.Concat(sp.likers, sp.authors)))
		}
	}
	if sp.selfLike && !slices.Contains(sp.kinds, KindSelfLiked) {
		sp.kinds = append(sp.kinds, KindSelfLiked)
	}
	if sp.commits == 0 {
		sp.commits = 2 + g.rng.intn(6)
	}
	if sp.staffHelp != "" && !slices.Contains(sp.kinds, KindStaffHelp) {
		sp.kinds = append(sp.kinds, KindStaffHelp)
	}
	if len(sp.authors) > 1 && !slices.Contains(sp.kinds, KindCoAuthored) {
		sp.kinds = append(sp.kinds, KindCoAuthored)
	}
}

// otherCreator returns a creator not in avoid.
func (g *gen) otherCreator(avoid []string) string {
	for {
		c := pick(g.rng, g.creators)
		if !slices.Contains(avoid, c) {
			return c
		}
	}
}

// members returns the organization's members: staff, about 60% of the
// participants, and a few people who built nothing, in no particular
// order.
func (g *gen) members(facts []SpaceFacts) []string {
	seen := map[string]bool{}
	var participants []string
	for _, f := range facts {
		if slices.Contains(f.Kinds, KindForeign) || slices.Contains(f.Kinds, KindOrgSpace) {
			continue
		}
		for _, a := range f.Authors {
			if !seen[a] && !slices.Contains(staff, a) {
				seen[a] = true
				participants = append(participants, a)
			}
		}
	}
	slices.Sort(participants)
	shuffle(g.rng, participants)
	n := (len(participants)*6 + 5) / 10
	out := slices.Concat(staff, participants[:n], g.visitors[:12])
	shuffle(g.rng, out)
	return out
}

// spaceFacts records what a built Space is meant to exercise.
func spaceFacts(sp *spec, space *hubtest.Space) SpaceFacts {
	f := SpaceFacts{ID: sp.id, Style: sp.style, Kinds: slices.Clone(sp.kinds)}
	seen := map[string]bool{}
	for _, c := range space.Commits {
		for _, a := range c.Authors {
			if a != "system" && a != Org && !seen[a] {
				seen[a] = true
				f.Authors = append(f.Authors, a)
			}
		}
	}
	slices.Sort(f.Authors)
	if !slices.Contains(sp.kinds, KindForeign) {
		f.Reasons = reasons(sp)
	}
	return f
}

// reasons returns why a Space is ineligible under the default rules.
func reasons(sp *spec) []string {
	var r []string
	add := func(cond bool, reason string) {
		if cond {
			r = append(r, reason)
		}
	}
	add(slices.Contains(sp.kinds, KindOrgSpace), ReasonExcluded)
	add(sp.private, ReasonPrivate)
	add(sp.disabled, ReasonDisabled)
	add(sp.created.Before(Opens) || !sp.created.Before(Closes), ReasonCreated)
	add(sp.sdk != "gradio", ReasonSDK)
	add(sp.sdk == "gradio" && sp.style == StyleMissing, ReasonNoApp)
	add(sp.sdk == "gradio" && sp.style != StyleMissing && !BlocksStyle(sp.style),
		ReasonNotBlocks)
	add(slices.Contains(BrokenStages, sp.stage), ReasonBroken)
	add(sp.dupFrom != "", ReasonDuplicate)
	return r
}

// files returns the repository files of a Space.
func (g *gen) files(sp *spec, card map[string]any) map[string]string {
	t := pipelines[int(sha1.Sum([]byte(sp.title))[0])%len(pipelines)]
	files := map[string]string{}
	switch sp.sdk {
	case "gradio":
		files = appSource(sp.style, sp.title, sp.appFile, t)
		files["requirements.txt"] = "transformers\ntorch\n"
	case "streamlit":
		files[sp.appFile] = streamlitApp(sp.title, t)
		files["requirements.txt"] = "transformers\ntorch\n"
	case "static":
		files[sp.appFile] = staticPage(sp.title)
	}
	for path, content := range sp.files {
		files[path] = content
	}
	files["README.md"] = readme(card)
	files[".gitattributes"] = "*.bin filter=lfs diff=lfs merge=lfs -text\n"
	return files
}

// readmeKeys is the order of the keys in a README's front matter.
var readmeKeys = []string{
	"title", "emoji", "colorFrom", "colorTo", "sdk", "sdk_version", "app_file",
	"pinned", "license", "duplicated_from",
}

// readme returns a README.md whose front matter holds the card.
func readme(card map[string]any) string {
	var b strings.Builder
	b.WriteString("---\n")
	for _, k := range readmeKeys {
		switch v := card[k].(type) {
		case nil:
		case string:
			if k == "title" {
				v = strconv.Quote(v)
			}
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		case []any:
			fmt.Fprintf(&b, "%s:\n", k)
			for _, e := range v {
				fmt.Fprintf(&b, "  - %v\n", e)
			}
		default:
			fmt.Fprintf(&b, "%s: %v\n", k, v)
		}
	}
	b.WriteString("---\n\nCheck out the configuration reference at " +
		"https://huggingface.co/docs/hub/spaces-config-reference\n")
	return b.String()
}

// history returns the commits of a Space, newest first: the system's
// initial commit, then commits by its authors (each at least once), and
// the staff, organization and co-authored commits its spec asks for.
func (g *gen) history(sp *spec) []hubtest.Commit {
	type draft struct {
		title   string
		authors []string
	}
	drafts := []draft{{"initial commit", []string{"system"}}}
	if sp.dupFrom != "" {
		drafts = append(drafts, draft{"Duplicate from " + sp.dupFrom, sp.authors[:1]})
	}
	for i := range max(sp.commits, len(sp.authors)) {
		a := sp.authors[i%len(sp.authors)]
		if i >= len(sp.authors) {
			a = pick(g.rng, sp.authors)
		}
		drafts = append(drafts, draft{pick(g.rng, commitTitles), []string{a}})
	}
	if sp.coCommit && len(sp.authors) > 1 {
		drafts = append(drafts, draft{"Pair on the layout", sp.authors[:2]})
	}
	if sp.staffHelp != "" {
		drafts = append(drafts, draft{"Fix requirements.txt", []string{sp.staffHelp}})
	}
	if sp.orgCommit {
		drafts = append(drafts, draft{"Add event tag to README", []string{Org}})
	}
	step := min(36*time.Hour, 16*24*time.Hour/time.Duration(len(drafts)))
	at := sp.created
	commits := make([]hubtest.Commit, len(drafts))
	for i, d := range drafts {
		if i > 0 {
			at = at.Add(time.Minute + time.Duration(g.rng.float()*float64(step))).
				Truncate(time.Second)
		}
		h := sha1.Sum(fmt.Appendf(nil, "%s\x00%d", sp.id, i))
		commits[len(drafts)-1-i] = hubtest.Commit{
			ID: hex.EncodeToString(h[:]), Title: d.title, Authors: d.authors, Date: at,
		}
	}
	return commits
}
