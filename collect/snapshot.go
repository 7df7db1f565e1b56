package collect

import "time"

// SchemaVersion is the version of the snapshot format that this package
// writes. ReadSnapshot rejects any other version, because a snapshot is the
// evidence a judging run is defended with and must never be half understood.
const SchemaVersion = 1

// A Snapshot is everything collected about one organization's Spaces at one
// moment: the input of judging, written as snapshot.json so that any result
// can be recomputed offline.
type Snapshot struct {
	// Schema is always SchemaVersion.
	Schema int `json:"schema"`
	// CollectedAt is when the listing started, in UTC.
	CollectedAt time.Time `json:"collected_at"`
	// Endpoint is the Hub base URL the data came from, without a token.
	Endpoint string `json:"endpoint"`
	// Org is the organization whose Spaces were listed.
	Org string `json:"org"`
	// Members holds the usernames of the organization's members, sorted.
	// It is nil when the members were not requested.
	Members []string `json:"members,omitempty"`
	// MembersError is set when the members were requested but could not be
	// fetched after retries.
	MembersError string `json:"members_error,omitempty"`
	// Spaces holds every listed Space, sorted by ID.
	Spaces []Space `json:"spaces"`
}

// A Space is one Space of the organization as the collector saw it. Every
// string in it comes from the Hub and ultimately from participants, so it is
// untrusted text.
type Space struct {
	// ID is "owner/name", as the Hub spells it.
	ID string `json:"id"`
	// Title is the card's title, empty when the card has none.
	Title string `json:"title,omitempty"`
	// SHA is the head commit of the Space's main branch.
	SHA string `json:"sha,omitempty"`
	// CreatedAt is when the Space was created.
	CreatedAt time.Time `json:"created_at"`
	// LastModified is the date of the Space's last commit, if known.
	LastModified time.Time `json:"last_modified,omitzero"`
	// Private and Disabled are the Hub's flags.
	Private  bool `json:"private,omitempty"`
	Disabled bool `json:"disabled,omitempty"`
	// SDK is the Space's SDK ("gradio", "streamlit", "static", "docker", …).
	SDK string `json:"sdk,omitempty"`
	// Stage is the runtime stage ("RUNNING", "BUILD_ERROR", …), kept as the
	// Hub wrote it, empty when the Hub gave none.
	Stage string `json:"stage,omitempty"`
	// Likes is the like count from the listing.
	Likes int `json:"likes"`
	// Likers are the usernames of the people who liked the Space, sorted.
	// It is nil when Likes is 0 or the likers were not asked for (only
	// rules that exclude self-likes need them), since then no likers are
	// requested.
	Likers []string `json:"likers,omitempty"`
	// Authors are the distinct commit authors, sorted, as the Hub spells
	// them ("system" included: the rules decide whom to ignore).
	Authors []string `json:"authors,omitempty"`
	// DuplicatedFrom is the card's duplicated_from, empty if absent.
	DuplicatedFrom string `json:"duplicated_from,omitempty"`
	// App is the result of checking the Space's app file. It is nil when the
	// Space's SDK is not one the rules look at.
	App *AppCheck `json:"app,omitempty"`
	// Error says why the Space's details could not be collected after
	// retries. A Space with an Error is listed but not judged.
	Error string `json:"error,omitempty"`
}

// An AppCheck records whether a Space's app file builds a gradio Blocks app,
// with the evidence a reviewer can look up.
type AppCheck struct {
	// File is the path of the app file in the Space (card app_file, or
	// app.py by default).
	File string `json:"file"`
	// Found reports whether the file exists at the Space's SHA.
	Found bool `json:"found"`
	// Blocks reports whether the file builds a gradio Blocks app.
	Blocks bool `json:"blocks"`
	// Line is the 1-based line of the evidence, 0 when there is none.
	Line int `json:"line,omitempty"`
	// Evidence is the (trimmed, shortened) source line that decided Blocks,
	// or a short explanation when there is no such line.
	Evidence string `json:"evidence,omitempty"`
	// Source is the file that holds the evidence line when it is not File
	// but a module of the Space that File imports (as when app.py runs
	// "from ui import demo"); Line then counts in Source. Empty otherwise.
	Source string `json:"source,omitempty"`
}

// Failed returns the IDs of the Spaces whose details could not be
// collected, in snapshot order.
func (s *Snapshot) Failed() []string {
	var ids []string
	for _, sp := range s.Spaces {
		if sp.Error != "" {
			ids = append(ids, sp.ID)
		}
	}
	return ids
}
