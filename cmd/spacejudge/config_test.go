package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/spacejudge/spacejudge/score"
)

// ratEqual lets cmp compare *big.Rat values by value.
var ratEqual = cmp.Comparer(func(a, b *big.Rat) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
})

// rat parses s, which the test itself writes, as a rational number.
func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic("bad rat " + s)
	}
	return r
}

// utc returns midnight UTC of the given day.
func utc(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// firstAnnounced is the Gradio Blocks Party as first announced (SPEC §1
// and §3), written out independently of the code under test.
func firstAnnounced(name string) score.Rules {
	return score.Rules{
		Name: name,
		Event: score.Event{
			Name: "Gradio Blocks Party", Org: "Gradio-Blocks",
			Opens: utc(2022, 5, 16), Closes: utc(2022, 6, 1),
		},
		Eligibility: score.Eligibility{
			SDKs:              []string{"gradio"},
			RequireBlocks:     true,
			Exclude:           []string{"Gradio-Blocks/README", "Gradio-Blocks/Leaderboard"},
			Include:           []string{},
			IneligibleAuthors: []string{},
			IgnoreAuthors:     []string{"system"},
			BrokenStages: []string{
				"BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE",
			},
			Duplicates: "exclude",
		},
		Criteria: []score.Criterion{
			{ID: "staff_pick", Name: "Staff Picks", Kind: "picks", Weight: rat("1")},
			{ID: "likes", Name: "Most liked Spaces", Kind: "likes", Weight: rat("1"),
				ExcludeSelfLikes: true},
			{ID: "community", Name: "Community Pick", Kind: "votes", Weight: rat("1")},
			{ID: "creative", Name: "Most Creative Space", Kind: "votes", Weight: rat("1")},
		},
		Voting: score.Voting{
			Opens: utc(2022, 5, 16), Closes: utc(2022, 6, 1),
			Method: "plurality", Voters: "anyone",
		},
		TieBreak: []string{"likes", "community", "creative", "created_at"},
		Prizes: []score.Prize{
			{Name: "Hugging Face PRO, 1 year", By: "overall", From: 1, To: 1},
			{Name: "Hugging Face PRO, 1 month", By: "overall", From: 2, To: 25},
			{Name: "PRO badge", By: "overall", From: 1, To: 25},
			{Name: "Swag", By: "overall", From: 1, To: 10},
			{Name: "Gradio blog feature", By: "overall", From: 1, To: 1},
			{Name: "Gradio team office hour", By: "overall", From: 1, To: 1},
			{Name: "Gradio badge", ToParticipants: true},
			{Name: "Blocks event badge", ToParticipants: true},
		},
	}
}

// revised is the Gradio Blocks Party under its revised rules.
func revised(name string) score.Rules {
	r := firstAnnounced(name)
	r.Event.Opens, r.Voting.Opens = utc(2022, 5, 17), utc(2022, 5, 17)
	r.Criteria = append(r.Criteria, []score.Criterion{
		{ID: "educational", Name: "Most Educational Space", Kind: "votes", Weight: rat("1")},
		{ID: "ceo_pick", Name: "CEO's pick", Kind: "picks", Weight: rat("1")},
		{ID: "cto_pick", Name: "CTO's pick", Kind: "picks", Weight: rat("1")},
	}...)
	r.TieBreak = []string{"likes", "community", "creative", "educational", "created_at"}
	for i := range r.Prizes {
		if !r.Prizes[i].ToParticipants {
			r.Prizes[i].By = "likes"
		}
	}
	return r
}

func TestConfigBuiltins(t *testing.T) {
	tests := []struct {
		arg        string
		want       score.Rules
		wantSource string
	}{
		{"", firstAnnounced("gradio-blocks-party"), "built-in gradio-blocks-party"},
		{"gradio-blocks-party", firstAnnounced("gradio-blocks-party"),
			"built-in gradio-blocks-party"},
		{"gradio-blocks-party-revised", revised("gradio-blocks-party-revised"),
			"built-in gradio-blocks-party-revised"},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			c, err := loadConfig(tt.arg)
			if err != nil {
				t.Fatalf("loadConfig(%q): %v", tt.arg, err)
			}
			if diff := cmp.Diff(tt.want, c.Rules, ratEqual); diff != "" {
				t.Errorf("loadConfig(%q) rules (-want +got):\n%s", tt.arg, diff)
			}
			if c.Source != tt.wantSource {
				t.Errorf("loadConfig(%q).Source = %q, want %q", tt.arg, c.Source, tt.wantSource)
			}
		})
	}
}

