package chat

import (
	"context"
	"reflect"
	"time"

	"connectrpc.com/connect"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/provider"
	"github.com/bestchat/bestchat/internal/rpcerror"
)

// SendMessage stores a user message and streams the assistant's answer.
func (s *Service) SendMessage(ctx context.Context, req *connect.Request[bestchatv1.SendMessageRequest], stream *connect.ServerStream[bestchatv1.SendMessageResponse]) error {
	uid, err := userID(ctx)
	if err != nil {
		return err
	}
	m := req.Msg
	if err := s.checkUserContent(ctx, uid, m.GetContent(), "content"); err != nil {
		return err
	}
	sp := startSpec{
		userID: uid, convID: uuid.MustParse(m.GetConversationId()), userParts: m.GetContent(),
		choice: provider.Choice{Provider: m.GetProvider(), Model: m.GetModel()}, params: m.GetParams(),
		requestID: m.GetRequestId(), sendUser: true,
	}
	if m.GetParentMessageId() != "" {
		sp.parentID = uuid.NullUUID{UUID: uuid.MustParse(m.GetParentMessageId()), Valid: true}
	}
	if sp.requestID != "" {
		sp.hash = requestHash("send", m)
	}
	g, run, err := s.launch(ctx, sp)
	if err != nil {
		return err
	}
	resp := &bestchatv1.SendMessageResponse{}
	return s.stream(ctx, g, run, func(ev *bestchatv1.ChatEvent) error {
		resp.Event = ev
		return stream.Send(resp)
	})
}

// RegenerateMessage streams a new answer: a sibling of an assistant
// message, or a new child of a user message.
func (s *Service) RegenerateMessage(ctx context.Context, req *connect.Request[bestchatv1.RegenerateMessageRequest], stream *connect.ServerStream[bestchatv1.RegenerateMessageResponse]) error {
	uid, err := userID(ctx)
	if err != nil {
		return err
	}
	m := req.Msg
	target, err := s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: uuid.MustParse(m.GetMessageId()), UserID: uid})
	if err != nil {
		return rpcerror.DB(err, "get message", "message")
	}
	var answered uuid.NullUUID
	switch target.Role {
	case "user":
		answered = uuid.NullUUID{UUID: target.ID, Valid: true}
	case "assistant":
		if !target.ParentID.Valid {
			return rpcerror.FailedPrecondition("this answer has no question to answer again")
		}
		if target.Status == "streaming" {
			return rpcerror.FailedPrecondition("this answer is still being generated; cancel it first")
		}
		answered = target.ParentID
	default:
		return rpcerror.FailedPrecondition("only user and assistant messages can be regenerated")
	}
	sp := startSpec{
		userID: uid, convID: target.ConversationID, parentID: answered,
		choice: provider.Choice{Provider: m.GetProvider(), Model: m.GetModel()}, params: m.GetParams(),
		requestID: m.GetRequestId(),
	}
	if sp.requestID != "" {
		sp.hash = requestHash("regenerate", m)
	}
	g, run, err := s.launch(ctx, sp)
	if err != nil {
		return err
	}
	resp := &bestchatv1.RegenerateMessageResponse{}
	return s.stream(ctx, g, run, func(ev *bestchatv1.ChatEvent) error {
		resp.Event = ev
		return stream.Send(resp)
	})
}

// stream runs a launched generation on the calling handler's goroutine and
// pushes its events to the caller as they are appended: no goroutine per
// generation and no hand-off per token. The generation is still detached
// from the client: when the client goes away (or stops reading for longer
// than the write timeout) the pushing stops and the generation runs on to
// its end on this goroutine, which returns only then. A replayed request
// (run is nil) is followed from its log.
func (s *Service) stream(ctx context.Context, g *generation, run *pendingRun, send func(*bestchatv1.ChatEvent) error) error {
	if run == nil {
		return g.log.follow(ctx, 0, send)
	}
	watch := newWriteWatch(ctx)
	d := newDirectReader(ctx, g.log, func(ev *bestchatv1.ChatEvent) error {
		watch.begin()
		defer watch.done()
		return send(ev)
	})
	d.watch = watch
	s.gens.watch(d)
	defer s.gens.unwatch(d)
	defer s.gens.wg.Done()
	d.push() // the stored user message and the answer's start
	s.run(g, run, d)
	// Keep the events for late ResumeStream calls, then let them go.
	time.AfterFunc(s.gen.Retain, func() { s.gens.remove(g.messageID) })
	return d.end()
}

