package score

import (
	"fmt"
	"io"
	"strings"
)

// pickHeader is the optional header of a picks file.
var pickHeader = []string{"criterion", "picker", "space", "note"}

// ReadPicks reads the picks file r, named name in errors: CSV rows of
// criterion,picker,space and an optional note, with an optional header row
// naming those columns. Picks come from the organizers, so the file is read
// strictly: a row that is not valid CSV, has fewer than three or more than
// four fields, or leaves criterion, picker or space empty is an
// [*InputError] naming the file and line; one that is not valid CSV wraps
// the [*encoding/csv.ParseError]. Whether the criterion exists is checked
// by [CheckPicks] and [Judge], whether the Space exists by Judge alone;
// until then a Pick's SpaceID holds the Space as written.
func ReadPicks(r io.Reader, name string) ([]Pick, error) {
	cr := newCSVReader(r)
	var picks []Pick
	for first := true; ; first = false {
		rec, err := cr.Read()
		if err == io.EOF {
			return picks, nil
		}
		if line, ok := parseErrorLine(err); ok {
			return nil, inputErrorf(name, line, "not valid CSV: %w", err)
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		if err := checkUTF8(name, line, rec); err != nil {
			return nil, err
		}
		if first && isPickHeader(rec) {
			continue
		}
		p, err := parsePick(line, rec)
		if err != nil {
			return nil, &InputError{File: name, Line: line, Err: err}
		}
		picks = append(picks, p)
	}
}

// isPickHeader reports whether rec is a header row of a picks file.
func isPickHeader(rec []string) bool {
	if len(rec) < 3 || len(rec) > len(pickHeader) {
		return false
	}
	for i, f := range rec {
		if !strings.EqualFold(strings.TrimSpace(f), pickHeader[i]) {
			return false
		}
	}
	return true
}

// parsePick reads one data row of a picks file.
func parsePick(line int, rec []string) (Pick, error) {
	if len(rec) < 3 || len(rec) > 4 {
		return Pick{}, fmt.Errorf("%d fields; want criterion,picker,space and an optional note",
			len(rec))
	}
	p := Pick{
		Line:      line,
		Criterion: strings.TrimSpace(rec[0]),
		Picker:    strings.TrimSpace(rec[1]),
		SpaceID:   strings.TrimSpace(rec[2]),
	}
	if len(rec) == 4 {
		p.Note = strings.TrimSpace(rec[3])
	}
	if err := checkPick(p); err != nil {
		return Pick{}, err
	}
	return p, nil
}

// checkPick returns an error when a field that every pick needs is empty.
func checkPick(p Pick) error {
	for _, f := range []struct{ name, value string }{
		{"criterion", p.Criterion}, {"picker", normUser(p.Picker)}, {"space", p.SpaceID},
	} {
		if f.value == "" {
			return fmt.Errorf("field %s is empty", f.name)
		}
	}
	return nil
}
