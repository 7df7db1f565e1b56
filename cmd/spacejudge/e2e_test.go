package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binary is the spacejudge binary that TestMain builds for the end-to-end
// tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "spacejudge-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "spacejudge")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building spacejudge: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// A result is what one run of the binary did.
type result struct {
	code   int
	stdout string
	stderr string
}

// spacejudge runs the binary with args in dir, with a clean environment
// plus env, and returns what it did.
func spacejudge(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + dir,
		"HF_HOME=" + filepath.Join(dir, ".hf"),
	}, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running spacejudge %s: %v", strings.Join(args, " "), err)
	}
	return result{
		code:   cmd.ProcessState.ExitCode(),
		stdout: stdout.String(),
		stderr: stderr.String(),
	}
}

// wantCode fails the test when r did not exit with code.
func (r result) wantCode(t *testing.T, code int, args ...string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("spacejudge %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s",
			strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
}

// run runs spacejudge and fails the test unless it exits with code.
func run(t *testing.T, dir string, env []string, code int, args ...string) result {
	t.Helper()
	r := spacejudge(t, dir, env, args...)
	r.wantCode(t, code, args...)
	return r
}

// readFile returns the contents of a file that must exist.
func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// writeFile writes a test input.
func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
