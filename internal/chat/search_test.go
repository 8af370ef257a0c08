package chat_test

import (
	"errors"
	"strings"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/protobuf/testing/protocmp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/servertest"
)

// violations returns the field paths of an InvalidArgument error.
func violations(t *testing.T, err error) []string {
	t.Helper()
	var cerr *connect.Error
	if !errors.As(err, &cerr) || cerr.Code() != connect.CodeInvalidArgument {
		t.Fatalf("err = %v, want InvalidArgument", err)
	}
	var out []string
	for _, d := range cerr.Details() {
		m, err := d.Value()
		if err != nil {
			continue
		}
		if br, ok := m.(*errdetails.BadRequest); ok {
			for _, fv := range br.GetFieldViolations() {
				out = append(out, fv.GetField())
			}
		}
	}
	return out
}

// TestSearchRanksTitleMatchesFirst checks the order (title matches newest
// first, then message matches newest first) and what each result says
// about its match, over both protocols.
func TestSearchRanksTitleMatchesFirst(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	setup := env.Clients(t, servertest.GRPC, "alice")
	// Created (and so last active) in this order, oldest first.
	oldTitle := createConversation(t, setup, "Borrow checker notes")
	oldText := createConversation(t, setup, "misc")
	oldTextMsgs := seedChain(t, env.Pool, "alice", uuid.MustParse(oldText.GetId()), nil,
		"how do I borrow a value twice?", "You cannot BORROW it mutably twice.", "thanks")
	newTitle := createConversation(t, setup, "borrowing money")
	seedChain(t, env.Pool, "alice", uuid.MustParse(newTitle.GetId()), nil, "and the borrow rate?")
	unrelated := createConversation(t, setup, "weather")
	seedChain(t, env.Pool, "alice", uuid.MustParse(unrelated.GetId()), nil, "rain tomorrow?")
	newText := createConversation(t, setup, "rust")
	long := strings.Repeat("lorem ipsum dolor ", 10) + "the Borrow checker rejects it " + strings.Repeat("sit amet consectetur ", 10)
	newTextMsgs := seedChain(t, env.Pool, "alice", uuid.MustParse(newText.GetId()), nil, long)
	// Another user's matching conversation never shows.
	bob := env.Clients(t, servertest.GRPC, "bob")
	bobConv := createConversation(t, bob, "borrow everything")
	seedChain(t, env.Pool, "bob", uuid.MustParse(bobConv.GetId()), nil, "borrow")

	want := []*bestchatv1.SearchMatch{
		{TitleMatched: true},
		{TitleMatched: true},
		{
			MessageId:     newTextMsgs[0].ID.String(),
			SnippetBefore: "…lorem ipsum dolor lorem ipsum dolor lorem ipsum dolor the ",
			SnippetMatch:  "Borrow",
			SnippetAfter:  " checker rejects it sit amet consectetur sit amet consectetur sit amet consectetur sit amet…",
		},
		// The deepest of the two matching messages.
		{MessageId: oldTextMsgs[1].ID.String(), SnippetMatch: "BORROW", SnippetBefore: "You cannot ", SnippetAfter: " it mutably twice."},
	}
	wantIDs := []string{newTitle.GetId(), oldTitle.GetId(), newText.GetId(), oldText.GetId()}
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			c := env.Clients(t, p, "alice")
			resp, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{Query: "borrow"}))
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs []string
			var got []*bestchatv1.SearchMatch
			for _, conv := range resp.Msg.GetConversations() {
				gotIDs = append(gotIDs, conv.GetId())
				got = append(got, conv.GetSearchMatch())
			}
			if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
				t.Fatalf("order (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want, got, protocmp.Transform()); diff != "" {
				t.Fatalf("matches (-want +got):\n%s", diff)
			}
			// A listing without a query carries no match.
			all, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{}))
			if err != nil {
				t.Fatal(err)
			}
			for _, conv := range all.Msg.GetConversations() {
				if conv.GetSearchMatch() != nil {
					t.Fatalf("conversation %s has a search match without a query", conv.GetId())
				}
			}
		})
	}
}

// TestSearchPagesAcrossTheRanking pages one result at a time through title
// and message matches: every match exactly once, in rank order, and
// conversations that change in between do not break the walk.
func TestSearchPagesAcrossTheRanking(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	c := env.Clients(t, servertest.Connect, "alice")
	var titles, texts []string
	for i := range 4 {
		conv := createConversation(t, c, "kestrel "+string(rune('a'+i)))
		titles = append([]string{conv.GetId()}, titles...)
		other := createConversation(t, c, "other")
		seedChain(t, env.Pool, "alice", uuid.MustParse(other.GetId()), nil, "a kestrel hovered")
		texts = append([]string{other.GetId()}, texts...)
		createConversation(t, c, "nothing here")
	}
	want := append(titles, texts...)
	for _, size := range []int32{1, 3, 100} {
		var got []string
		token := ""
		for range 20 {
			resp, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{
				Query: "KESTREL", PageSize: size, PageToken: token,
			}))
			if err != nil {
				t.Fatal(err)
			}
			for _, conv := range resp.Msg.GetConversations() {
				got = append(got, conv.GetId())
			}
			if token = resp.Msg.GetNextPageToken(); token == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("page size %d (-want +got):\n%s", size, diff)
		}
	}
}

// TestSearchRefusesPatternsTheIndexCannotServe: a query needs three
// letters or digits in a row.
func TestSearchRefusesPatternsTheIndexCannotServe(t *testing.T) {
	t.Parallel()
	env := servertest.New(t, servertest.Options{})
	tests := []struct {
		query string
		ok    bool
	}{
		{"%", false},
		{"%%%", false},
		{"ab", false},
		{"a_b", false},
		{"  x  ", false},
		{`\`, false},
		{"?!.", false},
		{"ab cd", false},
		{"abc", true},
		{"100%", true},
		{"über", true},
		{"日本語", true},
		{"   ", true}, // blank: no text filter at all
	}
	for _, p := range servertest.Protocols {
		c := env.Clients(t, p, "alice")
		for _, tt := range tests {
			t.Run(string(p)+"/"+tt.query, func(t *testing.T) {
				t.Parallel()
				_, err := c.Chat.ListConversations(servertest.Context(t), connect.NewRequest(&bestchatv1.ListConversationsRequest{Query: tt.query}))
				if tt.ok {
					if err != nil {
						t.Fatalf("query %q: %v", tt.query, err)
					}
					return
				}
				if diff := cmp.Diff([]string{"query"}, violations(t, err)); diff != "" {
					t.Fatalf("query %q: violations (-want +got):\n%s", tt.query, diff)
				}
			})
		}
	}
}
