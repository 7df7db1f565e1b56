package collect

import (
	"errors"
	"fmt"
	"net/http"
)

// These are the error categories that Collect and the snapshot functions
// can return, wrapped in more context. Test for them with errors.Is; an
// [*HTTPError] unwraps to exactly one of the HTTP categories.
var (
	// ErrBadRequest is a 400: the request was malformed, for example an
	// expand name the Hub does not know.
	ErrBadRequest = errors.New("bad request")
	// ErrUnauthorized is a 401: the token is missing or invalid, or the
	// repository is private or does not exist.
	ErrUnauthorized = errors.New("unauthorized")
	// ErrForbidden is a 403 that is not about a disabled resource.
	ErrForbidden = errors.New("forbidden")
	// ErrDisabled is a 403 whose X-Error-Message says that access to the
	// resource is disabled: a fact about the Space, not a failure.
	ErrDisabled = errors.New("access disabled")
	// ErrNotFound is a 404; the HTTPError's Code tells a missing file
	// (EntryNotFound) from a missing repository (RepoNotFound).
	ErrNotFound = errors.New("not found")
	// ErrRateLimited is a 429 that did not clear within the retries, or
	// whose announced wait was too long to sit out.
	ErrRateLimited = errors.New("rate limited")
	// ErrServer is a 5xx that did not clear within the retries.
	ErrServer = errors.New("server error")
	// ErrStatus is any other unexpected HTTP status.
	ErrStatus = errors.New("unexpected status")

	// ErrBadResponse means a response body could not be decoded.
	ErrBadResponse = errors.New("malformed response")
	// ErrForeignLink means a pagination link pointed away from the
	// endpoint (another scheme, host or port). It is never followed, so
	// the token never leaves the endpoint.
	ErrForeignLink = errors.New("pagination link leaves the endpoint")
	// ErrLinkLoop means a pagination link repeated a page already fetched.
	ErrLinkLoop = errors.New("pagination link repeats")

	// ErrSnapshot means a snapshot file does not follow the schema.
	ErrSnapshot = errors.New("invalid snapshot")
)

// An HTTPError is a response with a status that the collector does not
// accept. It never contains the token: the URL is the request URL, which
// carries none.
type HTTPError struct {
	// Method and URL identify the request.
	Method string
	URL    string
	// Status is the HTTP status code.
	Status int
	// Code is the Hub's X-Error-Code header ("RepoNotFound",
	// "EntryNotFound", …), empty when absent.
	Code string
	// Message is the Hub's explanation: the X-Error-Message header, else
	// the "error" field of a JSON body, else the start of a text body.
	Message string
	// Attempts is how many times the request was sent.
	Attempts int
}

// disabledMessage is the X-Error-Message the Hub sends for disabled repos.
const disabledMessage = "Access to this resource is disabled."

// Error returns a one-line description naming the request and the status.
func (e *HTTPError) Error() string {
	s := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.Message != "" && e.Message != http.StatusText(e.Status) {
		s += ": " + e.Message
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return s
}

// Unwrap returns the error's category, one of the HTTP sentinels above.
func (e *HTTPError) Unwrap() error {
	switch {
	case e.Status == http.StatusBadRequest:
		return ErrBadRequest
	case e.Status == http.StatusUnauthorized:
		return ErrUnauthorized
	case e.Status == http.StatusForbidden && e.Message == disabledMessage:
		return ErrDisabled
	case e.Status == http.StatusForbidden:
		return ErrForbidden
	case e.Status == http.StatusNotFound:
		return ErrNotFound
	case e.Status == http.StatusTooManyRequests:
		return ErrRateLimited
	case e.Status >= 500 && e.Status < 600:
		return ErrServer
	}
	return ErrStatus
}
