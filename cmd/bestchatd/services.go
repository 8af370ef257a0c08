package main

import (
	"context"
	"log/slog"
	"net/http"

	"connectrpc.com/connect"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/chat"
	"github.com/bestchat/bestchat/internal/engine"
	"github.com/bestchat/bestchat/internal/metrics"
	"github.com/bestchat/bestchat/internal/netguard"
	"github.com/bestchat/bestchat/internal/pgnotify"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/secrets"
	"github.com/bestchat/bestchat/internal/server"
	"github.com/bestchat/bestchat/internal/tool"
	usagesvc "github.com/bestchat/bestchat/internal/usage" // main.go's usage is the help text
)

// serviceDeps is what the services are built from.
type serviceDeps struct {
	pool       *pgxpool.Pool
	logger     *slog.Logger
	catalog    *catalog.Catalog
	metrics    *metrics.Metrics
	providers  *provider.Registry
	gen        engine.Config
	chatLimits chat.Limits
	tools      tool.Params
	// keys seal users' provider keys; guard checks calls to their base URLs.
	keys  *secrets.KeyRing
	guard *netguard.Guard
}

// services are the built services and the background work behind them.
type services struct {
	notifier *pgnotify.Listener
	engine   *engine.Engine
	tools    *tool.Service
	// list is what the server mounts.
	list []server.Service
}

// start runs the background work (crash recovery, cross-replica cancels,
// MCP connections, tool deadlines) until ctx ends.
func (s *services) start(ctx context.Context) {
	go s.notifier.Run(ctx)
	s.engine.Start(ctx)
	s.tools.Start(ctx)
}

// drain lets running generations finish until ctx ends, then stops the
// rest, saving their partial answers, and stops the tools.
func (s *services) drain(ctx context.Context) (interrupted int) {
	interrupted = s.engine.Drain(ctx)
	s.tools.Close()
	return interrupted
}

// buildServices builds the generation engine and bestchat's four Connect
// services for the server to mount; the caller runs their background work
// (start, drain). A service whose issue has not landed answers
// UNIMPLEMENTED. internal/servertest builds the same for handler tests.
func buildServices(d serviceDeps) (*services, error) {
	providerSvc, err := provider.New(provider.Params{
		Pool: d.pool, Logger: d.logger, Registry: d.providers, Catalog: d.catalog, Keys: d.keys, Guard: d.guard,
	})
	if err != nil {
		return nil, err
	}
	// The process's one LISTEN connection, for every feature's topics.
	notifier := pgnotify.New(pgnotify.Params{Pool: d.pool, Logger: d.logger})
	toolParams := d.tools
	toolParams.Pool, toolParams.Logger = d.pool, d.logger
	toolSvc, err := tool.New(toolParams)
	if err != nil {
		return nil, err
	}
	eng, err := engine.New(engine.Params{
		Pool: d.pool, Logger: d.logger, Catalog: d.catalog, Metrics: d.metrics, Config: d.gen, Notifier: notifier,
		Resolver: provider.NewResolver(provider.ResolverParams{Operator: d.providers, Users: providerSvc}),
		Charger:  usagesvc.Charger{}, Tools: toolSvc,
	})
	if err != nil {
		return nil, err
	}
	chatSvc := chat.New(chat.Params{Pool: d.pool, Logger: d.logger, Limits: d.chatLimits, Engine: eng})
	list := []server.Service{
		{Name: bestchatv1connect.ChatServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return chat.NewHandler(chatSvc, o...)
		}},
		{Name: bestchatv1connect.ProviderServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewProviderServiceHandler(providerSvc, o...)
		}},
		{Name: bestchatv1connect.UsageServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewUsageServiceHandler(bestchatv1connect.UnimplementedUsageServiceHandler{}, o...)
		}},
		{Name: bestchatv1connect.ToolServiceName, Handler: func(o ...connect.HandlerOption) (string, http.Handler) {
			return bestchatv1connect.NewToolServiceHandler(toolSvc, o...)
		}},
	}
	return &services{notifier: notifier, engine: eng, tools: toolSvc, list: list}, nil
}
