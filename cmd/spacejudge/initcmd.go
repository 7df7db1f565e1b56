package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
)

const initUsage = `Usage: spacejudge init [flags] [FILE]

Init writes a commented event config to FILE (default spacejudge.yaml), as a
starting point for a new event: the Gradio Blocks Party's rules, with every
key explained. It never overwrites an existing file unless --force is given.
With FILE "-", the config goes to standard output.
`

// runInit is "spacejudge init [FILE]".
func runInit(_ context.Context, e *env, args []string) error {
	flags := newFlagSet("init")
	force := flags.Bool("force", false, "overwrite FILE if it exists")
	pos, err := parseFlags(e, flags, initUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("init takes at most one argument, FILE, got %d", len(pos))
	}
	path := "spacejudge.yaml"
	if len(pos) == 1 {
		path = pos[0]
	}
	if path == "-" {
		_, err := e.stdout.Write(defaultConfigText())
		return err
	}

	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	file, err := os.OpenFile(path, mode, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return usagef("%s exists: choose another FILE, or use --force to overwrite it", path)
	}
	if err != nil {
		return fmt.Errorf("writing the config: %w", err)
	}
	if _, err := file.Write(defaultConfigText()); err != nil {
		file.Close()
		return fmt.Errorf("writing the config to %s: %w", path, err)
	}
	if err := file.Close(); err != nil {
		return fmt.Errorf("writing the config to %s: %w", path, err)
	}
	e.log.Info("config written: edit it, then run spacejudge run --config "+path, "path", path)
	return nil
}
