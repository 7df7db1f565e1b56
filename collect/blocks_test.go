package collect

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestScanApp(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		blocks bool
		line   int
	}{
		{"with gr", "import gradio as gr\n\nwith gr.Blocks() as demo:\n    pass\n", true, 3},
		{"assigned", "import gradio as gr\ndemo = gr.Blocks(css='x')\n", true, 2},
		{"module name", "import gradio\ndemo = gradio.Blocks()\n", true, 2},
		{"other alias", "import gradio as g\nwith g.Blocks():\n  pass\n", true, 2},
		{"from import", "from gradio import Blocks\nwith Blocks() as demo:\n  pass\n", true, 2},
		{"from import alias", "from gradio import Blocks as B, Interface\ndemo = B()\n", true, 2},
		{"from import parens",
			"from gradio import (\n    Interface,\n    Blocks,\n)\nBlocks()\n", true, 5},
		{"star import", "from gradio import *\ndemo = Blocks()\n", true, 2},
		{"submodule", "import gradio.blocks as gb\ndemo = gb.Blocks()\n", true, 2},
		{"submodule path", "import gradio\ndemo = gradio.blocks.Blocks()\n", true, 2},
		{"import dotted", "import gradio.themes\ndemo = gradio.Blocks()\n", true, 2},
		{"semicolons", "import os; import gradio as gr; demo = gr.Blocks()\n", true, 1},
		{"spaces", "import gradio as gr\nwith gr . Blocks () as demo: pass\n", true, 2},
		{"nested call", "import gradio as gr\napp = make(gr.Blocks(theme=t))\n", true, 2},
		{"indented import",
			"try:\n    import gradio as gr\nexcept ImportError:\n    raise\ngr.Blocks()\n", true, 5},
		{"import later", "def f():\n    return gr.Blocks()\nimport gradio as gr\n", true, 2},
		{"crlf", "import gradio as gr\r\nwith gr.Blocks() as demo:\r\n  pass\r\n", true, 2},
		{"cr", "import gradio as gr\rwith gr.Blocks() as demo:\r  pass\r", true, 2},
		{"bom", "\uFEFFimport gradio as gr\ngr.Blocks()\n", true, 2},
		{"string before", "import gradio as gr\nx = 'gr.Blocks('; demo = gr.Blocks()\n", true, 2},
		{"subclass", "import gradio as gr\nclass App(gr.Blocks):\n    pass\ndemo = App()\n",
			true, 4},
		{"subclass of subclass", "from gradio import Blocks\n" +
			"demo = Themed(theme=t)\nclass Themed(Base, Mixin): pass\nclass Base(Blocks): pass\n",
			true, 2},
		{"subclass more bases",
			"import gradio\nclass App(\n    Mixin,\n    gradio.Blocks,\n):\n    pass\nApp()\n", true, 7},
		{"subclass load", "import gradio as gr\nclass App(gr.Blocks): pass\nApp.load('x')\n",
			true, 3},
		{"load", "import gradio as gr\ndemo = gr.Blocks.load(name='spaces/x/y')\n", true, 2},
		{"load from import", "from gradio import Blocks as B\nB . load(src)\n", true, 2},
		{"inline if import", "if True: import gradio as gr\ndemo = gr.Blocks()\n", true, 2},
		{"inline try import",
			"try: import gradio as gr\nexcept ImportError: gr = None\ngr.Blocks()\n", true, 3},
		{"inline else import",
			"if x == {'a': 1}: pass\nelse: from gradio import Blocks\nBlocks()\n", true, 3},
		{"inline nested", "for m in ms:\n  if m: import gradio as gr\ngr.Blocks()\n", true, 3},
		{"inline walrus", "if (n := 1): import gradio as gr\ngr.Blocks()\n", true, 2},

		{"interface", "import gradio as gr\ngr.Interface(f, 'text', 'text').launch()\n", false, 0},
		{"not imported", "with gr.Blocks() as demo:\n  pass\n", false, 0},
		{"other module", "import gradio as gr\nimport mylib as gx\ngx.Blocks()\n", false, 0},
		{"comment", "import gradio as gr\n# with gr.Blocks() as demo:\ngr.Interface(f)", false, 0},
		{"trailing comment", "import gradio as gr\nx = 1  # gr.Blocks()\n", false, 0},
		{"string", "import gradio as gr\nprint(\"gr.Blocks() is nice\")\n", false, 0},
		{"docstring", "import gradio as gr\n\"\"\"\nUse gr.Blocks() here.\n\"\"\"\n", false, 0},
		{"single docstring", "import gradio as gr\n'''\nwith gr.Blocks():\n'''\n", false, 0},
		{"string escape", "import gradio as gr\ns = 'it\\'s gr.Blocks()'\n", false, 0},
		{"continued string", "import gradio as gr\ns = 'a \\\ngr.Blocks()'\n", false, 0},
		{"raw string", "import gradio as gr\ns = r\"\\\" gr.Blocks()\"\n", false, 0},
		{"attribute", "import gradio as gr\nx = obj.gr.Blocks()\n", false, 0},
		{"call attribute", "import gradio as gr\nx = f().gr.Blocks()\n", false, 0},
		{"longer name", "import gradio as gr\nx = gr.BlocksX()\n", false, 0},
		{"suffix name", "from gradio import Blocks\nx = MyBlocks()\n", false, 0},
		{"no call", "import gradio as gr\nB = gr.Blocks\n", false, 0},
		{"def", "from gradio import Blocks\ndef Blocks(x):\n  pass\n", false, 0},
		{"import in string", "s = 'import gradio as gr'\ngr.Blocks()\n", false, 0},
		{"other from", "from mylib import Blocks\nBlocks()\n", false, 0},
		{"gradio_client", "import gradio_client as gr\ngr.Blocks()\n", false, 0},
		{"empty", "", false, 0},
		{"binary", "import gradio as gr\x00\ngr.Blocks()\n", false, 0},
		{"subclass never built", "import gradio as gr\nclass App(gr.Blocks):\n  pass\n", false, 0},
		{"subclass of another", "import gradio as gr\nclass App(gr.Interface): pass\nApp()\n",
			false, 0},
		{"subclass keyword base",
			"import gradio as gr\nclass App(Base, metaclass=gr.Blocks): pass\nApp()\n", false, 0},
		{"other load", "import gradio as gr\ngr.Interface.load('x')\n", false, 0},
		{"load of Blocks", "import gradio as gr\ngr.Blocks.loader('x')\n", false, 0},
		{"inline in string", "s = 'if x: import gradio as gr'\ngr.Blocks()\n", false, 0},
		{"inline not compound", "x = {1: 2}; y: int = 3\ngr.Blocks()\n", false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := scanApp("app.py", []byte(tt.src), false)
			if got.Blocks != tt.blocks || got.Line != tt.line || !got.Found {
				t.Errorf("scanApp(%q) = %+v, want Blocks %v at line %d",
					tt.src, got, tt.blocks, tt.line)
			}
			if got.Evidence == "" {
				t.Errorf("scanApp(%q) has no evidence", tt.src)
			}
		})
	}
}

