package sitrep

import "testing"

func TestLowestCredible(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		name  string
		tolls []Toll
		want  *int
	}{
		{"nothing reported", nil, n(0)},
		{"deaths without a number", []Toll{{Group: "civilians"}}, nil},
		{"lowest claim per group, groups added", []Toll{
			{Count: n(58), Group: "forces"}, {Count: n(23), Group: "forces"}, {Count: n(200), Group: "fighters"}, {Count: n(9), Group: "fighters"},
		}, n(32)},
		{"the writer's figure for all victims wins", []Toll{
			{Count: n(46), Group: "civilians"}, {Count: n(30), Group: TollGroupAll, ByReporter: true},
		}, n(30)},
		{"a party's figure for all victims is one group among others", []Toll{
			{Count: n(10), Group: TollGroupAll}, {Count: n(5), Group: "forces"},
		}, n(15)},
	}
	for _, tt := range tests {
		got := LowestCredible(tt.tolls)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, deref(got), deref(tt.want))
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
