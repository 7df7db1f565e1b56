package main

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

//go:embed doc.go
var docSource string

// manual returns the package documentation as plain text: the text that
// "spacejudge --help" prints.
func manual() string {
	text, _, _ := strings.Cut(docSource, "*/")
	text = strings.TrimPrefix(text, "/*\n")
	return strings.ReplaceAll(text, "\t", "    ")
}

// A command is one subcommand of spacejudge.
type command struct {
	name string
	// run executes the command with its arguments (the command name
	// excluded).
	run func(ctx context.Context, env *env, args []string) error
}

// env is what every command gets from the process: its streams and its
// environment, injectable so that tests can run commands in-process.
type env struct {
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	log    *slog.Logger
	// level is the level of log, raised to debug by --verbose.
	level *slog.LevelVar
	// isTerminal reports whether stderr is a terminal, for the progress bar.
	isTerminal bool
}

var commands = []command{
	{"run", runRun},
	{"collect", runCollect},
	{"diff", runDiff},
	{"init", runInit},
	{"version", runVersion},
}

// Main runs spacejudge with the arguments that follow the program name and
// returns the process exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	e := newEnv(stdout, stderr)
	err := dispatch(ctx, e, args)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, errPartial) {
		// The last word is a plain sentence, not a log record: it is what
		// the user reads to know what to do.
		fmt.Fprintf(e.stderr, "spacejudge: %v\n", err)
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitCode(ctx, err)
}

// dispatch finds the command named by args[0] and runs it.
func dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, manual())
		return usagef("no command given: choose one of run, collect, diff, init, version")
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(e.stdout, manual())
		return nil
	case "-version", "--version":
		name = "version"
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, e, args[1:])
		}
	}
	return usagef("unknown command %q: choose one of run, collect, diff, init, version"+
		" (see spacejudge --help)", name)
}

// newFlagSet returns a flag set for a command whose help text is usage.
// The flag package's own output is silenced: a mistake is reported once, as
// a usage error, and the help goes to stdout only when asked for.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// printHelp writes a command's help text and its flags to w.
func printHelp(w io.Writer, fs *flag.FlagSet, usage string) {
	fmt.Fprint(w, usage)
	fmt.Fprintln(w, "\nFlags:")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parseFlags parses args into fs and returns the positional arguments. Flags
// may come before or after positional arguments, as in most command-line
// tools; "--" ends the flags. A parse failure becomes a usage error. After
// -h or --help, it prints the command's help to e's stdout and returns
// flag.ErrHelp.
func parseFlags(e *env, fs *flag.FlagSet, usage string, args []string) ([]string, error) {
	flags, positional := splitArgs(fs, args)
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout, fs, usage)
			return nil, err
		}
		return nil, usagef("%s: %w (see spacejudge %s --help)", fs.Name(), err, fs.Name())
	}
	return append(fs.Args(), positional...), nil
}

// splitArgs separates flags (with their values) from positional arguments.
func splitArgs(fs *flag.FlagSet, args []string) (flags, positional []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i+1:]...)
		case len(a) < 2 || a[0] != '-':
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		f := fs.Lookup(name)
		if f == nil || isBoolFlag(f) || i+1 == len(args) {
			continue
		}
		i++
		flags = append(flags, args[i])
	}
	return flags, positional
}

// isBoolFlag reports whether f takes no value.
func isBoolFlag(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
