package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

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