func TestConfigBuiltinNames(t *testing.T) {
	entries, err := fs.ReadDir(configFiles, "configs")
	if err != nil {
		t.Fatal(err)
	}
	var embedded []string
	for _, e := range entries {
		embedded = append(embedded, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(embedded)
	got := slices.Sorted(slices.Values(builtinNames()))
	if !slices.Equal(got, embedded) {
		t.Errorf("builtinNames() = %q, want the embedded files %q", got, embedded)
	}
	if first := builtinConfigs[0]; first != defaultConfigName {
		t.Errorf("builtinConfigs[0] = %q, want the default %q", first, defaultConfigName)
	}
}

func TestConfigDefaultText(t *testing.T) {
	c, err := parseConfig("spacejudge.yaml", defaultConfigText())
	if err != nil {
		t.Fatalf("parseConfig(defaultConfigText()): %v", err)
	}
	if diff := cmp.Diff(firstAnnounced("spacejudge.yaml"), c.Rules, ratEqual); diff != "" {
		t.Errorf("defaultConfigText() rules (-want +got):\n%s", diff)
	}
	if c.Source != "spacejudge.yaml" {
		t.Errorf("Source = %q, want the file name", c.Source)
	}
}

// TestConfigDefaultTextTeachesEveryKey checks that the text `init` writes
// shows every key the parser knows, so that a new event's organizer sees
// them all.
func TestConfigDefaultTextTeachesEveryKey(t *testing.T) {
	text := string(defaultConfigText())
	keys := slices.Concat(topKeys, eventKeys, eligibilityKeys, criterionKeys, votingKeys,
		columnsKeys, prizeKeys)
	for _, k := range keys {
		if !regexp.MustCompile(`(?m)(^|[{ ,#])` + k + `:`).MatchString(text) {
			t.Errorf("defaultConfigText() never shows the key %s:", k)
		}
	}
	// Every allowed word appears in a comment.
	words := slices.Concat(knownSDKs, knownKinds, knownDupRules, knownMethods, knownVoters,
		knownPrizeTo, score.ReservedIDs)
	for _, w := range words {
		if !strings.Contains(text, w) {
			t.Errorf("defaultConfigText() never mentions %q", w)
		}
	}
}

// TestConfigDefaultTextColumnsExample uncomments the form-export example
// of the default text and checks that it works as its comment says.
func TestConfigDefaultTextColumnsExample(t *testing.T) {
	var out []string
	uncommented := 0
	inExample := false
	for line := range strings.Lines(string(defaultConfigText())) {
		if strings.HasPrefix(line, "  # columns:") {
			inExample = true
		} else if inExample && !strings.HasPrefix(line, "  #   ") {
			inExample = false
		}
		if inExample {
			line = "  " + strings.TrimPrefix(line, "  # ")
			uncommented++
		}
		out = append(out, line)
	}
	if uncommented != 4 {
		t.Fatalf("found %d lines of the columns example, want 4", uncommented)
	}
	c, err := parseConfig("spacejudge.yaml", []byte(strings.Join(out, "")))
	if err != nil {
		t.Fatalf("parseConfig(default text with the columns example): %v", err)
	}
	want := &score.Columns{
		Timestamp: "Timestamp",
		Voter:     "Your Hugging Face username",
		Categories: map[string]string{
			"community": "Community Pick",
			"creative":  "Most Creative Space",
		},
	}
	if diff := cmp.Diff(want, c.Rules.Voting.Columns); diff != "" {
		t.Errorf("voting.columns (-want +got):\n%s", diff)
	}
}

func TestConfigMinimal(t *testing.T) {
	const text = `
event:
  name: Spring Jam
  org: spring-jam
  opens: 2024-03-01T09:00:00+01:00
  closes: 2024-03-15T00:00:00Z
criteria:
  - {id: likes, kind: likes}
prizes:
  - {name: Mug, ranks: "1-3"}
`
	c, err := parseConfig("testdata/jam.yaml", []byte(text))
	if err != nil {
		t.Fatalf("parseConfig: %v", err)
	}
	want := firstAnnounced("jam.yaml")
	want.Event = score.Event{
		Name: "Spring Jam", Org: "spring-jam",
		Opens:  time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC),
		Closes: utc(2024, 3, 15),
	}
	want.Criteria = []score.Criterion{
		{ID: "likes", Name: "likes", Kind: "likes", Weight: rat("1"), ExcludeSelfLikes: true},
	}
	want.Voting.Opens, want.Voting.Closes = want.Event.Opens, want.Event.Closes
	want.TieBreak = []string{"likes", "created_at"}
	want.Prizes = []score.Prize{{Name: "Mug", By: "overall", From: 1, To: 3}}
	if diff := cmp.Diff(want, c.Rules, ratEqual); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if loc := c.Rules.Event.Opens.Location(); loc != time.UTC {
		t.Errorf("Event.Opens is in %v, want UTC", loc)
	}
}

// TestConfigDefaults checks what missing keys become, one key at a time.
func TestConfigDefaults(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		// edit turns the first-announced rules into the expected ones.
		edit func(r *score.Rules)
	}{
		{"empty mapping", "{}", func(r *score.Rules) {}},
		{"only a comment and a key", "# my event\nevent: {name: Party}\n",
			func(r *score.Rules) { r.Event.Name = "Party" }},
		{"voting window follows the event",
			"event: {opens: 2023-01-01T00:00:00Z, closes: 2023-02-01T00:00:00Z}\n",
			func(r *score.Rules) {
				r.Event.Opens, r.Event.Closes = utc(2023, 1, 1), utc(2023, 2, 1)
				r.Voting.Opens, r.Voting.Closes = utc(2023, 1, 1), utc(2023, 2, 1)
			}},
		{"voting window given apart",
			"voting: {closes: 2022-06-08T00:00:00Z}\n",
			func(r *score.Rules) { r.Voting.Closes = utc(2022, 6, 8) }},
		{"tie_break derived from the criteria",
			"criteria:\n- {id: p, kind: picks}\n- {id: v, kind: votes}\n- {id: l, kind: likes}\n",
			func(r *score.Rules) {
				r.Criteria = []score.Criterion{
					{ID: "p", Name: "p", Kind: "picks", Weight: rat("1")},
					{ID: "v", Name: "v", Kind: "votes", Weight: rat("1")},
					{ID: "l", Name: "l", Kind: "likes", Weight: rat("1"), ExcludeSelfLikes: true},
				}
				r.TieBreak = []string{"v", "l", "created_at"}
			}},
		{"self likes kept when asked",
			"criteria: [{id: likes, name: Likes, kind: likes, exclude_self_likes: false}]\n",
			func(r *score.Rules) {
				r.Criteria = []score.Criterion{
					{ID: "likes", Name: "Likes", Kind: "likes", Weight: rat("1")},
				}
				r.TieBreak = []string{"likes", "created_at"}
			}},
		{"empty lists stay empty",
			"eligibility: {exclude: [], ignore_authors: [], broken_stages: []}\n" +
				"tie_break: []\nprizes: []\n",
			func(r *score.Rules) {
				r.Eligibility.Exclude = []string{}
				r.Eligibility.IgnoreAuthors = []string{}
				r.Eligibility.BrokenStages = []string{}
				r.TieBreak = []string{}
				r.Prizes = []score.Prize{}
			}},
		{"other choices",
			"eligibility: {sdks: [gradio, streamlit], require_blocks: false, duplicates: allow}\n" +
				"voting: {voters: org_members}\n",
			func(r *score.Rules) {
				r.Eligibility.SDKs = []string{"gradio", "streamlit"}
				r.Eligibility.RequireBlocks = false
				r.Eligibility.Duplicates = "allow"
				r.Voting.Voters = "org_members"
			}},
		{"prize by a criterion, rank written as a number",
			"prizes:\n- {name: Top, by: likes, ranks: 1}\n" +
				"- {name: Next, by: creative, ranks: 2 - 5}\n",
			func(r *score.Rules) {
				r.Prizes = []score.Prize{
					{Name: "Top", By: "likes", From: 1, To: 1},
					{Name: "Next", By: "creative", From: 2, To: 5},
				}
			}},
		{"anchors and aliases",
			"eligibility:\n  exclude: &staff [Gradio-Blocks/README]\n  include: *staff\n",
			func(r *score.Rules) {
				r.Eligibility.Exclude = []string{"Gradio-Blocks/README"}
				r.Eligibility.Include = []string{"Gradio-Blocks/README"}
			}},
		{"quoted times and values",
			"event: {name: \"2022\", opens: \"2022-05-16T00:00:00Z\"}\n",
			func(r *score.Rules) { r.Event.Name = "2022" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig("event.yaml", []byte(tt.yaml))
			if err != nil {
				t.Fatalf("parseConfig(%q): %v", tt.yaml, err)
			}
			want := firstAnnounced("event.yaml")
			tt.edit(&want)
			if diff := cmp.Diff(want, c.Rules, ratEqual); diff != "" {
				t.Errorf("parseConfig(%q) rules (-want +got):\n%s", tt.yaml, diff)
			}
		})
	}
}

