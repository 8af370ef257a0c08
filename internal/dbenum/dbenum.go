// Package dbenum holds the enumerations the database stores as text and
// its CHECK constraints restrict: message role, status and finish reason,
// context strategy, usage purpose, source and status, and tool execution
// status. Each is a named string type with one constant per stored value
// and the conversions to and from its protobuf enum.
//
// sqlc types the matching columns with these types (see the overrides in
// sqlc.yaml), so Go code compares and assigns constants, never literals.
// The package imports nothing of this module but the generated protobuf
// types, so that internal/dbsqlc can import it; the domain packages that
// own a vocabulary (internal/message, internal/usage, internal/tool, ...)
// cannot hold it, since they import internal/dbsqlc themselves.
package dbenum
