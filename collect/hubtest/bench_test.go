package hubtest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/spacejudge/spacejudge/collect/hubtest"
	"github.com/spacejudge/spacejudge/collect/hubtest/internal/demogen"
)

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := demogen.Generate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDemo(b *testing.B) {
	for b.Loop() {
		hubtest.Demo()
	}
}

// BenchmarkListDemo lists the whole demo organization over loopback HTTP,
// 100 Spaces a page with the fields a collector expands.
func BenchmarkListDemo(b *testing.B) {
	s := hubtest.NewServer(hubtest.Demo(), hubtest.Options{})
	defer s.Close()
	first := s.URL + "/api/spaces?author=Gradio-Blocks&limit=100&expand=author&expand=createdAt" +
		"&expand=disabled&expand=lastModified&expand=likes&expand=private&expand=runtime" +
		"&expand=sdk&expand=sha&expand=cardData"
	for b.Loop() {
		for u := first; u != ""; {
			resp, err := http.Get(u)
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			u = ""
			if link := resp.Header.Get("Link"); link != "" {
				u = link[1 : len(link)-len(`>; rel="next"`)]
			}
		}
	}
}
