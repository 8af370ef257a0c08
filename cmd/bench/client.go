package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"

	"connectrpc.com/connect"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/gen/bestchat/v1/bestchatv1connect"
)

// handle is one prepared stream. For bestchatd: its conversation and the
// Authorization header value of the conversation's owner; zero for the
// OpenAI-compatible paths.
type handle struct {
	conv string
	auth string // "Bearer <token>"
}

// streamClient is one way of running a chat stream.
type streamClient interface {
	// prepare readies n streams before the timed window (bestchatd:
	// creates n conversations, each as its stream's user) and returns one
	// handle per stream (nil when the streams need none).
	prepare(ctx context.Context, n int) ([]handle, error)
	// stream runs one stream, reporting arrivals to o.
	stream(ctx context.Context, h handle, o *observation) error
	// reset drops pooled connections (after the server restarted).
	reset()
}

// observation is the client's view of one stream.
type observation struct {
	id        int64
	text      string       // the user message
	start     int64        // request sent (ns since epoch)
	read      int64        // the stream's goroutine last read response bytes
	reads     []int64      // read, when each text piece arrived
	wrote     atomic.Int64 // the client's transport wrote the request (0: unknown)
	arrivals  []int64      // when each text piece arrived
	ends      []int        // cumulative text length after each piece
	got       []byte       // the text received
	err       error
	cut       bool   // the bench ended the stream early on purpose
	messageID string // bestchatd's assistant message

	opened *atomic.Int64 // counts streams that received text
	pieces *atomic.Int64 // counts text pieces (nil: not counted)
}

var streamSeq atomic.Int64

func newObservation(opened *atomic.Int64) *observation {
	id := streamSeq.Add(1)
	return &observation{
		id:     id,
		text:   fmt.Sprintf("%s%d: hello", streamMarker, id),
		opened: opened,
	}
}

// trace stamps o.wrote when the client's transport has written the
// request: what the client spent before that (building, encoding and
// framing the request, and getting a connection) is not the server's.
func (o *observation) trace(ctx context.Context) context.Context {
	ctx = context.WithValue(ctx, observationKey{}, o)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil { // a retried write counts once it succeeded
				o.wrote.Store(now())
			}
		},
	})
}

// piece records text arriving at t.
func (o *observation) piece(t int64, text []byte) {
	if len(text) == 0 {
		return
	}
	if len(o.arrivals) == 0 && o.opened != nil {
		o.opened.Add(1)
	}
	if o.pieces != nil {
		o.pieces.Add(1)
	}
	o.got = append(o.got, text...)
	o.arrivals = append(o.arrivals, t)
	o.reads = append(o.reads, o.read)
	o.ends = append(o.ends, len(o.got))
}

type observationKey struct{}

// stampingTransport stamps, on the observation in a request's context,
// each read of the response body that returned bytes: a piece's arrival
// minus that stamp is what the client library spent decoding it (the
// Connect client's envelope and protobuf against the SSE client's line
// scan), which no server spends. The body is read on the stream's own
// goroutine, the one that records the pieces.
type stampingTransport struct{ next http.RoundTripper }

func (t stampingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if o, ok := req.Context().Value(observationKey{}).(*observation); ok && resp != nil {
		resp.Body = &stampedBody{ReadCloser: resp.Body, o: o}
	}
	return resp, err
}

type stampedBody struct {
	io.ReadCloser
	o *observation
}

func (b *stampedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		b.o.read = now()
	}
	return n, err
}

// sseClient streams from an OpenAI-compatible endpoint (the fake, or the
// proxy in front of it) over HTTP/1.1.
type sseClient struct {
	url string
	hc  *http.Client
	tr  *http.Transport
}

// newSSEClient returns a client of the OpenAI-compatible endpoint at
// baseURL; roots (nil: the system's) are the https roots it trusts.
func newSSEClient(baseURL string, maxConns int, roots *x509.CertPool) *sseClient {
	tr := &http.Transport{
		MaxIdleConns:        0,
		MaxIdleConnsPerHost: maxConns,
		IdleConnTimeout:     5 * time.Minute,
		DisableCompression:  true,
		ForceAttemptHTTP2:   true,
		TLSClientConfig:     &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
	}
	return &sseClient{url: baseURL + "/v1/chat/completions", tr: tr, hc: &http.Client{Transport: stampingTransport{tr}}}
}

func (c *sseClient) prepare(context.Context, int) ([]handle, error) { return nil, nil }

func (c *sseClient) reset() { c.tr.CloseIdleConnections() }

