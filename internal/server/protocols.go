package server

import "net/http"

// ConfigureProtocols makes srv serve HTTP/1.1 (Connect, gRPC-Web) and
// cleartext HTTP/2 with prior knowledge (gRPC, as grpcurl and gRPC clients
// speak it) on one port, with net/http's own HTTP/2. Served over TLS, srv
// speaks HTTP/2 as well, negotiated by ALPN.
func ConfigureProtocols(srv *http.Server) error {
	srv.Protocols = new(http.Protocols)
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetHTTP2(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	return nil
}
