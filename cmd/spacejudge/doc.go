/*
Spacejudge judges a community event held on the Hugging Face Hub: it collects
every Space of the event's organization, decides who wins what under the
event's rules, and writes winner sheets that can be opened, sorted and
forwarded, with the reason for every decision.

Usage:

	spacejudge run      [flags]      collect, score and report: the main job
	spacejudge collect  [flags]      collect only; writes OUT/snapshot.json
	spacejudge diff     OLD NEW      what changed between two runs
	spacejudge init     [FILE]       write a commented event config to start from
	spacejudge version               print the version

Run "spacejudge COMMAND --help" for the flags of a command.

# Seeing it work

"spacejudge run --demo" judges a built-in demo organization modelled on the
Gradio Blocks Party, with demo votes and staff picks. It needs no network and
no token: the real collector talks to a replay of the Hub on loopback. The
results land in ./out.

# Judging an event

"spacejudge run --config event.yaml --votes votes.csv --picks picks.csv"
collects the organization's Spaces from the Hub, judges them and writes, in
--out: results.xlsx, one CSV file per sheet, summary.md and snapshot.json.
snapshot.json holds everything that was collected, so that
"spacejudge run --snapshot out/snapshot.json" recomputes the same results
offline, for example to answer a dispute after the event.

The token comes from the environment variable HF_TOKEN (or
HUGGING_FACE_HUB_TOKEN), or else from the file $HF_TOKEN_PATH or
$HF_HOME/token, never from a flag. It is sent only to the Hub endpoint
and never logged or written.

# Exit status

	0  success
	1  failure; no output was replaced
	2  bad usage, or an invalid config or input file; nothing was written
	3  reports written, but some Spaces could not be collected after
	   retries: the reports list them as not collected
	130 interrupted
*/
package main
