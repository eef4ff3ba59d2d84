package api

// route is one operation of the API: what the mux registers, which query
// parameters it accepts, and what the OpenAPI document must describe (the
// tests compare both).
type route struct {
	Method string
	Path   string // ServeMux pattern path, OpenAPI path template alike
	Params []string
	Handle handlerFunc
}

// Parameters shared by several routes.
var (
	pictureFilterParams = []string{"from", "to", "type", "actor", "place", "bbox", "contested", "episode", "sort"}
	pageParams          = []string{"limit", "offset"}
)

func params(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// routes is every operation of the API.
var routes = []route{
	{"GET", Prefix + "/{$}", nil, (*server).index},
	{"GET", Prefix + "/openapi.json", nil, (*server).openAPI},
	{"GET", Prefix + "/events", params(pictureFilterParams, []string{"limit", "cursor", "summary"}), (*server).events},
	{"GET", Prefix + "/events/{id}", nil, (*server).event},
	{"GET", Prefix + "/reports", params([]string{"from", "to", "type", "actor", "place", "contested", "doc", "event"}, pageParams), (*server).reports},
	{"GET", Prefix + "/claims", params([]string{"from", "to", "kind", "claimant", "about", "actor", "doc", "contested"}, pageParams), (*server).claims},
	{"GET", Prefix + "/ledger", params([]string{"event", "contested"}, pageParams), (*server).ledger},
	{"GET", Prefix + "/actors", params([]string{"type"}, pageParams), (*server).actors},
	{"GET", Prefix + "/places", params([]string{"country"}, pageParams), (*server).places},
	{"GET", Prefix + "/documents", params([]string{"from", "to", "outlet", "actor", "family", "after"}, pageParams), (*server).documents},
	{"POST", Prefix + "/documents", []string{"title", "url", "outlet", "published"}, (*server).ingestDocuments},
	{"GET", Prefix + "/documents/{id}", nil, (*server).document},
	{"GET", Prefix + "/families", pageParams, (*server).families},
	{"GET", Prefix + "/episodes", pageParams, (*server).episodes},
	{"GET", Prefix + "/search", []string{"q", "literal", "limit"}, (*server).search},
	{"GET", Prefix + "/brief", []string{"format", "since", "top"}, (*server).brief},
	{"GET", Prefix + "/export", params(pictureFilterParams, []string{"format", "level"}), (*server).export},
}
