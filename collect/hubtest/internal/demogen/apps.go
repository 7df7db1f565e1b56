package demogen

import (
	"fmt"
	"html"
	"strings"
)

// App styles: how an app file builds its interface. The Blocks styles are
// the ways real apps build a gradio Blocks app; the others build none,
// some of them while mentioning Blocks where it does not count.
const (
	StyleWith          = "with"           // with gr.Blocks() as demo:
	StyleWithArgs      = "with-args"      // with gr.Blocks(css=...) as demo:, with tabs
	StyleAssign        = "assign"         // demo = gr.Blocks(...), then with demo:
	StyleModule        = "module"         // import gradio; with gradio.Blocks() as demo:
	StyleFromImport    = "from-import"    // from gradio import Blocks; with Blocks() as demo:
	StyleAlias         = "alias"          // import gradio as grd; with grd.Blocks() as app:
	StyleInFunction    = "in-function"    // Blocks built inside a function
	StyleInterface     = "interface"      // gr.Interface only
	StyleTabbed        = "tabbed"         // gr.TabbedInterface of Interfaces
	StyleLoad          = "load"           // gr.Interface.load of a hosted model
	StyleComment       = "comment"        // Interface; Blocks only in a comment
	StyleString        = "string"         // Interface; Blocks only in a string
	StyleDocstring     = "docstring"      // Interface; Blocks only in the module docstring
	StyleCommentedOut  = "commented-out"  // Interface; a whole Blocks app commented out
	StyleOtherFile     = "other-file"     // app file imports a Blocks app built in ui.py
	StyleStreamlit     = "streamlit"      // a streamlit app
	StyleStatic        = "static"         // a static HTML page
	StyleMissing       = "missing"        // the app file does not exist
	StyleBlocksDecoyed = "blocks-decoyed" // Blocks in the card's app_file; app.py is an Interface
)

// BlocksStyle reports whether an app of the given style builds a gradio
// Blocks app in its app file.
func BlocksStyle(style string) bool {
	switch style {
	case StyleWith, StyleWithArgs, StyleAssign, StyleModule, StyleFromImport,
		StyleAlias, StyleInFunction, StyleBlocksDecoyed:
		return true
	}
	return false
}

// pipelineKind is what a demo app does: a transformers pipeline and its
// widgets.
type pipelineKind struct {
	pipeline string
	model    string
	arg      string
	input    string // gradio component expression, without the module prefix
	output   string
	body     string
}

// pipelines are the kinds of apps the demo Spaces run.
var pipelines = []pipelineKind{
	{"text-generation", "EleutherAI/gpt-neo-125M", "prompt",
		`Textbox(lines=4, label="Prompt")`, `Textbox(label="Story")`,
		`return pipe(prompt, max_length=120)[0]["generated_text"]`},
	{"summarization", "facebook/bart-large-cnn", "article",
		`Textbox(lines=10, label="Article")`, `Textbox(label="Summary")`,
		`return pipe(article)[0]["summary_text"]`},
	{"image-classification", "google/vit-base-patch16-224", "image",
		`Image(type="pil")`, `Label(num_top_classes=5)`,
		`return {p["label"]: p["score"] for p in pipe(image)}`},
	{"automatic-speech-recognition", "facebook/wav2vec2-base-960h", "audio",
		`Audio(source="microphone", type="filepath")`, `Textbox(label="Transcript")`,
		`return pipe(audio)["text"]`},
	{"sentiment-analysis", "distilbert-base-uncased-finetuned-sst-2-english", "text",
		`Textbox(label="Review")`, `Label()`,
		`return {p["label"]: p["score"] for p in pipe(text)}`},
	{"object-detection", "facebook/detr-resnet-50", "image",
		`Image(type="pil")`, `JSON(label="Objects")`,
		`return pipe(image)`},
	{"translation_en_to_fr", "t5-small", "text",
		`Textbox(label="English")`, `Textbox(label="French")`,
		`return pipe(text)[0]["translation_text"]`},
	{"zero-shot-image-classification", "openai/clip-vit-base-patch32", "image",
		`Image(type="pil")`, `Label()`,
		`return {p["label"]: p["score"] for p in pipe(image, candidate_labels=["cat", "dog"])}`},
}

