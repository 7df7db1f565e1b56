package hubtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// jsonType is the Content-Type of every JSON answer, as the Hub sends it.
const jsonType = "application/json; charset=utf-8"

// response collects an answer in memory, so that faults can cut or spoil
// it before it is sent. It implements http.ResponseWriter.
type response struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func newResponse() *response {
	return &response{header: make(http.Header)}
}

// Header returns the headers to send.
func (w *response) Header() http.Header { return w.header }

// WriteHeader records the status; only the first call counts.
func (w *response) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// Write appends to the body, implying status 200 if none was set.
func (w *response) Write(b []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(b)
}

// writeJSON answers status with v encoded as JSON.
func (w *response) writeJSON(status int, v any) {
	b, err := encodeJSON(v)
	if err != nil {
		// The values served are built from strings, numbers and maps
		// decoded from JSON, so this only happens for a card holding a
		// value JSON cannot carry (a NaN, a channel).
		w.writeError(http.StatusInternalServerError, "", "encoding the answer: "+err.Error())
		return
	}
	w.header.Set("Content-Type", jsonType)
	w.WriteHeader(status)
	w.body.Write(b)
}

// writeError answers status with the Hub's error body {"error": msg},
// msg again in X-Error-Message and, when code is not empty, the error code
// in X-Error-Code.
func (w *response) writeError(status int, code, msg string) {
	if code != "" {
		w.header.Set("X-Error-Code", code)
	}
	w.header.Set("X-Error-Message", headerSafe(msg))
	b, _ := encodeJSON(object{{"error", msg}})
	w.header.Set("Content-Type", jsonType)
	w.WriteHeader(status)
	w.body.Write(b)
}

// headerSafe replaces the control characters of s, which a header value
// cannot hold, with spaces.
func headerSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// encodeJSON encodes v without escaping <, > and &, as the Hub does, and
// without a trailing newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// object is a JSON object whose keys keep their order, so that answers
// read like the Hub's rather than in alphabetical order.
type object []field

// field is one key of an object.
type field struct {
	key string
	val any
}

// MarshalJSON encodes o with its keys in order.
func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := encodeJSON(f.key)
		if err != nil {
			return nil, err
		}
		v, err := encodeJSON(f.val)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// hubTime formats t the way the Hub writes dates: RFC 3339 in UTC with
// milliseconds, as in "2022-05-16T09:30:00.000Z".
func hubTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}
