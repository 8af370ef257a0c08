package server

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"connectrpc.com/connect"

	"github.com/bestchat/bestchat/internal/authn"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// guard is what a call to one of bestchat's services meets before its
// handler reads a byte of the request body: the bearer token is verified,
// and a call without a valid one is refused unread (an unauthenticated
// client cannot make the server buffer megabytes); then the body is held
// to its procedure's limit, declared (Content-Length) or read. Health and
// reflection pass through. The authn interceptor sees the user the guard
// established and does not verify the token again.
type guard struct {
	auth   *authn.Interceptor
	limits map[string]BodyLimit // by procedure path
	def    int64
	errs   *connect.ErrorWriter
	next   http.Handler
}

// servicePrefix starts the path of every procedure of bestchat's services.
const servicePrefix = "/bestchat.v1."

func (g *guard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, servicePrefix) {
		g.next.ServeHTTP(w, r)
		return
	}
	ctx, err := g.auth.Authenticate(r.Context(), r.URL.Path, r.Header)
	if err != nil {
		g.refuse(w, r, err)
		return
	}
	limit := g.limit(r.URL.Path, r.Header.Get("Content-Type"))
	if r.ContentLength > limit {
		g.refuse(w, r, rpcerror.WithReason(connect.NewError(connect.CodeResourceExhausted,
			fmt.Errorf("request body of %d bytes is over this call's limit of %d bytes", r.ContentLength, limit)),
			rpcerror.ReasonRequestTooLarge, nil))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	g.next.ServeHTTP(w, r.WithContext(ctx))
}

// limit is the body limit of the procedure at path, for a body of the
// content type ctype.
func (g *guard) limit(path, ctype string) int64 {
	l, ok := g.limits[path]
	switch {
	case !ok:
		return g.def
	case strings.Contains(ctype, "json"):
		return l.JSON
	default:
		return l.Binary
	}
}

// refuse answers err in the request's protocol without reading its body,
// and asks the client to close the connection: what it still sends is
// not read.
func (g *guard) refuse(w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Connection", "close")
	err = rpcerror.Ensure(err)
	if g.errs.IsSupported(r) {
		_ = g.errs.Write(w, r, err)
		return
	}
	status := http.StatusUnauthorized
	var cerr *connect.Error
	if errors.As(err, &cerr) && cerr.Code() == connect.CodeResourceExhausted {
		status = http.StatusRequestEntityTooLarge
	}
	http.Error(w, err.Error(), status)
}