func TestScanAppEvidence(t *testing.T) {
	long := strings.Repeat("x", 300)
	src := "import gradio as gr\n\n    with gr.Blocks(title=\"" + long + "\") as demo:\n"
	got, _ := scanApp("src/main.py", []byte(src), false)
	if got.File != "src/main.py" || got.Line != 3 ||
		!strings.HasPrefix(got.Evidence, "with gr.Blocks(") {
		t.Errorf("scanApp() = %+v, want src/main.py line 3 starting with the trimmed call", got)
	}
	if n := utf8.RuneCountInString(got.Evidence); n > maxEvidence {
		t.Errorf("evidence has %d runes, want at most %d", n, maxEvidence)
	}

	got, _ = scanApp("app.py", []byte("import gradio as gr\ngr.Interface(f)\n"), true)
	want := "gradio is imported (line 1) but Blocks is never called in the first 1024 KiB"
	if got.Evidence != want {
		t.Errorf("truncated evidence = %q, want %q", got.Evidence, want)
	}
}

// FuzzScanApp checks that the scanner never panics, keeps its evidence
// short and valid, points at a real line, and sees no Blocks call in a
// file whose every line is a comment.
func FuzzScanApp(f *testing.F) {
	f.Add("import gradio as gr\nwith gr.Blocks() as demo:\n    gr.Markdown('''x''')\n")
	f.Add("from gradio import (Blocks as B,\n Interface)\nB()\n")
	f.Add("s = '''\nimport gradio as gr\n'''; gr.Blocks()\n")
	f.Add("import gradio as gr\\\n; gr.Blocks(\"\\\n\")")
	f.Add("\xff\xfeimport gradio as gr\ngr.Blocks()")
	f.Fuzz(func(t *testing.T, src string) {
		got, _ := scanApp("app.py", []byte(src), false)
		lines := splitLines([]byte(src))
		switch {
		case !utf8.ValidString(got.Evidence) || utf8.RuneCountInString(got.Evidence) > maxEvidence:
			t.Errorf("scanApp(%q) evidence %q is invalid or too long", src, got.Evidence)
		case got.Line < 0 || got.Line > len(lines):
			t.Errorf("scanApp(%q) line %d outside 0..%d", src, got.Line, len(lines))
		case got.Blocks && (got.Line == 0 || !strings.Contains(lines[got.Line-1], "(")):
			t.Errorf("scanApp(%q) = %+v: Blocks without a call on its line", src, got)
		}
		commented := "#" + strings.Join(lines, "\n#")
		if c, _ := scanApp("app.py", []byte(commented), false); c.Blocks {
			t.Errorf("scanApp(%q) found Blocks in comments only: %+v", commented, c)
		}
	})
}