// TestConfigWeights checks that weights are read exactly as written.
func TestConfigWeights(t *testing.T) {
	thirty3s := strings.Repeat("3", 30)
	tests := []struct {
		weight string
		want   *big.Rat
	}{
		{"1", big.NewRat(1, 1)},
		{"0", big.NewRat(0, 1)},
		{"0.1", big.NewRat(1, 10)},
		{"0.30", big.NewRat(3, 10)},
		{"2.5", big.NewRat(5, 2)},
		{".5", big.NewRat(1, 2)},
		{"3.", big.NewRat(3, 1)},
		{"+0.125", big.NewRat(1, 8)},
		{"-0", big.NewRat(0, 1)},
		{"0." + thirty3s, rat(thirty3s + "/1" + strings.Repeat("0", 30))},
	}
	for _, tt := range tests {
		text := fmt.Sprintf("criteria: [{id: a, kind: likes, weight: %s}]\n", tt.weight)
		c, err := parseConfig("event.yaml", []byte(text))
		if err != nil {
			t.Errorf("weight %s: %v", tt.weight, err)
			continue
		}
		if got := c.Rules.Criteria[0].Weight; got.Cmp(tt.want) != 0 {
			t.Errorf("weight %s = %s, want %s", tt.weight, got.RatString(), tt.want.RatString())
		}
	}
}

