package engine

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/tool"
)

// Cancel stops a running generation on whichever replica runs it, and
// returns the answer as it settled (or as it stands when the generation
// did not settle within Config.CancelWait).
func (e *Engine) Cancel(ctx context.Context, userID string, id uuid.UUID) (*bestchatv1.Message, error) {
	uid := userID
	m, err := e.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get message", "message")
	}
	if m.Role != "assistant" {
		return nil, rpcerror.FailedPrecondition("only assistant messages can be cancelled")
	}
	if m.Status == "streaming" {
		if g := e.gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		} else if err := e.notifyCancel(ctx, id); err != nil {
			return nil, err
		}
		deadline, notified := time.Now().Add(e.cfg.CancelWait), time.Now()
		for m.Status == "streaming" && time.Now().Before(deadline) {
			g := e.gens.get(id)
			switch {
			case g != nil && !isClosed(g.done):
				// Cancelling again is harmless, and reaches a generation
				// registered after the first look (its start had just
				// committed): the notice sent then found nobody.
				g.cancel(errCancelledByUser)
				select {
				case <-g.done:
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(time.Until(deadline)):
				}
			case g == nil:
				// Another replica's generation: notify again now and then,
				// in case the first notice came before the generation was
				// registered there.
				time.Sleep(50 * time.Millisecond)
				if time.Since(notified) >= renotifyEvery {
					notified = time.Now()
					if err := e.notifyCancel(ctx, id); err != nil {
						return nil, err
					}
				}
			default:
				// Ended here without settling (its settle failed): the row
				// waits for recovery; look again at a calm pace.
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(min(50*time.Millisecond, time.Until(deadline))):
				}
			}
			if m, err = e.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid}); err != nil {
				return nil, rpcerror.DB(err, "get message", "message")
			}
		}
	}
	return e.messageProto(ctx, e.q, m), nil
}

// notifyCancel asks the replica running generation id to cancel it.
func (e *Engine) notifyCancel(ctx context.Context, id uuid.UUID) error {
	if _, err := e.pool.Exec(ctx, "SELECT pg_notify($1, $2)", cancelChannel, id.String()); err != nil {
		return rpcerror.DB(err, "notify cancel", "message")
	}
	return nil
}

// renotifyEvery is how often CancelGeneration repeats its notice while a
// generation on another replica runs on.
const renotifyEvery = 500 * time.Millisecond

// isClosed reports whether c is closed.
func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// cancelChannel carries CancelGeneration requests between replicas.
const cancelChannel = "bestchat_cancel"

func (e *Engine) listenCancels(ctx context.Context) error {
	conn, err := e.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+cancelChannel); err != nil {
		return err
	}
	if e.tools != nil {
		if _, err := conn.Exec(ctx, "LISTEN "+tool.NotifyChannel); err != nil {
			return err
		}
	}
	defer func() {
		// A connection interrupted mid-wait is in an unknown state: close
		// it (the pool drops closed connections). Otherwise stop listening
		// before it goes back to the pool.
		uctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if ctx.Err() != nil {
			_ = conn.Conn().Close(uctx)
			return
		}
		_, _ = conn.Exec(uctx, "UNLISTEN *")
	}()
	return e.waitNotifications(ctx, conn)
}

// waitNotifications dispatches cancels to this process's generations and
// tool execution changes to the turns waiting for them.
func (e *Engine) waitNotifications(ctx context.Context, conn *pgxpool.Conn) error {
	gens := e.gens
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == tool.NotifyChannel {
			e.tools.Wake(n.Payload)
			continue
		}
		id, err := uuid.Parse(n.Payload)
		if err != nil {
			continue
		}
		if g := gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		}
	}
}

// Drain waits for running generations to finish until ctx ends, then stops
