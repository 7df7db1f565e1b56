package collect

import "testing"

func TestReadQuoted(t *testing.T) {
	tests := []struct {
		s       string
		i       int
		content string
		end     int
		closed  bool
	}{
		{`"api";r=1`, 0, "api", 5, true},
		{`x="a,b;c", y`, 2, "a,b;c", 9, true},
		{`"a\"b"`, 0, `a"b`, 6, true},
		{`"a\\"b`, 0, `a\`, 5, true},
		{`""`, 0, "", 2, true},
		{`"open`, 0, "open", 5, false},
		{`"open\`, 0, "open", 6, false},
	}
	for _, tt := range tests {
		content, end, closed := readQuoted(tt.s, tt.i)
		if content != tt.content || end != tt.end || closed != tt.closed {
			t.Errorf("readQuoted(%q, %d) = %q, %d, %v; want %q, %d, %v", tt.s, tt.i,
				content, end, closed, tt.content, tt.end, tt.closed)
		}
		if e, c := quotedEnd(tt.s, tt.i); e != tt.end || c != tt.closed {
			t.Errorf("quotedEnd(%q, %d) = %d, %v; want %d, %v", tt.s, tt.i, e, c, tt.end, tt.closed)
		}
	}
}
