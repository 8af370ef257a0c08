package engine

import (
	"context"
	"time"

	"github.com/google/uuid"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/pgnotify"
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
	if m.Role != dbenum.RoleAssistant {
		return nil, rpcerror.FailedPrecondition("only assistant messages can be cancelled")
	}
	if m.Status == dbenum.MessageStreaming {
		if g := e.gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		} else if err := e.notifyCancel(ctx, id); err != nil {
			return nil, err
		}
		deadline, notified := time.Now().Add(e.cfg.CancelWait), time.Now()
		for m.Status == dbenum.MessageStreaming && time.Now().Before(deadline) {
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
	if err := pgnotify.Notify(ctx, e.pool, cancelChannel, id.String()); err != nil {
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

// subscribeCancels makes this process cancel its generations that another
// replica's CancelGeneration names, and wakes the turns waiting on a tool
// execution another replica changed, until ctx ends.
func (e *Engine) subscribeCancels(ctx context.Context) {
	unsubscribe := e.notifier.Subscribe(cancelChannel, func(payload string) {
		id, err := uuid.Parse(payload)
		if err != nil {
			return
		}
		if g := e.gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		}
	})
	context.AfterFunc(ctx, unsubscribe)
	if e.tools != nil {
		context.AfterFunc(ctx, e.notifier.Subscribe(tool.NotifyChannel, e.tools.Wake))
	}
}
