package collect

import "strings"

// Both the Link header and the rate-limit headers may hold quoted-strings
// (RFC 9110 §5.6.4), inside which the separators ',' and ';' are text and
// a backslash escapes the byte after it. Their parsers scan them alike.

// quotedEnd returns the index just past the quoted-string that starts at
// s[i], which must be '"', and whether it is closed; an unclosed one runs
// to the end of s.
func quotedEnd(s string, i int) (end int, closed bool) {
	for i++; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1, true
		}
	}
	return len(s), false
}

// readQuoted reads the quoted-string that starts at s[i], which must be
// '"', and returns its content with the backslash escapes undone, the
// index just past it and whether it is closed.
func readQuoted(s string, i int) (content string, end int, closed bool) {
	end, closed = quotedEnd(s, i)
	raw := s[i+1 : end]
	if closed {
		raw = s[i+1 : end-1]
	}
	if !strings.Contains(raw, `\`) {
		return raw, end, closed
	}
	var b strings.Builder
	for j := 0; j < len(raw); j++ {
		if raw[j] == '\\' {
			// A backslash at the very end of an unclosed string escapes
			// nothing and is dropped.
			if j++; j == len(raw) {
				break
			}
		}
		b.WriteByte(raw[j])
	}
	return b.String(), end, closed
}
