//go:build unix

package sqlite

import (
	"context"
	"database/sql"
	"os"
	"syscall"
)

// fileLocker holds an exclusive flock on a file beside the database while
// migrations run, so concurrent first opens apply each migration once.
type fileLocker struct {
	path string
	f    *os.File
}

func newFileLocker(path string) *fileLocker { return &fileLocker{path: path} }

// Lock waits for the lock; the context bounds the wait.
func (l *fileLocker) Lock(ctx context.Context, _ *sql.DB) error {
	f, err := os.OpenFile(l.path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() { done <- syscall.Flock(int(f.Fd()), syscall.LOCK_EX) }()
	select {
	case err := <-done:
		if err != nil {
			f.Close()
			return err
		}
		l.f = f
		return nil
	case <-ctx.Done():
		// Closing the file releases the lock if the flock call wins later.
		f.Close()
		return ctx.Err()
	}
}

// Unlock releases the lock. The file stays: removing it would let a waiter
// lock an unlinked file while a newcomer locks a fresh one.
func (l *fileLocker) Unlock(context.Context, *sql.DB) error {
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
