package provider

import (
	"context"
	"errors"
	"log/slog"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/secrets"
)

// RotateResult counts what [RotateKeys] did.
type RotateResult struct {
	// Resealed keys are now sealed by the ring's current key.
	Resealed int
	// Unreadable keys could not be opened with the ring (their key was
	// removed, or the row was altered); their configurations report
	// KEY_STATUS_UNREADABLE until their owners save a new key.
	Unreadable int
	// Remaining keys are still sealed by another key after the run
	// (Unreadable ones, and rows a concurrent run held locked).
	Remaining int
}

// RotateKeys re-seals every stored API key under the ring's current key,
// batch rows per transaction in id order. Each batch commits on its own,
// so an interrupted run keeps what it did and the next run (it is
// idempotent: keys already under the current key are not touched) does
// the rest. Rows being rotated by a concurrent run are skipped, and a row
// whose key a user replaced meanwhile is left to the user's write.
func RotateKeys(ctx context.Context, pool *pgxpool.Pool, ring *secrets.KeyRing, batch int, logger *slog.Logger) (RotateResult, error) {
	if batch <= 0 {
		batch = 500
	}
	if logger == nil {
		logger = slog.Default()
	}
	q := dbsqlc.New(pool)
	var res RotateResult
	after := uuid.Nil
	for {
		n := 0
		err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			qt := q.WithTx(tx)
			rows, err := qt.ListKeysToRotate(ctx, dbsqlc.ListKeysToRotateParams{
				CurrentKeyID: ring.CurrentID(), AfterID: after, RowLimit: int32(batch),
			})
			if err != nil {
				return err
			}
			n = len(rows)
			for _, r := range rows {
				after = r.ID
				old := secrets.Sealed{KeyID: r.KeyID, Nonce: r.KeyNonce, Ciphertext: r.EncryptedKey}
				sealed, changed, err := ring.Reseal(old, secrets.ProviderKeyAD(r.UserID, r.Provider))
				if err != nil {
					res.Unreadable++
					reason := "tampered, or bound to another owner or provider"
					if errors.Is(err, secrets.ErrUnknownKey) {
						reason = "sealed by a key that is not in the ring"
					}
					logger.WarnContext(ctx, "rotate-keys: key cannot be opened; its owner must save it again",
						"provider_config_id", r.ID.String(), "key_id", r.KeyID, "reason", reason)
					continue
				}
				if !changed {
					continue
				}
				done, err := qt.ResealProviderKey(ctx, dbsqlc.ResealProviderKeyParams{
					EncryptedKey: sealed.Ciphertext, KeyNonce: sealed.Nonce, KeyID: sealed.KeyID,
					ID: r.ID, UserID: r.UserID, OldKeyID: r.KeyID, OldKeyNonce: r.KeyNonce,
				})
				if err != nil {
					return err
				}
				res.Resealed += int(done)
			}
			return nil
		})
		if err != nil {
			return res, err
		}
		if n < batch {
			break
		}
	}
	counts, err := q.CountKeysByKeyID(ctx)
	if err != nil {
		return res, err
	}
	for _, c := range counts {
		if c.KeyID != ring.CurrentID() {
			res.Remaining += int(c.Keys)
		}
	}
	return res, nil
}
