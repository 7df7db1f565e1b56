package report

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// A column describes one field of a row struct. Its CSV header is the
// field's csv tag, which gocsv reads too; its worksheet header and widest
// width come from the xlsx tag, written `xlsx:"Title,width"`. A title of
// "*" marks a spread field, whose headers come from the criteria.
type column struct {
	field  int
	csv    string
	title  string
	max    float64
	spread bool
}

// columnsOf returns the columns of the row struct T. It panics when T is
// not a struct whose exported fields are all cells with both tags: that is
// a mistake in this package, which the tests catch.
func columnsOf[T any]() []column {
	t := reflect.TypeFor[T]()
	if t.Kind() != reflect.Struct {
		panic(fmt.Sprintf("report: row type %v is not a struct", t))
	}
	cellType := reflect.TypeFor[cell]()
	var cols []column
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		if !f.Type.Implements(cellType) {
			panic(fmt.Sprintf("report: %v.%s is not a cell type", t, f.Name))
		}
		cols = append(cols, parseColumn(t, i))
	}
	return cols
}

// parseColumn reads the tags of field i of t.
func parseColumn(t reflect.Type, i int) column {
	f := t.Field(i)
	name, title := f.Tag.Get("csv"), f.Tag.Get("xlsx")
	heading, width, ok := strings.Cut(title, ",")
	w, err := strconv.ParseFloat(width, 64)
	if name == "" || name == "-" || !ok || heading == "" || err != nil || w < 4 {
		panic(fmt.Sprintf("report: %v.%s needs tags csv:\"name\" xlsx:\"Title,width\"",
			t, f.Name))
	}
	return column{field: i, csv: name, title: heading, max: w, spread: heading == "*"}
}
