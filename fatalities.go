package sitrep

// Toll is one reported death figure as ACLED's fatality rule weighs it.
type Toll struct {
	Count *int // nil: deaths reported without a number
	// Group is the victim group the figure counts (forces, fighters,
	// civilians, people); figures of one group are alternatives, figures
	// of different groups add up.
	Group string
	// ByReporter is set when the writer, not a party, gives the figure.
	ByReporter bool
}

// TollGroupAll is the victim group of a figure for all victims together.
const TollGroupAll = "people"

// LowestCredible applies ACLED's rule, the lowest credible figure: a figure
// the writer reports for all victims wins over the parties' claims;
// otherwise, per victim group the lowest figure is taken and the groups are
// added up. It returns 0 when no figure is reported, nil when deaths are
// reported without a number.
func LowestCredible(tolls []Toll) *int {
	if len(tolls) == 0 {
		zero := 0
		return &zero
	}
	best, found := 0, false
	for _, t := range tolls {
		if t.ByReporter && t.Group == TollGroupAll && t.Count != nil && (!found || *t.Count < best) {
			best, found = *t.Count, true
		}
	}
	if found {
		return &best
	}
	groups := map[string]int{}
	for _, t := range tolls {
		if t.Count == nil {
			continue
		}
		if old, ok := groups[t.Group]; !ok || *t.Count < old {
			groups[t.Group] = *t.Count
		}
	}
	if len(groups) == 0 {
		return nil
	}
	sum := 0
	for _, n := range groups {
		sum += n
	}
	return &sum
}
