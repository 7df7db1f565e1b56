package demogen

import (
	"crypto/sha1"
	"fmt"
	"strings"
	"time"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

// Org is the demo organization.
const Org = "Gradio-Blocks"

// The event window of the default rules: Opens inclusive, Closes exclusive.
var (
	Opens  = time.Date(2022, 5, 16, 0, 0, 0, 0, time.UTC)
	Closes = time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
)

// BrokenStages are the runtime stages the default rules call broken.
var BrokenStages = []string{"BUILD_ERROR", "RUNTIME_ERROR", "CONFIG_ERROR", "NO_APP_FILE"}

// spec describes a Space to build.
type spec struct {
	id      string
	title   string
	created time.Time
	sdk     string
	stage   string
	style   string
	// appFile is the app file's path; cardAppFile says whether the card
	// names it (otherwise the Hub's default applies).
	appFile     string
	cardAppFile bool
	likes       int
	likers      []string // used as is when not nil
	selfLike    bool
	authors     []string // people, first is the creator
	staffHelp   string   // a staff member who committed a fix
	orgCommit   bool     // the organization itself committed
	coCommit    bool     // one commit has two authors
	commits     int      // commits after the initial one
	private     bool
	disabled    bool
	dupFrom     string
	kinds       []string
	// files overrides the generated files when not nil.
	files map[string]string
}

// may returns a time in May 2022, UTC.
func may(day, hour, minute, sec int) time.Time {
	return time.Date(2022, 5, day, hour, minute, sec, 0, time.UTC)
}

// specials returns the hand-made Spaces: the organization's own, the
// famous ones, and every deliberately awkward case. Their likes and
// authors are filled in by the caller where left empty.
func (g *gen) specials() []*spec {
	w := func(name, title string, created time.Time, style string, likes int) *spec {
		return &spec{id: Org + "/" + name, title: title, created: created, sdk: "gradio",
			stage: "RUNNING", style: style, appFile: "app.py", cardAppFile: true, likes: likes}
	}
	s := []*spec{}
	add := func(sp *spec, kinds ...string) *spec {
		sp.kinds = append(sp.kinds, kinds...)
		s = append(s, sp)
		return sp
	}

	// The organization's own Spaces, excluded by the default config.
	readme := add(w("README", "README", may(5, 10, 0, 0), StyleStatic, 12), KindOrgSpace)
	readme.sdk, readme.appFile, readme.cardAppFile = "static", "index.html", false
	readme.authors = []string{staff[0]}
	lb := add(w("Leaderboard", "Blocks Party Leaderboard", may(16, 8, 0, 0), StyleWith, 48),
		KindOrgSpace)
	lb.authors = []string{staff[0], staff[2]}

	// Spaces named after real entries, mostly popular.
	add(w("StyleGAN-Human", "StyleGAN-Human", may(18, 9, 12, 40), StyleWithArgs, 356),
		KindPopular, KindManyLikers).coCommit = true
	add(w("ViTPose", "ViTPose", may(24, 16, 2, 5), StyleAssign, 214), KindPopular)
	add(w("HairCLIP", "HairCLIP", may(20, 11, 45, 0), StyleModule, 187), KindPopular)
	add(w("Cartoonify", "Cartoonify", may(17, 7, 30, 12), StyleWith, 121), KindPopular)
	add(w("uniformer_image_segmentation", "UniFormer Image Segmentation",
		may(19, 13, 0, 0), StyleFromImport, 64))
	add(w("Object-Detection-With-DETR-and-YOLOS", "Object Detection With DETR and YOLOS",
		may(22, 18, 20, 0), StyleWith, 52)).coCommit = true
	pk := add(w("pokemon-move-generator-app", "Pokemon Move Generator", may(27, 21, 5, 9),
		StyleAlias, 77), KindSelfLiked)
	pk.selfLike = true
	cx := add(w("Codex_OpenAI", "Codex OpenAI", Opens, StyleInFunction, 41),
		KindManyCommits, KindBoundary)
	cx.commits = 259
	add(w("RickandMorty-BlockParty", "Rick and Morty Block Party", may(29, 15, 0, 0),
		StyleAssign, 95))
	add(w("neon-tts-plugin-coqui", "Neon TTS Plugin Coqui", may(31, 23, 59, 59),
		StyleWith, 38), KindBoundary).stage = "SLEEPING"

	// A popular Space that builds no Blocks app.
	add(w("anime-sketch-colorizer", "Anime Sketch Colorizer", may(21, 10, 0, 0),
		StyleInterface, 140), KindPopular)

	// Twins: same creation second, same likers, same votes.
	twinLikers := g.sampleLikers(33, nil)
	for _, name := range []string{"haiku-garden", "haiku-forest"} {
		t := add(w(name, "Haiku "+strings.TrimPrefix(name, "haiku-"),
			may(21, 14, 3, 27), StyleWith, 33), KindTwin)
		t.likers = twinLikers
	}

	// Hostile titles on otherwise eligible Spaces.
	for i, h := range []struct {
		name, title string
		likes       int
	}{
		{"link-preview-blocks", `=HYPERLINK("https://example.com/prize","Claim your prize")`, 61},
		{"table-formatter", "Pipes | and\nnewlines | in one title", 14},
		{"verbose-title-demo", longTitle(), 9},
		{"terminal-colors", "Bell\a, escape \x1b[31mred\x1b[0m, NUL \x00, RTL \u202eoverride", 7},
		{"dde-formula-check", "+cmd|' /C calc'!A0", 5},
		{"at-sign-sum", "@SUM(1+1)*cmd|' /C calc'!A0", 4},
		{"minus-start", "-2+3 reasons to love Blocks", 6},
	} {
		add(w(h.name, h.title, may(18+i, 12, 0, 0), StyleWith, h.likes), KindHostileTitle)
	}

	// App files elsewhere than app.py, missing, or split.
	em := add(w("speech-emotion-board", "Speech Emotion Board", may(23, 8, 0, 0),
		StyleBlocksDecoyed, 22), KindAppFile)
	em.appFile = "main.py"
	pf := add(w("protein-fold-viewer", "Protein Fold Viewer", may(25, 9, 30, 0),
		StyleWith, 18), KindAppFile)
	pf.appFile = "src/demo_app.py"
	ec := add(w("empty-canvas", "Empty Canvas", may(26, 10, 0, 0), StyleMissing, 2),
		KindAppMissing)
	ec.stage = "NO_APP_FILE"
	re := add(w("renamed-entrypoint", "Renamed Entrypoint", may(26, 11, 0, 0),
		StyleMissing, 3), KindAppMissing, KindAppFile)
	re.appFile, re.stage = "gradio_app.py", "SLEEPING"
	re.files = map[string]string{"app.py": gradioApp(StyleWith, re.title, pipelines[0])}
	add(w("ui-split-app", "UI Split App", may(24, 12, 0, 0), StyleOtherFile, 11))

	// Private and disabled Spaces.
	p1 := add(w("secret-sauce-draft", "Secret Sauce (draft)", may(25, 20, 0, 0),
		StyleWith, 0), KindPrivate)
	p1.private = true
	p2 := add(w("staff-judging-notes", "Judging notes", may(16, 7, 0, 0), StyleWith, 0),
		KindPrivate, KindStaff)
	p2.private, p2.authors = true, []string{staff[1], staff[3]}
	p3 := add(w("unreleased-voice-clone", "Voice Clone", may(28, 9, 0, 0),
		StyleInterface, 1), KindPrivate)
	p3.private = true
	d1 := add(w("face-swap-live", "Face Swap Live", may(23, 14, 0, 0), StyleWith, 15),
		KindDisabled)
	d1.disabled = true
	d2 := add(w("crypto-price-oracle", "Crypto Price Oracle", may(26, 16, 0, 0),
		StyleStreamlit, 2), KindDisabled)
	d2.disabled, d2.sdk = true, "streamlit"

	// Duplicates, one of an organization Space, one of a foreign one.
	cd := add(w("Cartoonify-duplicate", "Cartoonify", may(25, 6, 0, 0), StyleWith, 3),
		KindDuplicate)
	cd.dupFrom = Org + "/Cartoonify"
	sc := add(w("sketch-colorizer", "Sketch Colorizer", may(19, 17, 0, 0), StyleWith, 8),
		KindDuplicate)
	sc.dupFrom = "kiri-lab/sketch-colorizer"
	foreign := add(w("x", "Sketch Colorizer", time.Date(2022, 4, 30, 12, 0, 0, 0, time.UTC),
		StyleWith, 25), KindForeign)
	foreign.id = "kiri-lab/sketch-colorizer"

	// Staff authors, alone and with a participant, and the organization as
	// a commit author.
	bt := add(w("blocks-tutorial", "Blocks Tutorial", may(16, 9, 0, 0), StyleWithArgs, 70),
		KindStaff)
	bt.authors = []string{staff[1]}
	tp := add(w("team-pictionary", "Team Pictionary", may(20, 19, 0, 0), StyleWith, 29),
		KindStaff, KindCoAuthored)
	tp.staffHelp = staff[2]
	add(w("event-badges-gallery", "Event Badges Gallery", may(22, 10, 0, 0), StyleWith, 10),
		KindOrgCommit).orgCommit = true

	// Created just outside the event, on both sides.
	for _, o := range []struct {
		name string
		at   time.Time
	}{
		{"early-bird-classifier", may(15, 23, 59, 59)},
		{"pre-party-test", may(2, 10, 0, 0)},
		{"june-first-midnight", Closes},
		{"late-arrival", time.Date(2022, 6, 7, 9, 0, 0, 0, time.UTC)},
	} {
		add(w(o.name, humanize(o.name), o.at, StyleWith, 6), KindBoundary)
	}
	return s
}

// longTitle returns a title of about 700 characters.
func longTitle() string {
	var b strings.Builder
	b.WriteString("An extremely long title")
	for b.Len() < 700 {
		b.WriteString(", and then some more words about Blocks")
	}
	return b.String()
}

// humanize turns a slug into a title: "bird-sound-id" gives "Bird Sound Id".
func humanize(slug string) string {
	words := strings.FieldsFunc(slug, func(r rune) bool { return r == '-' || r == '_' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// commitTitles are the titles of ordinary commits.
var commitTitles = []string{
	"Update app.py", "Update README.md", "Add requirements.txt", "Fix examples",
	"Upload 2 files", "Add examples", "Rewrite with Blocks", "Update requirements.txt",
	"Add description", "Fix typo", "Tweak layout", "Use queue", "Add model card link",
	"Bump gradio", "Cache model", "Add flagging", "Update app.py (#1)",
}

// build turns a spec into a Space.
func (g *gen) build(sp *spec) hubtest.Space {
	out := hubtest.Space{
		ID:        sp.id,
		CreatedAt: sp.created,
		Private:   sp.private,
		Disabled:  sp.disabled,
		SDK:       sp.sdk,
		Stage:     sp.stage,
		Likers:    g.likersOf(sp),
		Card:      card(sp),
		Tags:      []string{sp.sdk, "region:us"},
	}
	out.Files = g.files(sp, out.Card)
	out.Commits = g.history(sp)
	out.SHA = out.Commits[0].ID
	out.LastModified = out.Commits[0].Date
	return out
}

// likersOf returns the likers of a Space: its own list, or a sample of
// everyone that avoids its authors unless it is self-liked.
func (g *gen) likersOf(sp *spec) []string {
	if sp.likers != nil {
		return append([]string(nil), sp.likers...)
	}
	likers := g.sampleLikers(sp.likes, sp.authors)
	if sp.selfLike && len(likers) > 0 {
		likers[g.rng.intn(len(likers))] = sp.authors[0]
	}
	return likers
}

// sampleLikers returns n distinct people who are not in avoid.
func (g *gen) sampleLikers(n int, avoid []string) []string {
	seen := make(map[string]bool, n+len(avoid))
	for _, a := range avoid {
		seen[a] = true
	}
	var out []string
	for len(out) < n {
		u := pick(g.rng, g.everyone)
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	return out
}

// cardColors are the colours a card may use.
var cardColors = []string{"red", "yellow", "green", "blue", "indigo", "purple", "pink", "gray"}

// cardEmoji are the emoji cards use.
var cardEmoji = []string{
	"🚀", "🎨", "🧱", "🔥", "🤗", "🎵", "📚", "🐢", "🌈", "🦜", "🧪", "🎲",
}

// card returns the cardData of a Space. Values are the types that JSON
// decoding gives, so the demo round-trips through its file unchanged.
func card(sp *spec) map[string]any {
	h := sha1.Sum([]byte(sp.id))
	c := map[string]any{
		"title":     sp.title,
		"emoji":     cardEmoji[int(h[0])%len(cardEmoji)],
		"colorFrom": cardColors[int(h[1])%len(cardColors)],
		"colorTo":   cardColors[int(h[2])%len(cardColors)],
		"sdk":       sp.sdk,
		"pinned":    false,
	}
	switch sp.sdk {
	case "gradio":
		c["sdk_version"] = fmt.Sprintf("3.0.%d", 2+int(h[3])%20)
		if !BlocksStyle(sp.style) && sp.style != StyleMissing && h[4]%2 == 0 {
			c["sdk_version"] = "2.9.4"
		}
	case "streamlit":
		c["sdk_version"] = "1.9.0"
	}
	if sp.cardAppFile {
		c["app_file"] = sp.appFile
	}
	switch h[5] % 4 {
	case 0:
		c["license"] = "mit"
	case 1:
		c["license"] = "apache-2.0"
	case 2:
		c["license"] = []any{"mit", "cc-by-4.0"}
	}
	if sp.dupFrom != "" {
		c["duplicated_from"] = sp.dupFrom
	}
	return c
}
