package score

import (
	"errors"
	"testing"
	"time"
)

func TestNormUser(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice", "alice"},
		{"  Alice ", "alice"},
		{"@Alice", "alice"},
		{"https://huggingface.co/Alice", "alice"},
		{"https://www.huggingface.co/alice/", "alice"},
		{"huggingface.co/alice", "alice"},
		{"https://example.com/alice", "https://example.com/alice"},
		{"https://huggingface.co/spaces/org/x", "https://huggingface.co/spaces/org/x"},
		{"", ""},
		{"@", ""},
	}
	for _, tt := range tests {
		if got := normUser(tt.in); got != tt.want {
			t.Errorf("normUser(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestResolve(t *testing.T) {
	ids := []string{"Gradio-Blocks/Alpha", "Gradio-Blocks/beta", "Other/beta"}
	r := newResolver(ids, "http://127.0.0.1:8080")
	tests := []struct {
		in      string
		want    int
		wantErr error
	}{
		{"Gradio-Blocks/Alpha", 0, nil},
		{"gradio-blocks/alpha", 0, nil},
		{" Gradio-Blocks/alpha/ ", 0, nil},
		{"alpha", 0, nil},
		{"ALPHA", 0, nil},
		{"https://huggingface.co/spaces/Gradio-Blocks/alpha", 0, nil},
		{"https://huggingface.co/spaces/Gradio-Blocks/alpha/", 0, nil},
		{"https://www.huggingface.co/spaces/Gradio-Blocks/alpha?x=1#top", 0, nil},
		{"http://huggingface.co/spaces/gradio-blocks/ALPHA/tree/main", 0, nil},
		{"huggingface.co/spaces/Gradio-Blocks/alpha", 0, nil},
		{"https://hf.co/spaces/Gradio-Blocks/alpha", 0, nil},
		{"http://127.0.0.1:8080/spaces/Gradio-Blocks/alpha", 0, nil},
		{"Gradio-Blocks/beta", 1, nil},
		{"other/BETA", 2, nil},
		{"beta", 0, errAmbiguousSpace},
		{"gamma", 0, errUnknownSpace},
		{"Gradio-Blocks/gamma", 0, errUnknownSpace},
		{"Nobody/alpha", 0, errUnknownSpace},
		{"https://example.com/spaces/Gradio-Blocks/alpha", 0, errForeignURL},
		{"https://huggingface.co/Gradio-Blocks/alpha", 0, errForeignURL},
		{"https://huggingface.co/spaces/Gradio-Blocks", 0, errForeignURL},
		{"", 0, errNoSpace},
		{"   ", 0, errNoSpace},
	}
	for _, tt := range tests {
		got, err := r.resolve(tt.in)
		if !errors.Is(err, tt.wantErr) || (err == nil && got != tt.want) {
			t.Errorf("resolve(%q) = %d, %v, want %d, %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseTime(t *testing.T) {
	want := time.Date(2022, 5, 20, 14, 3, 22, 0, time.UTC)
	good := []string{
		"2022-05-20T14:03:22Z",
		"2022-05-20T16:03:22+02:00",
		"2022-05-20T14:03:22",
		"2022-05-20 14:03:22",
		" 2022-05-20 14:03:22 ",
		"2022-05-20 14:03:22Z",
		"2022-05-20 16:03:22 +0200",
		"2022-05-20 14:03:22 UTC",
		"2022/05/20 14:03:22",
		"2022/05/20 4:03:22 PM GMT+2",
		"2022/05/20 2:03:22 PM",
		"2022/05/20 2:03:22 PM GMT",
		"2022/05/20 9:03:22 AM GMT-5",
		"2022/05/20 7:33:22 PM UTC+05:30",
		"2022-05-20 19:33:22 utc+0530",
	}
	for _, s := range good {
		got, err := parseTime(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v, want %v", s, got, err, want)
		}
	}
	bad := []string{
		"", "yesterday", "05/20/2022 14:03:22", "20/05/2022 14:03:22",
		"2022-05-20 14:03:22 PST", "2022-13-01 00:00:00", "1653055402",
		"2022-05-20 14:03:22 GMT+", "2022-05-20 14:03:22 GMT+2x", "2022-05-20 14:03:22 GMT+15",
		"2022-05-20 14:03:22 GMT+123", "2022-05-20T14:03:22Z GMT+2",
	}
	for _, s := range bad {
		if got, err := parseTime(s); err == nil {
			t.Errorf("parseTime(%q) = %v, want an error", s, got)
		}
	}
}

func TestFmtTime(t *testing.T) {
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), "2022-06-01 00:00 UTC"},
		{time.Date(2022, 6, 1, 9, 5, 7, 0, time.UTC), "2022-06-01 09:05:07 UTC"},
		{time.Date(2022, 6, 1, 2, 0, 0, 0, time.FixedZone("CEST", 7200)), "2022-06-01 00:00 UTC"},
	}
	for _, tt := range tests {
		if got := fmtTime(tt.in); got != tt.want {
			t.Errorf("fmtTime(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