// pendingRun is a generation whose start transaction committed: what
// Service.run needs to drive it.
type pendingRun struct {
	ctx   context.Context // detached from the client; cancelled by CancelGeneration and shutdown
	st    *started
	req   *llm.Request
	spec  *speculativeCall
	begin time.Time
}

// launch runs the start transaction and registers the generation; the
// caller runs it (Service.stream). A replayed request_id returns the
// earlier generation and no run.
//
// To add almost nothing to the model's time to first token, the provider
// call is opened speculatively from a read-only snapshot of the branch
// while the start transaction runs; its output is only consumed once the
// transaction committed and produced the very same provider request.
// Otherwise (conflict, refusal, idempotent retry) the speculative call is
// closed before it produced anything a client could see.
func (s *Service) launch(ctx context.Context, sp startSpec) (*generation, *pendingRun, error) {
	begin := time.Now()
	if sp.sendUser {
		var err error
		if sp.content, sp.text, err = encodeContent(sp.userParts); err != nil {
			return nil, nil, err
		}
	}
	gctx, cancel := context.WithCancelCause(s.bg)
	spec := s.speculate(ctx, gctx, sp)
	if spec != nil {
		sp.known, sp.knownConv = spec.branch, &spec.conv
	}
	// The start runs to its end even when the client goes away meanwhile:
	// cancelled mid-COMMIT it could have stored the turn all the same,
	// leaving a streaming row with no generation behind it (holding a slot
	// of the user's cap, its request_id refused as in flight) until
	// recovery gave up on it.
	startCtx, cancelStart := context.WithTimeout(context.WithoutCancel(ctx), startTimeout)
	st, err := s.start(startCtx, sp)
	cancelStart()
	if spec != nil {
		spec.branch = nil // the generation keeps spec; the rows can go
	}
	if err != nil || st.replay != nil {
		if spec != nil {
			outcome := "refused"
			if err == nil {
				outcome = "replayed"
			}
			s.metrics.EarlyCall(spec.provider, outcome)
		}
		spec.abandon()
		cancel(nil)
		if err != nil {
			return nil, nil, err
		}
		return st.replay, nil, nil
	}
	g := &generation{
		messageID: st.assistant.ID, userID: sp.userID, log: newEventLog(st.assistant.ID.String()),
		cancel: cancel, done: make(chan struct{}),
	}
	st.turn = s.snapshots.beginTurn(st.conv.ID)
	if st.user != nil {
		g.log.appendEvent(userEvent(messageToProto(*st.user, st.userSiblings)))
	}
	g.log.appendEvent(startedEvent(st.assistant))
	req := s.buildRequest(st, sp.params)
	if spec != nil && (spec.provider != st.resolved.Provider || !reflect.DeepEqual(spec.req, req)) {
		s.metrics.EarlyCall(spec.provider, "changed")
		spec.abandon() // the branch changed under us: call again with what was stored
		spec = nil
	} else if spec != nil {
		s.metrics.EarlyCall(spec.provider, "used")
		req = spec.req // the same request: keep one copy for the generation's life
	}
	s.gens.add(g)
	s.gens.wg.Add(1) // done when Service.stream ran it
	return g, &pendingRun{ctx: gctx, st: st, req: req, spec: spec, begin: begin}, nil
}

// startTimeout bounds the statements that store a turn.
const startTimeout = 30 * time.Second

// speculativeCall is a provider call opened before the start transaction
// committed.
type speculativeCall struct {
	conv     dbsqlc.Conversation // the snapshot's conversation
	branch   []dbsqlc.Message    // the snapshot's branch, without the new user message
	provider string
	req      *llm.Request
	ctx      context.Context // the call's context, a child of the generation's
	cancel   context.CancelFunc
	pending  llm.Pending // sent; opened by the generation, or abandoned
}

// abandon closes the call without reading it; nil-safe.
func (c *speculativeCall) abandon() {
	if c == nil {
		return
	}
	c.cancel()
	c.pending.Close()
}

// open waits for the provider's answer to the call.
func (c *speculativeCall) open() (llm.Stream, error) {
	stream, err := c.pending.Open()
	c.pending = nil // the generation keeps c; the call's set-up can go
	return stream, err
}

