package sqlite

import (
	"context"
	"fmt"
	"strings"

	sitrep "github.com/sitrep-dev/sitrep"
)

// Search finds documents whose title or text match q, best first, each with
// a snippet of its best passage.
func (s *Store) Search(ctx context.Context, q sitrep.SearchQuery) ([]sitrep.SearchHit, error) {
	match := q.Text
	if !q.Syntax {
		match = quoteTerms(q.Text)
	}
	if strings.TrimSpace(match) == "" {
		return nil, fmt.Errorf("empty search: %w", sitrep.ErrBadQuery)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	open, closing := q.Open, q.Close
	if open == "" && closing == "" {
		open, closing = "**", "**"
	}
	// Rank and cut in the full-text index alone, then read the few
	// documents: joining before the cut read a document row per match
	// (twice the time for a common word).
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+`, h.snip, h.score
		FROM (SELECT rowid AS id, snippet(documents_fts, -1, ?, ?, '…', 24) AS snip, rank AS score
			FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?) h
		CROSS JOIN documents d ON d.id = h.id ORDER BY h.score, d.id`, open, closing, match, limit)
	if err != nil {
		return nil, searchError(q.Text, err)
	}
	defer rows.Close()
	var out []sitrep.SearchHit
	for rows.Next() {
		var h sitrep.SearchHit
		sd, err := scanDoc(rows, &h.Snippet, &h.Score)
		if err != nil {
			return nil, searchError(q.Text, err)
		}
		h.Doc = sd
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, searchError(q.Text, err)
	}
	return out, nil
}

// searchError tells a query the full-text engine could not parse (the
// user's to fix, said in words) from a failure of the store.
func searchError(query string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "SQL logic error: ")
	msg = strings.TrimSpace(strings.TrimSuffix(msg, " (1)"))
	var why string
	switch {
	case msg == `fts5: syntax error near ""`:
		why = "the query ends too early (an operator, NEAR or parenthesis is left open)"
	case strings.HasPrefix(msg, "fts5: syntax error near "):
		why = "syntax error near " + strings.TrimPrefix(msg, "fts5: syntax error near ")
	case strings.HasPrefix(msg, "unterminated string"):
		why = "a quoted phrase is not closed"
	case strings.HasPrefix(msg, "no such column: "):
		why = fmt.Sprintf("%q is not a column (title, text); a leading - or a colon reads as one", strings.TrimPrefix(msg, "no such column: "))
	case strings.HasPrefix(msg, "unknown special query"):
		why = "the query has no words"
	case strings.HasPrefix(msg, "expected integer"):
		why = "NEAR takes a number as its distance: " + msg
	case strings.Contains(msg, "fts5") || strings.Contains(msg, "malformed MATCH"):
		why = msg
	default:
		return fmt.Errorf("sqlite: search: %w", err)
	}
	return fmt.Errorf("search %q: %s: %w", query, why, sitrep.ErrBadQuery)
}

// quoteTerms makes user input a literal FTS5 query: every term a quoted
// string (double quotes doubled), all required; a trailing * stays a prefix
// search. Terms without any letter or digit are dropped: FTS5 would find no
// token in them.
func quoteTerms(s string) string {
	var b strings.Builder
	for _, f := range strings.Fields(s) {
		prefix := false
		for strings.HasSuffix(f, "*") {
			f = strings.TrimSuffix(f, "*")
			prefix = true
		}
		if !hasWordChar(f) {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
		if prefix {
			b.WriteByte('*')
		}
	}
	return b.String()
}

func hasWordChar(s string) bool {
	for _, r := range s {
		if r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 {
			return true
		}
	}
	return false
}
