package app

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/pgnotify"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/tool"
	"github.com/bestchat/bestchat/internal/usage"
)

// Deps is what the services are built from.
type Deps struct {
	// Pool is the database.
	Pool *pgxpool.Pool
	// Logger receives the services' logs.
	Logger *slog.Logger
	// Catalog prices models (nil: the embedded catalog).
	Catalog *catalog.Catalog
	// Metrics receives the engine's metrics.
	Metrics *metrics.Metrics
	// Providers are the operator's providers (from the environment).
	Providers *provider.Registry
	// Generation tunes the engine.
	Generation engine.Config
	// ChatLimits bounds ChatService's requests.
	ChatLimits chat.Limits
	// Tools configures ToolService; its Pool and Logger are set by Build.
	Tools tool.Params
	// Keys seal users' provider keys.
	Keys *secrets.KeyRing
	// Guard checks calls to users' provider base URLs.
	Guard *netguard.Guard
	// UsageRetention is how long raw usage rows are kept (0: forever);
	// analytics read rollups, which pruning leaves as they are.
	UsageRetention time.Duration
	// ChatWatch tunes WatchConversations (zero fields: chat's defaults).
	ChatWatch chat.WatchConfig
	// ChangeRetention is how long WatchConversations' change events are
	// kept (0: chat.DefaultChangeRetention); an older cursor is
	// OUT_OF_RANGE.
	ChangeRetention time.Duration
	// Replica names this replica across restarts (engine.Params.Replica).
	Replica string
	// ProviderTimeouts bound stalled providers behind users' own
	// configurations (zero fields: llm.DefaultTimeouts); the operator's
	// are bounded by Providers' HTTP client.
	ProviderTimeouts llm.Timeouts
}

// App is the built service graph.
type App struct {
	// Services are what the server mounts.
	Services []server.Service
	// Engine is the generation engine.
	Engine *engine.Engine

	notifier     *pgnotify.Listener
	tools        *tool.Service
	pruner       *usage.Pruner
	changes      *chat.ChangePruner
	chat         *chat.Service
	notifierDone chan struct{}
	prunerDone   chan struct{}
	changesDone  chan struct{}
}

// Build builds the generation engine and bestchat's four Connect services;
// the caller runs their background work with Start and stops it with
// Drain.
func Build(d Deps) (*App, error) {
	if d.Pool == nil || d.Logger == nil || d.Providers == nil || d.Keys == nil || d.Guard == nil {
		return nil, errors.New("app: Pool, Logger, Providers, Keys and Guard are required")
	}
	providerSvc, err := provider.New(provider.Params{
		Pool: d.Pool, Logger: d.Logger, Registry: d.Providers, Catalog: d.Catalog, Keys: d.Keys, Guard: d.Guard,
		Timeouts: d.ProviderTimeouts,
	})
	if err != nil {
		return nil, err
	}
	// The process's one LISTEN connection, for every feature's topics.
	notifier := pgnotify.New(pgnotify.Params{Pool: d.Pool, Logger: d.Logger})
	toolParams := d.Tools
	toolParams.Pool, toolParams.Logger = d.Pool, d.Logger
	toolSvc, err := tool.New(toolParams)
	if err != nil {
		return nil, err
	}
	eng, err := engine.New(engine.Params{
		Pool: d.Pool, Logger: d.Logger, Catalog: d.Catalog, Metrics: d.Metrics, Config: d.Generation,
		Notifier: notifier, Replica: d.Replica,
		Resolver: provider.NewResolver(provider.ResolverParams{Operator: d.Providers, Users: providerSvc}),
		Charger:  usage.Charger{}, Budget: usage.NewBudgets(d.Pool), Tools: toolSvc,
	})
	if err != nil {
		return nil, err
	}
	usageSvc, err := usage.New(usage.Params{Pool: d.Pool, Logger: d.Logger, Catalog: d.Catalog})
	if err != nil {
		return nil, err
	}
	pruner, err := usage.NewPruner(usage.PrunerParams{Pool: d.Pool, Logger: d.Logger, Keep: d.UsageRetention})
	if err != nil {
		return nil, err
	}
	changes, err := chat.NewChangePruner(chat.ChangePrunerParams{Pool: d.Pool, Logger: d.Logger, Keep: d.ChangeRetention})
	if err != nil {
		return nil, err
	}
	chatSvc := chat.New(chat.Params{
		Pool: d.Pool, Logger: d.Logger, Limits: d.ChatLimits, Engine: eng, Notifier: notifier, Watch: d.ChatWatch,
	})
	var uploadLimit server.BodyLimit
	uploadLimit.Binary, uploadLimit.JSON = chatSvc.UploadBodyLimits()
	services := []server.Service{
		{Name: bestchatv1connect.ChatServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return chat.NewHandler(chatSvc, o...)
		}, BodyLimits: map[string]server.BodyLimit{bestchatv1connect.ChatServiceUploadFileProcedure: uploadLimit}},
		{Name: bestchatv1connect.ProviderServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewProviderServiceHandler(providerSvc, o...)
		}},
		{Name: bestchatv1connect.UsageServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewUsageServiceHandler(usageSvc, o...)
		}},
		{Name: bestchatv1connect.ToolServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewToolServiceHandler(toolSvc, o...)
		}},
	}
	return &App{
		Services: services, Engine: eng,
		notifier: notifier, tools: toolSvc, pruner: pruner, changes: changes, chat: chatSvc,
		notifierDone: make(chan struct{}), prunerDone: make(chan struct{}), changesDone: make(chan struct{}),
	}, nil
}

// Start runs the background work (the LISTEN connection, crash recovery,
// cross-replica cancels, MCP connections, tool deadlines, the usage and
// change feed retention prunes) until ctx ends.
func (a *App) Start(ctx context.Context) {
	go func() {
		defer close(a.notifierDone)
		a.notifier.Run(ctx)
	}()
	go func() {
		defer close(a.prunerDone)
		a.pruner.Run(ctx)
	}()
	go func() {
		defer close(a.changesDone)
		a.changes.Run(ctx)
	}()
	a.Engine.Start(ctx)
	a.tools.Start(ctx)
}

// Drain ends the WatchConversations streams (their clients resume on
// another replica), lets running generations finish until ctx ends, then
// stops the rest, saving their partial answers, and stops the tools. It
// returns how many generations were interrupted.
func (a *App) Drain(ctx context.Context) (interrupted int) {
	a.chat.StopWatches()
	interrupted = a.Engine.Drain(ctx)
	a.tools.Close()
	return interrupted
}

// Wait waits for the LISTEN connection to close and the prunes to stop
// after the context given to Start has ended.
func (a *App) Wait() {
	<-a.notifierDone
	<-a.prunerDone
	<-a.changesDone
}
