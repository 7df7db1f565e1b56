// Package report writes the results of judging as files people can open,
// trust and forward: an Excel workbook (results.xlsx), one CSV file per
// sheet, and summary.md for a CI job summary.
//
// The reports decide nothing: they show a [score.Result] as it is. Each
// sheet and its CSV file come from one row struct, so the two cannot
// drift; every piece of untrusted text in a spreadsheet file passes
// through [Clean], so that no spreadsheet evaluates it as a formula, and
// summary.md gets the same cleaning and Markdown escapes instead of the
// formula guard; and [Write] replaces the files of the previous run only
// when every new file is complete.
//
// The same Result gives byte-identical CSV, Markdown and workbook files.
package report
