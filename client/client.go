package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/genproto/googleapis/rpc/errdetails"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
)

// Client holds a typed client for each bestchat service, all sharing one
// HTTP client, protocol and token.
type Client struct {
	// Chat is ChatService: conversations, messages, generation streams.
	Chat bestchatv1connect.ChatServiceClient
	// Provider is ProviderService: provider keys and models.
	Provider bestchatv1connect.ProviderServiceClient
	// Usage is UsageService: spend, analytics, budgets.
	Usage bestchatv1connect.UsageServiceClient
	// Tool is ToolService: tools, approvals, executions.
	Tool bestchatv1connect.ToolServiceClient

	maxResumes int
}

// TokenSource returns the bearer token for a call. It is called once per
// call (a stream's re-attach is a call), so it can refresh a token that is
// about to expire; ctx is the call's.
type TokenSource func(ctx context.Context) (string, error)

// Protocol is a wire protocol bestchatd speaks.
type Protocol int

// The protocols. Connect is the default: it works over HTTP/1.1 and
// HTTP/2, through any proxy, and its errors are readable JSON.
const (
	Connect Protocol = iota
	// GRPC is gRPC: over TLS for an https:// base URL, over cleartext
	// HTTP/2 with prior knowledge (h2c) for http://.
	GRPC
	// GRPCWeb is gRPC-Web over HTTP/1.1 or HTTP/2.
	GRPCWeb
)

// Option configures New.
type Option func(*config)

type config struct {
	protocol    Protocol
	httpClient  connect.HTTPClient
	tokenSource TokenSource
	connectOpts []connect.ClientOption
	maxResumes  int
}

// WithProtocol picks the wire protocol (default Connect).
func WithProtocol(p Protocol) Option { return func(c *config) { c.protocol = p } }

// WithGRPC is WithProtocol(GRPC).
func WithGRPC() Option { return WithProtocol(GRPC) }

// WithHTTPClient sends every call through hc instead of a client New
// builds for the protocol and URL scheme. For gRPC over http:// it must
// speak cleartext HTTP/2.
func WithHTTPClient(hc connect.HTTPClient) Option { return func(c *config) { c.httpClient = hc } }

// WithTokenSource takes each call's bearer token from ts instead of the
// fixed token given to New.
func WithTokenSource(ts TokenSource) Option { return func(c *config) { c.tokenSource = ts } }

// WithConnectOptions adds options to every generated client (interceptors,
// compression, read limits, ...).
func WithConnectOptions(opts ...connect.ClientOption) Option {
	return func(c *config) { c.connectOpts = append(c.connectOpts, opts...) }
}

// WithMaxResumes sets how many times in a row a Stream re-attaches after
// its connection drops before it gives up (default 5; 0 never re-attaches).
func WithMaxResumes(n int) Option { return func(c *config) { c.maxResumes = n } }

// DefaultMaxResumes is the default of WithMaxResumes.
const DefaultMaxResumes = 5

// New returns clients of the bestchatd at baseURL (for example
// "http://127.0.0.1:8080" or "https://chat.example.com") that send token
// as "Authorization: Bearer <token>". token may be empty when
// WithTokenSource is given.
func New(baseURL, token string, opts ...Option) (*Client, error) {
	cfg := config{maxResumes: DefaultMaxResumes}
	for _, o := range opts {
		o(&cfg)
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("client: base URL %q: want http://host:port or https://host", baseURL)
	}
	baseURL = strings.TrimSuffix(baseURL, "/")
	if cfg.tokenSource == nil {
		if token == "" {
			return nil, errors.New("client: no token (pass one, or WithTokenSource)")
		}
		cfg.tokenSource = func(context.Context) (string, error) { return token, nil }
	}
	if cfg.maxResumes < 0 {
		return nil, errors.New("client: WithMaxResumes must not be negative")
	}
	hc := cfg.httpClient
	if hc == nil {
		hc = newHTTPClient(cfg.protocol, u.Scheme)
	}
	hc = &authorizer{next: hc, source: cfg.tokenSource}
	copts := append([]connect.ClientOption(nil), cfg.connectOpts...)
	switch cfg.protocol {
	case Connect:
	case GRPC:
		copts = append(copts, connect.WithGRPC())
	case GRPCWeb:
		copts = append(copts, connect.WithGRPCWeb())
	default:
		return nil, fmt.Errorf("client: unknown protocol %d", cfg.protocol)
	}
	return &Client{
		Chat:       bestchatv1connect.NewChatServiceClient(hc, baseURL, copts...),
		Provider:   bestchatv1connect.NewProviderServiceClient(hc, baseURL, copts...),
		Usage:      bestchatv1connect.NewUsageServiceClient(hc, baseURL, copts...),
		Tool:       bestchatv1connect.NewToolServiceClient(hc, baseURL, copts...),
		maxResumes: cfg.maxResumes,
	}, nil
}

