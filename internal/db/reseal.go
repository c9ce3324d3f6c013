package db

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// resealBatch is how many rows one transaction of ResealColumn rewrites.
const resealBatch = 200

// ResealColumn rewrites each row of table (keyed by a text column named
// id) whose sealed column is not null: reseal gets the sealed value and
// returns the columns to set — the value opened with the old master key
// and sealed with the new one when the master key rotates, and whatever
// else derives from the key (lookup indexes). It goes through the table in
// id order, a batch per transaction, and returns how many rows it
// rewrote.
func ResealColumn(ctx context.Context, d *DB, table, column string, reseal func(id string, sealed []byte) (map[string]any, error)) (int, error) {
	n, after := 0, ""
	for {
		type row struct {
			id     string
			sealed []byte
		}
		var batch []row
		err := d.InTx(ctx, func(tx *sql.Tx) error {
			rows, err := tx.QueryContext(ctx, d.Rebind(fmt.Sprintf(`SELECT id, %s FROM %s WHERE id > ? AND %s IS NOT NULL ORDER BY id LIMIT ?`,
				column, table, column)), after, resealBatch)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r row
				if err := rows.Scan(&r.id, &r.sealed); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			for _, r := range batch {
				set, err := reseal(r.id, r.sealed)
				if err != nil {
					return fmt.Errorf("%s %s: %w", table, r.id, err)
				}
				names := slices.Sorted(maps.Keys(set))
				args := make([]any, 0, len(names)+1)
				for i, name := range names {
					args = append(args, set[name])
					names[i] += " = ?"
				}
				q := fmt.Sprintf(`UPDATE %s SET %s WHERE id = ?`, table, strings.Join(names, ", "))
				if _, err := tx.ExecContext(ctx, d.Rebind(q), append(args, r.id)...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		n += len(batch)
		if len(batch) < resealBatch {
			return n, nil
		}
		after = batch[len(batch)-1].id
	}
}
