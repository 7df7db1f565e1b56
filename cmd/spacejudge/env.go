package main

import (
	"io"
	"log/slog"
	"os"

	"golang.org/x/term"
)

// newEnv returns the environment of a command run from this process: logs
// go to stderr as text, results to stdout.
func newEnv(stdout, stderr io.Writer) *env {
	e := &env{
		stdout: stdout,
		stderr: stderr,
		getenv: os.Getenv,
		level:  new(slog.LevelVar),
	}
	e.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: e.level}))
	if f, ok := stderr.(*os.File); ok {
		e.isTerminal = term.IsTerminal(int(f.Fd()))
	}
	return e
}