// configErrorTests are configs with one mistake each (unless the name says
// otherwise). want has one entry per line of the error message: what must
// follow "event.yaml:" on it, usually "LINE: KEY.PATH: what is wrong".
var configErrorTests = []struct {
	name string
	yaml string
	want []string
}{
	// The document.
	{"empty file", "", []string{" the file holds no settings"}},
	{"only comments", "# nothing\n", []string{" the file holds no settings"}},
	{"null document", "---\n", []string{" the file holds no settings"}},
	{"two documents",
		"event: {name: a}\n---\nevent: {name: b}\n",
		[]string{"2: a second YAML document"}},
	{"trailing garbage", "event: {name: a}\n...\n]]]\n", []string{"2: invalid YAML"}},
	{"syntax error", "event:\n  name: a\n   org: b\n", []string{"3: invalid YAML"}},
	{"tab indentation", "event:\n\tname: a\n", []string{"2: invalid YAML"}},
	{"not a mapping", "- a\n- b\n", []string{"1: expected a mapping with the keys event,"}},
	{"merge key", "event:\n  <<: {name: a}\n", []string{"2: event: merge keys (<<)"}},
	{"custom tag",
		"event: {name: !secret x}\n",
		[]string{`1: event.name: unsupported YAML tag "!secret"`}},

	// Unknown and repeated keys, at every depth.
	{"unknown top key",
		"\nevnt: {}\n",
		[]string{`2: unknown key "evnt"; the keys here are event,`}},
	{"unknown event key",
		"event:\n  nmae: x\n",
		[]string{`2: event: unknown key "nmae"; the keys here are name, org, opens, closes`}},
	{"unknown eligibility key",
		"eligibility:\n  sdk: [gradio]\n",
		[]string{`2: eligibility: unknown key "sdk"`}},
	{"unknown criterion key",
		"criteria:\n  - {id: a, kind: likes, wieght: 2}\n",
		[]string{`2: criteria[0]: unknown key "wieght"`}},
	{"unknown voting key",
		"voting:\n  window: 3\n",
		[]string{`2: voting: unknown key "window"`}},
	{"unknown columns key",
		"voting:\n  columns:\n    time: T\n    timestamp: T\n    voter: V\n" +
			"    categories: {community: C}\n",
		[]string{`3: voting.columns: unknown key "time"`}},
	{"unknown prize key",
		"prizes:\n  - {name: a, ranks: '1', rank: '1'}\n",
		[]string{`2: prizes[0]: unknown key "rank"`}},
	{"repeated key",
		"event:\n  name: a\n  name: b\n",
		[]string{"3: event.name: is given twice (first on line 2)"}},

	// Values of the wrong shape.
	{"null value", "event:\n  name:\n", []string{"2: event.name: has no value"}},
	{"null list", "eligibility:\n  include:\n", []string{"2: eligibility.include: has no value"}},
	{"list for text",
		"event: {name: [a]}\n",
		[]string{"1: event.name: expected text, found a list"}},
	{"text for list",
		"eligibility: {sdks: gradio}\n",
		[]string{"1: eligibility.sdks: expected a list, as in [gradio]"}},
	{"empty text", "event: {name: ''}\n", []string{"1: event.name: is empty"}},
	{"control character",
		"event: {name: \"a\\nb\"}\n",
		[]string{`1: event.name: "a\nb" holds a control character`}},

	// Event.
	{"empty org", "event:\n  org: \"\"\n", []string{"2: event.org: is empty"}},
	{"org as URL",
		"event:\n  org: https://huggingface.co/x\n",
		[]string{`2: event.org: "https://huggingface.co/x" is not a Hub organization name`}},
	{"date without time",
		"event:\n  opens: 2022-05-16\n",
		[]string{`2: event.opens: "2022-05-16" is not an RFC 3339 time`}},
	{"time without zone",
		"event:\n  closes: 2022-06-01T00:00:00\n",
		[]string{`2: event.closes: "2022-06-01T00:00:00" is not an RFC 3339 time`}},
	{"not a time", "event:\n  closes: soon\n", []string{`2: event.closes: "soon" is not`}},
	{"event closes before opens",
		"event:\n  opens: 2022-06-01T00:00:00Z\n  closes: 2022-05-16T00:00:00Z\n",
		[]string{"3: event.closes: closes (2022-05-16T00:00:00Z) is not after opens"}},
	{"event closes at opens",
		"event:\n  opens: 2022-06-01T00:00:00Z\n",
		[]string{"2: event.opens: closes (2022-06-01T00:00:00Z) is not after opens"}},
	{"event window wrong, voting window inherited",
		"event:\n  opens: 2022-07-01T00:00:00Z\nvoting:\n  voters: anyone\n",
		[]string{"2: event.opens: closes (2022-06-01T00:00:00Z) is not after opens"}},
	{"voting closes before opens",
		"voting:\n  opens: 2022-05-20T00:00:00Z\n  closes: 2022-05-19T23:59:59Z\n",
		[]string{"3: voting.closes: closes (2022-05-19T23:59:59Z) is not after opens"}},

	// Eligibility.
	{"unknown sdk",
		"eligibility:\n  sdks: [gradio, gradoi]\n",
		[]string{`2: eligibility.sdks[1]: "gradoi" is not an SDK the Hub knows`}},
	{"no sdk", "eligibility:\n  sdks: []\n", []string{"2: eligibility.sdks: lists no SDK"}},
	{"bad space id",
		"eligibility:\n  exclude:\n    - README\n",
		[]string{`3: eligibility.exclude[0]: "README" is not a Space id (owner/name)`}},
	{"bad username",
		"eligibility:\n  ineligible_authors: [\"@abidlabs\"]\n",
		[]string{`2: eligibility.ineligible_authors[0]: "@abidlabs" is not a Hub username`}},
	{"bad stage",
		"eligibility:\n  broken_stages: [build_error]\n",
		[]string{`2: eligibility.broken_stages[0]: "build_error" is not a Hub runtime stage`}},
	{"bad bool",
		"eligibility:\n  require_blocks: yes\n",
		[]string{`2: eligibility.require_blocks: "yes" is not allowed; write true or false`}},
	{"unknown duplicates",
		"eligibility:\n  duplicates: keep\n",
		[]string{`2: eligibility.duplicates: "keep" is not allowed; write exclude or allow`}},

	// Criteria.
	{"no criteria", "criteria: []\n", []string{"1: criteria: lists no criterion"}},
	{"duplicate ids",
		"criteria:\n  - {id: a, kind: likes}\n  - {id: a, kind: votes}\n",
		[]string{`3: criteria[1].id: "a" is already the id of criteria[0]`}},
	{"bad id",
		"criteria:\n  - {id: Staff-Pick, kind: picks}\n",
		[]string{`2: criteria[0].id: "Staff-Pick" is not a valid id`}},
	{"id overall",
		"criteria:\n  - {id: overall, kind: picks}\n",
		[]string{`2: criteria[0].id: "overall" is reserved`}},
	{"id created_at",
		"criteria:\n  - {id: created_at, kind: picks}\n",
		[]string{`2: criteria[0].id: "created_at" is reserved`}},
	{"missing id", "criteria:\n  - {kind: picks}\n", []string{"2: criteria[0].id: is missing"}},
	{"missing kind", "criteria:\n  - {id: a}\n", []string{"2: criteria[0].kind: is missing"}},
	{"unknown kind",
		"criteria:\n  - {id: a, kind: stars}\n",
		[]string{`2: criteria[0].kind: "stars" is not allowed; write picks, likes or votes`}},
	{"negative weight",
		"criteria:\n  - {id: a, kind: likes}\n  - {id: b, kind: votes, weight: -1}\n",
		[]string{"3: criteria[1].weight: -1 is below 0"}},
	{"negative decimal weight",
		"criteria:\n  - {id: a, kind: likes, weight: -0.5}\n",
		[]string{"2: criteria[0].weight: -0.5 is below 0"}},
	{"weight with exponent",
		"criteria:\n  - {id: a, kind: likes, weight: 1e3}\n",
		[]string{`2: criteria[0].weight: "1e3" is not a plain decimal number`}},
	{"weight as text",
		"criteria:\n  - {id: a, kind: likes, weight: \"0.5\"}\n",
		[]string{`2: criteria[0].weight: "0.5" is not a plain decimal number`}},
	{"weight infinite",
		"criteria:\n  - {id: a, kind: likes, weight: .inf}\n",
		[]string{`2: criteria[0].weight: ".inf" is not a plain decimal number`}},
	{"weight fraction",
		"criteria:\n  - {id: a, kind: likes, weight: 1/3}\n",
		[]string{`2: criteria[0].weight: "1/3" is not a plain decimal number`}},
	{"self likes on votes",
		"criteria:\n  - {id: a, kind: votes, exclude_self_likes: true}\n",
		[]string{"2: criteria[0].exclude_self_likes: applies only to likes criteria"}},

	// Voting.
	{"unknown method",
		"voting:\n  method: ranked\n",
		[]string{`2: voting.method: "ranked" is not allowed; write plurality`}},
	{"unknown voters",
		"voting:\n  voters: members\n",
		[]string{`2: voting.voters: "members" is not allowed; write anyone or org_members`}},
	{"columns missing voter",
		"voting:\n  columns:\n    timestamp: T\n    categories: {community: C}\n",
		[]string{"3: voting.columns.voter: is missing"}},
	{"columns unknown category",
		"voting:\n  columns:\n    timestamp: T\n    voter: V\n    categories:\n      comunity: C\n",
		[]string{`6: voting.columns.categories: "comunity" is not a criterion id; ` +
			"the votes criteria are community, creative"}},
	{"columns category not votes",
		"voting:\n  columns:\n    timestamp: T\n    voter: V\n    categories: {likes: L}\n",
		[]string{"5: voting.columns.categories.likes: " +
			"criterion likes is of kind likes, not votes"}},
	{"columns empty categories",
		"voting:\n  columns:\n    timestamp: T\n    voter: V\n    categories: {}\n",
		[]string{"5: voting.columns.categories: maps no category"}},
	{"columns shared header",
		"voting:\n  columns:\n    timestamp: T\n    voter: V\n    categories: {community: V}\n",
		[]string{`5: voting.columns.categories.community: "V" is also the voter column`}},

	// Tie-break.
	{"tie_break unknown id",
		"tie_break: [likes, votes]\n",
		[]string{`1: tie_break[1]: "votes" is neither a criterion id nor created_at`}},
	{"tie_break repeated",
		"tie_break:\n  - likes\n  - likes\n",
		[]string{"3: tie_break[1]: likes is listed twice"}},

	// Prizes.
	{"rank zero",
		"prizes:\n  - {name: a, ranks: \"0\"}\n",
		[]string{`2: prizes[0].ranks: "0" starts at rank 0; ranks start at 1`}},
	{"rank range from zero",
		"prizes:\n  - {name: a, ranks: 0-3}\n",
		[]string{`2: prizes[0].ranks: "0-3" starts at rank 0`}},
	{"rank range reversed",
		"prizes:\n  - {name: a, ranks: 5-2}\n",
		[]string{`2: prizes[0].ranks: "5-2" ends before it starts; ` +
			`write the lower rank first, as in "2-5"`}},
	{"rank range not numbers",
		"prizes:\n  - {name: a, ranks: a-b}\n",
		[]string{`2: prizes[0].ranks: "a-b" is not a rank range`}},
	{"rank range open",
		"prizes:\n  - {name: a, ranks: 2-}\n",
		[]string{`2: prizes[0].ranks: "2-" is not a rank range`}},
	{"rank too large",
		"prizes:\n  - {name: a, ranks: 1-99999999999999999999999}\n",
		[]string{`2: prizes[0].ranks: "1-99999999999999999999999" goes past rank 100000`}},
	{"ranks missing",
		"prizes:\n  - {name: a, by: overall}\n",
		[]string{"2: prizes[0]: has neither ranks nor to"}},
	{"neither ranks nor to",
		"prizes:\n  - name: a\n",
		[]string{"2: prizes[0]: has neither ranks nor to"}},
	{"both ranks and to",
		"prizes:\n  - {name: a, ranks: '1', to: participants}\n",
		[]string{"2: prizes[0]: has both to and by/ranks"}},
	{"both by and to",
		"prizes:\n  - {name: a, by: likes, to: participants}\n",
		[]string{"2: prizes[0]: has both to and by/ranks"}},
	{"to other than participants",
		"prizes:\n  - {name: a, to: winners}\n",
		[]string{`2: prizes[0].to: "winners" is not allowed; write participants`}},
	{"by unknown criterion",
		"prizes:\n  - {name: a, by: likez, ranks: '1'}\n",
		[]string{`2: prizes[0].by: "likez" is neither overall nor a criterion id; ` +
			"the criteria are staff_pick, likes, community, creative"}},
	{"prize without name",
		"prizes:\n  - {ranks: '1'}\n",
		[]string{"2: prizes[0].name: is missing"}},
	{"prize names repeated",
		"prizes:\n  - {name: a, ranks: '1'}\n  - {name: a, to: participants}\n",
		[]string{`3: prizes[1].name: "a" is already the name of prizes[0]`}},

	// Several problems are all reported, in file order.
	{"several problems",
		"event:\n  opens: May\ncriteria:\n  - {id: a, kind: likes, weight: -2}\n" +
			"prizes:\n  - {name: a, ranks: '0'}\n",
		[]string{
			"2: event.opens:",
			"4: criteria[0].weight: -2 is below 0",
			"6: prizes[0].ranks:",
		}},
}