// branchSnapshot returns the conversation and the branch a new turn would
// extend: from the cache when this process wrote it last, else read.
func (s *Service) branchSnapshot(ctx context.Context, sp startSpec) (dbsqlc.Conversation, []dbsqlc.Message, bool) {
	if snap := s.snapshots.get(sp.convID, sp.userID); snap != nil {
		leaf := snap.conv.ActiveLeafID
		if !sp.parentID.Valid || (leaf.Valid && leaf.UUID == sp.parentID.UUID) {
			// A copy with room for the turn's own message.
			history := make([]dbsqlc.Message, len(snap.history), len(snap.history)+1)
			copy(history, snap.history)
			return snap.conv, history, true
		}
	}
	conv, err := s.q.GetConversation(ctx, dbsqlc.GetConversationParams{ID: sp.convID, UserID: sp.userID})
	if err != nil {
		return conv, nil, false
	}
	leaf := sp.parentID
	if sp.sendUser && !leaf.Valid {
		leaf = conv.ActiveLeafID
	}
	var history []dbsqlc.Message
	if leaf.Valid {
		rows, err := s.q.ListBranch(ctx, dbsqlc.ListBranchParams{LeafID: leaf.UUID, UserID: sp.userID, ConversationID: conv.ID, AfterDepth: -1, RowLimit: 100000})
		if err != nil || len(rows) == 0 || rows[len(rows)-1].Message.Status == "streaming" {
			return conv, nil, false
		}
		for _, r := range rows {
			m := r.Message
			m.EventLayout = nil // replays read it from the row; the cached branch need not hold it
			history = append(history, m)
		}
	}
	return conv, history, true
}

// speculate opens the provider call from a read-only snapshot when that is
// cheap and likely to match what the transaction stores; nil otherwise.
func (s *Service) speculate(ctx, gctx context.Context, sp startSpec) *speculativeCall {
	if s.gens.running(sp.userID) >= s.gen.MaxInFlightPerUser {
		return nil // a refused turn must not reach the provider
	}
	if sp.requestID != "" && !s.requestIDs.first(sp.userID, sp.requestID) {
		return nil // a retry: it replays, or is refused as a duplicate
	}
	conv, history, ok := s.branchSnapshot(ctx, sp)
	if !ok {
		return nil
	}
	// The branch and the request's history share one array: the user
	// message goes past the branch's end (sp.known, which start copies
	// before any use).
	branch := history[:len(history):len(history)]
	if sp.sendUser {
		history = append(history, dbsqlc.Message{Role: "user", Content: sp.content})
	}
	resolved, err := s.providers.Resolve(sp.choice, provider.Choice{Provider: conv.Provider, Model: conv.Model})
	if err != nil {
		return nil
	}
	snap := &started{conv: conv, history: history, resolved: resolved, model: s.catalog.Resolve(resolved.Provider, resolved.Model)}
	cctx, cancel := context.WithCancel(gctx)
	c := &speculativeCall{conv: conv, branch: branch, provider: resolved.Provider, req: s.buildRequest(snap, sp.params), ctx: cctx, cancel: cancel}
	// The request leaves now, from this goroutine when the adapter can
	// (a pooled connection to a plain-HTTP upstream), else from one of the
	// call's own; the answer is awaited by the generation, once the turn
	// is stored and live (its events, CancelGeneration, the in-flight cap),
	// however long the provider takes to answer.
	c.pending = llm.Send(cctx, resolved.Client, c.req)
	return c
}

// buildRequest turns the stored branch into the provider-neutral request.
func (s *Service) buildRequest(st *started, override *bestchatv1.GenerationParams) *llm.Request {
	req := &llm.Request{Model: st.resolved.Model, System: st.conv.SystemPrompt}
	for _, m := range st.history {
		parts := decodeContent(m.Content)
		var msg llm.Message
		switch m.Role {
		case "user":
			msg.Role = llm.RoleUser
		case "assistant":
			msg.Role = llm.RoleAssistant
		default:
			continue
		}
		for _, p := range parts {
			switch part := p.GetPart().(type) {
			case *bestchatv1.ContentPart_Text:
				msg.Parts = append(msg.Parts, llm.TextPart(part.Text))
			case *bestchatv1.ContentPart_Image:
				if u := part.Image.GetUrl(); u != "" {
					msg.Parts = append(msg.Parts, llm.ImageURLPart(u))
				}
			}
		}
		if len(msg.Parts) == 0 {
			continue // e.g. an answer interrupted before its first token
		}
		req.Messages = append(req.Messages, msg)
	}
	params := decodeParams(st.conv.Params)
	if override != nil {
		if override.Temperature != nil {
			params.Temperature = override.Temperature
		}
		if override.TopP != nil {
			params.TopP = override.TopP
		}
		if override.MaxOutputTokens != nil {
			params.MaxOutputTokens = override.MaxOutputTokens
		}
		if override.ReasoningEffort != bestchatv1.ReasoningEffort_REASONING_EFFORT_UNSPECIFIED {
			params.ReasoningEffort = override.ReasoningEffort
		}
	}
	req.Params.Temperature = params.Temperature
	req.Params.TopP = params.TopP
	// The output cap is always sent: the smallest of the request, the
	// model's maximum and the operator's cap.
	maxOut := s.gen.MaxOutputTokens
	if st.model.MaxOutputTokens > 0 && int(st.model.MaxOutputTokens) < maxOut {
		maxOut = int(st.model.MaxOutputTokens)
	}
	if params.MaxOutputTokens != nil && int(*params.MaxOutputTokens) < maxOut {
		maxOut = int(*params.MaxOutputTokens)
	}
	req.Params.MaxOutputTokens = maxOut
	switch params.ReasoningEffort {
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_LOW:
		req.Params.ReasoningEffort = "low"
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_MEDIUM:
		req.Params.ReasoningEffort = "medium"
	case bestchatv1.ReasoningEffort_REASONING_EFFORT_HIGH:
		req.Params.ReasoningEffort = "high"
	}
	return req
}