func TestScanAppImports(t *testing.T) {
	src := `import os, gradio as gr
from ui import demo, theme as t
from .rel import x
from pkg.sub import (mod,
    other as o)
import a.b as c
s = "import fake"
`
	_, got := scanApp("app.py", []byte(src), false)
	want := []string{"os", "gradio", "ui", "ui.demo", "ui.theme",
		"pkg.sub", "pkg.sub.mod", "pkg.sub.other", "a.b"}
	if !slices.Equal(got, want) {
		t.Errorf("scanApp() imports = %q, want %q", got, want)
	}
}

func TestLocalModules(t *testing.T) {
	files := map[string]bool{}
	for _, f := range []string{"app.py", "ui.py", "pkg/__init__.py", "pkg/mod.py",
		"src/main.py", "src/helpers.py", "numpy.py.bak"} {
		files[f] = true
	}
	tests := []struct {
		app     string
		modules []string
		want    []string
	}{
		{"app.py", []string{"gradio", "ui", "ui.demo"}, []string{"ui.py"}},
		{"app.py", []string{"pkg", "pkg.mod", "numpy"}, []string{"pkg/__init__.py", "pkg/mod.py"}},
		{"src/main.py", []string{"helpers", "ui"}, []string{"src/helpers.py"}},
		{"app.py", []string{"app"}, nil},
	}
	for _, tt := range tests {
		if got := localModules(tt.app, tt.modules, files); !slices.Equal(got, tt.want) {
			t.Errorf("localModules(%q, %q) = %q, want %q", tt.app, tt.modules, got, tt.want)
		}
	}
}

// BenchmarkScanAppLongLine scans a 1 MiB app file that is one line of
// class statements and calls, to show that the cost stays linear in the
// size of the file rather than in its square.
func BenchmarkScanAppLongLine(b *testing.B) {
	src := []byte("import gradio as gr\n" +
		strings.Repeat("class A(gr.Blocks): f(x); ", (1<<20)/26) + "\nA()\n")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if check, _ := scanApp("app.py", src, false); !check.Blocks {
			b.Fatalf("scanApp() = %+v, want Blocks", check)
		}
	}
}
