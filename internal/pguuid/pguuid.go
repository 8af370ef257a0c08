package pguuid

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Register replaces the uuid type of m with one whose binary values scan
// into *uuid.UUID and *uuid.NullUUID by copying their 16 bytes.
func Register(m *pgtype.Map) {
	m.RegisterType(&pgtype.Type{Name: "uuid", OID: pgtype.UUIDOID, Codec: codec{}})
}

// Configure makes every connection of the pool cfg describes Register its
// type map, before any AfterConnect the configuration already has.
func Configure(cfg *pgxpool.Config) {
	next := cfg.AfterConnect
	cfg.AfterConnect = func(ctx context.Context, conn *pgx.Conn) error {
		Register(conn.TypeMap())
		if next != nil {
			return next(ctx, conn)
		}
		return nil
	}
}

// codec is pgx's UUIDCodec with direct scan plans for google's types.
type codec struct {
	pgtype.UUIDCodec
}

// PlanScan implements pgtype.Codec.
func (c codec) PlanScan(m *pgtype.Map, oid uint32, format int16, target any) pgtype.ScanPlan {
	if format == pgtype.BinaryFormatCode {
		switch target.(type) {
		case *uuid.UUID:
			return scanUUID{}
		case *uuid.NullUUID:
			return scanNullUUID{}
		}
	}
	return c.UUIDCodec.PlanScan(m, oid, format, target)
}

type scanUUID struct{}

func (scanUUID) Scan(src []byte, dst any) error {
	if src == nil {
		return nil // as uuid.UUID's Scan: a NULL leaves the value as it was
	}
	if len(src) != 16 {
		return fmt.Errorf("invalid length for uuid: %d", len(src))
	}
	*dst.(*uuid.UUID) = uuid.UUID(src)
	return nil
}

type scanNullUUID struct{}

func (scanNullUUID) Scan(src []byte, dst any) error {
	d := dst.(*uuid.NullUUID)
	if src == nil {
		*d = uuid.NullUUID{}
		return nil
	}
	if len(src) != 16 {
		return fmt.Errorf("invalid length for uuid: %d", len(src))
	}
	*d = uuid.NullUUID{UUID: uuid.UUID(src), Valid: true}
	return nil
}
