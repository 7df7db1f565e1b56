package report

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dumpWorkbook returns a normalised text dump of the workbook at path:
// what a reader of the file sees and what the reports promise (values and
// their types, number formats, bold headers, frozen panes, autofilters,
// widths, hyperlinks, the chart), one fact per line, so that golden
// comparisons show exactly what changed.
func dumpWorkbook(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("OpenFile(%s): %v", path, err)
	}
	defer f.Close()
	parts := zipParts(t, path)
	var b strings.Builder
	fmt.Fprintf(&b, "parts: %s\n", strings.Join(slices.Sorted(maps.Keys(parts)), " "))
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "props: title=%q creator=%q created=%s modified=%s\n",
		props.Title, props.Creator, props.Created, props.Modified)
	fmt.Fprintf(&b, "sheets: %q\n", f.GetSheetList())
	for _, chart := range chartParts(parts) {
		fmt.Fprintf(&b, "chart %s: %s\n", chart, describeChart(parts[chart]))
	}
	paths := sheetPaths(t, parts)
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n== %s\n", sheet)
		dumpSheet(t, &b, f, sheet, parts[paths[sheet]])
	}
	return b.String()
}

func dumpSheet(t *testing.T, b *strings.Builder, f *excelize.File, sheet string, xmlData []byte) {
	t.Helper()
	panes, err := f.GetPanes(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if panes.Freeze {
		fmt.Fprintf(b, "freeze: ySplit=%d topLeft=%s\n", panes.YSplit, panes.TopLeftCell)
	}
	if m := regexp.MustCompile(`<autoFilter ref="([^"]+)"`).FindSubmatch(xmlData); m != nil {
		fmt.Fprintf(b, "autofilter: %s\n", m[1])
	}
	raw, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	cols := 0
	for _, r := range raw {
		cols = max(cols, len(r))
	}
	var widths []string
	for c := 1; c <= cols; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		w, _ := f.GetColWidth(sheet, name)
		widths = append(widths, fmt.Sprintf("%s=%g", name, w))
	}
	fmt.Fprintf(b, "widths: %s\n", strings.Join(widths, " "))
	for r, row := range raw {
		for c, v := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if line := describeCell(t, f, sheet, ref, v); line != "" {
				fmt.Fprintln(b, line)
			}
		}
	}
}

// describeCell returns one line about a cell, or "" for an empty one.
func describeCell(t *testing.T, f *excelize.File, sheet, ref, raw string) string {
	t.Helper()
	shown, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	formula, _ := f.GetCellFormula(sheet, ref)
	if raw == "" && formula == "" {
		return ""
	}
	typ, _ := f.GetCellType(sheet, ref)
	line := fmt.Sprintf("%s %s %q", ref, cellTypeName(typ), raw)
	if shown != raw {
		line += fmt.Sprintf(" shown %q", shown)
	}
	if formula != "" {
		line += " formula " + formula
	}
	if ok, target, _ := f.GetCellHyperLink(sheet, ref); ok {
		line += " link " + target
	}
	if s := describeStyle(t, f, sheet, ref); s != "" {
		line += " [" + s + "]"
	}
	return line
}

func cellTypeName(t excelize.CellType) string {
	switch t {
	case excelize.CellTypeUnset:
		return "n" // numbers have no type attribute
	case excelize.CellTypeNumber:
		return "n"
	case excelize.CellTypeDate:
		return "d"
	case excelize.CellTypeInlineString, excelize.CellTypeSharedString:
		return "s"
	case excelize.CellTypeFormula:
		return "f"
	case excelize.CellTypeBool:
		return "b"
	}
	return fmt.Sprintf("type%d", t)
}

// describeStyle names the parts of a cell's style that the reports rely
// on: bold, size, link look, number format.
func describeStyle(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil || id == 0 {
		return ""
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	if st.Font != nil {
		if st.Font.Bold {
			parts = append(parts, "bold")
		}
		if st.Font.Size != 0 && st.Font.Size != 11 {
			parts = append(parts, fmt.Sprintf("size=%g", st.Font.Size))
		}
		if st.Font.Underline != "" {
			parts = append(parts, "underline")
		}
	}
	if st.CustomNumFmt != nil {
		parts = append(parts, "fmt="+*st.CustomNumFmt)
	} else if st.NumFmt != 0 {
		parts = append(parts, fmt.Sprintf("numfmt=%d", st.NumFmt))
	}
	return strings.Join(parts, " ")
}

// zipParts reads every part of the archive at path.
func zipParts(t *testing.T, path string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	parts := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name] = data
	}
	return parts
}

// sheetPaths maps sheet names to their parts, through the workbook and
// its relationships.
func sheetPaths(t *testing.T, parts map[string][]byte) map[string]string {
	t.Helper()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(parts["xl/workbook.xml"], &wb); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(parts["xl/_rels/workbook.xml.rels"], &rels); err != nil {
		t.Fatal(err)
	}
	paths := map[string]string{}
	for _, s := range wb.Sheets {
		for _, r := range rels.Rels {
			if r.ID == s.RID {
				paths[s.Name] = "xl/" + strings.TrimPrefix(r.Target, "/xl/")
			}
		}
	}
	return paths
}

func chartParts(parts map[string][]byte) []string {
	var out []string
	for name := range parts {
		if strings.HasPrefix(name, "xl/charts/chart") {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// describeChart names a chart's kind, direction and data references.
func describeChart(data []byte) string {
	kind := regexp.MustCompile(`<(?:c:)?(\w+Chart)>`).FindSubmatch(data)
	dir := regexp.MustCompile(`<(?:c:)?barDir val="(\w+)"`).FindSubmatch(data)
	var refs []string
	for _, m := range regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`).FindAllSubmatch(data, -1) {
		refs = append(refs, string(m[1]))
	}
	s := "no chart type"
	if kind != nil {
		s = string(kind[1])
	}
	if dir != nil {
		s += " dir=" + string(dir[1])
	}
	return s + " refs=" + strings.Join(refs, " ")
}
