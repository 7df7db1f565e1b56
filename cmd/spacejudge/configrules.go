package main

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/score"
	"go.yaml.in/yaml/v3"
)

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
	knownDupRules = []string{score.DuplicatesExclude, score.DuplicatesAllow}
	knownMethods  = []string{score.MethodPlurality}
	knownVoters   = []string{score.VotersAnyone, score.VotersOrgMembers}
	knownPrizeTo  = []string{"participants"}
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
	case slices.Contains(score.ReservedIDs, id):
		p.addf(m["id"], path+".id", "%q is reserved (%s); choose another id",
			id, strings.Join(score.ReservedIDs, ", "))
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
		if _, found := p.kindOf(key); !found && key != score.TieBreakCreatedAt {
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
