package usage

import (
	"errors"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbsqlc"
)

// Params configure a Service.
type Params struct {
	// Pool is the database.
	Pool *pgxpool.Pool
	// Logger receives errors.
	Logger *slog.Logger
	// Catalog prices models (nil: the embedded one).
	Catalog *catalog.Catalog
}

// Service implements UsageService.
type Service struct {
	pool    *pgxpool.Pool
	q       *dbsqlc.Queries
	logger  *slog.Logger
	catalog *catalog.Catalog
}

var _ bestchatv1connect.UsageServiceHandler = (*Service)(nil)

// New returns a Service.
func New(p Params) (*Service, error) {
	if p.Pool == nil || p.Logger == nil {
		return nil, errors.New("usage: Pool and Logger are required")
	}
	cat := p.Catalog
	if cat == nil {
		cat = catalog.Embedded()
	}
	return &Service{pool: p.Pool, q: dbsqlc.New(p.Pool), logger: p.Logger, catalog: cat}, nil
}
