package chat

import (
	"encoding/base64"
	"net/http"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
	"github.com/bestchat/bestchat/internal/engine"
)

// NewHandler returns ChatService's path and HTTP handler, with the server's
// handler options (interceptors, limits) in opts. Its streams marshal their
// per-token events with Codec, and each request carries its response's
// controller so that the engine can cut a client that stopped reading.
// UploadFile has a handler of its own, whose decoded message may be as
// large as UploadBodyLimits allows; every other procedure keeps the
// server's limit from opts.
func NewHandler(s *Service, opts ...connect.HandlerOption) (string, http.Handler) {
	opts = append([]connect.HandlerOption{connect.WithCodec(Codec())}, opts...)
	path, h := bestchatv1connect.NewChatServiceHandler(s, opts...)
	_, jsonMax := s.UploadBodyLimits()
	method := bestchatv1.File_bestchat_v1_chat_proto.Services().ByName("ChatService").Methods().ByName("UploadFile")
	upload := connect.NewUnaryHandler(bestchatv1connect.ChatServiceUploadFileProcedure, s.UploadFile,
		append(opts, connect.WithSchema(method), connect.WithReadMaxBytes(int(jsonMax)))...)
	return path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == bestchatv1connect.ChatServiceUploadFileProcedure {
			upload.ServeHTTP(w, r)
			return
		}
		ctx := engine.WithResponseController(r.Context(), http.NewResponseController(w))
		h.ServeHTTP(w, r.WithContext(ctx))
	})
}

// uploadFraming bounds what an UploadFile request carries besides its
// content: the envelope, field tags and lengths, name, media type,
// conversation id and request id (as JSON at worst).
const uploadFraming = 4 << 10

// UploadBodyLimits are UploadFile's request body limits: binary for a
// protobuf body (the upload limit plus framing), json for a JSON one,
// where the content travels as base64. The server holds UploadFile's body
// to them on the wire, and NewHandler its decoded message to json.
func (s *Service) UploadBodyLimits() (binary, json int64) {
	n := s.limits.MaxUploadBytes
	return n + uploadFraming, int64(base64.StdEncoding.EncodedLen(int(n))) + uploadFraming
}
