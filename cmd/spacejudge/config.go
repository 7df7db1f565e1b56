package main

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/spacejudge/spacejudge/score"
)

// The built-in event configs. The default one is also the commented
// starting point that `spacejudge init` writes, so its comments explain
// every key.
//
//go:embed configs/*.yaml
var configFiles embed.FS

// defaultConfigName names the built-in config used when none is given.
const defaultConfigName = "gradio-blocks-party"

// builtinConfigs lists the embedded rule sets by name, the default first:
// "gradio-blocks-party" is the Gradio Blocks Party as first announced and
// "gradio-blocks-party-revised" the revised rules. Each is the file
// configs/NAME.yaml.
var builtinConfigs = []string{defaultConfigName, "gradio-blocks-party-revised"}

// builtinNames returns the names of the built-in configs, the default
// first.
func builtinNames() []string { return slices.Clone(builtinConfigs) }

// A config is a parsed, validated event config.
type config struct {
	// Rules.Name is the built-in name or the file's base name.
	Rules score.Rules
	// Source says where the config came from, for messages and the
	// Summary: "built-in gradio-blocks-party" or the file path.
	Source string
}

// Limits on what a config may hold. Real configs are a few kilobytes and
// rank prizes a few dozen places; the limits keep a wrong file from
// costing much memory or time.
const (
	maxConfigSize = 1 << 20
	maxRank       = 100000
	// maxWeightLen bounds the digits of a weight.
	maxWeightLen = 64
	// maxProblems is how many problems one error lists.
	maxProblems = 20
)

// loadConfig reads the config given by built-in name or by file path; ""
// means the default built-in config. A built-in name wins over a file of
// the same name in the working directory (write ./NAME for the file).
func loadConfig(nameOrPath string) (*config, error) {
	if nameOrPath == "" {
		nameOrPath = defaultConfigName
	}
	if slices.Contains(builtinConfigs, nameOrPath) {
		return loadBuiltin(nameOrPath)
	}
	data, err := readConfigFile(nameOrPath)
	if err != nil {
		return nil, err
	}
	return parseConfig(nameOrPath, data)
}

// loadBuiltin parses the built-in config called name.
func loadBuiltin(name string) (*config, error) {
	data, err := configFiles.ReadFile("configs/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("reading built-in config %s: %w", name, err)
	}
	c, err := parseConfig(name+".yaml", data)
	if err != nil {
		return nil, fmt.Errorf("built-in config %s: %w", name, err)
	}
	c.Rules.Name = name
	c.Source = "built-in " + name
	return c, nil
}

// readConfigFile reads the config file at path. A missing file gives an
// error that matches fs.ErrNotExist and lists the built-in names.
func readConfigFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("config %s: %w; give the path of a YAML file "+
			"or a built-in config (%s)", path, fs.ErrNotExist,
			strings.Join(builtinConfigs, ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	if len(data) > maxConfigSize {
		return nil, fmt.Errorf("config %s is larger than %d bytes: "+
			"is it the event config?", path, maxConfigSize)
	}
	return data, nil
}

// defaultConfigText returns the commented default config that
// `spacejudge init` writes. It parses to the default built-in rules.
func defaultConfigText() []byte {
	data, err := configFiles.ReadFile("configs/" + defaultConfigName + ".yaml")
	if err != nil {
		// The file is embedded at build time, so this cannot happen.
		panic("spacejudge: the default config is not embedded: " + err.Error())
	}
	return data
}

// parseConfig parses and validates the YAML config data. name is the file
// name used in error messages and, without its directory, as the rule
// set's name. A config with mistakes gives a *configError listing them.
func parseConfig(name string, data []byte) (*config, error) {
	p := &parser{file: name}
	var rules score.Rules
	if root := p.document(data); root != nil {
		rules = p.rules(root)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	rules.Name = filepath.Base(name)
	return &config{Rules: rules, Source: name}, nil
}

// A configError lists the mistakes found in one config file, in file
// order. Its message has one line per mistake:
//
//	FILE:LINE: KEY.PATH: what is wrong; what to do
//
// The line is left out for mistakes of the whole file, and the key path
// for mistakes of the document itself.
type configError struct {
	File     string
	Problems []configProblem
}

// A configProblem is one mistake in a config file.
type configProblem struct {
	// Line is 1-based; 0 means the whole file.
	Line int
	// Path locates the key, as in "criteria[1].weight"; empty for the
	// document itself.
	Path string
	Msg  string
}

func (e *configError) Error() string {
	var b strings.Builder
	for i, pr := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.File)
		if pr.Line > 0 {
			fmt.Fprintf(&b, ":%d", pr.Line)
		}
		b.WriteString(": ")
		if pr.Path != "" {
			b.WriteString(pr.Path + ": ")
		}
		b.WriteString(pr.Msg)
	}
	return b.String()
}

