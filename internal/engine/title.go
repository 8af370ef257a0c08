package engine

import (
	"context"
	"errors"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/bestchat/bestchat/internal/catalog"
	"github.com/bestchat/bestchat/internal/dbenum"
	"github.com/bestchat/bestchat/internal/dbsqlc"
	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/message"
)

// Titles (DESIGN §4.7): after the first exchange of an untitled
// conversation, the conversation's model (without its web search, for a
// model that searches on every call) names it with a short call of its
// own, made after the answer settled (the answer's stream never waits for
// it), holding budget and charged as purpose title. A title the user set
// in the meantime is kept. A failed call leaves the conversation untitled.

// titleMaxTokens bounds a title call's output.
const titleMaxTokens = 32

// titleMaxRunes bounds a stored title (the API allows 200 characters).
const titleMaxRunes = 80

// titleInputBytes is how much of the question and of the answer the title
// call sees.
const titleInputBytes = 2000

// titleTimeout bounds a title call.
const titleTimeout = 30 * time.Second

// titlePrompt is the system prompt of a title call.
const titlePrompt = `Write a title for the conversation below: 2 to 6 words, in the language of the user's message, naming its subject. Output only the title, without quotes or a final period.`

// maybeTitle starts the title call of a turn that answered the first
// question of an untitled conversation; it runs after the answer settled,
// tracked so that a shutdown waits for it.
func (r *runState) maybeTitle(status dbenum.MessageStatus) {
	e := r.e
	if !e.cfg.AutoTitle || status != dbenum.MessageCompleted || r.st.conv.Title != "" || len(r.st.history) != 1 || r.st.history[0].Role != dbenum.RoleUser {
		return
	}
	question := message.DecodeContent(r.st.history[0].Content)
	var q strings.Builder
	for _, p := range question {
		q.WriteString(p.GetText())
	}
	r.mu.Lock()
	answer := r.ans.text()
	r.mu.Unlock()
	if strings.TrimSpace(q.String()) == "" || strings.TrimSpace(answer) == "" {
		return
	}
	// A model that searches the web on every call (OpenRouter's ":online",
	// OpenAI's search models) names the conversation without its search:
	// a title needs no web, and the search's fee would cost more than the
	// title's tokens.
	resolved, price := r.st.resolved, r.st.model.Price
	if base, ok := llm.WithoutWebSearch(resolved.Model); ok {
		resolved.Model = base
		price = e.catalog.Resolve(resolved.Provider, base).Price
	}
	t := titleJob{
		userID: r.g.userID, convID: r.st.conv.ID, messageID: r.g.messageID,
		resolved: resolved, price: price,
		question: cut(q.String(), titleInputBytes), answer: cut(answer, titleInputBytes),
	}
	e.gens.wg.Add(1)
	go func() {
		defer e.gens.wg.Done()
		// Drain waits for it (at most titleTimeout): a title call is
		// short, and cutting it would bill a call that named nothing.
		ctx, cancel := context.WithTimeout(context.Background(), titleTimeout)
		defer cancel()
		if err := e.title(ctx, t); err != nil {
			e.logger.Warn("title conversation", "conversation_id", t.convID, "err", err)
		}
	}()
}

// titleJob is what a title call needs of its turn.
type titleJob struct {
	userID           string
	convID           uuid.UUID
	messageID        uuid.UUID
	resolved         Resolved
	price            catalog.Price
	question, answer string
}

