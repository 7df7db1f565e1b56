package collect

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDecodeListedTolerant(t *testing.T) {
	// Every loose shape hub-api §12 warns about, in one item.
	raw := `{
		"_id": "6409a392bbc73d022c58c980",
		"id": "Gradio-Blocks/demo",
		"author": "Gradio-Blocks",
		"sha": "d4c8bedc29019597fa5dd25cd8a73e875f1ea8b9",
		"createdAt": "2022-05-17T09:13:54.000Z",
		"lastModified": "2022-05-30T10:00:00.123Z",
		"likes": 12,
		"private": false,
		"disabled": false,
		"gated": "manual",
		"trendingScore": 0.2,
		"sdk": "gradio",
		"runtime": {"stage": "SOMETHING_NEW",
			"hardware": {"current": null, "requested": "cpu-basic"},
			"replicas": {"current": 3, "requested": "auto"}, "gcTimeout": null},
		"cardData": {"title": "Demo", "license": ["mit", "apache-2.0"], "app_file": "src/app.py",
			"duplicated_from": "someone/else", "tags": "not-a-list", "emoji": 7},
		"unknown": {"deep": [1, 2, 3]}
	}`
	got := decodeListed(json.RawMessage(raw), 0)
	want := listed{
		Space: Space{
			ID:             "Gradio-Blocks/demo",
			Title:          "Demo",
			SHA:            "d4c8bedc29019597fa5dd25cd8a73e875f1ea8b9",
			CreatedAt:      time.Date(2022, 5, 17, 9, 13, 54, 0, time.UTC),
			LastModified:   time.Date(2022, 5, 30, 10, 0, 0, 123e6, time.UTC),
			SDK:            "gradio",
			Stage:          "SOMETHING_NEW",
			Likes:          12,
			DuplicatedFrom: "someone/else",
		},
		AppFile: "src/app.py",
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(errorsEqual)); diff != "" {
		t.Errorf("decodeListed() mismatch (-want +got):\n%s", diff)
	}
}

func errorsEqual(a, b error) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Error() == b.Error())
}

func TestDecodeListedLooseTypes(t *testing.T) {
	// Fields of the wrong type that judging does not depend on are
	// dropped, not fatal.
	raw := `{"id": "o/s", "createdAt": "2022-05-17T09:13:54Z", "sha": 7, "sdk": null,
		"private": "yes", "disabled": null, "runtime": "RUNNING", "lastModified": 5,
		"cardData": {"title": ["a"], "app_file": 3, "duplicated_from": {"x": 1}}}`
	got := decodeListed(json.RawMessage(raw), 0)
	if got.Err != nil {
		t.Fatalf("decodeListed() error = %v", got.Err)
	}
	want := Space{ID: "o/s", CreatedAt: time.Date(2022, 5, 17, 9, 13, 54, 0, time.UTC)}
	if diff := cmp.Diff(want, got.Space); diff != "" || got.AppFile != defaultAppFile {
		t.Errorf("decodeListed() app file %q; Space mismatch (-want +got):\n%s", got.AppFile, diff)
	}
}