// defaultRules returns the rules that a config's missing keys take: the
// Gradio Blocks Party as first announced. The built-in default config
// writes out the same values, and a test holds the two together.
func defaultRules() score.Rules {
	opens := time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC)
	closes := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	one := func() *big.Rat { return big.NewRat(1, 1) }
	r := score.Rules{
		Event: score.Event{
			Name: "Gradio Blocks Party", Org: "Gradio-Blocks",
			Opens: opens, Closes: closes,
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
			{ID: "staff_pick", Name: "Staff Picks", Kind: score.KindPicks, Weight: one()},
			{ID: "likes", Name: "Most liked Spaces", Kind: score.KindLikes, Weight: one(),
				ExcludeSelfLikes: true},
			{ID: "community", Name: "Community Pick", Kind: score.KindVotes, Weight: one()},
			{ID: "creative", Name: "Most Creative Space", Kind: score.KindVotes, Weight: one()},
		},
		Voting: score.Voting{
			Opens: opens, Closes: closes, Method: "plurality", Voters: "anyone",
		},
		Prizes: []score.Prize{
			{Name: "Hugging Face PRO, 1 year", By: score.Overall, From: 1, To: 1},
			{Name: "Hugging Face PRO, 1 month", By: score.Overall, From: 2, To: 25},
			{Name: "PRO badge", By: score.Overall, From: 1, To: 25},
			{Name: "Swag", By: score.Overall, From: 1, To: 10},
			{Name: "Gradio blog feature", By: score.Overall, From: 1, To: 1},
			{Name: "Gradio team office hour", By: score.Overall, From: 1, To: 1},
			{Name: "Gradio badge", ToParticipants: true},
			{Name: "Blocks event badge", ToParticipants: true},
		},
	}
	r.TieBreak = defaultTieBreak(r.Criteria)
	return r
}

// defaultTieBreak is the tie_break of a config that gives none: the likes
// and votes criteria in config order, then created_at. Picks are left out
// because few Spaces have any, so they rarely separate a tie.
func defaultTieBreak(criteria []score.Criterion) []string {
	var keys []string
	for _, c := range criteria {
		if c.Kind == score.KindLikes || c.Kind == score.KindVotes {
			keys = append(keys, c.ID)
		}
	}
	return append(keys, createdAtKey)
}

// createdAtKey is the tie-break key that orders older Spaces first.
const createdAtKey = "created_at"

// The keys allowed in each mapping of a config, in the order the default
// config writes them, which is also the order messages list them in.
var (
	topKeys = []string{
		"event", "eligibility", "criteria", "voting", "tie_break", "prizes",
	}
	eventKeys       = []string{"name", "org", "opens", "closes"}
	eligibilityKeys = []string{
		"sdks", "require_blocks", "exclude", "include", "ineligible_authors",
		"ignore_authors", "broken_stages", "duplicates",
	}
	criterionKeys = []string{"id", "name", "kind", "weight", "exclude_self_likes"}
	votingKeys    = []string{"opens", "closes", "method", "voters", "columns"}
	columnsKeys   = []string{"timestamp", "voter", "categories"}
	prizeKeys     = []string{"name", "by", "ranks", "to"}
)

// The words allowed for keys that take one of a few, and reserved ids.
var (
	knownSDKs     = []string{"gradio", "streamlit", "docker", "static"}
	knownKinds    = []string{score.KindPicks, score.KindLikes, score.KindVotes}
	knownDupRules = []string{"exclude", "allow"}
	knownMethods  = []string{"plurality"}
	knownVoters   = []string{"anyone", "org_members"}
	knownPrizeTo  = []string{"participants"}
	reservedIDs   = []string{score.Overall, createdAtKey}
)

// The spelling of values.
var (
	criterionIDRe = regexp.MustCompile(`^[a-z0-9_]+$`)
	hubNameRe     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	spaceIDRe     = regexp.MustCompile(
		`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)
	stageRe = regexp.MustCompile(`^[A-Z][A-Z_]*$`)
	// decimalRe admits plain decimals only: no exponent, hex or fraction,
	// so that a weight always reads the way it is written.
	decimalRe     = regexp.MustCompile(`^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)
	rankRangeRe   = regexp.MustCompile(`^([0-9]+)(?:\s*-\s*([0-9]+))?$`)
	yamlLineErrRe = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)
)

// A listRule says what the items of a list key must be.
type listRule struct {
	// item describes one valid item, as in "a Hub username".
	item string
	// example is a valid list, as in "[system]".
	example string
	valid   func(string) bool
}