// title makes the title call of t, stores the title unless one was set
// meanwhile, and charges the call (also when it failed after the
// provider began to answer), in one transaction.
func (e *Engine) title(ctx context.Context, t titleJob) error {
	req := &llm.Request{
		Model: t.resolved.Model, System: titlePrompt,
		Messages: []llm.Message{{Role: llm.RoleUser, Parts: []llm.Part{llm.TextPart("User: " + t.question + "\n\nAssistant: " + t.answer)}}},
		Params:   llm.Params{MaxOutputTokens: titleMaxTokens},
	}
	h, err := e.reserve(ctx, t.userID, uuid.NullUUID{UUID: t.messageID, Valid: true}, worstCost(req, t.price))
	if err != nil {
		return err
	}
	start := time.Now()
	text, usage, opened, callErr := collectText(ctx, t.resolved.Client, req)
	c := Call{
		UserID: t.userID, ConversationID: t.convID, MessageID: t.messageID,
		Provider: t.resolved.Provider, Model: t.resolved.Model, ConfigID: t.resolved.ConfigID,
		Price: t.price, Latency: time.Since(start), Purpose: dbenum.PurposeTitle,
	}
	c.bill(req, text, usage, opened, callErr)
	title := cleanTitle(text)
	named := callErr == nil && title != ""
	cost, _ := c.Cost()
	// The charge is stored even when the call was cut (a shutdown, the
	// timeout): what the provider began to answer is billed.
	dbctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), startTimeout)
	defer cancel()
	err = pgx.BeginFunc(dbctx, e.pool, func(tx pgx.Tx) error {
		q := e.q.WithTx(tx)
		if h != nil {
			if err := e.budget.Release(dbctx, q, t.userID, []uuid.UUID{h.ID}, []int64{cost})(); err != nil {
				return err
			}
		}
		if opened {
			if err := e.charger.Charge(dbctx, q, []Call{c})(); err != nil {
				return err
			}
		}
		if !named {
			return nil // the charge stands; the call named nothing
		}
		// Only an untitled conversation: the user may have named it.
		return q.SetTitleIfUntitled(dbctx, dbsqlc.SetTitleIfUntitledParams{Title: title, ID: t.convID, UserID: t.userID})
	})
	switch {
	case err != nil:
		return err
	case callErr != nil:
		return callErr
	case title == "":
		return errors.New("the model wrote no title")
	}
	return nil
}

// collectText makes a call and gathers its text and usage; opened says
// whether the provider began to answer (the call may be billed).
func collectText(ctx context.Context, p llm.Provider, req *llm.Request) (text string, usage *llm.Usage, opened bool, err error) {
	stream, err := p.Stream(ctx, req)
	if err != nil {
		return "", nil, false, err
	}
	defer func() { _ = stream.Close() }()
	var b strings.Builder
	for {
		ev, nerr := stream.Next(ctx)
		if nerr != nil {
			if !errors.Is(nerr, io.EOF) {
				err = nerr
			}
			return b.String(), usage, true, err
		}
		switch ev.Kind {
		case llm.EventTextDelta:
			b.WriteString(ev.Text)
		case llm.EventUsage:
			if ev.Usage != nil {
				u := *ev.Usage
				usage = &u
			}
		}
	}
}

// bill sets what c charges for a call of req made with collectText: its
// report when the provider gave one, else an estimate when the provider
// began to answer (opened), else nothing; a call that ended with err is
// failed.
func (c *Call) bill(req *llm.Request, text string, usage *llm.Usage, opened bool, err error) {
	c.Status = dbenum.UsageCompleted
	if err != nil {
		c.Status = dbenum.UsageFailed
	}
	switch {
	case usage != nil:
		c.Usage, c.Estimated = billedUsage(*usage), false
		c.withProviderCost(*usage)
	case opened:
		c.Usage, c.Estimated = billedUsage(estimateUsage(req, len(text), 0)), true
	}
}

// cleanTitle turns a model's answer into a title: its first line, without
// quotes, markup or a final period, spaces collapsed, at most
// titleMaxRunes.
func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "Title:"), "title:")
	s = strings.Trim(s, " \t\"'`*#“”‘’«»")
	s = strings.TrimRight(s, ".。")
	s = strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
	if utf8.RuneCountInString(s) > titleMaxRunes {
		s = strings.TrimSpace(string([]rune(s)[:titleMaxRunes])) + "…"
	}
	return s
}

// cut returns s's first n bytes at most, cut at a character boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
