package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is the release version, set at build time with
// -ldflags "-X main.version=v1.2.3"; otherwise the module version that
// "go install" recorded, or "devel".
var version = ""

// repoURL is the project's home, named in the User-Agent.
const repoURL = "https://github.com/spacejudge/spacejudge"

// currentVersion returns the version of this binary.
func currentVersion() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// userAgent identifies spacejudge to the Hub.
func userAgent() string {
	return fmt.Sprintf("spacejudge/%s (+%s)", currentVersion(), repoURL)
}

const versionUsage = `Usage: spacejudge version

Version prints the version of spacejudge, the platform and the Go release
it was built with.
`

// runVersion is "spacejudge version".
func runVersion(_ context.Context, e *env, args []string) error {
	fs := newFlagSet("version")
	pos, err := parseFlags(e, fs, versionUsage, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("version takes no arguments")
	}
	fmt.Fprintf(e.stdout, "spacejudge %s %s/%s %s\n", currentVersion(), runtime.GOOS,
		runtime.GOARCH, runtime.Version())
	return nil
}
