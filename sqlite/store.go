// Package sqlite is sitrep's embedded store: documents, records, events,
// claims, full text and the fused situation picture in one SQLite file.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sync/atomic"

	"github.com/pressly/goose/v3"
	sitrep "github.com/sitrep-dev/sitrep"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a sitrep.Store, sitrep.PictureStore and sitrep.PictureReader
// kept in SQLite. It is safe for concurrent use by several goroutines;
// several processes may share the file (writers wait for each other up to
// the busy timeout).
type Store struct {
	db    *sql.DB
	path  string
	stmts map[string]*sql.Stmt // ingest statements, by query; read-only after Open
}

var (
	_ sitrep.Store         = (*Store)(nil)
	_ sitrep.PictureStore  = (*Store)(nil)
	_ sitrep.PictureReader = (*Store)(nil)
	_ sitrep.PictureStats  = (*Store)(nil)
)

// pragmas apply to every connection: WAL lets readers work while a document
// is written; synchronous NORMAL keeps every commit safe against a killed
// process (not against power loss, which is fine for a rebuildable store);
// foreign keys make deletes cascade; the busy timeout lets concurrent
// writers queue instead of failing. A checkpoint every 8000 pages (not 1000)
// writes a hot index page to the database once per many commits: +25%
// ingest rate.
const pragmas = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-16000)&_pragma=temp_store(MEMORY)&_pragma=mmap_size(67108864)&_pragma=wal_autocheckpoint(8000)" +
	// BEGIN IMMEDIATE: a write transaction takes the write lock at once, so
	// two writers never both hold read locks and deadlock on the upgrade.
	"&_txlock=immediate"

// Open opens (creating it when needed) the store at path and brings its
// schema up to date.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: empty database path")
	}
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: path}).EscapedPath(), RawQuery: pragmas}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s := &Store{db: db, path: path}
	if err := s.init(path); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	return s, nil
}

var memories atomic.Int64

// OpenMemory opens a private in-memory store, for tests and throwaway use.
func OpenMemory() (*Store, error) {
	// A named shared-cache memory database lets the pool's connections see
	// one database; the name keeps stores opened side by side apart.
	name := fmt.Sprintf("file:sitrep-mem-%d?mode=memory&cache=shared&_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)&_txlock=immediate", memories.Add(1))
	db, err := sql.Open("sqlite", name)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open memory: %w", err)
	}
	// Shared-cache tables lock per table; one connection avoids spurious
	// "table is locked" errors and keeps the database alive while open.
	db.SetMaxOpenConns(1)
	s := &Store{db: db}
	if err := s.init(""); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open memory: %w", err)
	}
	return s, nil
}

func (s *Store) init(path string) error {
	ctx := context.Background()
	if path != "" {
		// The first connection to a new file switches it to WAL, which
		// fails at once (no busy wait) when another opener is doing the
		// same: first connections take the migration lock.
		l := newFileLocker(path + ".migrate-lock")
		if err := l.Lock(ctx, s.db); err != nil {
			return err
		}
		err := s.db.Ping()
		l.Unlock(ctx, s.db)
		if err != nil {
			return err
		}
	}
	if err := s.db.Ping(); err != nil {
		return err
	}
	if err := migrate(ctx, s.db, path); err != nil {
		return err
	}
	if err := backfillPictureColumns(ctx, s.db); err != nil {
		return err
	}
	return s.prepare(ctx)
}

// migrate applies the embedded migrations that the database lacks.
func migrate(ctx context.Context, db *sql.DB, path string) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if path != "" {
		// goose has no lock for SQLite: two processes opening a new file at
		// once could both apply migration 1. A lock file beside the
		// database serialises them.
		opts = append(opts, goose.WithLocker(newFileLocker(path+".migrate-lock")))
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, opts...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	return nil
}

// SchemaVersion is the highest migration applied to the store.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v.Int64, err
}

// Check runs SQLite's integrity check and the full-text index's own check;
// it returns nil when both pass.
func (s *Store) Check(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	var problems []string
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			rows.Close()
			return err
		}
		if msg != "ok" {
			problems = append(problems, msg)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: integrity check: %v", problems)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')`); err != nil {
		return fmt.Errorf("sqlite: full-text index check: %w", err)
	}
	var fk int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil {
		return err
	}
	if fk > 0 {
		return fmt.Errorf("sqlite: %d rows break foreign keys", fk)
	}
	return nil
}

// Close runs SQLite's planner statistics upkeep and closes the database.
func (s *Store) Close() error {
	// optimize keeps the planner's statistics fresh for the event filters;
	// it is cheap when little changed.
	for _, st := range s.stmts {
		st.Close()
	}
	s.db.Exec(`PRAGMA optimize`)
	return s.db.Close()
}
