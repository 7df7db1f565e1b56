package collect

import (
	"errors"
	"fmt"
	"testing"
)

func TestHTTPErrorCategories(t *testing.T) {
	tests := []struct {
		status  int
		message string
		want    error
	}{
		{400, "", ErrBadRequest},
		{401, "Invalid username or password.", ErrUnauthorized},
		{403, "", ErrForbidden},
		{403, disabledMessage, ErrDisabled},
		{404, "", ErrNotFound},
		{429, "", ErrRateLimited},
		{500, "", ErrServer},
		{503, "", ErrServer},
		{409, "", ErrStatus},
	}
	for _, tt := range tests {
		orig := &HTTPError{Method: "GET", URL: "u", Status: tt.status, Message: tt.message}
		err := fmt.Errorf("fetching: %w", orig)
		if !errors.Is(err, tt.want) {
			t.Errorf("status %d %q: errors.Is(%v) false", tt.status, tt.message, tt.want)
		}
		var he *HTTPError
		if !errors.As(err, &he) || he != orig {
			t.Errorf("status %d: errors.As gave %v", tt.status, he)
		}
	}
	if errors.Is(&HTTPError{Status: 403, Message: disabledMessage}, ErrForbidden) {
		t.Error("a disabled 403 is also ErrForbidden; want one category")
	}
}

func TestHTTPErrorMessage(t *testing.T) {
	e := &HTTPError{Method: "GET", URL: "https://h/api/spaces/o/s/likers", Status: 503,
		Code: "Busy", Message: "try later", Attempts: 6}
	want := "GET https://h/api/spaces/o/s/likers: 503 Service Unavailable (Busy): " +
		"try later after 6 attempts"
	if got := e.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
