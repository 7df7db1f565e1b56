package score

import (
	"slices"
	"testing"
	"time"
)

func TestCastBefore(t *testing.T) {
	at := time.Date(2022, 5, 20, 12, 0, 0, 0, time.UTC)
	votes := []Ballot{
		{Line: 2, Timestamp: "2022-05-20T11:59:59Z"},
		{Line: 3, Timestamp: "2022-05-20T12:00:00Z"},
		{Line: 4, Timestamp: "2022-05-20 13:30:00 GMT+2"},
		{Line: 5, Timestamp: "yesterday"},
		{Line: 6, Timestamp: "2022-05-21T00:00:00Z"},
	}
	var lines []int
	for _, b := range CastBefore(votes, at) {
		lines = append(lines, b.Line)
	}
	// Line 4 is 11:30 UTC; line 5 cannot be read and is kept because it is
	// rejected in every run alike.
	if want := []int{2, 4, 5}; !slices.Equal(lines, want) {
		t.Errorf("CastBefore(votes, %v) kept lines %v, want %v", at, lines, want)
	}
	if got := CastBefore(nil, at); got != nil {
		t.Errorf("CastBefore(nil) = %v, want nil", got)
	}
	if got := CastBefore([]Ballot{}, at); got == nil || len(got) != 0 {
		t.Errorf("CastBefore(empty) = %#v, want an empty, non-nil slice", got)
	}
}