// What the items of eligibility's lists must be.
var (
	sdkRule = listRule{
		item:    "an SDK the Hub knows: " + oneOf(knownSDKs),
		example: "[gradio]",
		valid:   func(s string) bool { return slices.Contains(knownSDKs, s) },
	}
	spaceRule = listRule{
		item:    "a Space id (owner/name), such as Gradio-Blocks/README",
		example: "[Gradio-Blocks/README]",
		valid:   spaceIDRe.MatchString,
	}
	userRule = listRule{
		item:    "a Hub username (no @ or spaces), such as system",
		example: "[system]",
		valid:   hubNameRe.MatchString,
	}
	stageRule = listRule{
		item:    "a Hub runtime stage in capitals, such as BUILD_ERROR",
		example: "[BUILD_ERROR, RUNTIME_ERROR]",
		valid:   stageRe.MatchString,
	}
)

// Messages used in more than one place.
const (
	msgNoSettings = "the file holds no settings; " +
		"`spacejudge init` writes a commented config to start from"
	msgBadWeight = "%s is not a plain decimal number; " +
		"write a number of 0 or more with no exponent, such as 1 or 0.25"
	msgSharedColumn = "%q is also the %s column; each role needs its own column"
)

// A parser walks a config's YAML nodes, checking each key as it goes and
// collecting every problem with its line and key path.
type parser struct {
	file     string
	problems []configProblem
	// criteria are the criteria parsed so far, which later keys name.
	criteria []score.Criterion
	// badCriteria is set when the criteria list has a problem. Keys that
	// name criteria are then not checked against it, since the criterion
	// they name may be the one that failed.
	badCriteria bool
}

// addf records a problem at node n (which may be nil) and key path.
func (p *parser) addf(n *yaml.Node, path, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	msg := fmt.Sprintf(format, args...)
	p.problems = append(p.problems, configProblem{Line: line, Path: path, Msg: msg})
}

// err returns the problems found, in file order, as a *configError; or
// nil when there are none.
func (p *parser) err() error {
	if len(p.problems) == 0 {
		return nil
	}
	probs := slices.Clone(p.problems)
	sort.SliceStable(probs, func(i, j int) bool { return probs[i].Line < probs[j].Line })
	if len(probs) > maxProblems {
		more := fmt.Sprintf("%d more problems not shown; fix the ones above first",
			len(probs)-maxProblems)
		probs = append(probs[:maxProblems], configProblem{Msg: more})
	}
	return &configError{File: p.file, Problems: probs}
}

