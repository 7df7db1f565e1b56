package collect

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sampleSnapshot has one Space of each kind the snapshot can hold,
// deliberately out of order.
func sampleSnapshot() *Snapshot {
	created := time.Date(2022, 5, 17, 9, 0, 0, 0, time.UTC)
	return &Snapshot{
		Schema:       SchemaVersion,
		CollectedAt:  time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC),
		Endpoint:     "https://huggingface.co",
		Org:          "Gradio-Blocks",
		Members:      []string{"abidlabs", "osanseviero"},
		MembersError: "",
		Spaces: []Space{
			{
				ID: "Gradio-Blocks/zeta", Title: "Zeta <&> \"quoted\"",
				SHA:       "0123456789abcdef0123456789abcdef01234567",
				CreatedAt: created, LastModified: created.Add(48 * time.Hour),
				SDK: "gradio", Stage: "RUNNING",
				Likes: 2, Likers: []string{"ann", "bob"}, Authors: []string{"ann", "system"},
				App: &AppCheck{File: "app.py", Found: true, Blocks: true, Line: 12,
					Evidence: "with gr.Blocks() as demo:"},
			},
			{
				ID: "Gradio-Blocks/alpha", SHA: "89abcdef0123456789abcdef0123456789abcdef",
				CreatedAt: created, SDK: "streamlit", Stage: "BUILD_ERROR",
				Authors: []string{"carl"}, DuplicatedFrom: "x/y",
				Private: true, Disabled: true,
			},
			{
				ID: "Gradio-Blocks/missing", CreatedAt: created, SDK: "gradio",
				App: &AppCheck{File: "main.py", Evidence: "main.py does not exist at main"},
			},
			{
				ID: "(listing item 7)", Error: "listing item 7 has no id",
			},
		},
	}
}

func TestEncodeSnapshotGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "snapshot.golden", buf.Bytes())

	// The same snapshot gives the same bytes, and decoding gives it back.
	var again bytes.Buffer
	err := EncodeSnapshot(&again, sampleSnapshot())
	if err != nil || !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Errorf("EncodeSnapshot() twice gave different bytes (error %v)", err)
	}
	got, err := DecodeSnapshot(bytes.NewReader(buf.Bytes()), "snapshot.json")
	if err != nil {
		t.Fatalf("DecodeSnapshot(encoded) error = %v", err)
	}
	var round bytes.Buffer
	if err := EncodeSnapshot(&round, got); err != nil || !bytes.Equal(buf.Bytes(), round.Bytes()) {
		t.Errorf("decode and encode again changed the bytes (error %v)", err)
	}
	if got.Spaces[0].ID != "(listing item 7)" || got.Spaces[1].ID != "Gradio-Blocks/alpha" {
		t.Errorf("decoded Spaces not sorted: %q, %q", got.Spaces[0].ID, got.Spaces[1].ID)
	}
}

