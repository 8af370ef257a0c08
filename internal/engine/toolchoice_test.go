package engine_test

import (
	"encoding/json"
	"slices"
	"testing"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/rpcerror"
	"github.com/bestchat/bestchat/internal/servertest"
	"github.com/bestchat/bestchat/internal/tool"
)

// sendChoice runs a SendMessage with a tool choice to its end.
func sendChoice(t *testing.T, c servertest.Clients, conv string, choice *bestchatv1.ToolChoice) error {
	t.Helper()
	s, err := c.Chat.SendMessage(servertest.Context(t), connect.NewRequest(&bestchatv1.SendMessageRequest{
		ConversationId: conv, ToolChoice: choice,
		Content: []*bestchatv1.ContentPart{{Part: &bestchatv1.ContentPart_Text{Text: "what is 6*7?"}}},
	}))
	if err != nil {
		return err
	}
	defer s.Close()
	for s.Receive() {
	}
	return s.Err()
}

// TestToolChoice: a forced tool reaches each provider in its own wire
// form on the turn's first call only (the call after the results is free
// again); REQUIRED and NONE likewise; an unknown tool or a tool_id
// without mode TOOL is INVALID_ARGUMENT before anything is stored.
func TestToolChoice(t *testing.T) {
	t.Parallel()
	type form struct{ openai, anthropic string }
	tests := []struct {
		name   string
		choice *bestchatv1.ToolChoice
		first  form // the first request's tool_choice, as JSON ("" when absent)
		loops  bool // the model calls the tool, so a second request follows
	}{
		{"tool", &bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_TOOL, ToolId: "builtin.calculator"},
			form{`{"type":"function","function":{"name":"calculator"}}`, `{"type":"tool","name":"calculator"}`}, true},
		{"required", &bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_REQUIRED},
			form{`"required"`, `{"type":"any"}`}, true},
		{"none", &bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_NONE},
			form{`"none"`, `{"type":"none"}`}, false},
		{"unset", nil, form{"", ""}, true},
	}
	for _, w := range wires {
		for _, tt := range tests {
			t.Run(w.name+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				scripts := []llmfake.Script{answer("42.")}
				if tt.loops {
					scripts = []llmfake.Script{calls(llmfake.ToolCall{ID: "call_a", Name: "calculator", Arguments: `{"expression":"6*7"}`}), answer("It is 42.")}
				}
				l := newLoop(t, w, tool.Params{}, scripts...)
				c := l.env.Clients(t, servertest.GRPC, "alice")
				conv := l.conversation(t, c, w)
				if err := sendChoice(t, c, conv, tt.choice); err != nil {
					t.Fatal(err)
				}
				want := tt.first.openai
				if w.name == "anthropic" {
					want = tt.first.anthropic
				}
				toolChoiceOf := func(i int) string {
					var body struct {
						ToolChoice json.RawMessage `json:"tool_choice"`
					}
					if err := json.Unmarshal([]byte(l.request(t, i)), &body); err != nil {
						t.Fatal(err)
					}
					return string(body.ToolChoice)
				}
				if got := toolChoiceOf(0); !jsonEqual(got, want) {
					t.Errorf("first call's tool_choice = %s, want %s", got, want)
				}
				if tt.loops {
					if got := toolChoiceOf(1); got != "" {
						t.Errorf("the call after the results carries tool_choice %s", got)
					}
				}
				// Each call's usage row names its step of the loop.
				recs, err := c.Usage.ListRecentUsage(servertest.Context(t), connect.NewRequest(&bestchatv1.ListRecentUsageRequest{}))
				if err != nil {
					t.Fatal(err)
				}
				var steps []int32 // one settle writes them at once: in no order
				for _, r := range recs.Msg.GetRecords() {
					steps = append(steps, r.GetStep())
				}
				slices.Sort(steps)
				wantSteps := []int32{1}
				if tt.loops {
					wantSteps = []int32{1, 2}
				}
				if diff := cmp.Diff(wantSteps, steps); diff != "" {
					t.Errorf("usage rows' steps (-want +got):\n%s", diff)
				}
			})
		}
	}
	t.Run("refusals", func(t *testing.T) {
		t.Parallel()
		l := newLoop(t, wires[0], tool.Params{}, answer("never"))
		c := l.env.Clients(t, servertest.Connect, "bob")
		conv := l.conversation(t, c, wires[0])
		for _, tc := range []struct {
			choice *bestchatv1.ToolChoice
			field  string
		}{
			{&bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_TOOL, ToolId: "builtin.nope"}, "tool_choice.tool_id"},
			{&bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_TOOL}, "tool_choice.tool_id"},
			{&bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_AUTO, ToolId: "builtin.calculator"}, "tool_choice.tool_id"},
		} {
			err := sendChoice(t, c, conv, tc.choice)
			if connect.CodeOf(err) != connect.CodeInvalidArgument || rpcerror.Reason(err) != rpcerror.ReasonValidationFailed {
				t.Errorf("%v: got %v, want INVALID_ARGUMENT on %s", tc.choice, err, tc.field)
			}
		}
		if n := len(l.fake.Requests()); n != 0 {
			t.Errorf("refused turns reached the provider %d times", n)
		}
		// A model without tools cannot be made to call one.
		ollama := servertest.New(t, servertest.Options{Env: map[string]string{"OLLAMA_BASE_URL": l.url + "/v1"}, Generation: loopGen})
		oc := ollama.Clients(t, servertest.Connect, "bob")
		r, err := oc.Chat.CreateConversation(servertest.Context(t), connect.NewRequest(&bestchatv1.CreateConversationRequest{Provider: "ollama", Model: "gemma3"}))
		if err != nil {
			t.Fatal(err)
		}
		err = sendChoice(t, oc, r.Msg.GetConversation().GetId(), &bestchatv1.ToolChoice{Mode: bestchatv1.ToolChoiceMode_TOOL_CHOICE_MODE_REQUIRED})
		if connect.CodeOf(err) != connect.CodeFailedPrecondition {
			t.Errorf("REQUIRED on a model without tools: got %v, want FAILED_PRECONDITION", err)
		}
		msgs, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
		if err != nil || len(msgs.Msg.GetMessages()) != 0 {
			t.Errorf("refused turns stored messages: %v, %v", msgs, err)
		}
	})
}

func jsonEqual(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	return cmp.Equal(x, y)
}
