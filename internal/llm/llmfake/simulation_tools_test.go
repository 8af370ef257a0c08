package llmfake_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/llm"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// TestSimulatedToolCalls: a [[tool:...]] directive makes the simulated
// model call tools (over both wire formats, arguments split in chunks);
// once the results are sent back it answers with them.
func TestSimulatedToolCalls(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(llmfake.NewMux(llmfake.Simulation{}))
	t.Cleanup(srv.Close)
	providers := map[string]llm.Provider{
		"openai":    llm.NewOpenAI(llm.OpenAIConfig{BaseURL: srv.URL + "/v1", APIKey: "k"}),
		"anthropic": llm.NewAnthropic(llm.AnthropicConfig{BaseURL: srv.URL, APIKey: "k"}),
	}
	for name, p := range providers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			user := llm.UserText(`What time is it? [[tool:current_time {"time_zone":"Europe/Paris"}]] [[tool:calculator {"expression":"1+1"}]]`)
			req := &llm.Request{Model: llmfake.SimulatedModel, Messages: []llm.Message{user},
				Tools: []llm.Tool{{Name: "current_time"}, {Name: "calculator"}}}
			calls, text, finish := collect(t, p, req)
			if finish != llm.FinishToolCalls || len(calls) != 2 || calls[0].Name != "current_time" ||
				string(calls[0].Arguments) != `{"time_zone":"Europe/Paris"}` || calls[1].ID != "call_sim_2" {
				t.Fatalf("calls = %+v, finish %s", calls, finish)
			}
			req.Messages = append(req.Messages,
				llm.Message{Role: llm.RoleAssistant, Parts: []llm.Part{llm.TextPart(text)}, ToolCalls: calls},
				llm.ToolResult(calls[0].ID, "09:30 in Paris", false),
				llm.ToolResult(calls[1].ID, "2", false))
			calls, text, finish = collect(t, p, req)
			if len(calls) != 0 || finish != llm.FinishStop || text != "The tools answered: 09:30 in Paris | 2" {
				t.Fatalf("answer = %q, calls %v, finish %s", text, calls, finish)
			}
		})
	}
}

func collect(t *testing.T, p llm.Provider, req *llm.Request) ([]llm.ToolCall, string, llm.FinishReason) {
	t.Helper()
	s, err := p.Stream(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var calls []llm.ToolCall
	var text strings.Builder
	var finish llm.FinishReason
	for {
		ev, err := s.Next(context.Background())
		if errors.Is(err, io.EOF) {
			return calls, text.String(), finish
		}
		if err != nil {
			t.Fatal(err)
		}
		switch ev.Kind {
		case llm.EventTextDelta:
			text.WriteString(ev.Text)
		case llm.EventToolCall:
			calls = append(calls, *ev.ToolCall)
		case llm.EventFinish:
			finish = ev.Finish.Reason
		}
	}
}
