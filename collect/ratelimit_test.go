package collect

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseRateLimit(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   []limitState
	}{
		{"hub", []string{`"api";r=489;t=189`}, []limitState{{"api", 489, 189 * time.Second}}},
		{"spaces", []string{`"api" ; r = 0 ; t = 55`}, []limitState{{"api", 0, 55 * time.Second}}},
		{"token name", []string{`resolvers;r=1;t=2`},
			[]limitState{{"resolvers", 1, 2 * time.Second}}},
		{"two items", []string{`"api";r=1;t=2, "resolvers";r=3;t=4`},
			[]limitState{{"api", 1, 2 * time.Second}, {"resolvers", 3, 4 * time.Second}}},
		{"two headers", []string{`"api";r=1;t=2`, `"resolvers";r=3;t=4`},
			[]limitState{{"api", 1, 2 * time.Second}, {"resolvers", 3, 4 * time.Second}}},
		{"upper keys", []string{`"api";R=5;T=6`}, []limitState{{"api", 5, 6 * time.Second}}},
		{"no name", []string{`r=1;t=2`}, nil},
		{"no t", []string{`"api";r=1`}, nil},
		{"negative", []string{`"api";r=-1;t=2`}, nil},
		{"float", []string{`"api";r=1.5;t=2`}, nil},
		{"huge", []string{`"api";r=1;t=99999999999999999999`}, nil},
		{"long t", []string{`"api";r=1;t=604801`}, nil},
		{"many left", []string{`"api";r=1000000;t=604800`},
			[]limitState{{"api", 1000000, 604800 * time.Second}}},
		{"too many left", []string{`"api";r=99999999999;t=2`}, nil},
		{"quoted comma", []string{`"a,b";r=1;t=2`}, []limitState{{"a,b", 1, 2 * time.Second}}},
		{"escaped quote", []string{`"a\"b";r=1;t=2`}, []limitState{{`a"b`, 1, 2 * time.Second}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, parseRateLimit(tt.values)); diff != "" {
				t.Errorf("parseRateLimit(%q) mismatch (-want +got):\n%s", tt.values, diff)
			}
		})
	}
}

func TestParsePolicy(t *testing.T) {
	tests := []struct {
		values []string
		want   []limitPolicy
	}{
		{[]string{`"fixed window";"api";q=500;w=300`},
			[]limitPolicy{{"api", 500, 300 * time.Second}}},
		{[]string{`"api";q=10;w=1`}, []limitPolicy{{"api", 10, time.Second}}},
		{[]string{`"fixed window";"api";q=1000000;w=300`},
			[]limitPolicy{{"api", 1000000, 300 * time.Second}}},
		{[]string{`"fixed window";"api";q=10;w=604801`}, nil},
		{[]string{`"fixed window";"api";q=0;w=300`}, nil},
		{[]string{`"fixed window";"api";q=10`}, nil},
		{[]string{`q=10;w=1`}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, parsePolicy(tt.values)); diff != "" {
			t.Errorf("parsePolicy(%q) mismatch (-want +got):\n%s", tt.values, diff)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"0", 0, true},
		{" 7 ", 7 * time.Second, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999", 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzRateLimitHeaders checks that the header parsers never panic and
// only return what a well-formed header could say.
func FuzzRateLimitHeaders(f *testing.F) {
	f.Add(`"api";r=489;t=189`)
	f.Add(`"fixed window";"api";q=500;w=300`)
	f.Add(`"a\"b";r=1;t=2, x;q=1;w=1`)
	f.Add(`"`)
	f.Fuzz(func(t *testing.T, v string) {
		for _, st := range parseRateLimit([]string{v}) {
			badCount := st.Remaining < 0 || st.Remaining > maxHeaderCount
			badReset := st.Reset < 0 || st.Reset > maxHeaderSeconds*time.Second
			if st.Bucket == "" || badCount || badReset {
				t.Errorf("parseRateLimit(%q) gave %+v", v, st)
			}
		}
		for _, p := range parsePolicy([]string{v}) {
			if p.Bucket == "" || p.Quota < 1 || p.Window < time.Second {
				t.Errorf("parsePolicy(%q) gave %+v", v, p)
			}
		}
		if d, ok := retryAfter(v, time.Now()); ok && (d < 0 || strings.TrimSpace(v) == "") {
			t.Errorf("retryAfter(%q) = %v", v, d)
		}
	})
}
