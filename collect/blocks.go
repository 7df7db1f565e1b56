package collect

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxAppFile caps how much of an app file is read and scanned. Real app
// files are a few KiB; anything past the cap is ignored and the evidence
// says so.
const maxAppFile = 1 << 20

// maxEvidence caps the length of an evidence line, in runes.
const maxEvidence = 160

// scanApp decides whether the Python source src builds a gradio Blocks
// app. It looks for a call that builds a Blocks: of gradio's Blocks under
// any name that an import bound to it (gr.Blocks(, gradio.Blocks(,
// Blocks( after "from gradio import Blocks", …), of its load class method
// (gr.Blocks.load(), or of a class of the file that derives from Blocks
// (App( after "class App(gr.Blocks):"). It looks outside comments, string
// literals and docstrings, and reports the first such call as the
// evidence. truncated says src is only the start of the file.
//
// It also returns the modules the file imports, dotted ("ui",
// "src.app"), in order of appearance, for following the app into local
// modules. A binary file imports nothing.
func scanApp(file string, src []byte, truncated bool) (*AppCheck, []string) {
	check := &AppCheck{File: file, Found: true}
	if bytes.IndexByte(src, 0) >= 0 {
		check.Evidence = "binary file, not Python source"
		return check, nil
	}
	lines := splitLines(src)
	code := stripPython(lines)
	names := importedNames(code)
	if n, ok := names.firstCall(code); ok {
		check.Blocks, check.Line = true, n+1
		check.Evidence = shorten(strings.TrimSpace(lines[n]), maxEvidence)
		return check, names.imported
	}
	check.Evidence = names.explain()
	if truncated {
		check.Evidence += fmt.Sprintf(" in the first %d KiB", maxAppFile>>10)
	}
	return check, names.imported
}

