//go:build !linux

package llm

import "net"

// connAlive cannot peek at a socket without blocking here; a dead idle
// connection fails the write or the first read instead, and the request is
// retried on a fresh connection.
func connAlive(net.Conn) bool { return true }