// document parses data as a single YAML document and returns its root
// node, or nil after recording why it cannot.
func (p *parser) document(data []byte) (root *yaml.Node) {
	defer func() {
		// The YAML library reports a few kinds of malformed input by
		// panicking with an "internal error" instead of returning one.
		if v := recover(); v != nil {
			p.addf(nil, "", "cannot read the file as YAML: %v", v)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		p.syntax(err)
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		p.syntax(err)
		if err == nil {
			p.addf(&next, "", "a second YAML document starts here; "+
				"a config is one document, so remove the extra ---")
		}
		return nil
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		p.addf(nil, "", msgNoSettings)
		return nil
	}
	return doc.Content[0]
}

// syntax records the error of a YAML decoder, keeping its line. Nil and
// io.EOF are no error here: an empty file, which has no document, is
// recorded as one that holds no settings.
func (p *parser) syntax(err error) {
	switch {
	case err == nil:
		return
	case err == io.EOF:
		p.addf(nil, "", msgNoSettings)
		return
	}
	msg := err.Error()
	if m := yamlLineErrRe.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		p.problems = append(p.problems, configProblem{Line: line, Msg: "invalid YAML: " + m[2]})
		return
	}
	p.addf(nil, "", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

// rules walks the document's root mapping. Keys left out keep the values
// of defaultRules, except that the voting window defaults to the event's
// and tie_break to the one derived from the criteria.
func (p *parser) rules(root *yaml.Node) score.Rules {
	r := defaultRules()
	top := p.mapping(root, "", topKeys)
	if top == nil {
		return r
	}
	if n := top["event"]; n != nil {
		p.event(n, &r.Event)
	}
	if n := top["eligibility"]; n != nil {
		p.eligibility(n, &r.Eligibility)
	}
	p.criteria = r.Criteria
	if n := top["criteria"]; n != nil {
		before := len(p.problems)
		r.Criteria = p.criterionList(n)
		p.criteria, p.badCriteria = r.Criteria, len(p.problems) > before
	}
	r.Voting.Opens, r.Voting.Closes = r.Event.Opens, r.Event.Closes
	if n := top["voting"]; n != nil {
		p.voting(n, &r.Voting)
	}
	r.TieBreak = defaultTieBreak(r.Criteria)
	if n := top["tie_break"]; n != nil {
		r.TieBreak = p.tieBreak(n)
	}
	if n := top["prizes"]; n != nil {
		r.Prizes = p.prizes(n)
	}
	return r
}

// event reads the event mapping into e.
func (p *parser) event(n *yaml.Node, e *score.Event) {
	m := p.mapping(n, "event", eventKeys)
	if m == nil {
		return
	}
	p.setText(m, "event", "name", &e.Name)
	org := m["org"]
	if p.setText(m, "event", "org", &e.Org) && org != nil && !hubNameRe.MatchString(e.Org) {
		p.addf(org, "event.org", "%q is not a Hub organization name; write the name "+
			"alone, as in Gradio-Blocks (letters, digits, -, _ and .)", e.Org)
	}
	p.window(m, "event", &e.Opens, &e.Closes)
}

// window reads the opens and closes keys of m into opens and closes, and
// checks that closes is later than opens. A window given by neither key
// is the default or the event's, which is checked where it is given.
func (p *parser) window(m map[string]*yaml.Node, path string, opens, closes *time.Time) {
	okOpens := p.setTime(m, path, "opens", opens)
	okCloses := p.setTime(m, path, "closes", closes)
	given := m["opens"] != nil || m["closes"] != nil
	if !given || !okOpens || !okCloses || closes.After(*opens) {
		return
	}
	key := "closes"
	if m[key] == nil {
		key = "opens"
	}
	p.addf(m[key], path+"."+key, "closes (%s) is not after opens (%s); closes is "+
		"exclusive and must be later than opens",
		closes.Format(time.RFC3339), opens.Format(time.RFC3339))
}

// eligibility reads the eligibility mapping into e.
func (p *parser) eligibility(n *yaml.Node, e *score.Eligibility) {
	const path = "eligibility"
	m := p.mapping(n, path, eligibilityKeys)
	if m == nil {
		return
	}
	p.setList(m, path, "sdks", &e.SDKs, sdkRule)
	if v := m["sdks"]; v != nil && isEmptyList(v) {
		p.addf(v, path+".sdks", "lists no SDK, so no Space could be eligible; "+
			"list at least one, as in [gradio]")
	}
	p.setBool(m, path, "require_blocks", &e.RequireBlocks)
	p.setList(m, path, "exclude", &e.Exclude, spaceRule)
	p.setList(m, path, "include", &e.Include, spaceRule)
	p.setList(m, path, "ineligible_authors", &e.IneligibleAuthors, userRule)
	p.setList(m, path, "ignore_authors", &e.IgnoreAuthors, userRule)
	p.setList(m, path, "broken_stages", &e.BrokenStages, stageRule)
	p.setWord(m, path, "duplicates", &e.Duplicates, knownDupRules)
}

// criterionList reads the criteria list.
func (p *parser) criterionList(n *yaml.Node) []score.Criterion {
	items := p.sequence(n, "criteria", "a list of criteria, one {id, name, kind, weight} each")
	if items == nil {
		return nil
	}
	if len(items) == 0 {
		p.addf(n, "criteria", "lists no criterion; give at least one, as in "+
			"[{id: likes, name: Most liked Spaces, kind: likes}]")
		return nil
	}
	var out []score.Criterion
	seen := map[string]int{}
	for i, item := range items {
		path := fmt.Sprintf("criteria[%d]", i)
		c, ok := p.criterion(item, path)
		if !ok {
			continue
		}
		if first, dup := seen[c.ID]; dup {
			p.addf(item, path+".id", "%q is already the id of criteria[%d]; "+
				"ids must be unique", c.ID, first)
			continue
		}
		seen[c.ID] = i
		out = append(out, c)
	}
	return out
}

// criterion reads one criterion; ok is false when it lacks a usable id or
// kind, which the rest of the config depends on.
func (p *parser) criterion(n *yaml.Node, path string) (c score.Criterion, ok bool) {
	m := p.mapping(n, path, criterionKeys)
	if m == nil {
		return c, false
	}
	okID := p.require(n, m, path, "id") && p.setCriterionID(m, path, &c.ID)
	okKind := p.require(n, m, path, "kind") && p.setWord(m, path, "kind", &c.Kind, knownKinds)
	c.Name = c.ID
	p.setText(m, path, "name", &c.Name)
	c.Weight = big.NewRat(1, 1)
	p.setWeight(m, path, &c.Weight)
	if v := m["exclude_self_likes"]; v != nil && okKind && c.Kind != score.KindLikes {
		p.addf(v, path+".exclude_self_likes", "applies only to likes criteria, "+
			"and this one's kind is %s; remove the key", c.Kind)
	}
	isLikes := c.Kind == score.KindLikes
	c.ExcludeSelfLikes = isLikes
	p.setBool(m, path, "exclude_self_likes", &c.ExcludeSelfLikes)
	c.ExcludeSelfLikes = c.ExcludeSelfLikes && isLikes
	return c, okID && okKind
}

// setCriterionID reads m's id key into dst, checking its spelling.
func (p *parser) setCriterionID(m map[string]*yaml.Node, path string, dst *string) bool {
	var id string
	if !p.setText(m, path, "id", &id) {
		return false
	}
	switch {
	case !criterionIDRe.MatchString(id):
		p.addf(m["id"], path+".id", "%q is not a valid id; use lowercase letters, "+
			"digits and _, as in staff_pick", id)
		return false
	case slices.Contains(reservedIDs, id):
		p.addf(m["id"], path+".id", "%q is reserved (%s); choose another id",
			id, strings.Join(reservedIDs, " and "))
		return false
	}
	*dst = id
	return true
}

// setWeight reads m's weight key, when present, into dst, exactly as
// written: 0.1 is 1/10.
func (p *parser) setWeight(m map[string]*yaml.Node, path string, dst **big.Rat) {
	v := m["weight"]
	if v == nil {
		return
	}
	path += ".weight"
	s, ok := p.scalar(v, path, "a decimal number of 0 or more, such as 1 or 0.25")
	if !ok {
		return
	}
	// A quoted "0.5" is text to YAML; asking for a number keeps the
	// config's meaning the same for any other YAML reader.
	tag := resolve(v).ShortTag()
	isNumber := tag == "!!int" || tag == "!!float"
	if !isNumber || len(s) > maxWeightLen || !decimalRe.MatchString(s) {
		p.addf(v, path, msgBadWeight, printable(s))
		return
	}
	w, ok := new(big.Rat).SetString(s)
	switch {
	case !ok:
		p.addf(v, path, msgBadWeight, printable(s))
	case w.Sign() < 0:
		p.addf(v, path, "%s is below 0; weights must be 0 or more", s)
	default:
		*dst = w
	}
}

// voting reads the voting mapping into v.
func (p *parser) voting(n *yaml.Node, v *score.Voting) {
	m := p.mapping(n, "voting", votingKeys)
	if m == nil {
		return
	}
	p.window(m, "voting", &v.Opens, &v.Closes)
	p.setWord(m, "voting", "method", &v.Method, knownMethods)
	p.setWord(m, "voting", "voters", &v.Voters, knownVoters)
	if c := m["columns"]; c != nil {
		v.Columns = p.columns(c)
	}
}

// columns reads voting.columns, which names the columns of a form export.
func (p *parser) columns(n *yaml.Node) *score.Columns {
	const path = "voting.columns"
	m := p.mapping(n, path, columnsKeys)
	if m == nil {
		return nil
	}
	cols := &score.Columns{}
	okTime := p.require(n, m, path, "timestamp") &&
		p.setText(m, path, "timestamp", &cols.Timestamp)
	okVoter := p.require(n, m, path, "voter") && p.setText(m, path, "voter", &cols.Voter)
	if !p.require(n, m, path, "categories") {
		return nil
	}
	cols.Categories = p.categories(m["categories"])
	if cols.Categories == nil || !okTime || !okVoter {
		return nil
	}
	p.distinctHeaders(m, cols)
	return cols
}

// categories reads voting.columns.categories, which maps votes criterion
// ids to column headers. It returns nil after recording a problem.
func (p *parser) categories(n *yaml.Node) map[string]string {
	const path = "voting.columns.categories"
	if !p.isKind(n, path, yaml.MappingNode, "a mapping of votes criterion ids "+
		"to column headers, as in {community: Community Pick}") {
		return nil
	}
	n = resolve(n)
	if len(n.Content) == 0 {
		p.addf(n, path, "maps no category; map each votes criterion id "+
			"to the header of its column")
		return nil
	}
	out := map[string]string{}
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		id, okID := p.categoryID(k, out)
		var header string
		okHeader := p.text(n.Content[i+1], path+"."+keyName(k), &header)
		if okID && okHeader {
			out[id] = header
		}
		ok = ok && okID && okHeader
	}
	if !ok {
		return nil
	}
	return out
}

// categoryID checks a key of voting.columns.categories: it must name a
// votes criterion that is not mapped yet.
func (p *parser) categoryID(k *yaml.Node, done map[string]string) (string, bool) {
	const path = "voting.columns.categories"
	if k.Kind != yaml.ScalarNode {
		p.addf(k, path, "a key must be a criterion id, not a list or mapping")
		return "", false
	}
	id := k.Value
	kind, found := p.kindOf(id)
	switch {
	case !found:
		p.unknownID(k, path, "%s is not a criterion id; the votes criteria are %s",
			printable(id), p.ids(score.KindVotes))
		return "", false
	case kind != score.KindVotes:
		p.addf(k, path+"."+id, "criterion %s is of kind %s, not votes; only votes "+
			"criteria are read from the votes file (votes criteria: %s)",
			id, kind, p.ids(score.KindVotes))
		return "", false
	}
	if _, dup := done[id]; dup {
		p.addf(k, path+"."+id, "is given twice; map each criterion once")
		return "", false
	}
	return id, true
}

// distinctHeaders checks that no two roles share a column header.
func (p *parser) distinctHeaders(m map[string]*yaml.Node, cols *score.Columns) {
	const path = "voting.columns"
	if cols.Voter == cols.Timestamp {
		p.addf(m["voter"], path+".voter", msgSharedColumn, cols.Voter, "timestamp")
	}
	seen := map[string]string{cols.Timestamp: "timestamp", cols.Voter: "voter"}
	for _, id := range slices.Sorted(maps.Keys(cols.Categories)) {
		h := cols.Categories[id]
		if other, dup := seen[h]; dup {
			p.addf(m["categories"], path+".categories."+id, msgSharedColumn, h, other)
			continue
		}
		seen[h] = "categories." + id
	}
}

// tieBreak reads the tie_break list.
func (p *parser) tieBreak(n *yaml.Node) []string {
	const path = "tie_break"
	items := p.sequence(n, path, "a list of criterion ids and created_at, "+
		"as in [likes, created_at]")
	if items == nil {
		return nil
	}
	keys := []string{}
	for i, item := range items {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		var key string
		if !p.text(item, ipath, &key) {
			continue
		}
		if _, found := p.kindOf(key); !found && key != createdAtKey {
			p.unknownID(item, ipath, "%q is neither a criterion id nor created_at; "+
				"the criteria are %s", key, p.ids(""))
			continue
		}
		if slices.Contains(keys, key) {
			p.addf(item, ipath, "%s is listed twice; list each key once", key)
			continue
		}
		keys = append(keys, key)
	}
	return keys
}

// prizes reads the prizes list.
func (p *parser) prizes(n *yaml.Node) []score.Prize {
	items := p.sequence(n, "prizes", "a list of prizes, "+
		"one {name, by, ranks} or {name, to} each")
	if items == nil {
		return nil
	}
	out := []score.Prize{}
	seen := map[string]int{}
	for i, item := range items {
		path := fmt.Sprintf("prizes[%d]", i)
		pr, ok := p.prize(item, path)
		if !ok {
			continue
		}
		if first, dup := seen[pr.Name]; dup {
			p.addf(item, path+".name", "%q is already the name of prizes[%d]; prize "+
				"names must be distinct, since each person receives a prize once",
				pr.Name, first)
			continue
		}
		seen[pr.Name] = i
		out = append(out, pr)
	}
	return out
}

// prize reads one prize: either by a ranking and ranks, or to participants.
func (p *parser) prize(n *yaml.Node, path string) (pr score.Prize, ok bool) {
	m := p.mapping(n, path, prizeKeys)
	if m == nil {
		return pr, false
	}
	ok = p.require(n, m, path, "name") && p.setText(m, path, "name", &pr.Name)
	switch {
	case m["to"] != nil && (m["by"] != nil || m["ranks"] != nil):
		p.addf(m["to"], path, "has both to and by/ranks; a prize goes either "+
			"to participants or by rank, so remove one")
		return pr, false
	case m["to"] != nil:
		var to string
		pr.ToParticipants = p.setWord(m, path, "to", &to, knownPrizeTo)
		return pr, ok && pr.ToParticipants
	case m["ranks"] == nil:
		p.addf(n, path, "has neither ranks nor to; give ranks (and by) for a rank "+
			`prize, as in {name: Swag, by: overall, ranks: "1-10"}, or to: participants`)
		return pr, false
	}
	pr.By = score.Overall
	okBy := p.setBy(m, path, &pr.By)
	okRanks := p.setRanks(m, path, &pr.From, &pr.To)
	return pr, ok && okBy && okRanks
}

// setBy reads a prize's by key, when present: overall or a criterion id.
func (p *parser) setBy(m map[string]*yaml.Node, path string, dst *string) bool {
	var by string
	if m["by"] == nil {
		return true
	}
	if !p.setText(m, path, "by", &by) {
		return false
	}
	if _, found := p.kindOf(by); !found && by != score.Overall {
		p.unknownID(m["by"], path+".by", "%q is neither overall nor a criterion id; "+
			"the criteria are %s", by, p.ids(""))
		return false
	}
	*dst = by
	return true
}

// setRanks reads a prize's ranks key, "N" or "FIRST-LAST", into from and to.
func (p *parser) setRanks(m map[string]*yaml.Node, path string, from, to *int) bool {
	var s string
	if !p.setText(m, path, "ranks", &s) {
		return false
	}
	v, path := m["ranks"], path+".ranks"
	sub := rankRangeRe.FindStringSubmatch(strings.TrimSpace(s))
	if sub == nil {
		p.addf(v, path, `%s is not a rank range; write "1" for the first place `+
			`or "2-25" for places 2 to 25`, printable(s))
		return false
	}
	if sub[2] == "" {
		sub[2] = sub[1]
	}
	first, err1 := strconv.Atoi(sub[1])
	last, err2 := strconv.Atoi(sub[2])
	switch {
	case err1 != nil || err2 != nil || first > maxRank || last > maxRank:
		p.addf(v, path, "%s goes past rank %d, the last a prize can reach",
			printable(s), maxRank)
	case first < 1:
		p.addf(v, path, "%q starts at rank 0; ranks start at 1", s)
	case last < first:
		p.addf(v, path, `%q ends before it starts; write the lower rank first, `+
			`as in "%d-%d"`, s, last, first)
	default:
		*from, *to = first, last
		return true
	}
	return false
}

// unknownID records a problem with a key that names no criterion, unless
// the criteria list itself has problems: the criterion named may well be
// one that failed, and the message would only mislead.
func (p *parser) unknownID(n *yaml.Node, path, format string, args ...any) {
	if !p.badCriteria {
		p.addf(n, path, format, args...)
	}
}

// kindOf returns the kind of the criterion with the given id.
func (p *parser) kindOf(id string) (kind string, found bool) {
	for _, c := range p.criteria {
		if c.ID == id {
			return c.Kind, true
		}
	}
	return "", false
}

// ids lists, for a message, the ids of the criteria of the given kind, or
// of all criteria when kind is "".
func (p *parser) ids(kind string) string {
	var ids []string
	for _, c := range p.criteria {
		if kind == "" || c.Kind == kind {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return "none"
	}
	return strings.Join(ids, ", ")
}

// mapping checks that n is a mapping whose keys are all in known, each
// once, and returns its values by key. It returns nil after recording a
// problem when n is not a mapping.
func (p *parser) mapping(n *yaml.Node, path string, known []string) map[string]*yaml.Node {
	if !p.isKind(n, path, yaml.MappingNode, "a mapping with the keys "+strings.Join(known, ", ")) {
		return nil
	}
	n = resolve(n)
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	lines := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := resolve(n.Content[i])
		switch {
		case k.Kind != yaml.ScalarNode:
			p.addf(k, path, "a key must be a plain word, not a list or mapping")
		case k.ShortTag() == "!!merge":
			p.addf(k, path, "merge keys (<<) are not supported; write the keys out")
		case !slices.Contains(known, k.Value):
			p.addf(k, path, "unknown key %s; the keys here are %s",
				printable(k.Value), strings.Join(known, ", "))
		case lines[k.Value] != 0:
			p.addf(k, join(path, k.Value), "is given twice (first on line %d); keep one",
				lines[k.Value])
		default:
			lines[k.Value] = k.Line
			m[k.Value] = n.Content[i+1]
		}
	}
	return m
}

// sequence checks that n is a list and returns its items, or nil after
// recording a problem. An empty list gives an empty, non-nil slice.
func (p *parser) sequence(n *yaml.Node, path, want string) []*yaml.Node {
	if !p.isKind(n, path, yaml.SequenceNode, want) {
		return nil
	}
	items := resolve(n).Content
	if items == nil {
		items = []*yaml.Node{}
	}
	return items
}

// require records a problem when key is missing from m, the mapping n.
func (p *parser) require(n *yaml.Node, m map[string]*yaml.Node, path, key string) bool {
	if m[key] != nil {
		return true
	}
	p.addf(resolve(n), join(path, key), "is missing; add it")
	return false
}

// isKind checks that n is of kind k, recording a problem that says want
// when it is not.
func (p *parser) isKind(n *yaml.Node, path string, k yaml.Kind, want string) bool {
	r := resolve(n)
	switch {
	case r == nil:
		p.addf(n, path, "expected %s", want)
		return false
	case isNull(r):
		p.addf(r, path, "has no value; give %s, or leave the key out for the default", want)
		return false
	case r.Kind == k:
		return true
	}
	p.addf(r, path, "expected %s, found %s", want, kindName(r))
	return false
}

// scalar returns the text of the plain value n, or false after recording
// a problem that says want.
func (p *parser) scalar(n *yaml.Node, path, want string) (string, bool) {
	if !p.isKind(n, path, yaml.ScalarNode, want) {
		return "", false
	}
	r := resolve(n)
	switch r.ShortTag() {
	case "!!str", "!!int", "!!float", "!!bool", "!!timestamp":
		return r.Value, true
	}
	p.addf(r, path, "unsupported YAML tag %s; expected %s", printable(r.Tag), want)
	return "", false
}

// text reads n into dst: non-empty text without control characters.
func (p *parser) text(n *yaml.Node, path string, dst *string) bool {
	s, ok := p.scalar(n, path, "text")
	if !ok {
		return false
	}
	switch {
	case strings.TrimSpace(s) == "":
		p.addf(resolve(n), path, "is empty; write a value, or leave the key out "+
			"for the default")
		return false
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		p.addf(resolve(n), path, "%s holds a control character (tab, newline…); "+
			"write it on one line", printable(s))
		return false
	}
	*dst = s
	return true
}

// setText reads m[key], when present, into dst. It returns false only
// when the key is present but wrong.
func (p *parser) setText(m map[string]*yaml.Node, path, key string, dst *string) bool {
	if m[key] == nil {
		return true
	}
	return p.text(m[key], join(path, key), dst)
}

// setWord reads m[key], when present, into dst; it must be one of choices.
func (p *parser) setWord(m map[string]*yaml.Node, path, key string, dst *string,
	choices []string) bool {
	var s string
	if m[key] == nil {
		return true
	}
	if !p.setText(m, path, key, &s) {
		return false
	}
	if !slices.Contains(choices, s) {
		p.addf(m[key], join(path, key), "%s is not allowed; write %s",
			printable(s), oneOf(choices))
		return false
	}
	*dst = s
	return true
}

// setBool reads m[key], when present, into dst.
func (p *parser) setBool(m map[string]*yaml.Node, path, key string, dst *bool) {
	v := m[key]
	if v == nil {
		return
	}
	path = join(path, key)
	s, ok := p.scalar(v, path, "true or false")
	if !ok {
		return
	}
	switch {
	case resolve(v).ShortTag() != "!!bool":
	case strings.EqualFold(s, "true"):
		*dst = true
		return
	case strings.EqualFold(s, "false"):
		*dst = false
		return
	}
	p.addf(v, path, "%s is not allowed; write true or false", printable(s))
}

// setTime reads m[key], when present, into dst: an RFC 3339 time, kept
// in UTC. It returns false only when the key is present but wrong.
func (p *parser) setTime(m map[string]*yaml.Node, path, key string, dst *time.Time) bool {
	v := m[key]
	if v == nil {
		return true
	}
	path = join(path, key)
	s, ok := p.scalar(v, path, "an RFC 3339 time such as 2022-05-16T00:00:00Z")
	if !ok {
		return false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.addf(v, path, "%s is not an RFC 3339 time; write the date, time and zone, "+
			"as in 2022-05-16T00:00:00Z", printable(s))
		return false
	}
	*dst = t.UTC()
	return true
}

// setList reads m[key], when present, into dst: a list of texts, each of
// which must pass rule. dst is left alone when an item is wrong.
func (p *parser) setList(m map[string]*yaml.Node, path, key string, dst *[]string,
	rule listRule) {
	v := m[key]
	if v == nil {
		return
	}
	path = join(path, key)
	items := p.sequence(v, path, "a list, as in "+rule.example+" ([] for none)")
	if items == nil {
		return
	}
	list := []string{}
	for i, item := range items {
		ipath := fmt.Sprintf("%s[%d]", path, i)
		var s string
		if !p.text(item, ipath, &s) {
			continue
		}
		if !rule.valid(s) {
			p.addf(item, ipath, "%s is not %s", printable(s), rule.item)
			continue
		}
		list = append(list, s)
	}
	if len(list) == len(items) {
		*dst = list
	}
}

// resolve follows YAML aliases (*name) to the node they stand for.
func resolve(n *yaml.Node) *yaml.Node {
	// Anchors cannot be put on aliases, so one step would do; the bound
	// only guards against a malformed tree.
	for i := 0; i < 8 && n != nil && n.Kind == yaml.AliasNode; i++ {
		n = n.Alias
	}
	return n
}

// isNull reports whether n is an empty value (key: or ~ or null).
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// isEmptyList reports whether n is a list with no items.
func isEmptyList(n *yaml.Node) bool {
	n = resolve(n)
	return n != nil && n.Kind == yaml.SequenceNode && len(n.Content) == 0
}

// kindName names n's kind for a message.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "the value " + printable(n.Value)
	}
	return "something else"
}

// keyName renders the mapping key k as one element of a key path: as is
// when it is a plain id, quoted otherwise.
func keyName(k *yaml.Node) string {
	switch {
	case k.Kind != yaml.ScalarNode:
		return "?"
	case criterionIDRe.MatchString(k.Value):
		return k.Value
	}
	return printable(k.Value)
}

// printable quotes s for a message, shortened when long, so that text
// from the file cannot garble the message.
func printable(s string) string {
	const max = 40
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

// join appends key to a key path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// oneOf lists choices for a message: "a", "a or b", "a, b or c".
func oneOf(choices []string) string {
	if len(choices) == 1 {
		return choices[0]
	}
	return strings.Join(choices[:len(choices)-1], ", ") + " or " + choices[len(choices)-1]
}
