package score

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/spacejudge/spacejudge/collect"
)

func TestAuthorsOf(t *testing.T) {
	ignore := lowerSet([]string{"system", "Org"})
	tests := []struct {
		in   []string
		want []string
	}{
		{nil, nil},
		{[]string{"system"}, nil},
		{[]string{"Bob", "alice", "bob", "System", "ORG", " carol "},
			[]string{"alice", "bob", "carol"}},
		{[]string{"", "@dave"}, []string{"dave"}},
	}
	for _, tt := range tests {
		if got := authorsOf(tt.in, ignore); !cmp.Equal(got, tt.want) {
			t.Errorf("authorsOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEligibility(t *testing.T) {
	tests := []struct {
		name    string
		rules   func(r *Rules)
		space   func(sp *collect.Space)
		authors []string // nil: "alice"
		want    verdict
	}{
		{name: "eligible", want: verdict{eligible: true}},
		{name: "excluded", rules: func(r *Rules) { r.Eligibility.Exclude = []string{"org/A"} },
			want: verdict{excluded: true, reasons: []string{"excluded by config"}}},
		{name: "private", space: func(sp *collect.Space) { sp.Private = true },
			want: verdict{reasons: []string{"private"}}},
		{name: "disabled", space: func(sp *collect.Space) { sp.Disabled = true },
			want: verdict{reasons: []string{"disabled"}}},
		{name: "private and disabled",
			space: func(sp *collect.Space) { sp.Private, sp.Disabled = true, true },
			want:  verdict{reasons: []string{"private and disabled"}}},
		{name: "created before",
			space: func(sp *collect.Space) { sp.CreatedAt = testOpens.Add(-time.Second) },
			want: verdict{reasons: []string{
				"created 2022-05-15 23:59:59 UTC, " +
					"before the event opened (2022-05-16 00:00 UTC)"}}},
		{name: "created at opening", space: func(sp *collect.Space) { sp.CreatedAt = testOpens },
			want: verdict{eligible: true}},
		{name: "created at closing", space: func(sp *collect.Space) { sp.CreatedAt = testCloses },
			want: verdict{reasons: []string{
				"created 2022-06-01 00:00 UTC, the moment the event closed, which is outside it"}}},
		{name: "created after",
			space: func(sp *collect.Space) { sp.CreatedAt = testCloses.Add(26 * time.Hour) },
			want: verdict{reasons: []string{
				"created 2022-06-02 02:00 UTC, after the event closed (2022-06-01 00:00 UTC)"}}},
		{name: "sdk", space: func(sp *collect.Space) { sp.SDK, sp.App = "streamlit", nil },
			want: verdict{reasons: []string{"SDK streamlit is not allowed (allowed: gradio)"}}},
		{name: "sdk case", space: func(sp *collect.Space) { sp.SDK = "Gradio" },
			want: verdict{eligible: true}},
		{name: "no sdk", space: func(sp *collect.Space) { sp.SDK, sp.App = "", nil },
			want: verdict{reasons: []string{"no SDK given (allowed: gradio)"}}},
		{name: "any sdk", rules: func(r *Rules) { r.Eligibility.SDKs = nil },
			space: func(sp *collect.Space) { sp.SDK = "docker" }, want: verdict{eligible: true}},
		{name: "app not checked", space: func(sp *collect.Space) { sp.App = nil },
			want: verdict{reasons: []string{"app file not checked for a gradio Blocks app"}}},
		{name: "app missing",
			space: func(sp *collect.Space) { sp.App = &collect.AppCheck{File: "main.py"} },
			want:  verdict{reasons: []string{"app file main.py not found"}}},
		{name: "app not blocks", space: func(sp *collect.Space) {
			sp.App = &collect.AppCheck{File: "app.py", Found: true, Line: 12,
				Evidence: "gr.Interface(fn, \"text\", \"text\")"}
		}, want: verdict{reasons: []string{
			`app.py builds no gr.Blocks app (line 12: gr.Interface(fn, "text", "text"))`}}},
		{name: "app not blocks, no line", space: func(sp *collect.Space) {
			sp.App = &collect.AppCheck{File: "app.py", Found: true, Evidence: "no gradio import"}
		}, want: verdict{reasons: []string{"app.py builds no gr.Blocks app (no gradio import)"}}},
		{name: "blocks not required", rules: func(r *Rules) { r.Eligibility.RequireBlocks = false },
			space: func(sp *collect.Space) { sp.App = nil }, want: verdict{eligible: true}},
		{name: "broken stage", space: func(sp *collect.Space) { sp.Stage = "build_error" },
			want: verdict{reasons: []string{"runtime stage build_error"}}},
		{name: "sleeping is fine", space: func(sp *collect.Space) { sp.Stage = "SLEEPING" },
			want: verdict{eligible: true}},
		{name: "duplicate", space: func(sp *collect.Space) { sp.DuplicatedFrom = "x/y" },
			want: verdict{reasons: []string{"duplicated from x/y"}}},
		{name: "duplicate allowed", rules: func(r *Rules) { r.Eligibility.Duplicates = "allow" },
			space: func(sp *collect.Space) { sp.DuplicatedFrom = "x/y" },
			want:  verdict{eligible: true}},
		{name: "no authors", authors: []string{},
			want: verdict{reasons: []string{
				"no authors besides ignored ones and the organization"}}},
		{name: "every author ineligible",
			rules: func(r *Rules) {
				r.Eligibility.IneligibleAuthors = []string{"Staff1", "staff2"}
			},
			authors: []string{"staff1", "staff2"},
			want:    verdict{reasons: []string{"every author is ineligible (staff1, staff2)"}}},
		{name: "one author eligible",
			rules:   func(r *Rules) { r.Eligibility.IneligibleAuthors = []string{"staff1"} },
			authors: []string{"alice", "staff1"}, want: verdict{eligible: true}},
		{name: "every rule, in order",
			rules: func(r *Rules) { r.Eligibility.Exclude = []string{"Org/a"} },
			space: func(sp *collect.Space) {
				sp.Private, sp.CreatedAt = true, testOpens.AddDate(0, 0, -1)
				sp.SDK, sp.App = "static", nil
				sp.Stage, sp.DuplicatedFrom = "RUNTIME_ERROR", "x/y"
			},
			authors: []string{},
			want: verdict{excluded: true, reasons: []string{
				"excluded by config", "private",
				"created 2022-05-15 00:00 UTC, before the event opened (2022-05-16 00:00 UTC)",
				"SDK static is not allowed (allowed: gradio)", "runtime stage RUNTIME_ERROR",
				"duplicated from x/y", "no authors besides ignored ones and the organization",
			}}},
		{name: "include overrides",
			rules: func(r *Rules) {
				r.Eligibility.Exclude = []string{"Org/a"}
				r.Eligibility.Include = []string{"ORG/A"}
			},
			space: func(sp *collect.Space) { sp.Private = true },
			want: verdict{eligible: true,
				note: "included by config despite: excluded by config; private"}},
		{name: "include of an eligible Space",
			rules: func(r *Rules) { r.Eligibility.Include = []string{"Org/a"} },
			want: verdict{eligible: true,
				note: "included by config (it meets every rule anyway)"}},
		{name: "not collected", space: func(sp *collect.Space) {
			sp.Error, sp.App, sp.Authors = "fetching commits: 503", nil, nil
			sp.Stage = "BUILD_ERROR"
		}, authors: []string{}, want: verdict{reasons: []string{
			"not collected: fetching commits: 503", "runtime stage BUILD_ERROR"}}},
		{name: "not collected, included",
			rules:   func(r *Rules) { r.Eligibility.Include = []string{"Org/a"} },
			space:   func(sp *collect.Space) { sp.Error, sp.App = "timeout", nil },
			authors: []string{},
			want: verdict{reasons: []string{"not collected: timeout"},
				note: "included by config, but not collected: it is judged once it is collected"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testRules()
			if tt.rules != nil {
				tt.rules(&r)
			}
			sp := testSpace("a", "alice", 0)
			if tt.space != nil {
				tt.space(&sp)
			}
			authors := tt.authors
			if authors == nil {
				authors = []string{"alice"}
			}
			got := newEligibility(&r).judge(&sp, authors)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(verdict{})); diff != "" {
				t.Errorf("judge(%s) mismatch (-want +got):\n%s", tt.name, diff)
			}
		})
	}
}