// splitLines splits source into lines at "\n", "\r\n" or "\r", as Python
// does, after removing a UTF-8 byte order mark.
func splitLines(src []byte) []string {
	s := strings.TrimPrefix(string(src), "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

// stripPython returns each line's code with comments removed and every
// string literal, docstrings included, reduced to an empty "" so that
// nothing inside a string can look like code. Lines inside a multi-line
// string come out empty.
func stripPython(lines []string) []string {
	out := make([]string, len(lines))
	var quote string // the open string's delimiter across lines
	for i, line := range lines {
		var b strings.Builder
		j := 0
		if quote != "" {
			j, quote = skipString(line, 0, quote)
		}
		for j < len(line) {
			c := line[j]
			switch {
			case c == '#':
				j = len(line)
			case c == '"' || c == '\'':
				q := string(c)
				if strings.HasPrefix(line[j:], strings.Repeat(q, 3)) {
					q = strings.Repeat(q, 3)
				}
				b.WriteString(`""`)
				j, quote = skipString(line, j+len(q), q)
			default:
				b.WriteByte(c)
				j++
			}
		}
		out[i] = b.String()
	}
	return out
}

// skipString skips the rest of a string literal delimited by quote,
// starting at i in line. It returns the index past the closing quote and
// "" when the string ends on this line, or len(line) and the delimiter
// when it goes on: always for an open triple-quoted string, and for a
// one-quote string only after a backslash at the end of the line.
func skipString(line string, i int, quote string) (int, string) {
	for i < len(line) {
		switch {
		case line[i] == '\\':
			if i+1 == len(line) {
				return len(line), quote
			}
			i += 2
		case strings.HasPrefix(line[i:], quote):
			return i + len(quote), ""
		default:
			i++
		}
	}
	if len(quote) == 3 {
		return i, quote
	}
	// An unterminated one-quote string is a syntax error; end it here.
	return i, ""
}

// gradioNames are the names that imports and class definitions bound to
// gradio things.
type gradioNames struct {
	// modules are bound to the gradio package (gr, gradio), blocksModules
	// to gradio.blocks, and blocks to the Blocks class itself or to a
	// class of the file that derives from it.
	modules, blocksModules, blocks map[string]bool
	// importLine is the 0-based line of the first gradio import, -1 if none.
	importLine int
	// imported lists every module named by an absolute import, and for
	// "from m import a" also "m.a", which may be a submodule.
	imported []string
}

var (
	importRe     = regexp.MustCompile(`^import\s+(.+)$`)
	fromImportRe = regexp.MustCompile(`^from\s+([\w.]+)\s+import\s+(.+)$`)
	asRe         = regexp.MustCompile(`^([\w.]+|\*)(?:\s+as\s+(\w+))?$`)
	// classRe matches a class statement with its bases.
	classRe = regexp.MustCompile(`^class\s+([A-Za-z_]\w*)\s*\(([^()]*)\)`)
	// compoundRe matches the keyword of a compound statement, whose body
	// may follow its ":" on the same line.
	compoundRe = regexp.MustCompile(
		`^(?:if|elif|else|try|except|finally|with|for|while|def|class|async)\b`)
	// callRe finds a possibly dotted name followed by "(". Leftmost
	// matching makes it start at the beginning of a name.
	callRe = regexp.MustCompile(`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*\s*\(`)
)

// importedNames reads the import statements of the stripped code, then
// its class statements.
func importedNames(code []string) *gradioNames {
	names := &gradioNames{importLine: -1, modules: map[string]bool{},
		blocksModules: map[string]bool{}, blocks: map[string]bool{}}
	sts := statements(code)
	for _, st := range sts {
		if names.addImport(st.text) && names.importLine < 0 {
			names.importLine = st.line
		}
	}
	names.addSubclasses(sts)
	return names
}

// addSubclasses adds to blocks the classes that derive from Blocks, or
// from such a class, in whatever order the file defines them. It walks
// from each Blocks class to the classes that name it as a base, so that a
// long chain of classes costs no more than a short one.
func (g *gradioNames) addSubclasses(sts []statement) {
	derived := map[string][]string{} // base -> the classes deriving from it
	var found []string
	for _, st := range sts {
		m := classRe.FindStringSubmatch(st.text)
		if m == nil {
			continue
		}
		for _, base := range strings.Split(m[2], ",") {
			base = strings.Join(strings.Fields(base), "")
			if base == "" || strings.Contains(base, "=") { // metaclass=…
				continue
			}
			derived[base] = append(derived[base], m[1])
			if g.isBlocks(base) {
				found = append(found, m[1])
			}
		}
	}
	for len(found) > 0 {
		name := found[len(found)-1]
		found = found[:len(found)-1]
		if g.blocks[name] {
			continue
		}
		g.blocks[name] = true
		found = append(found, derived[name]...)
	}
}

// addImport records the gradio names that one statement binds, and
// reports whether it imported anything from gradio.
func (g *gradioNames) addImport(st string) bool {
	if m := importRe.FindStringSubmatch(st); m != nil {
		found := false
		for _, item := range splitNames(m[1]) {
			found = g.addModule(item) || found
		}
		return found
	}
	m := fromImportRe.FindStringSubmatch(st)
	if m == nil {
		return false
	}
	items := splitNames(strings.Trim(m[2], "() \t"))
	if m[1] != "gradio" && m[1] != "gradio.blocks" {
		g.noteFrom(m[1], items)
		return false
	}
	for _, item := range items {
		g.addFrom(m[1], item)
	}
	return true
}

// noteFrom records the modules that "from module import items" may load.
// Relative imports (".x") are left out: an app file is run as a script.
func (g *gradioNames) noteFrom(module string, items []string) {
	if strings.HasPrefix(module, ".") {
		return
	}
	g.imported = append(g.imported, module)
	for _, item := range items {
		m := asRe.FindStringSubmatch(item)
		if m != nil && m[1] != "*" && !strings.Contains(m[1], ".") {
			g.imported = append(g.imported, module+"."+m[1])
		}
	}
}

// addModule handles one item of "import a.b as c, …".
func (g *gradioNames) addModule(item string) bool {
	m := asRe.FindStringSubmatch(item)
	if m == nil {
		return false
	}
	name, alias := m[1], m[2]
	if name != "*" {
		g.imported = append(g.imported, name)
	}
	switch {
	case name == "gradio":
		g.modules[cmp.Or(alias, "gradio")] = true
	case name == "gradio.blocks" && alias != "":
		g.blocksModules[alias] = true
	case strings.HasPrefix(name, "gradio.") && alias == "":
		// "import gradio.x" binds the name gradio.
		g.modules["gradio"] = true
	default:
		return strings.HasPrefix(name, "gradio.")
	}
	return true
}

// addFrom handles one item of "from gradio[.blocks] import x as y, …".
func (g *gradioNames) addFrom(module, item string) {
	m := asRe.FindStringSubmatch(item)
	if m == nil {
		return
	}
	name, alias := m[1], m[2]
	switch {
	case name == "Blocks" || name == "*":
		g.blocks[cmp.Or(alias, "Blocks")] = true
	case module == "gradio" && name == "blocks":
		g.blocksModules[cmp.Or(alias, "blocks")] = true
	}
}

// firstCall returns the 0-based line of the first call that builds a
// Blocks.
func (g *gradioNames) firstCall(code []string) (int, bool) {
	for i, line := range code {
		for _, m := range callRe.FindAllStringIndex(line, -1) {
			if isCall(line[:m[0]]) && g.builds(callee(line[m[0]:m[1]])) {
				return i, true
			}
		}
	}
	return 0, false
}

// builds reports whether calling the dotted name (without spaces) builds a
// Blocks: the name is Blocks or a subclass, or its load class method.
func (g *gradioNames) builds(name string) bool {
	if prefix, last, dotted := cutLast(name, "."); dotted && last == "load" {
		return g.isBlocks(prefix)
	}
	return g.isBlocks(name)
}

// isCall reports whether a name followed by "(" after the given text is a
// call: not an attribute of some other expression (f().gr.Blocks() and
// not the name of a function or class being defined. It looks only at the
// end of before, so that a long line with many calls costs linear time.
func isCall(before string) bool {
	before = strings.TrimRightFunc(before, unicode.IsSpace)
	if strings.HasSuffix(before, ".") {
		return false
	}
	for _, keyword := range []string{"def", "class"} {
		rest, found := strings.CutSuffix(before, keyword)
		if r, _ := utf8.DecodeLastRuneInString(rest); found && (rest == "" || unicode.IsSpace(r)) {
			return false
		}
	}
	return true
}

// callee returns the dotted name of a callRe match, without spaces and "(".
func callee(match string) string {
	return strings.Join(strings.Fields(strings.TrimSuffix(match, "(")), "")
}

// isBlocks reports whether the dotted name (without spaces) names
// gradio's Blocks class or a class of the file that derives from it.
func (g *gradioNames) isBlocks(name string) bool {
	prefix, last, dotted := cutLast(name, ".")
	if !dotted {
		return g.blocks[name]
	}
	if last != "Blocks" {
		return false
	}
	if g.modules[prefix] || g.blocksModules[prefix] {
		return true
	}
	mod, sub, ok := cutLast(prefix, ".")
	return ok && sub == "blocks" && g.modules[mod]
}

// explain says why no Blocks call was found.
func (g *gradioNames) explain() string {
	if g.importLine < 0 {
		return "gradio is not imported; no Blocks call"
	}
	return fmt.Sprintf("gradio is imported (line %d) but Blocks is never called", g.importLine+1)
}

// A statement is one logical Python statement of stripped code and the
// 0-based line it starts on.
type statement struct {
	text string
	line int
}

// statements joins stripped lines into logical lines (inside brackets or
// after a trailing backslash) and splits them at ";". The body of a
// compound statement on the same line ("if x: import gradio as gr") is a
// statement of its own too.
func statements(code []string) []statement {
	var out []statement
	var buf strings.Builder
	start, depth := 0, 0
	for i, line := range code {
		if buf.Len() == 0 {
			start = i
		}
		cont := strings.HasSuffix(strings.TrimRight(line, " \t"), "\\")
		buf.WriteString(strings.TrimSuffix(strings.TrimRight(line, " \t"), "\\"))
		buf.WriteByte(' ')
		depth = max(depth+bracketDelta(line), 0)
		if cont || depth > 0 {
			continue
		}
		for _, part := range strings.Split(buf.String(), ";") {
			for t := strings.TrimSpace(part); t != ""; t = inlineBody(t) {
				out = append(out, statement{t, start})
			}
		}
		buf.Reset()
	}
	return out
}

// inlineBody returns what follows the ":" of a compound statement's
// header on the same line ("import os" in "else: import os"), and "" for
// any other statement. The ":" is the first one outside brackets that is
// not part of ":=".
func inlineBody(st string) string {
	if !compoundRe.MatchString(st) {
		return ""
	}
	depth := 0
	for i := 0; i < len(st); i++ {
		switch c := st[i]; {
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth = max(depth-1, 0)
		case c == ':' && depth == 0 && !strings.HasPrefix(st[i:], ":="):
			return strings.TrimSpace(st[i+1:])
		}
	}
	return ""
}

func bracketDelta(s string) int {
	d := 0
	for _, c := range s {
		switch c {
		case '(', '[', '{':
			d++
		case ')', ']', '}':
			d--
		}
	}
	return d
}

// splitNames splits "a as b, c" into trimmed items, dropping empty ones
// (a trailing comma in parentheses).
func splitNames(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.Join(strings.Fields(item), " "); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+len(sep):], true
}
