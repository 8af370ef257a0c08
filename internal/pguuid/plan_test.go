package pguuid

import (
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestPlansAreDirect: after Register, binary uuids scan into google's
// types with this package's plans, arrays included; text format stays pgx's.
func TestPlansAreDirect(t *testing.T) {
	t.Parallel()
	m := pgtype.NewMap()
	if _, ok := m.PlanScan(pgtype.UUIDOID, pgtype.BinaryFormatCode, new(uuid.UUID)).(scanUUID); ok {
		t.Fatal("pgx's own map already uses the direct plan; the package is not needed")
	}
	Register(m)
	if p := m.PlanScan(pgtype.UUIDOID, pgtype.BinaryFormatCode, new(uuid.UUID)); p != (scanUUID{}) {
		t.Fatalf("uuid.UUID: plan %T", p)
	}
	if p := m.PlanScan(pgtype.UUIDOID, pgtype.BinaryFormatCode, new(uuid.NullUUID)); p != (scanNullUUID{}) {
		t.Fatalf("uuid.NullUUID: plan %T", p)
	}
	ids := []uuid.UUID{uuid.New(), uuid.New()}
	buf, err := m.Encode(pgtype.UUIDArrayOID, pgtype.BinaryFormatCode, ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []uuid.UUID
	if err := m.Scan(pgtype.UUIDArrayOID, pgtype.BinaryFormatCode, buf, &got); err != nil || len(got) != 2 || got[0] != ids[0] || got[1] != ids[1] {
		t.Fatalf("array: %v, %v; want %v", got, err, ids)
	}
	if err := m.Scan(pgtype.UUIDOID, pgtype.BinaryFormatCode, []byte{1, 2, 3}, new(uuid.UUID)); err == nil {
		t.Fatal("a 3-byte uuid scanned without an error")
	}
}