type chatRequest struct {
	Model    string        `json:"model"`
	Stream   bool          `json:"stream"`
	Messages []chatMessage `json:"messages"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

func (c *sseClient) stream(ctx context.Context, _ handle, o *observation) error {
	body, err := json.Marshal(chatRequest{
		Model: "simulated", Stream: true,
		Messages: []chatMessage{{Role: "user", Content: o.text}},
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(o.trace(ctx), http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer sk-bench")
	o.start = now()
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(b))
	}
	br := bufio.NewReaderSize(resp.Body, 16<<10)
	var long []byte // a line longer than the buffer, assembled
	done := false
	for {
		line, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long, line...)
			continue
		}
		if long != nil {
			line = append(long, line...)
			long = nil
		}
		if raw, ok := sseContent(line); ok {
			text, uerr := unescapeJSON(raw)
			if uerr != nil {
				return uerr
			}
			o.piece(now(), text)
		} else if bytes.HasPrefix(line, []byte("data: [DONE]")) {
			done = true
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	if !done {
		return errors.New("stream ended without [DONE]")
	}
	return nil
}

// unescapeJSON decodes the inside of a JSON string.
func unescapeJSON(raw []byte) ([]byte, error) {
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw, nil
	}
	var s string
	q := make([]byte, 0, len(raw)+2)
	q = append(append(append(q, '"'), raw...), '"')
	if err := json.Unmarshal(q, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// rpcClient calls bestchatd's ChatService.SendMessage through the
// generated client, over Connect/HTTP 1.1 or gRPC/h2c. Each stream runs as
// the user its handle names (see benchUsers).
type rpcClient struct {
	chat  bestchatv1connect.ChatServiceClient
	tr    *http.Transport
	users *benchUsers // nil: the client only checks the server is up
}

func newRPCClient(baseURL string, users *benchUsers, grpc bool, maxConns int) *rpcClient {
	tr := &http.Transport{
		MaxIdleConns:        0,
		MaxIdleConnsPerHost: maxConns,
		IdleConnTimeout:     5 * time.Minute,
	}
	var opts []connect.ClientOption
	if grpc {
		tr.Protocols = new(http.Protocols)
		tr.Protocols.SetUnencryptedHTTP2(true)
		opts = append(opts, connect.WithGRPC())
	}
	return &rpcClient{
		chat:  bestchatv1connect.NewChatServiceClient(&http.Client{Transport: stampingTransport{tr}}, baseURL, opts...),
		tr:    tr,
		users: users,
	}
}

func (c *rpcClient) reset() { c.tr.CloseIdleConnections() }

// createConversation makes a conversation on the simulated model (titled,
// so that no titling call follows the first turn) as the user of auth.
func (c *rpcClient) createConversation(ctx context.Context, auth string) (string, error) {
	req := connect.NewRequest(&bestchatv1.CreateConversationRequest{
		Title: "bench", Provider: "simulated", Model: "simulated",
	})
	req.Header().Set("Authorization", auth)
	resp, err := c.chat.CreateConversation(ctx, req)
	if err != nil {
		return "", fmt.Errorf("CreateConversation: %w", err)
	}
	return resp.Msg.GetConversation().GetId(), nil
}

// prepare creates n conversations, conversation i as stream i's user:
// fresh users, at most streamsPerUser streams each (benchUsers.batch).
func (c *rpcClient) prepare(ctx context.Context, n int) ([]handle, error) {
	auths, err := c.users.batch(n)
	if err != nil {
		return nil, err
	}
	return c.createConversations(ctx, auths)
}

// prepareAs creates n conversations, all as the user of auth (for turns
// that run one at a time).
func (c *rpcClient) prepareAs(ctx context.Context, auth string, n int) ([]handle, error) {
	auths := make([]string, n)
	for i := range auths {
		auths[i] = auth
	}
	return c.createConversations(ctx, auths)
}

// createConversations creates conversation i as the user of auths[i].
func (c *rpcClient) createConversations(ctx context.Context, auths []string) ([]handle, error) {
	n := len(auths)
	hs := make([]handle, n)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		next     atomic.Int64
	)
	for range min(n, 16) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				id, err := c.createConversation(ctx, auths[i])
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				hs[i] = handle{conv: id, auth: auths[i]}
			}
		})
	}
	wg.Wait()
	return hs, firstErr
}

// errUnimplemented marks a bestchatd without SendMessage.
var errUnimplemented = errors.New("SendMessage unimplemented")

func (c *rpcClient) stream(ctx context.Context, h handle, o *observation) error {
	req := connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: h.conv,
		Content:        []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: o.text}}},
	})
	req.Header().Set("Authorization", h.auth)
	o.start = now()
	st, err := c.chat.SendMessage(o.trace(ctx), req)
	if err != nil {
		return rpcError(err)
	}
	defer func() { _ = st.Close() }()
	completed := false
	for st.Receive() {
		switch ev := st.Msg().GetEvent().GetEvent().(type) {
		case *bestchatv1.ChatEvent_TextDelta:
			o.piece(now(), []byte(ev.TextDelta.GetText()))
		case *bestchatv1.ChatEvent_AssistantStarted:
			o.messageID = ev.AssistantStarted.GetMessageId()
		case *bestchatv1.ChatEvent_Completed:
			completed = true
		}
	}
	if err := st.Err(); err != nil {
		return rpcError(err)
	}
	if !completed {
		return errors.New("stream ended without a completed event")
	}
	return nil
}

// cancelGeneration cancels the generation of messageID, started on h's
// conversation, as that conversation's owner (another user's message is
// NotFound).
func (c *rpcClient) cancelGeneration(ctx context.Context, h handle, messageID string) error {
	req := connect.NewRequest(&bestchatv1.CancelGenerationRequest{MessageId: messageID})
	req.Header().Set("Authorization", h.auth)
	_, err := c.chat.CancelGeneration(ctx, req)
	return err
}

func rpcError(err error) error {
	if connect.CodeOf(err) == connect.CodeUnimplemented {
		return fmt.Errorf("%w (%w)", errUnimplemented, err)
	}
	return err
}