// ResumeStream re-attaches to a generation: it replays the events after
// after_seq and follows live ones. A generation this process no longer
// holds in memory is rebuilt from the stored message (its text as one
// delta); one running on another replica is followed by polling.
func (s *Service) ResumeStream(ctx context.Context, req *connect.Request[bestchatv1.ResumeStreamRequest], stream *connect.ServerStream[bestchatv1.ResumeStreamResponse]) error {
	uid, err := userID(ctx)
	if err != nil {
		return err
	}
	id := uuid.MustParse(req.Msg.GetMessageId())
	send := func(ev *bestchatv1.ChatEvent) error {
		return stream.Send(&bestchatv1.ResumeStreamResponse{Event: ev})
	}
	if g := s.gens.get(id); g != nil && g.userID == uid {
		return g.log.follow(ctx, req.Msg.GetAfterSeq(), send)
	}
	m, err := s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
	if err != nil {
		return rpcerror.DB(err, "get message", "message")
	}
	if m.Role != "assistant" {
		return rpcerror.FailedPrecondition("only assistant messages have generation streams")
	}
	after := req.Msg.GetAfterSeq()
	for {
		g, exact := s.synthesize(ctx, s.q, nil, m)
		if m.Status != "streaming" {
			if n := int64(g.log.len()); !exact && after >= n {
				// The client saw more events than the approximate rebuild
				// has: end it the way the original ended.
				after = n - 1
			}
			return g.log.follow(ctx, after, send)
		}
		// Running on another replica (or on one that died: recovery will
		// mark it): send what its last save holds beyond what the client
		// has, then look again after the next save.
		if exact {
			r := &reader{log: g.log, next: int(after)}
			if _, _, _, err := r.sendReady(send, false); err != nil {
				return err
			}
			after = max(after, int64(r.next))
		}
		t := time.NewTimer(s.gen.FlushInterval)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
		if g := s.gens.get(id); g != nil && g.userID == uid {
			return g.log.follow(ctx, after, send)
		}
		if m, err = s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid}); err != nil {
			return rpcerror.DB(err, "get message", "message")
		}
	}
}

// CancelGeneration stops a running generation on whichever replica runs it.
func (s *Service) CancelGeneration(ctx context.Context, req *connect.Request[bestchatv1.CancelGenerationRequest]) (*connect.Response[bestchatv1.CancelGenerationResponse], error) {
	uid, err := userID(ctx)
	if err != nil {
		return nil, err
	}
	id := uuid.MustParse(req.Msg.GetMessageId())
	m, err := s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid})
	if err != nil {
		return nil, rpcerror.DB(err, "get message", "message")
	}
	if m.Role != "assistant" {
		return nil, rpcerror.FailedPrecondition("only assistant messages can be cancelled")
	}
	if m.Status == "streaming" {
		if g := s.gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		} else if err := s.notifyCancel(ctx, id); err != nil {
			return nil, err
		}
		deadline, notified := time.Now().Add(s.gen.CancelWait), time.Now()
		for m.Status == "streaming" && time.Now().Before(deadline) {
			g := s.gens.get(id)
			switch {
			case g != nil && !isClosed(g.done):
				// Cancelling again is harmless, and reaches a generation
				// registered after the first look (its start had just
				// committed): the notice sent then found nobody.
				g.cancel(errCancelledByUser)
				select {
				case <-g.done:
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(time.Until(deadline)):
				}
			case g == nil:
				// Another replica's generation: notify again now and then,
				// in case the first notice came before the generation was
				// registered there.
				time.Sleep(50 * time.Millisecond)
				if time.Since(notified) >= renotifyEvery {
					notified = time.Now()
					if err := s.notifyCancel(ctx, id); err != nil {
						return nil, err
					}
				}
			default:
				// Ended here without settling (its settle failed): the row
				// waits for recovery; look again at a calm pace.
				select {
				case <-ctx.Done():
					return nil, ctx.Err()
				case <-time.After(min(50*time.Millisecond, time.Until(deadline))):
				}
			}
			if m, err = s.q.GetMessage(ctx, dbsqlc.GetMessageParams{ID: id, UserID: uid}); err != nil {
				return nil, rpcerror.DB(err, "get message", "message")
			}
		}
	}
	return connect.NewResponse(&bestchatv1.CancelGenerationResponse{Message: s.messageProto(ctx, s.q, m)}), nil
}