func TestConfigErrors(t *testing.T) {
	for _, tt := range configErrorTests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig("event.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatalf("parseConfig(%q) = %+v, want an error", tt.yaml, c.Rules)
			}
			var ce *configError
			if !errors.As(err, &ce) {
				t.Errorf("parseConfig(%q) error is a %T, want *configError", tt.yaml, err)
			}
			// One problem, one line: a mistake must not also be reported
			// as others that follow from it.
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Errorf("parseConfig(%q) error has %d lines, want %d:\n%s",
					tt.yaml, len(lines), len(tt.want), err)
			}
			for _, w := range tt.want {
				prefix := "event.yaml:" + w
				if !slices.ContainsFunc(lines, func(l string) bool {
					return strings.HasPrefix(l, prefix)
				}) {
					t.Errorf("parseConfig(%q) error:\n%s\nwant a line event.yaml:%s…",
						tt.yaml, err, w)
				}
			}
		})
	}
}

// TestConfigErrorCascade checks that a broken criterion does not also
// make every key that names it an error.
func TestConfigErrorCascade(t *testing.T) {
	const text = "criteria:\n  - {id: likes, kind: like}\ntie_break: [likes]\n" +
		"prizes: [{name: a, by: likes, ranks: '1'}]\n"
	_, err := parseConfig("event.yaml", []byte(text))
	if err == nil {
		t.Fatal("parseConfig: no error, want one")
	}
	if got, want := err.Error(), "event.yaml:2: criteria[0].kind: \"like\" is not allowed; "+
		"write picks, likes or votes"; got != want {
		t.Errorf("parseConfig error:\n%s\nwant only\n%s", got, want)
	}
}

func TestConfigErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("prizes:\n")
	for i := range maxProblems + 5 {
		fmt.Fprintf(&b, "  - {name: p%d, ranks: '0'}\n", i)
	}
	_, err := parseConfig("event.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("parseConfig: no error, want one")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != maxProblems+1 {
		t.Errorf("error has %d lines, want %d", len(lines), maxProblems+1)
	}
	const want = "event.yaml: 5 more problems not shown; fix the ones above first"
	if last := lines[len(lines)-1]; last != want {
		t.Errorf("last line = %q, want %q", last, want)
	}
}

func TestLoadConfigFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "spring.yaml")
	if err := os.WriteFile(path, []byte("event: {name: Spring}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := loadConfig(path)
	if err != nil {
		t.Fatalf("loadConfig(%q): %v", path, err)
	}
	if c.Rules.Name != "spring.yaml" || c.Source != path || c.Rules.Event.Name != "Spring" {
		t.Errorf("loadConfig(%q) = Name %q, Source %q, event %q; "+
			"want spring.yaml, the path, Spring",
			path, c.Rules.Name, c.Source, c.Rules.Event.Name)
	}

	// Errors name the path given.
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("event:\n  org: \"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := bad + ":2: event.org: is empty"
	if _, err := loadConfig(bad); err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("loadConfig(%q) error = %v, want it to start with %s", bad, err, want)
	}
}

func TestLoadConfigMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gradio-blocks.yaml")
	_, err := loadConfig(missing)
	if err == nil {
		t.Fatalf("loadConfig(%q): no error", missing)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("loadConfig(%q) error %v is not fs.ErrNotExist", missing, err)
	}
	for _, want := range append([]string{missing}, builtinConfigs...) {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("loadConfig(%q) error %q does not name %s", missing, err, want)
		}
	}
}

func TestLoadConfigTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.yaml")
	data := bytes.Repeat([]byte("# padding\n"), maxConfigSize/10+1)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("loadConfig(%d-byte file) error = %v, want it to say the file is too large",
			len(data), err)
	}
}

// TestConfigGolden parses each testdata/config/*.yaml and compares either
// its rules or its error with the .golden file beside it.
func TestConfigGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "config", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/config/*.yaml files")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := describeConfig(parseConfig(filepath.ToSlash(file), data))
			name := strings.TrimSuffix(filepath.Base(file), ".yaml") + ".golden"
			golden(t, filepath.Join("config", name),
				[]byte(got))
		})
	}
}

// describeConfig renders a parse result as readable text: the error, or
// the rules as YAML with weights as exact fractions.
func describeConfig(c *config, err error) string {
	if err != nil {
		return "error:\n" + err.Error() + "\n"
	}
	r := c.Rules
	type criterion struct {
		ID, Name, Kind, Weight string
		ExcludeSelfLikes       bool `yaml:"exclude_self_likes"`
	}
	var criteria []criterion
	for _, cr := range r.Criteria {
		criteria = append(criteria,
			criterion{cr.ID, cr.Name, cr.Kind, cr.Weight.RatString(), cr.ExcludeSelfLikes})
	}
	view := map[string]any{
		"name": r.Name, "source": c.Source, "event": r.Event, "eligibility": r.Eligibility,
		"criteria": criteria, "voting": r.Voting, "tie_break": r.TieBreak, "prizes": r.Prizes,
	}
	out, err := yaml.Marshal(view)
	if err != nil {
		return "cannot render: " + err.Error() + "\n"
	}
	return string(out)
}