// appSource returns the files of a gradio app of the given style: the app
// file's content under appFile, plus any module it imports.
func appSource(style, title, appFile string, t pipelineKind) map[string]string {
	files := map[string]string{}
	switch style {
	case StyleMissing:
		return files
	case StyleOtherFile:
		files[appFile] = "from ui import demo\n\nif __name__ == \"__main__\":\n" +
			"    demo.launch()\n"
		files["ui.py"] = header(t) + blocksWith("gr", "demo", title, t, "") + "\n"
		return files
	case StyleBlocksDecoyed:
		files[appFile] = header(t) + blocksWith("gr", "demo", title, t, "") +
			"\ndemo.launch()\n"
		files["app.py"] = header(t) + interfaceCall("gr", title, t) +
			"demo.launch()\n"
		return files
	}
	files[appFile] = gradioApp(style, title, t)
	return files
}

// gradioApp returns the source of a one-file gradio app of the given style.
func gradioApp(style, title string, t pipelineKind) string {
	switch style {
	case StyleWith:
		return header(t) + blocksWith("gr", "demo", title, t, "") + "\ndemo.launch()\n"
	case StyleWithArgs:
		return header(t) + blocksTabs(title, t) + "\ndemo.launch(enable_queue=True)\n"
	case StyleAssign:
		return header(t) + "demo = gr.Blocks(css=\"footer {visibility: hidden}\")\n\n" +
			"with demo:\n" + blocksBody("gr", title, t, "    ") + "\ndemo.launch()\n"
	case StyleModule:
		return strings.Replace(header(t), "import gradio as gr", "import gradio", 1) +
			blocksWith("gradio", "demo", title, t, "") + "\ndemo.launch()\n"
	case StyleFromImport:
		return fromImportApp(title, t)
	case StyleAlias:
		return strings.Replace(header(t), "import gradio as gr", "import gradio as grd", 1) +
			blocksWith("grd", "app", title, t, "") + "\napp.launch()\n"
	case StyleInFunction:
		return header(t) + "\ndef build_demo():\n" +
			blocksWith("gr", "demo", title, t, "    ") + "    return demo\n\n\n" +
			"if __name__ == \"__main__\":\n    build_demo().launch()\n"
	}
	return interfaceApp(style, title, t)
}

// interfaceApp returns an app that builds no Blocks app, in the given
// style.
func interfaceApp(style, title string, t pipelineKind) string {
	switch style {
	case StyleTabbed:
		return header(t) + fmt.Sprintf(
			"one = gr.Interface(predict, gr.%s, gr.%s)\n"+
				"two = gr.Interface(predict, gr.%s, gr.%s, examples=None)\n\n"+
				"gr.TabbedInterface([one, two], [\"Simple\", \"Advanced\"], title=%q).launch()\n",
			t.input, t.output, t.input, t.output, title)
	case StyleLoad:
		return fmt.Sprintf("import gradio as gr\n\n"+
			"gr.Interface.load(\"huggingface/%s\", title=%q).launch()\n", t.model, title)
	case StyleComment:
		return header(t) + "# TODO: port this to gr.Blocks() before the party ends\n" +
			interfaceCall("gr", title, t) + "demo.launch()\n"
	case StyleString:
		return header(t) +
			"article = \"<p>Next version: rebuilt with gr.Blocks() for the party.</p>\"\n\n" +
			strings.Replace(interfaceCall("gr", title, t), "title=", "article=article, title=", 1) +
			"demo.launch()\n"
	case StyleDocstring:
		return fmt.Sprintf("\"\"\"%s.\n\nThe Blocks version is not finished; it will read:\n\n"+
			"    with gr.Blocks() as demo:\n        gr.Markdown(\"# %s\")\n\"\"\"\n",
			title, title) +
			header(t) + interfaceCall("gr", title, t) + "demo.launch()\n"
	case StyleCommentedOut:
		return header(t) + "# with gr.Blocks() as demo:\n#     inp = gr.Textbox()\n" +
			"#     out = gr.Textbox()\n#     inp.change(predict, inp, out)\n# demo.launch()\n\n" +
			interfaceCall("gr", title, t) + "demo.launch()\n"
	}
	return header(t) + interfaceCall("gr", title, t) + "demo.launch()\n"
}

