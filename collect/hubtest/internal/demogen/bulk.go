package demogen

import (
	"math"
	"strings"
	"time"
)

// topics are what the ordinary demo Spaces are about; their names are
// made from these.
var topics = []string{
	"image-captioning", "lyrics-generator", "sketch-to-art", "emoji-predictor",
	"recipe-writer", "meme-maker", "code-explainer", "poem-generator", "face-aging",
	"style-transfer", "background-remover", "text-to-speech", "speech-to-text",
	"sentiment-dial", "news-summarizer", "paper-abstracts", "chess-commentator",
	"music-tagger", "bird-sound-id", "plant-doctor", "color-palette", "logo-maker",
	"story-teller", "bedtime-stories", "joke-bot", "pun-generator", "riddle-solver",
	"math-word-problems", "sql-helper", "regex-explainer", "commit-message-writer",
	"tweet-classifier", "fake-news-detector", "toxicity-meter", "language-id",
	"translate-anything", "sign-language-alphabet", "handwriting-ocr", "receipt-reader",
	"document-qa", "table-qa", "wiki-qa", "movie-recommender", "book-recommender",
	"anime-face-gen", "pixel-art", "depth-estimation", "pose-estimation", "object-counter",
	"mask-detector", "car-classifier", "dog-breeds", "cat-or-not", "food-classifier",
	"calorie-estimator", "xray-classifier", "satellite-segmentation", "cloud-detector",
	"wildfire-watch", "flood-mapper", "speech-emotion", "voice-changer", "karaoke-scorer",
	"chord-detector", "drum-separator", "podcast-summarizer", "meeting-notes",
	"email-writer", "resume-screener", "job-title-normalizer", "address-parser",
	"ner-playground", "pos-tagger", "grammar-fixer", "paraphraser", "keyword-extractor",
	"topic-modeler", "zero-shot-router", "image-similarity", "clip-search",
	"photo-restorer", "colorizer", "super-resolution", "deblur", "cartoon-gan",
	"comic-panel-gen", "storyboard", "scene-graph", "visual-qa", "caption-contest",
	"haiku-bot", "limerick-lab", "rap-battle", "quiz-maker", "flashcards",
	"dialogue-act", "chatbot-arena", "persona-chat", "gpt-neo-playground",
}

// nameSuffixes vary the names made from one topic.
var nameSuffixes = []string{"", "-blocks", "-demo", "-app", "_gradio", "-v2", "-party", "-lab"}

// bulkStyles says how many ordinary Spaces use each style; "with" takes the
// rest of the gradio Spaces.
var bulkStyles = []struct {
	style string
	n     int
}{
	{StyleStreamlit, 7}, {StyleStatic, 3},
	{StyleInterface, 22}, {StyleTabbed, 3}, {StyleLoad, 3}, {StyleComment, 3},
	{StyleString, 3}, {StyleDocstring, 2}, {StyleCommentedOut, 2},
	{StyleWithArgs, 25}, {StyleAssign, 14}, {StyleModule, 5}, {StyleFromImport, 3},
	{StyleAlias, 2}, {StyleInFunction, 3}, {StyleMissing, 1},
}

// bulkStages says how many ordinary gradio and streamlit Spaces are in
// each stage other than RUNNING. The Space without an app file is
// NO_APP_FILE on top of these.
var bulkStages = []struct {
	stage string
	n     int
}{
	{"BUILD_ERROR", 5}, {"RUNTIME_ERROR", 6}, {"CONFIG_ERROR", 2}, {"PAUSED", 4},
	{"STOPPED", 4}, {"SLEEPING", 45}, {"BUILDING", 1}, {"APP_STARTING", 1},
	{"RUNNING_BUILDING", 1},
}

// Creation dates of the ordinary Spaces outside the main run of the event.
const (
	bulkBefore   = 8  // before 16 May
	bulkAfter    = 8  // on or after 1 June
	bulkFirstDay = 25 // on 16 May, which the revised rules leave out
)

