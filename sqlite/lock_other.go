//go:build !unix

package sqlite

import (
	"context"
	"database/sql"
)

// fileLocker does nothing where flock is missing: concurrent first opens of
// one new database are then not serialised.
type fileLocker struct{}

func newFileLocker(string) *fileLocker { return &fileLocker{} }

// Lock does nothing.
func (*fileLocker) Lock(context.Context, *sql.DB) error { return nil }

// Unlock does nothing.
func (*fileLocker) Unlock(context.Context, *sql.DB) error { return nil }