// notifyCancel asks the replica running generation id to cancel it.
func (s *Service) notifyCancel(ctx context.Context, id uuid.UUID) error {
	if _, err := s.pool.Exec(ctx, "SELECT pg_notify($1, $2)", cancelChannel, id.String()); err != nil {
		return rpcerror.DB(err, "notify cancel", "message")
	}
	return nil
}

// renotifyEvery is how often CancelGeneration repeats its notice while a
// generation on another replica runs on.
const renotifyEvery = 500 * time.Millisecond

// isClosed reports whether c is closed.
func isClosed(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// cancelChannel carries CancelGeneration requests between replicas.
const cancelChannel = "bestchat_cancel"

// Start runs the engine's background work until ctx ends: crash recovery
// (streaming messages nobody touches become interrupted) and the
// cross-replica cancel listener.
func (s *Service) Start(ctx context.Context) {
	// Stop with the caller's context or when the engine drains, whichever
	// comes first (Drain waits for these goroutines).
	ctx, cancel := context.WithCancel(ctx)
	context.AfterFunc(s.bg, cancel)
	s.recover(ctx)
	s.gens.wg.Add(2)
	go func() {
		defer s.gens.wg.Done()
		t := time.NewTicker(s.gen.StaleAfter / 3)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				s.recover(ctx)
			}
		}
	}()
	go func() {
		defer s.gens.wg.Done()
		for ctx.Err() == nil {
			if err := s.listenCancels(ctx); err != nil && ctx.Err() == nil {
				s.logger.Warn("cancel listener", "err", err)
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
		}
	}()
}

func (s *Service) recover(ctx context.Context) {
	rows, err := s.q.MarkInterrupted(ctx, s.gen.StaleAfter.Seconds())
	if err != nil {
		if ctx.Err() == nil {
			s.logger.Warn("recover interrupted generations", "err", err)
		}
		return
	}
	for _, r := range rows {
		s.logger.Info("generation interrupted by a stopped server", "message_id", r.ID, "user", r.UserID)
	}
}

func (s *Service) listenCancels(ctx context.Context) error {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "LISTEN "+cancelChannel); err != nil {
		return err
	}
	defer func() {
		// A connection interrupted mid-wait is in an unknown state: close
		// it (the pool drops closed connections). Otherwise stop listening
		// before it goes back to the pool.
		uctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if ctx.Err() != nil {
			_ = conn.Conn().Close(uctx)
			return
		}
		_, _ = conn.Exec(uctx, "UNLISTEN "+cancelChannel)
	}()
	return waitCancels(ctx, conn, s.gens)
}

func waitCancels(ctx context.Context, conn *pgxpool.Conn, gens *registry) error {
	for {
		n, err := conn.Conn().WaitForNotification(ctx)
		if err != nil {
			return err
		}
		id, err := uuid.Parse(n.Payload)
		if err != nil {
			continue
		}
		if g := gens.get(id); g != nil {
			g.cancel(errCancelledByUser)
		}
	}
}

// Drain waits for running generations to finish until ctx ends, then stops
// the rest; their partial answers are saved as interrupted.
func (s *Service) Drain(ctx context.Context) {
	done := make(chan struct{})
	go func() {
		for _, g := range s.gens.all() {
			<-g.done
		}
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
		for _, g := range s.gens.all() {
			g.cancel(errShutdown)
		}
		for _, g := range s.gens.all() {
			<-g.done
		}
	}
	// A turn whose start was still committing when the registry was read
	// is stopped here: with errShutdown as the cause, its answer is saved
	// as interrupted, like the others, not as failed.
	s.stopBG(errShutdown)
	s.gens.wg.Wait()
}
