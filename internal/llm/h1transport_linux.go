package llm

import (
	"net"
	"syscall"
)

// connAlive reports whether an idle connection is still usable: the server
// has neither closed it nor sent anything unasked. It peeks at the socket
// without blocking; where that is not possible it assumes the connection is
// alive (a dead one then fails the write or the first read, and the request
// is retried on a fresh connection).
func connAlive(nc net.Conn) bool {
	sc, ok := nc.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	alive := true
	var b [1]byte
	err = rc.Read(func(fd uintptr) bool {
		// Nothing to read (EAGAIN) is the only good answer: 0 bytes is
		// the server's FIN, a byte is a response nobody asked for, and
		// any other error (ECONNRESET) a dead connection.
		_, _, rerr := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		alive = rerr == syscall.EAGAIN
		return true
	})
	return err == nil && alive
}
