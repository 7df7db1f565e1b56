package main

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spacejudge/spacejudge/score"
)

// FuzzParseConfig checks that any input gives either an error naming the
// file or rules that keep their own invariants.
func FuzzParseConfig(f *testing.F) {
	for _, name := range builtinConfigs {
		data, err := configFiles.ReadFile("configs/" + name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "config", "*.yaml"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("{}"))
	f.Add([]byte("a: &x [*x]\nevent: &e {name: *e}\n"))
	f.Add([]byte("criteria: [{id: a, kind: votes}]\n" +
		"voting: {columns: {timestamp: t, voter: v, categories: {a: c}}}\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseConfig("fuzz.yaml", data)
		if err != nil {
			var ce *configError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("error %v is not a *configError with problems", err)
			}
			for line := range strings.Lines(err.Error()) {
				if !strings.HasPrefix(line, "fuzz.yaml") {
					t.Fatalf("error line %q does not name the file", line)
				}
			}
			return
		}
		if c == nil {
			t.Fatal("parseConfig returned neither a config nor an error")
		}
		checkRules(t, c.Rules)
	})
}

// checkRules fails t when r breaks an invariant that judging relies on.
func checkRules(t *testing.T, r score.Rules) {
	t.Helper()
	if !r.Event.Closes.After(r.Event.Opens) || !r.Voting.Closes.After(r.Voting.Opens) {
		t.Errorf("a window closes before it opens: event %v, voting %v", r.Event, r.Voting)
	}
	if r.Event.Org == "" || r.Event.Name == "" {
		t.Errorf("event has no org or name: %+v", r.Event)
	}
	if len(r.Criteria) == 0 {
		t.Error("no criteria")
	}
	kinds := map[string]string{}
	for _, c := range r.Criteria {
		_, dup := kinds[c.ID]
		if dup || !criterionIDRe.MatchString(c.ID) || slices.Contains(score.ReservedIDs, c.ID) {
			t.Errorf("criterion id %q is repeated, malformed or reserved", c.ID)
		}
		kinds[c.ID] = c.Kind
		if !slices.Contains(knownKinds, c.Kind) {
			t.Errorf("criterion %s has kind %q", c.ID, c.Kind)
		}
		if c.Weight == nil || c.Weight.Sign() < 0 {
			t.Errorf("criterion %s has weight %v", c.ID, c.Weight)
		}
		if c.ExcludeSelfLikes && c.Kind != score.KindLikes {
			t.Errorf("criterion %s of kind %s excludes self likes", c.ID, c.Kind)
		}
	}
	for _, k := range r.TieBreak {
		if _, ok := kinds[k]; !ok && k != score.TieBreakCreatedAt {
			t.Errorf("tie_break key %q is unknown", k)
		}
	}
	names := map[string]bool{}
	for _, p := range r.Prizes {
		if names[p.Name] || p.Name == "" {
			t.Errorf("prize name %q is empty or repeated", p.Name)
		}
		names[p.Name] = true
		if p.ToParticipants {
			if p.By != "" || p.From != 0 || p.To != 0 {
				t.Errorf("participants prize %+v also has a rank range", p)
			}
			continue
		}
		if _, ok := kinds[p.By]; !ok && p.By != score.Overall {
			t.Errorf("prize %q is by unknown ranking %q", p.Name, p.By)
		}
		if p.From < 1 || p.To < p.From || p.To > maxRank {
			t.Errorf("prize %q has ranks %d-%d", p.Name, p.From, p.To)
		}
	}
	if cols := r.Voting.Columns; cols != nil {
		if cols.Timestamp == "" || cols.Voter == "" || len(cols.Categories) == 0 {
			t.Errorf("columns are incomplete: %+v", cols)
		}
		for id := range cols.Categories {
			if kinds[id] != score.KindVotes {
				t.Errorf("columns category %q is not a votes criterion", id)
			}
		}
	}
}
