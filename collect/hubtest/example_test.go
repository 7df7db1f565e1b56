package hubtest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/spacejudge/spacejudge/collect/hubtest"
)

func ExampleNewServer() {
	ds := &hubtest.Dataset{
		Org: "my-org",
		Spaces: []hubtest.Space{
			{ID: "my-org/demo", SDK: "gradio", Likers: []string{"ada", "bo"}},
		},
	}
	s := hubtest.NewServer(ds, hubtest.Options{Quota: 100})
	defer s.Close()

	// The first request about the Space fails; the retry succeeds.
	s.Inject(hubtest.Fault{Route: hubtest.RouteSpace, Times: 1, Status: 503})
	for range 2 {
		resp, err := http.Get(s.URL + "/api/spaces/my-org/demo?expand=likes&expand=sdk")
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		remaining, _, _ := strings.Cut(resp.Header.Get("RateLimit"), ";t=")
		fmt.Println(resp.Status, remaining)
		fmt.Println(string(body))
	}
	fmt.Println(s.Requests(hubtest.RouteSpace), "requests")
	// Output:
	// 503 Service Unavailable "api";r=99
	// {"error":"Service Unavailable"}
	// 200 OK "api";r=98
	// {"_id":"5b807f8996687786f053f853","id":"my-org/demo","likes":2,"sdk":"gradio"}
	// 2 requests
}
