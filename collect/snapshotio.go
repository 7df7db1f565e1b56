package collect

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
)

// A SchemaError says where and how a snapshot breaks the schema. It
// unwraps to [ErrSnapshot].
type SchemaError struct {
	// Name is the file name (or whatever name the reader was given).
	Name string
	// Path is the JSON path of the offending value, like "spaces[3].id";
	// empty for the document as a whole.
	Path string
	// Problem says what is wrong, like "missing".
	Problem string
}

// Error returns "name: path: problem".
func (e *SchemaError) Error() string {
	if e.Path == "" {
		return e.Name + ": " + e.Problem
	}
	return e.Name + ": " + e.Path + ": " + e.Problem
}

// Unwrap returns [ErrSnapshot].
func (e *SchemaError) Unwrap() error { return ErrSnapshot }

// ReadSnapshot reads and checks the snapshot in the file at path. Errors
// name the file and the JSON path of what is wrong.
func ReadSnapshot(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading snapshot: %w", err)
	}
	defer f.Close()
	return DecodeSnapshot(f, path)
}

// DecodeSnapshot reads a snapshot from r and checks it against the schema:
// the schema version first (a newer snapshot is refused before anything
// else is read), then unknown fields, types, required fields (org,
// collected_at, each Space's id, and created_at unless the Space has an
// Error) and duplicate Space IDs. name is used in errors. The Spaces are
// returned sorted by ID whatever their order in the file.
func DecodeSnapshot(r io.Reader, name string) (*Snapshot, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	top, err := decodeObject(data, name, "")
	if err != nil {
		return nil, err
	}
	if err := checkSchema(top, name); err != nil {
		return nil, err
	}
	var s Snapshot
	if err := decodeStrict(top, &s, name, ""); err != nil {
		return nil, err
	}
	if err := decodeSpaces(top["spaces"], &s, name); err != nil {
		return nil, err
	}
	if err := s.validate(name); err != nil {
		return nil, err
	}
	// Members is omitted when empty, so an empty list reads as none
	// requested, as it will after encoding.
	if len(s.Members) == 0 {
		s.Members = nil
	}
	slices.SortStableFunc(s.Spaces, func(a, b Space) int { return cmp.Compare(a.ID, b.ID) })
	return &s, nil
}

// decodeObject decodes data as one JSON object with nothing after it.
func decodeObject(data []byte, name, path string) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var m map[string]json.RawMessage
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, &SchemaError{name, path, "not a JSON object" + jsonProblem(err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &SchemaError{name, path, "data after the JSON object"}
	}
	return m, nil
}

// jsonProblem describes a JSON error for a SchemaError's Problem.
func jsonProblem(err error) string {
	if err == nil {
		return ""
	}
	return ": " + strings.TrimPrefix(err.Error(), "json: ")
}

// checkSchema refuses any schema version but SchemaVersion.
func checkSchema(top map[string]json.RawMessage, name string) error {
	raw, ok := top["schema"]
	if !ok {
		return &SchemaError{name, "schema", "missing"}
	}
	var v int
	if err := json.Unmarshal(raw, &v); err != nil {
		return &SchemaError{name, "schema", "not an integer: " + shorten(string(raw), 40)}
	}
	if v != SchemaVersion {
		return &SchemaError{name, "schema", fmt.Sprintf(
			"version %d, want %d (written by another version of spacejudge?)", v, SchemaVersion)}
	}
	return nil
}

// decodeStrict decodes the members of obj into the struct v, except
// "spaces" and "app" (decoded with their own paths), refusing unknown
// members and naming the path of a value of the wrong type.
func decodeStrict(obj map[string]json.RawMessage, v any, name, path string) error {
	known := jsonFields(reflect.TypeOf(v).Elem())
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		p := joinPath(path, key)
		field, ok := known[key]
		if !ok {
			return &SchemaError{name, p, "unknown field"}
		}
		if key == "spaces" || key == "app" {
			continue
		}
		dst := reflect.ValueOf(v).Elem().FieldByIndex(field).Addr().Interface()
		if err := json.Unmarshal(obj[key], dst); err != nil {
			return &SchemaError{name, p, "wrong type" + jsonProblem(err)}
		}
	}
	return nil
}