// bulk returns n ordinary Spaces, with names that avoid those of existing.
func (g *gen) bulk(n int, existing []*spec) []*spec {
	taken := map[string]bool{}
	for _, sp := range existing {
		taken[strings.ToLower(sp.id)] = true
	}
	styles := g.styleSlots(n)
	created := g.createdSlots(n)
	specs := make([]*spec, n)
	for i := range specs {
		specs[i] = g.ordinary(g.freshName(taken), styles[i], created[i])
	}
	g.assignStages(specs)
	for _, i := range []int{17, 91, 160} {
		specs[i].staffHelp = staff[2+i%3]
	}
	specs[203].orgCommit = true
	specs[203].kinds = append(specs[203].kinds, KindOrgCommit)
	for _, sp := range specs {
		g.fillAuthors(sp)
	}
	return specs
}

// ordinary returns an ordinary Space of the given style.
func (g *gen) ordinary(name, style string, created time.Time) *spec {
	sp := &spec{
		id: Org + "/" + name, title: humanize(name), created: created, sdk: "gradio",
		stage: "RUNNING", style: style, appFile: "app.py",
		cardAppFile: g.rng.chance(0.8),
		likes:       int(70 * math.Pow(g.rng.float(), 4)),
		commits:     1 + g.rng.intn(8),
	}
	switch style {
	case StyleStreamlit:
		sp.sdk = "streamlit"
	case StyleStatic:
		sp.sdk, sp.appFile, sp.cardAppFile = "static", "index.html", false
	case StyleMissing:
		sp.stage = "NO_APP_FILE"
		sp.kinds = append(sp.kinds, KindAppMissing)
	}
	sp.selfLike = sp.likes > 0 && g.rng.chance(0.12)
	switch x := g.rng.float(); {
	case x < 0.05:
		sp.authors = []string{pick(g.rng, g.creators)}
		sp.authors = append(sp.authors, g.otherCreator(sp.authors))
		sp.authors = append(sp.authors, g.otherCreator(sp.authors))
	case x < 0.20:
		sp.authors = []string{pick(g.rng, g.creators)}
		sp.authors = append(sp.authors, g.otherCreator(sp.authors))
		sp.coCommit = g.rng.chance(0.5)
	}
	return sp
}

// freshName returns a Space name made from a topic that is not taken yet,
// in one of the casings people use.
func (g *gen) freshName(taken map[string]bool) string {
	for {
		name := pick(g.rng, topics) + pick(g.rng, nameSuffixes)
		switch g.rng.intn(10) {
		case 0:
			name = camel(name)
		case 1:
			name = strings.ReplaceAll(name, "-", "_")
		}
		if id := strings.ToLower(Org + "/" + name); !taken[id] {
			taken[id] = true
			return name
		}
	}
}

// camel turns "bird-sound-id" into "BirdSoundId".
func camel(name string) string {
	return strings.ReplaceAll(humanize(name), " ", "")
}

// styleSlots returns the styles of n ordinary Spaces, shuffled.
func (g *gen) styleSlots(n int) []string {
	var slots []string
	for _, b := range bulkStyles {
		for range b.n {
			slots = append(slots, b.style)
		}
	}
	for len(slots) < n {
		slots = append(slots, StyleWith)
	}
	shuffle(g.rng, slots)
	return slots
}

// createdSlots returns the creation times of n ordinary Spaces, shuffled:
// a few before and after the event, a crowd on its first day, the rest
// spread over its other days.
func (g *gen) createdSlots(n int) []time.Time {
	at := func(day time.Time, spread time.Duration) time.Time {
		return day.Add(time.Duration(g.rng.float() * float64(spread))).Truncate(time.Second)
	}
	var slots []time.Time
	for range bulkBefore {
		slots = append(slots, at(may(1, 0, 0, 0), 15*24*time.Hour))
	}
	for range bulkAfter {
		slots = append(slots, at(Closes, 20*24*time.Hour))
	}
	for range bulkFirstDay {
		slots = append(slots, at(Opens, 24*time.Hour))
	}
	for len(slots) < n {
		slots = append(slots, at(may(17, 0, 0, 0), 15*24*time.Hour))
	}
	shuffle(g.rng, slots)
	return slots
}

// assignStages gives the ordinary Spaces their runtime stages.
func (g *gen) assignStages(specs []*spec) {
	var open []*spec
	for _, sp := range specs {
		if sp.sdk != "static" && sp.style != StyleMissing {
			open = append(open, sp)
		}
	}
	shuffle(g.rng, open)
	i := 0
	for _, b := range bulkStages {
		for range b.n {
			open[i].stage = b.stage
			i++
		}
	}
}
