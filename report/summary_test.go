package report

import (
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/spacejudge/spacejudge/score"
)

// TestWeightsInReports wants every weight shown exactly in summary.md and
// on the Summary sheet: as a number only when the number is exact.
func TestWeightsInReports(t *testing.T) {
	tests := []struct {
		id     string
		weight *big.Rat
		md     string
		// kind and cell are the Summary sheet's cell: "n" for a number or
		// "s" for text (see cellTypeName), and its raw value.
		kind, cell string
	}{
		{"plain", big.NewRat(2, 1), "2", "n", "2"},
		{"default", nil, "1", "n", "1"},
		{"half", big.NewRat(1, 2), "0.5", "n", "0.5"},
		{"tenth", rat(t, "0.1"), "0.1", "n", "0.1"},
		{"almost", rat(t, "0.10000000000000000001"), "0.10000000000000000001",
			"s", "0.10000000000000000001"},
		{"third", big.NewRat(1, 3), "1/3", "s", "1/3"},
	}
	res := &score.Result{}
	for _, tt := range tests {
		res.Criteria = append(res.Criteria, score.CriterionInfo{ID: tt.id, Weight: tt.weight})
		res.Rankings = append(res.Rankings, score.Ranking{})
	}
	dir := t.TempDir()
	if err := Write(dir, res, Options{}); err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(filepath.Join(dir, fileSummary))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(filepath.Join(dir, fileBook))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		line := "| " + tt.id + " |  |  | " + tt.md + " | 0 |"
		if !strings.Contains(string(md), line+"\n") {
			t.Errorf("summary.md has no line %q", line)
		}
		row := 0
		for i, r := range rows {
			if len(r) > 0 && r[0] == tt.id {
				row = i + 1
			}
		}
		if row == 0 {
			t.Errorf("Summary sheet has no row for criterion %s", tt.id)
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(4, row)
		typ, _ := f.GetCellType(sheetSummary, ref)
		raw, _ := f.GetCellValue(sheetSummary, ref, excelize.Options{RawCellValue: true})
		if kind := cellTypeName(typ); kind != tt.kind || raw != tt.cell {
			t.Errorf("Summary!%s (weight of %s) = %s %q, want %s %q", ref, tt.id, kind, raw,
				tt.kind, tt.cell)
		}
	}
}
