package sqlite

import (
	"context"
	"fmt"

	sitrep "github.com/sitrep-dev/sitrep"
)

// SetEventClusters assigns events to picture events, in one transaction.
func (s *Store) SetEventClusters(ctx context.Context, a []sitrep.EventCluster) error {
	return s.batch(ctx, `UPDATE events SET cluster_id = ?, contested = ? WHERE id = ?`, len(a), func(i int) []any {
		return []any{nullInt(a[i].Cluster), a[i].Contested, a[i].RowID}
	})
}

// SetFamilies assigns documents to rewrite families, in one transaction.
func (s *Store) SetFamilies(ctx context.Context, a []sitrep.DocFamily) error {
	return s.batch(ctx, `UPDATE documents SET family_id = ? WHERE id = ?`, len(a), func(i int) []any {
		return []any{nullInt(a[i].Family), a[i].DocID}
	})
}

// SetClaimsContested flags or unflags claims, in one transaction.
func (s *Store) SetClaimsContested(ctx context.Context, rowIDs []int64, contested bool) error {
	return s.batch(ctx, `UPDATE claims SET contested = ? WHERE id = ?`, len(rowIDs), func(i int) []any {
		return []any{contested, rowIDs[i]}
	})
}

// batch runs one statement n times in one transaction.
func (s *Store) batch(ctx context.Context, q string, n int, args func(int) []any) error {
	if n == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	defer st.Close()
	for i := range n {
		if _, err := st.ExecContext(ctx, args(i)...); err != nil {
			return fmt.Errorf("sqlite: %w", err)
		}
	}
	return tx.Commit()
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
