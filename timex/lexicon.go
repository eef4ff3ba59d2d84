package timex

import (
	_ "embed"
	"strconv"
	"strings"
)

//go:embed data/lexicon.txt
var lexiconData string

// Entry flags: one word may play several roles ("may", "second", "fall").
const (
	fMonth = 1 << iota
	fMonthAbbr
	fWeekday
	fSeason
	fNumber
	fVague
	fOrdinal
	fUnit
	fPartOfDay
	fFuture
	fMod
	fDir
	fCountNoun
	fNotYear
	fReport
)

type entry struct {
	flags   uint32
	month   int
	weekday int
	number  int
	ordinal int
	dir     int
	season  string
	unit    string
	pod     string
	mod     string
}

type lexicon map[string]*entry

var lex = loadLexicon(lexiconData)

func loadLexicon(data string) lexicon {
	l := lexicon{}
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 2 {
			continue
		}
		cat, word := parts[0], parts[1]
		val := ""
		if len(parts) > 2 {
			val = parts[2]
		}
		e := l[word]
		if e == nil {
			e = &entry{}
			l[word] = e
		}
		n, _ := strconv.Atoi(val)
		switch cat {
		case "month":
			e.flags |= fMonth
			e.month = n
		case "monthabbr":
			e.flags |= fMonthAbbr
			e.month = n
		case "weekday":
			e.flags |= fWeekday
			e.weekday = n
		case "season":
			e.flags |= fSeason
			e.season = val
		case "number":
			e.flags |= fNumber
			e.number = n
		case "vague":
			e.flags |= fVague
		case "ordinal":
			e.flags |= fOrdinal
			e.ordinal = n
		case "unit":
			e.flags |= fUnit
			e.unit = val
		case "partofday":
			e.flags |= fPartOfDay
			e.pod = val
		case "future":
			e.flags |= fFuture
		case "mod":
			e.flags |= fMod
			e.mod = val
		case "dir":
			e.flags |= fDir
			e.dir = n
		case "countnoun":
			e.flags |= fCountNoun
		case "report":
			e.flags |= fReport
		case "notyear":
			e.flags |= fNotYear
		}
	}
	return l
}
