package chat

import (
	"context"
	"log/slog"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/pgnotify"
)

// Limits bound what one request may store. Zero fields take the defaults.
type Limits struct {
	// MaxMessageBytes caps the total text of one message.
	MaxMessageBytes int
	// MaxUploadBytes caps the content of one UploadFile.
	MaxUploadBytes int64
	// MaxUserStorageBytes caps the bytes a user's uploads occupy (each
	// distinct content counted once).
	MaxUserStorageBytes int64
	// MaxExportBytes caps the content of one ExportConversation; a larger
	// export is refused, never truncated.
	MaxExportBytes int
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{MaxMessageBytes: 128 << 10, MaxUploadBytes: 10 << 20, MaxUserStorageBytes: 1 << 30, MaxExportBytes: 16 << 20}

// Params are the dependencies of a Service.
type Params struct {
	Pool   *pgxpool.Pool
	Logger *slog.Logger
	Limits Limits
	// Engine runs the turns of SendMessage, RegenerateMessage,
	// ResumeStream and CancelGeneration.
	Engine *engine.Engine
	// Notifier is the process's LISTEN connection; WatchConversations
	// subscribes to the change feed's notifications through it (nil: the
	// streams only poll).
	Notifier *pgnotify.Listener
	// Watch tunes WatchConversations.
	Watch WatchConfig
}

// Service implements bestchatv1connect.ChatServiceHandler.
type Service struct {
	pool     *pgxpool.Pool
	q        *dbsqlc.Queries
	logger   *slog.Logger
	limits   Limits
	engine   *engine.Engine
	notifier *pgnotify.Listener
	watch    WatchConfig
	watchers watchers
	stopping chan struct{}
	stopOnce sync.Once
}

var _ bestchatv1connect.ChatServiceHandler = (*Service)(nil)

// New returns a Service.
func New(p Params) *Service {
	limits := p.Limits
	if limits.MaxMessageBytes <= 0 {
		limits.MaxMessageBytes = DefaultLimits.MaxMessageBytes
	}
	if limits.MaxUploadBytes <= 0 {
		limits.MaxUploadBytes = DefaultLimits.MaxUploadBytes
	}
	if limits.MaxUserStorageBytes <= 0 {
		limits.MaxUserStorageBytes = DefaultLimits.MaxUserStorageBytes
	}
	if limits.MaxExportBytes <= 0 {
		limits.MaxExportBytes = DefaultLimits.MaxExportBytes
	}
	watch := p.Watch
	if watch.HeartbeatInterval <= 0 {
		watch.HeartbeatInterval = DefaultWatchConfig.HeartbeatInterval
	}
	if watch.PollInterval <= 0 {
		watch.PollInterval = DefaultWatchConfig.PollInterval
	}
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	s := &Service{
		pool: p.Pool, q: dbsqlc.New(p.Pool), logger: logger, limits: limits, engine: p.Engine,
		notifier: p.Notifier, watch: watch, stopping: make(chan struct{}),
	}
	if p.Notifier != nil {
		// For the life of the process, like the Listener itself.
		p.Notifier.Subscribe(changesTopic, s.watchers.wake)
	}
	return s
}

// inTx runs fn in a transaction with queries bound to it.
func (s *Service) inTx(ctx context.Context, fn func(q *dbsqlc.Queries) error) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		return fn(s.q.WithTx(tx))
	})
}
