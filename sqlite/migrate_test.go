package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
)

// The picture migration goes down and up again: a store can be rolled back
// to the schema before the picture and rebuilt, its documents then pending.
func TestPictureMigrationDownAndUp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "down.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO documents (hash, text, ingested_at, pictured) VALUES ('h', 'text', '2025-01-01T00:00:00Z', 1)`); err != nil {
		t.Fatal(err)
	}
	s.Close()

	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 1); err != nil {
		t.Fatalf("down to 1: %v", err)
	}
	var n int
	db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE name LIKE 'picture%' OR name LIKE 'signature%' OR name IN ('quantities', 'episodes')`).Scan(&n)
	if n != 0 {
		t.Errorf("%d picture tables and indexes left after the down migration", n)
	}
	if _, err := db.ExecContext(ctx, `SELECT pictured FROM documents`); err == nil {
		t.Error("documents.pictured left after the down migration")
	}
	db.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatalf("up again: %v", err)
	}
	defer s.Close()
	if v, _ := s.SchemaVersion(ctx); v != latestVersion(t) {
		t.Errorf("schema version %d after up, want %d", v, latestVersion(t))
	}
	if pending, err := s.PendingDocuments(ctx); err != nil || len(pending) != 1 {
		t.Errorf("after down and up, pending %v (err %v), want the one document", pending, err)
	}
	if err := s.Check(ctx); err != nil {
		t.Error(err)
	}
}

// latestVersion is the number of the last embedded migration.
func latestVersion(t testing.TB) int64 {
	t.Helper()
	ents, err := fs.ReadDir(migrations, "migrations")
	if err != nil || len(ents) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	v, err := strconv.ParseInt(strings.SplitN(ents[len(ents)-1].Name(), "_", 2)[0], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
