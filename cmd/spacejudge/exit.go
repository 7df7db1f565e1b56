package main

import (
	"context"
	"errors"
	"fmt"
)

// Exit codes, as SPEC §2 and the README document them.
const (
	exitOK          = 0
	exitFailure     = 1
	exitUsage       = 2
	exitPartial     = 3
	exitInterrupted = 130
)

// A usageError is a bad command line, config or input file: nothing was
// collected or written, and the user must fix what the message names.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError with a formatted message.
func usagef(format string, args ...any) error {
	return &usageError{fmt.Errorf(format, args...)}
}

// asUsage marks err as a usage error, keeping its message.
func asUsage(err error) error {
	if err == nil {
		return nil
	}
	return &usageError{err}
}

// errPartial reports that the reports were written but some Spaces could not
// be collected; the message has already been logged.
var errPartial = errors.New("some Spaces could not be collected")

// exitCode maps the error a command returned to the process exit code.
func exitCode(ctx context.Context, err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errPartial):
		return exitPartial
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		return exitInterrupted
	default:
		return exitFailure
	}
}