// newHTTPClient returns an HTTP client for the protocol: HTTP/1.1 or
// HTTP/2 as the server offers for Connect and gRPC-Web, HTTP/2 for gRPC
// (over TLS, or cleartext with prior knowledge for http://). There is no
// overall timeout: generation streams last as long as the answer does;
// bound calls with their context.
func newHTTPClient(p Protocol, scheme string) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	t.ResponseHeaderTimeout = 0
	t.IdleConnTimeout = 90 * time.Second
	if p == GRPC {
		t.Protocols = new(http.Protocols)
		if scheme == "https" {
			t.Protocols.SetHTTP2(true)
		} else {
			t.Protocols.SetUnencryptedHTTP2(true)
		}
	}
	return &http.Client{Transport: t}
}

// authorizer sets each request's bearer token from the token source.
type authorizer struct {
	next   connect.HTTPClient
	source TokenSource
}

func (a *authorizer) Do(req *http.Request) (*http.Response, error) {
	tok, err := a.source(req.Context())
	if err != nil {
		return nil, connect.NewError(connect.CodeUnauthenticated, fmt.Errorf("token source: %w", err))
	}
	req = req.Clone(req.Context())
	req.Header.Set("Authorization", "Bearer "+tok)
	return a.next.Do(req)
}

// Text returns content made of one text part, as SendMessage and
// EditMessage take it.
func Text(s string) []*bestchatv1.ContentPart {
	return []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: s}}}
}

// Send sends a message and returns its answer's stream (SendMessage).
func (c *Client) Send(ctx context.Context, req *bestchatv1.SendMessageRequest) (*Stream, error) {
	s, err := c.Chat.SendMessage(ctx, connect.NewRequest(req))
	if err != nil {
		return nil, err
	}
	return c.newStream(ctx, serverStream[bestchatv1.SendMessageResponse, *bestchatv1.SendMessageResponse]{s}), nil
}

// Regenerate answers a user message again, or replaces an assistant
// message with a new sibling, and returns the new answer's stream
// (RegenerateMessage).
func (c *Client) Regenerate(ctx context.Context, req *bestchatv1.RegenerateMessageRequest) (*Stream, error) {
	s, err := c.Chat.RegenerateMessage(ctx, connect.NewRequest(req))
	if err != nil {
		return nil, err
	}
	return c.newStream(ctx, serverStream[bestchatv1.RegenerateMessageResponse, *bestchatv1.RegenerateMessageResponse]{s}), nil
}

// Resume re-attaches to the answer of assistant message messageID after
// event afterSeq (0: from the start): the events missed are replayed,
// then it follows live (ResumeStream). Use it after a restart or from
// another process; a Stream re-attaches by itself.
func (c *Client) Resume(ctx context.Context, messageID string, afterSeq int32) (*Stream, error) {
	s, err := c.resume(ctx, messageID, afterSeq)
	if err != nil {
		return nil, err
	}
	st := c.newStream(ctx, s)
	st.messageID, st.lastSeq = messageID, afterSeq
	return st, nil
}

func (c *Client) resume(ctx context.Context, messageID string, afterSeq int32) (eventStream, error) {
	s, err := c.Chat.ResumeStream(ctx, connect.NewRequest(&bestchatv1.ResumeStreamRequest{MessageId: messageID, AfterSeq: afterSeq}))
	if err != nil {
		return nil, err
	}
	return serverStream[bestchatv1.ResumeStreamResponse, *bestchatv1.ResumeStreamResponse]{s}, nil
}

// Cancel stops the generation of assistant message messageID, from any
// process (CancelGeneration). Its stream ends with the partial answer,
// marked cancelled.
func (c *Client) Cancel(ctx context.Context, messageID string) error {
	_, err := c.Chat.CancelGeneration(ctx, connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: messageID}))
	return err
}

// ErrorReason returns the reason of an error the server sent: the
// google.rpc.ErrorInfo every bestchat error carries (domain
// "bestchat.dev"), e.g. "VALIDATION_FAILED", "NOT_FOUND",
// "BUDGET_EXCEEDED", "PROVIDER_AUTH_FAILED". Branch on it, not on the
// message text; "" for an error that did not come from the server (a
// network failure before any answer). The README's Errors section lists
// the reasons.
func ErrorReason(err error) string {
	var cerr *connect.Error
	if !errors.As(err, &cerr) {
		return ""
	}
	for _, d := range cerr.Details() {
		v, derr := d.Value()
		if derr != nil {
			continue
		}
		if info, ok := v.(*errdetails.ErrorInfo); ok {
			return info.GetReason()
		}
	}
	return ""
}
