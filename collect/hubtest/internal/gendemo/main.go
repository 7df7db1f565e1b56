// Gendemo writes the demo organization that package hubtest embeds:
// dataset.json, votes.csv and picks.csv.
//
// Usage:
//
//	go run ./internal/gendemo [-dir DIR]
//
// It is run by go generate in the hubtest package. The output depends on
// nothing but the generator's code, so running it again gives the same
// bytes.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/spacejudge/spacejudge/collect/hubtest/internal/demogen"
)

func main() {
	dir := flag.String("dir", "demo", "output `directory`")
	flag.Parse()
	if err := run(*dir); err != nil {
		slog.Error("generating the demo", "error", err)
		os.Exit(1)
	}
}

// run generates the demo and writes its three files into dir.
func run(dir string) error {
	out, err := demogen.Generate()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", dir, err)
	}
	for name, data := range map[string][]byte{
		"dataset.json": out.Dataset,
		"votes.csv":    out.Votes,
		"picks.csv":    out.Picks,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return nil
}
