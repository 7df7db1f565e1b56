package demogen

import "fmt"

// Staff are the event's organizers: members of the organization who author
// its README and Leaderboard, pick Spaces, and help participants.
var staff = []string{
	"hollis-gradio", "mira-ogunleye", "tobias-lindqvist", "yuki-hartmann", "dana-okoro",
}

// pickers are the staff members who send staff picks.
var pickers = []string{"hollis-gradio", "mira-ogunleye", "yuki-hartmann"}

// Building blocks of invented usernames.
var (
	givenNames = []string{
		"ada", "bruno", "chen", "dara", "elif", "femi", "gio", "hana", "ivan", "jun",
		"kofi", "lena", "mika", "nadia", "omar", "priya", "quinn", "rafa", "sana",
		"tomas", "uma", "vera", "wen", "xavi", "yara", "zeno", "aiko", "bilal",
		"carmen", "dmitri", "esme", "farah", "goran", "hugo", "ines", "jonas", "kiri",
		"lior", "marta", "nico", "olu", "pavel", "rhea", "soren", "tara", "ugo", "vik",
		"wanda", "yusuf", "zara", "amara", "bo", "cyrus", "dilan", "eun", "filip",
	}
	handleWords = []string{
		"ml", "ai", "dev", "lab", "vision", "nlp", "art", "codes", "builds", "hf",
		"research", "data", "pixels", "audio", "bot", "net", "tensor", "gpu", "py",
		"studio", "works", "learns", "hacks", "labs",
	}
)

// people makes n distinct invented usernames that do not collide with
// taken, and marks them taken.
func people(r *rng, n int, taken map[string]bool) []string {
	out := make([]string, 0, n)
	for len(out) < n {
		u := username(r)
		if taken[u] {
			continue
		}
		taken[u] = true
		out = append(out, u)
	}
	return out
}

// username makes one plausible username in one of several styles.
func username(r *rng) string {
	g, w := pick(r, givenNames), pick(r, handleWords)
	switch r.intn(6) {
	case 0:
		return g + "-" + w
	case 1:
		return g + "_" + w
	case 2:
		return fmt.Sprintf("%s%d", g, 1+r.intn(99))
	case 3:
		return g + w
	case 4:
		return fmt.Sprintf("%s-%s%d", g, w, 1+r.intn(9))
	default:
		return fmt.Sprintf("%s%c", g, 'a'+r.intn(26))
	}
}