func TestDecodeListedErrors(t *testing.T) {
	const card = `{"id": "o/s", "createdAt": "2022-05-17T09:13:54Z", "cardData": `
	tests := []struct {
		name, raw string
		id, want  string
	}{
		{"not object", `[1]`, "(listing item 4)", "listing item 4 is not a JSON object"},
		{"null", `null`, "(listing item 4)", "listing item 4 is not a JSON object"},
		{"no id", `{"_id": "abc", "createdAt": "2022-05-17T09:13:54Z"}`,
			"(listing item 4)", "listing item 4 has no id (_id abc)"},
		{"id not string", `{"id": 5}`, "(listing item 4)", "listing item 4 has no id"},
		{"no createdAt", `{"id": "o/s"}`, "o/s", "listing gave o/s: createdAt: missing"},
		{"bad createdAt", `{"id": "o/s", "createdAt": "yesterday"}`,
			"o/s", `listing gave o/s: createdAt: "yesterday" is not an RFC 3339 date`},
		{"bad likes", `{"id": "o/s", "createdAt": "2022-05-17T09:13:54Z", "likes": "many"}`,
			"o/s", `listing gave o/s: likes: is not a number: "many"`},
		{"fraction likes", `{"id": "o/s", "createdAt": "2022-05-17T09:13:54Z", "likes": 1.5}`,
			"o/s", `listing gave o/s: likes: 1.5 is not a count`},
		{"bad id", `{"id": "o/../x", "createdAt": "2022-05-17T09:13:54Z"}`,
			"o/../x", `listing gave o/../x: id "o/../x" is not owner/name`},
		{"dot name", `{"id": "o/..", "createdAt": "2022-05-17T09:13:54Z"}`,
			"o/..", `listing gave o/..: id "o/.." is not owner/name`},
		{"bad sha", `{"id": "o/s", "createdAt": "2022-05-17T09:13:54Z", "sha": "../../x"}`,
			"o/s", `listing gave o/s: sha "../../x" is not a commit hash`},
		{"traversal", card + `{"app_file": "../x"}}`,
			"o/s", `listing gave o/s: app_file "../x" is not a path inside the Space`},
		{"absolute", card + `{"app_file": "/etc/passwd"}}`,
			"o/s", `listing gave o/s: app_file "/etc/passwd" is not a path inside the Space`},
		{"backslash", card + `{"app_file": "..\\x"}}`,
			"o/s", `listing gave o/s: app_file "..\\x" is not a path inside the Space`},
		{"two problems", `{"id": "o/s", "likes": -1}`,
			"o/s", "listing gave o/s: createdAt: missing\nlikes: -1 is not a count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := decodeListed(json.RawMessage(tt.raw), 3)
			if got.Space.ID != tt.id || got.Err == nil || got.Err.Error() != tt.want {
				t.Errorf("decodeListed(%s) = %q, %v; want %q, %q",
					tt.raw, got.Space.ID, got.Err, tt.id, tt.want)
			}
		})
	}
}

func TestAppFilePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"app.py", "app.py"},
		{"src/app.py", "src/app.py"},
		{"./app.py", "app.py"},
		{"src/../app.py", "app.py"},
		{"  ", "app.py"},
	}
	for _, tt := range tests {
		got, err := appFilePath(object{"app_file": json.RawMessage(`"` + tt.in + `"`)})
		if err != nil || got != tt.want {
			t.Errorf("appFilePath(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"..", "../app.py", "a/../../b", "/app.py", "a\\b", "a\tb"} {
		raw, _ := json.Marshal(bad)
		if _, err := appFilePath(object{"app_file": raw}); err == nil {
			t.Errorf("appFilePath(%q) gave no error", bad)
		}
	}
}

// FuzzDecodeListed checks that no listing item, however malformed, makes
// the decoder panic or yields a usable Space without an id and a
// creation time, or with an id or app file that could leave its path.
func FuzzDecodeListed(f *testing.F) {
	f.Add(`{"id":"o/s","createdAt":"2022-05-17T09:13:54Z","likes":3,` +
		`"cardData":{"app_file":"a.py"},"siblings":[{"rfilename":"a.py"},3]}`)
	f.Add(`{"id":"o/s","createdAt":"2022-05-17T09:13:54Z","runtime":{"stage":1},"cardData":[]}`)
	f.Add(`{"id":"o/s","cardData":{"app_file":"../../etc"}}`)
	f.Add(`[]`)
	f.Fuzz(func(t *testing.T, raw string) {
		got := decodeListed(json.RawMessage(raw), 0)
		if got.Space.ID == "" {
			t.Fatalf("decodeListed(%q) gave an empty id", raw)
		}
		if got.Err != nil {
			return
		}
		sp := got.Space
		if sp.CreatedAt.IsZero() || checkSpaceID(sp.ID) != nil || sp.Likes < 0 {
			t.Errorf("decodeListed(%q) = %+v without error", raw, got.Space)
		}
		if strings.HasPrefix(got.AppFile, "/") || strings.Contains("/"+got.AppFile+"/", "/../") {
			t.Errorf("decodeListed(%q) app file %q leaves the Space", raw, got.AppFile)
		}
	})
}
