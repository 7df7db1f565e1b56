package hubtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

//go:generate go run ./internal/gendemo -dir demo

// The demo files, written by internal/gendemo.
var (
	//go:embed demo/dataset.json
	demoDataset []byte
	//go:embed demo/votes.csv
	demoVotes []byte
	//go:embed demo/picks.csv
	demoPicks []byte
)

// demoParsed is the demo dataset decoded once; Demo hands out copies.
var demoParsed = sync.OnceValue(func() *Dataset {
	var ds Dataset
	if err := json.Unmarshal(demoDataset, &ds); err != nil {
		// The file is generated and checked by the tests, so this is a
		// broken build rather than a run-time condition.
		panic(fmt.Sprintf("hubtest: decoding the embedded demo dataset: %v", err))
	}
	return &ds
})

// DemoOrg is the organization of the demo dataset.
const DemoOrg = "Gradio-Blocks"

// Demo returns a fresh deep copy of the built-in demo organization, modelled
// on the Gradio Blocks Party (organization Gradio-Blocks, 16–31 May 2022):
// 300 Spaces with the variety of a real event and the awkward cases a judge
// must handle, plus one Space of another owner (the source of a duplicate),
// which an author=Gradio-Blocks listing leaves out. Callers may change the
// copy freely.
func Demo() *Dataset {
	return demoParsed().Clone()
}

// DemoVotes returns the demo ballots: a long-form votes CSV
// (timestamp,voter,category,space) with a UTF-8 byte order mark and CRLF
// line ends, holding rows of every status and reason. The caller may
// change the returned slice.
func DemoVotes() []byte {
	return slices.Clone(demoVotes)
}

// DemoPicks returns the demo staff picks: a CSV of
// criterion,picker,space,note rows. The caller may change the returned
// slice.
func DemoPicks() []byte {
	return slices.Clone(demoPicks)
}