// decodeSpaces decodes the "spaces" array, each Space with its own path.
func decodeSpaces(raw json.RawMessage, s *Snapshot, name string) error {
	var items []json.RawMessage
	if raw == nil || string(raw) == "null" {
		return &SchemaError{name, "spaces", "missing"}
	}
	if err := json.Unmarshal(raw, &items); err != nil {
		return &SchemaError{name, "spaces", "not an array"}
	}
	s.Spaces = make([]Space, len(items))
	for i, item := range items {
		path := fmt.Sprintf("spaces[%d]", i)
		obj, err := decodeObject(item, name, path)
		if err != nil {
			return err
		}
		sp := &s.Spaces[i]
		if err := decodeStrict(obj, sp, name, path); err != nil {
			return err
		}
		if app, ok := obj["app"]; ok && string(app) != "null" {
			appObj, err := decodeObject(app, name, path+".app")
			if err != nil {
				return err
			}
			sp.App = &AppCheck{}
			if err := decodeStrict(appObj, sp.App, name, path+".app"); err != nil {
				return err
			}
		}
	}
	return nil
}

// validate checks what the types cannot: required values and unique IDs.
func (s *Snapshot) validate(name string) error {
	switch {
	case s.Org == "":
		return &SchemaError{name, "org", "missing"}
	case s.CollectedAt.IsZero():
		return &SchemaError{name, "collected_at", "missing"}
	case s.Endpoint == "":
		return &SchemaError{name, "endpoint", "missing"}
	}
	ids := map[string]int{}
	for i, sp := range s.Spaces {
		p := fmt.Sprintf("spaces[%d]", i)
		key := strings.ToLower(sp.ID)
		switch first, dup := ids[key]; {
		case sp.ID == "":
			return &SchemaError{name, p + ".id", "missing"}
		case dup:
			return &SchemaError{name, p + ".id", fmt.Sprintf("%q repeats spaces[%d]", sp.ID, first)}
		case sp.CreatedAt.IsZero() && sp.Error == "":
			return &SchemaError{name, p + ".created_at", "missing"}
		case sp.App != nil && sp.App.File == "":
			return &SchemaError{name, p + ".app.file", "missing"}
		}
		ids[key] = i
	}
	return nil
}

// jsonFields maps the JSON names of a struct's fields to their indexes.
func jsonFields(t reflect.Type) map[string][]int {
	fields := map[string][]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			fields[name] = f.Index
		}
	}
	return fields
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// EncodeSnapshot writes s as indented JSON. The same snapshot always
// gives the same bytes: fields come in a fixed order, Spaces sorted by ID
// (s itself is not changed) and an empty Spaces list as []. It refuses a
// snapshot that DecodeSnapshot would refuse.
func EncodeSnapshot(w io.Writer, s *Snapshot) error {
	out := *s
	out.Spaces = slices.Clone(s.Spaces)
	if out.Spaces == nil {
		out.Spaces = []Space{}
	}
	slices.SortStableFunc(out.Spaces, func(a, b Space) int { return cmp.Compare(a.ID, b.ID) })
	if err := out.validate("snapshot"); err != nil {
		return fmt.Errorf("encoding: %w", err)
	}
	if out.Schema != SchemaVersion {
		return fmt.Errorf("encoding: %w", &SchemaError{"snapshot", "schema",
			fmt.Sprintf("version %d, want %d", out.Schema, SchemaVersion)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(&out); err != nil {
		return fmt.Errorf("encoding snapshot: %w", err)
	}
	return nil
}

// WriteSnapshot writes s to the file at path atomically: it writes a
// temporary file in the same directory, syncs it and renames it into
// place, so that path holds either the old file or the whole new one.
func WriteSnapshot(path string, s *Snapshot) (err error) {
	var buf bytes.Buffer
	if err := EncodeSnapshot(&buf, s); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	syncDir(dir)
	return nil
}

// syncDir makes a rename in dir durable where the system allows; a
// failure only weakens durability, so it is ignored.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