func TestEncodeSnapshotEmpty(t *testing.T) {
	s := &Snapshot{Schema: 1, CollectedAt: time.Unix(0, 0).UTC(), Endpoint: "http://x", Org: "o"}
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, s); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"spaces": []`) {
		t.Errorf("EncodeSnapshot() of no Spaces = %s, want \"spaces\": []", buf.String())
	}
	s.Spaces = []Space{{ID: "o/a"}}
	if err := EncodeSnapshot(&buf, s); !errors.Is(err, ErrSnapshot) {
		t.Errorf("EncodeSnapshot() of a Space without created_at = %v, want ErrSnapshot", err)
	}
}

func TestDecodeSnapshotErrors(t *testing.T) {
	const (
		at    = `"collected_at": "2022-06-01T00:00:00Z"`
		ok    = at + `, "endpoint": "https://huggingface.co", "org": "o"`
		start = `{"schema": 1, ` + ok + `, "spaces": [`
		made  = `"created_at": "2022-05-17T09:00:00Z"`
		sp    = `{"id": "o/a", ` + made + `, "likes": 0}`
		asMap = "Go value of type map[string]json.RawMessage"
	)
	tests := []struct{ name, json, want string }{
		{"not json", `{`, "snap.json: not a JSON object: unexpected EOF"},
		{"array", `[]`, "snap.json: not a JSON object: cannot unmarshal array into " + asMap},
		{"trailing", `{"schema": 1} {}`, "snap.json: data after the JSON object"},
		{"no schema", `{` + ok + `, "spaces": []}`, "snap.json: schema: missing"},
		{"schema 2", `{"schema": 2, "new_field": 1}`,
			"snap.json: schema: version 2, want 1 (written by another version of spacejudge?)"},
		{"schema string", `{"schema": "1"}`, `snap.json: schema: not an integer: "1"`},
		{"unknown field", start + `], "extra": true}`, "snap.json: extra: unknown field"},
		{"no org", `{"schema": 1, ` + at + `, "endpoint": "e", "spaces": []}`,
			"snap.json: org: missing"},
		{"no time", `{"schema": 1, "endpoint": "e", "org": "o", "spaces": []}`,
			"snap.json: collected_at: missing"},
		{"bad time", `{"schema": 1, "collected_at": "June", "endpoint": "e", "org": "o"}`,
			`snap.json: collected_at: wrong type: parsing time "June" as ` +
				`"2006-01-02T15:04:05Z07:00": cannot parse "June" as "2006"`},
		{"no spaces", `{"schema": 1, ` + ok + `}`, "snap.json: spaces: missing"},
		{"spaces object", `{"schema": 1, ` + ok + `, "spaces": {}}`,
			"snap.json: spaces: not an array"},
		{"space no id", start + sp + `, {` + made + `}]}`, "snap.json: spaces[1].id: missing"},
		{"space no created", start + sp + `, {"id": "o/b"}]}`,
			"snap.json: spaces[1].created_at: missing"},
		{"space unknown", start + `{"id": "o/b", "stars": 3}]}`,
			"snap.json: spaces[0].stars: unknown field"},
		{"space wrong type", start + `{"id": "o/b", "likes": "3"}]}`,
			"snap.json: spaces[0].likes: wrong type: " +
				"cannot unmarshal string into Go value of type int"},
		{"duplicate", start + sp + `, {"id": "O/A", ` + made + `}]}`,
			`snap.json: spaces[1].id: "O/A" repeats spaces[0]`},
		{"app unknown", start + `{"id": "o/b", "error": "x", "app": {"file": "a", "why": 1}}]}`,
			"snap.json: spaces[0].app.why: unknown field"},
		{"app no file", start + `{"id": "o/b", "error": "x", "app": {}}]}`,
			"snap.json: spaces[0].app.file: missing"},
		{"space not object", start + `3]}`,
			"snap.json: spaces[0]: not a JSON object: cannot unmarshal number into " + asMap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeSnapshot(strings.NewReader(tt.json), "snap.json")
			if err == nil || err.Error() != tt.want || !errors.Is(err, ErrSnapshot) {
				t.Errorf("DecodeSnapshot(%s) error = %v,\nwant %s", tt.json, err, tt.want)
			}
		})
	}
}

func TestDecodeSnapshotFailedSpace(t *testing.T) {
	// A Space that failed has no creation time to show; that is fine.
	in := `{"schema": 1, "collected_at": "2022-06-01T00:00:00Z", "endpoint": "e", "org": "o",
		"spaces": [{"id": "o/b", "likes": 0, "error": "listing gave o/b: createdAt: missing"}]}`
	s, err := DecodeSnapshot(strings.NewReader(in), "snap.json")
	if err != nil || len(s.Failed()) != 1 {
		t.Errorf("DecodeSnapshot() = %v, %v; want one failed Space", s, err)
	}
}

func TestWriteSnapshot(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "snapshot.json")
	if err := WriteSnapshot(path, sampleSnapshot()); err != nil {
		t.Fatal(err)
	}
	got, err := ReadSnapshot(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Spaces) != 4 {
		t.Errorf("ReadSnapshot() has %d Spaces, want 4", len(got.Spaces))
	}

	// A snapshot that cannot be written leaves the old file whole and no
	// temporary file behind.
	before, _ := os.ReadFile(path)
	bad := sampleSnapshot()
	bad.Org = ""
	if err := WriteSnapshot(path, bad); !errors.Is(err, ErrSnapshot) {
		t.Errorf("WriteSnapshot(no org) = %v, want ErrSnapshot", err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("WriteSnapshot() failure changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after writing, want only snapshot.json", len(entries))
	}

	// A directory that does not exist is an error naming the path.
	missing := filepath.Join(dir, "no", "snapshot.json")
	err = WriteSnapshot(missing, sampleSnapshot())
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("WriteSnapshot(%s) = %v, want an error naming it", missing, err)
	}
	if _, err := ReadSnapshot(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("ReadSnapshot(%s) = %v, want os.ErrNotExist", missing, err)
	}
}

// FuzzDecodeSnapshot checks that decoding never panics and that whatever
// decodes encodes, and decodes again to the same snapshot.
func FuzzDecodeSnapshot(f *testing.F) {
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, sampleSnapshot()); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add(`{"schema": 1, "collected_at": "2022-06-01T00:00:00Z", "endpoint": "e", "org": "o",
		"spaces": [{"id": "o/x", "error": "e", "app": {"file": "a"}}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := DecodeSnapshot(strings.NewReader(in), "f.json")
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := EncodeSnapshot(&out, s); err != nil {
			t.Fatalf("EncodeSnapshot(decoded %q) = %v", in, err)
		}
		s2, err := DecodeSnapshot(&out, "f.json")
		if err != nil {
			t.Fatalf("DecodeSnapshot(encoded) = %v", err)
		}
		if diff := cmp.Diff(s, s2); diff != "" {
			t.Errorf("round trip mismatch (-first +second):\n%s", diff)
		}
	})
}

// checkGolden compares got with testdata/name, or rewrites the file under
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name)
	if *update {
		t.Logf("rewriting %s", golden)
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", golden, diff)
	}
}
