// Package collectbench measures how close collecting an organization's
// Spaces comes to the limits that latency and the Hub's rate limit set.
// It runs the real collector against a fake Hub ([hubtest]) serving 1,000
// Spaces with 50 ms of latency per request:
//
//	go test -run '^$' -bench . -benchtime 1x ./bench/collect
//
// Each sub-benchmark reports ratios from one run; bench/README.md explains
// them and records the latest figures.
package collectbench
