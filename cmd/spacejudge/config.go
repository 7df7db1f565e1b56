package main

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

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
			Duplicates: score.DuplicatesExclude,
		},
		Criteria: []score.Criterion{
			{ID: "staff_pick", Name: "Staff Picks", Kind: score.KindPicks, Weight: one()},
			{ID: "likes", Name: "Most liked Spaces", Kind: score.KindLikes, Weight: one(),
				ExcludeSelfLikes: true},
			{ID: "community", Name: "Community Pick", Kind: score.KindVotes, Weight: one()},
			{ID: "creative", Name: "Most Creative Space", Kind: score.KindVotes, Weight: one()},
		},
		Voting: score.Voting{
			Opens: opens, Closes: closes, Method: score.MethodPlurality, Voters: score.VotersAnyone,
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
	return append(keys, score.TieBreakCreatedAt)
}