// header returns the imports, the pipeline and the predict function.
func header(t pipelineKind) string {
	return fmt.Sprintf("import gradio as gr\nfrom transformers import pipeline\n\n"+
		"pipe = pipeline(%q, model=%q)\n\n\ndef predict(%s):\n    %s\n\n\n",
		t.pipeline, t.model, t.arg, t.body)
}

// blocksWith returns a "with mod.Blocks() as name:" app, indented.
func blocksWith(mod, name, title string, t pipelineKind, indent string) string {
	body := blocksBody(mod, title, t, indent+"    ")
	return fmt.Sprintf("%swith %s.Blocks() as %s:\n%s", indent, mod, name, body)
}

// blocksBody returns the inside of a Blocks app, indented.
func blocksBody(mod, title string, t pipelineKind, indent string) string {
	lines := []string{
		fmt.Sprintf("%s.Markdown(%q)", mod, "# "+title),
		fmt.Sprintf("with %s.Row():", mod),
		fmt.Sprintf("    inp = %s.%s", mod, t.input),
		fmt.Sprintf("    out = %s.%s", mod, t.output),
		fmt.Sprintf("btn = %s.Button(\"Run\")", mod),
		"btn.click(fn=predict, inputs=inp, outputs=out)",
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(indent + l + "\n")
	}
	return b.String()
}

// blocksTabs returns a Blocks app with arguments and tabs.
func blocksTabs(title string, t pipelineKind) string {
	return fmt.Sprintf("with gr.Blocks(css=\".gradio-container {max-width: 760px}\") as demo:\n"+
		"    gr.Markdown(%q)\n"+
		"    with gr.Tabs():\n"+
		"        with gr.TabItem(\"Try it\"):\n"+
		"            inp = gr.%s\n"+
		"            out = gr.%s\n"+
		"            gr.Button(\"Run\").click(predict, inp, out)\n"+
		"        with gr.TabItem(\"About\"):\n"+
		"            gr.Markdown(\"Built with %s.\")\n",
		"# "+title, t.input, t.output, t.model)
}

// interfaceCall returns "demo = gr.Interface(...)".
func interfaceCall(mod, title string, t pipelineKind) string {
	return fmt.Sprintf("demo = %s.Interface(fn=predict, inputs=%s.%s, outputs=%s.%s, title=%q)\n",
		mod, mod, t.input, mod, t.output, title)
}

// fromImportApp returns an app that imports the Blocks class by name.
func fromImportApp(title string, t pipelineKind) string {
	in, _, _ := strings.Cut(t.input, "(")
	out, _, _ := strings.Cut(t.output, "(")
	h := strings.Replace(header(t), "import gradio as gr",
		fmt.Sprintf("from gradio import Blocks, Button, Markdown, Row, %s, %s", in, out), 1)
	return h + fmt.Sprintf("with Blocks() as demo:\n    Markdown(%q)\n    with Row():\n"+
		"        inp = %s\n        out = %s\n    Button(\"Run\").click(predict, inp, out)\n\n"+
		"demo.launch()\n", "# "+title, t.input, t.output)
}

// streamlitApp returns the source of a streamlit app.
func streamlitApp(title string, t pipelineKind) string {
	return fmt.Sprintf("import streamlit as st\nfrom transformers import pipeline\n\n"+
		"st.title(%q)\n\n\n@st.cache(allow_output_mutation=True)\ndef load():\n"+
		"    return pipeline(%q, model=%q)\n\n\ntext = st.text_area(\"Input\")\n"+
		"if st.button(\"Run\"):\n    st.write(load()(text))\n", title, t.pipeline, t.model)
}

// staticPage returns the index.html of a static Space.
func staticPage(title string) string {
	return fmt.Sprintf("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"+
		"<title>%s</title>\n</head>\n<body>\n<h1>%s</h1>\n"+
		"<p>Welcome to the Gradio Blocks Party.</p>\n</body>\n</html>\n",
		html.EscapeString(title), html.EscapeString(title))
}
