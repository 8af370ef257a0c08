package llm

import (
	"net"
	"testing"
	"time"
)

// The socket peek behind connAlive exists on Linux only.
func TestConnAlive(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ln.Close() })
	pair := func() (client, server net.Conn) {
		client, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		server, err = ln.Accept()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = client.Close(); _ = server.Close() })
		return client, server
	}
	settle := func(c net.Conn, want bool) bool { // wait for the peer's packet to arrive
		for range 100 {
			if connAlive(c) == want {
				return true
			}
			time.Sleep(5 * time.Millisecond)
		}
		return false
	}
	c, _ := pair()
	if !connAlive(c) {
		t.Error("an open idle connection is not alive")
	}
	c, s := pair()
	_ = s.Close()
	if !settle(c, false) {
		t.Error("a connection the peer closed is alive")
	}
	c, s = pair()
	_, _ = s.Write([]byte("HTTP/1.1 200 OK\r\n"))
	if !settle(c, false) {
		t.Error("a connection with unasked bytes is alive")
	}
}
