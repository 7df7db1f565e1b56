package collect

import (
	"errors"
	"net/url"
	"strings"
	"testing"
)

func TestNextLink(t *testing.T) {
	const u = "https://huggingface.co/api/spaces?author=x&cursor=eyJ9%3D"
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"none", nil, ""},
		{"empty", []string{""}, ""},
		{"hub form", []string{"<" + u + `>; rel="next"`}, u},
		{"no space", []string{"<" + u + `>;rel="next"`}, u},
		{"token rel", []string{"<" + u + ">; rel=next"}, u},
		{"upper case", []string{"<" + u + `>; REL="NEXT"`}, u},
		{"rel list", []string{"<" + u + `>; rel="last next"`}, u},
		{"prev only", []string{"<" + u + `>; rel="prev"`}, ""},
		{"next after prev", []string{`<https://a/1>; rel="prev", <` + u + `>; rel="next"`}, u},
		{"second header", []string{`<https://a/1>; rel="prev"`, "<" + u + `>; rel="next"`}, u},
		{"comma in url", []string{`<https://a/x?q=1,2>; rel="next"`}, "https://a/x?q=1,2"},
		{"other params", []string{`<https://a/2>; title="a, b; c"; rel="next"`}, "https://a/2"},
		{"quoted link", []string{`<https://a/1>; title="x, <https://evil/>; rel=next"`}, ""},
		{"first rel wins", []string{`<https://a/2>; rel="prev"; rel="next"`}, ""},
		{"garbage then link", []string{`junk; rel=next, <https://a/2>; rel="next"`}, "https://a/2"},
		{"unclosed", []string{`<https://a/2; rel="next"`}, ""},
		{"empty target", []string{`<>; rel="next"`}, ""},
		{"spaces in target", []string{`< https://a/2 >; rel="next"`}, "https://a/2"},
		{"escaped quote", []string{`<https://a/2>; title="a\"b"; rel="next"`}, "https://a/2"},
		{"relative", []string{`</api/spaces?cursor=2>; rel="next"`}, "/api/spaces?cursor=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextLink(tt.values); got != tt.want {
				t.Errorf("nextLink(%q) = %q, want %q", tt.values, got, tt.want)
			}
		})
	}
}

func TestResolveNext(t *testing.T) {
	endpoint := mustURL(t, "https://huggingface.co")
	page := mustURL(t, "https://huggingface.co/api/spaces?author=x&limit=500")
	const same = "https://huggingface.co/api/spaces?cursor=a"
	const port = "https://HuggingFace.co:443/api/spaces?cursor=a"
	tests := []struct {
		link    string
		want    string
		foreign bool
	}{
		{same, same, false},
		{port, port, false},
		{"/api/spaces?cursor=b", "https://huggingface.co/api/spaces?cursor=b", false},
		{"?cursor=c", "https://huggingface.co/api/spaces?cursor=c", false},
		{"https://evil.example/api/spaces?cursor=a", "", true},
		{"http://huggingface.co/api/spaces?cursor=a", "", true},
		{"https://huggingface.co:8443/api/spaces?cursor=a", "", true},
		{"https://user:pw@huggingface.co/api/spaces", "", true},
		{"//evil.example/api/spaces", "", true},
		{"https://huggingface.co.evil.example/api", "", true},
	}
	for _, tt := range tests {
		got, err := resolveNext(endpoint, page, tt.link)
		switch {
		case tt.foreign && !errors.Is(err, ErrForeignLink):
			t.Errorf("resolveNext(%q) error = %v, want ErrForeignLink", tt.link, err)
		case !tt.foreign && err != nil:
			t.Errorf("resolveNext(%q) error = %v", tt.link, err)
		case !tt.foreign && got.String() != tt.want:
			t.Errorf("resolveNext(%q) = %s, want %s", tt.link, got, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "pw") {
			t.Errorf("resolveNext(%q) error %q shows the password", tt.link, err)
		}
	}
}

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// FuzzNextLink checks that the parser never panics, that what it returns
// came from between angle brackets, and that a well-formed next link
// built around any target without ">" is found again.
func FuzzNextLink(f *testing.F) {
	f.Add(`<https://huggingface.co/api/spaces?cursor=abc>; rel="next"`, "x")
	f.Add(`<a>; rel="prev", <b>; rel=next`, "https://h/p?q=1,2")
	f.Add(`<a`, `"`)
	f.Add(`"<"; rel="next">`, ";")
	f.Fuzz(func(t *testing.T, header, target string) {
		got := nextLink([]string{header})
		if got != "" && (!strings.Contains(header, got) || !strings.Contains(header, "<")) {
			t.Errorf("nextLink(%q) = %q, not a bracketed target", header, got)
		}
		target = strings.TrimSpace(target)
		if target == "" || strings.ContainsAny(target, "<>") {
			return
		}
		h := `<` + target + `>; rel="next"`
		if got := nextLink([]string{h}); got != target {
			t.Errorf("nextLink(%q) = %q, want %q", h, got, target)
		}
		h = `<https://x/prev>; rel="prev", ` + h
		if got := nextLink([]string{h}); got != target {
			t.Errorf("nextLink(%q) = %q, want %q", h, got, target)
		}
	})
}
