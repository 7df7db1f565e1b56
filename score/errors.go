package score

import (
	"fmt"
	"strings"
)

// An InputError reports input that judging cannot accept: a votes or picks
// file that cannot be read as such, a pick naming an unknown criterion or
// Space, a snapshot listing a Space twice, or rules that contradict
// themselves. The command line detects it with errors.As and exits 2, since
// only fixing the input helps.
type InputError struct {
	// File names the file, or the rule set, that holds the problem.
	File string
	// Line is the 1-based line of the problem, 0 when it is not about one
	// line.
	Line int
	// Err describes the problem.
	Err error
}

// Error returns "file:line: problem", leaving out what is unknown.
func (e *InputError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying problem.
func (e *InputError) Unwrap() error { return e.Err }

// inputErrorf returns an *InputError for file and line.
func inputErrorf(file string, line int, format string, args ...any) error {
	return &InputError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}
