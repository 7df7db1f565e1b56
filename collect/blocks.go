package collect

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// maxAppFile caps how much of an app file is read and scanned. Real app
// files are a few KiB; anything past the cap is ignored and the evidence
// says so.
const maxAppFile = 1 << 20

// maxEvidence caps the length of an evidence line, in runes.
const maxEvidence = 160

// checkApp decides whether the Python source src builds a gradio Blocks
// app. It looks for a call of gradio's Blocks under any name that an
// import bound to it (gr.Blocks(, gradio.Blocks(, Blocks( after
// "from gradio import Blocks", …), outside comments, string literals and
// docstrings, and reports the first such call as the evidence. truncated
// says src is only the start of the file.
func checkApp(file string, src []byte, truncated bool) *AppCheck {
	check, _ := scanApp(file, src, truncated)
	return check
}

// scanApp is checkApp that also returns the modules the file imports,
// dotted ("ui", "src.app"), in order of appearance, for following the
// app into local modules. A binary file imports nothing.
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

// gradioNames are the names that imports bound to gradio things.
type gradioNames struct {
	// modules are bound to the gradio package (gr, gradio), blocksModules
	// to gradio.blocks, and blocks to the Blocks class itself.
	modules, blocksModules, blocks []string
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
	// callRe finds a possibly dotted name followed by "(". Leftmost
	// matching makes it start at the beginning of a name.
	callRe = regexp.MustCompile(`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*\s*\(`)
)

// importedNames reads the import statements of the stripped code.
func importedNames(code []string) *gradioNames {
	names := &gradioNames{importLine: -1}
	for _, st := range statements(code) {
		if names.addImport(st.text) && names.importLine < 0 {
			names.importLine = st.line
		}
	}
	return names
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
		g.modules = append(g.modules, cmp.Or(alias, "gradio"))
	case name == "gradio.blocks" && alias != "":
		g.blocksModules = append(g.blocksModules, alias)
	case strings.HasPrefix(name, "gradio.") && alias == "":
		// "import gradio.x" binds the name gradio.
		g.modules = append(g.modules, "gradio")
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
		g.blocks = append(g.blocks, cmp.Or(alias, "Blocks"))
	case module == "gradio" && name == "blocks":
		g.blocksModules = append(g.blocksModules, cmp.Or(alias, "blocks"))
	}
}

// firstCall returns the 0-based line of the first call of gradio's Blocks.
func (g *gradioNames) firstCall(code []string) (int, bool) {
	for i, line := range code {
		for _, m := range callRe.FindAllStringIndex(line, -1) {
			if isCall(line[:m[0]]) && g.isBlocks(callee(line[m[0]:m[1]])) {
				return i, true
			}
		}
	}
	return 0, false
}

// isCall reports whether a name followed by "(" after the given text is a
// call: not an attribute of some other expression (f().gr.Blocks() and
// not the name of a function or class being defined.
func isCall(before string) bool {
	before = strings.TrimRight(before, " \t")
	if strings.HasSuffix(before, ".") {
		return false
	}
	fields := strings.Fields(before)
	if len(fields) == 0 {
		return true
	}
	last := fields[len(fields)-1]
	return last != "def" && last != "class"
}

// callee returns the dotted name of a callRe match, without spaces and "(".
func callee(match string) string {
	return strings.Join(strings.Fields(strings.TrimSuffix(match, "(")), "")
}

// isBlocks reports whether the dotted name (without spaces) names
// gradio's Blocks class.
func (g *gradioNames) isBlocks(name string) bool {
	prefix, last, dotted := cutLast(name, ".")
	if !dotted {
		return slices.Contains(g.blocks, name)
	}
	if last != "Blocks" {
		return false
	}
	if slices.Contains(g.modules, prefix) || slices.Contains(g.blocksModules, prefix) {
		return true
	}
	mod, sub, ok := cutLast(prefix, ".")
	return ok && sub == "blocks" && slices.Contains(g.modules, mod)
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
// after a trailing backslash) and splits them at ";".
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
			if t := strings.TrimSpace(part); t != "" {
				out = append(out, statement{t, start})
			}
		}
		buf.Reset()
	}
	return out
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
