package chat

import (
	"net/http"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/engine"
)

// NewHandler returns ChatService's path and HTTP handler, with the server's
// handler options (interceptors, limits) in opts. Its streams marshal their
// per-token events with Codec, and each request carries its response's
// controller so that the engine can cut a client that stopped reading.
func NewHandler(s *Service, opts ...connect.HandlerOption) (string, http.Handler) {
	opts = append([]connect.HandlerOption{connect.WithCodec(Codec())}, opts...)
	path, h := bestchatv1connect.NewChatServiceHandler(s, opts...)
	return path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := engine.WithResponseController(r.Context(), http.NewResponseController(w))
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}
