package chat_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"connectrpc.com/connect"
	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"google.golang.org/protobuf/testing/protocmp"

	bestchatv1 "github.com/bestchat/bestchat/gen/bestchat/v1"
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// TestFailedStreamsSayWhy: a generation that fails ends its stream with a
// Failed event — the reason a client acts on, a safe message, the wait the
// provider asked for, and the answer as stored — then the stream's error;
// the stored Message carries the same detail, and a stream resumed from
// the database on another replica ends the same way.
func TestFailedStreamsSayWhy(t *testing.T) {
	t.Parallel()
	noRetries := fastGen
	noRetries.MaxRetries = -1
	tests := []struct {
		name       string
		script     llmfake.Script
		code       connect.Code
		reason     bestchatv1.ErrorReason
		retryAfter time.Duration
		partial    string
	}{
		{"broken mid-stream", llmfake.Script{
			Tokens: []string{"partial", " answer", " never"}, Fault: llmfake.FaultErrorEvent, FaultAfter: 2,
			ErrorType: "server_error", ErrorMessage: "upstream exploded",
		}, connect.CodeUnavailable, bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_UNAVAILABLE, 0, "partial answer"},
		{"key refused", llmfake.Script{Status: http.StatusUnauthorized},
			connect.CodeFailedPrecondition, bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_AUTH_FAILED, 0, ""},
		{"rate limited", llmfake.Script{Status: http.StatusTooManyRequests, RetryAfter: "7"},
			connect.CodeUnavailable, bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_RATE_LIMITED, 7 * time.Second, ""},
		{"context too long", llmfake.Script{
			Status: http.StatusBadRequest, ErrorType: "invalid_request_error", ErrorCode: "context_length_exceeded",
			ErrorMessage: "This model's maximum context length is 128000 tokens.",
		}, connect.CodeFailedPrecondition, bestchatv1.ErrorReason_ERROR_REASON_CONTEXT_TOO_LONG, 0, ""},
		{"request rejected", llmfake.Script{Status: http.StatusBadRequest, ErrorMessage: "bad request"},
			connect.CodeInvalidArgument, bestchatv1.ErrorReason_ERROR_REASON_PROVIDER_REJECTED, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			up := newUpstream(t, llmfake.NewOpenAI(tt.script))
			env := openAIEnv(t, noRetries, up.srv.URL)
			other := otherReplica(t, env, up)
			for _, p := range servertest.Protocols {
				user := "failed-" + string(p)
				c := env.Clients(t, p, user)
				conv := createConv(t, c, "openai", "gpt-4o")
				live, err := send(t, c, conv, "hi", "")
				if connect.CodeOf(err) != tt.code {
					t.Fatalf("%s: stream ended with %v, want %v", p, err, tt.code)
				}
				var cerr *connect.Error
				if !errors.As(err, &cerr) {
					t.Fatalf("%s: stream error %v is not a connect error", p, err)
				}
				failed := live[len(live)-1].GetFailed()
				if failed == nil {
					t.Fatalf("%s: last event %v, want Failed", p, live[len(live)-1])
				}
				d := failed.GetError()
				if d.GetReason() != tt.reason || d.GetMessage() != cerr.Message() || d.GetRetryAfter().AsDuration() != tt.retryAfter {
					t.Fatalf("%s: error detail %v, want reason %v, the stream error's message %q, retry after %v", p, d, tt.reason, cerr.Message(), tt.retryAfter)
				}
				m := failed.GetMessage()
				if m.GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_FAILED || textOf(live) != tt.partial {
					t.Fatalf("%s: failed message %v, streamed %q", p, m, textOf(live))
				}
				if diff := cmp.Diff(d, m.GetError(), protocmp.Transform()); diff != "" {
					t.Fatalf("%s: the message's error (-event +message):\n%s", p, diff)
				}
				list, err := c.Chat.ListMessages(servertest.Context(t), connect.NewRequest(&bestchatv1.ListMessagesRequest{ConversationId: conv}))
				if err != nil {
					t.Fatal(err)
				}
				msgs := list.Msg.GetMessages()
				if diff := cmp.Diff(d, msgs[len(msgs)-1].GetError(), protocmp.Transform()); diff != "" {
					t.Fatalf("%s: the stored message's error (-event +stored):\n%s", p, diff)
				}
				resumed, rerr := resume(t, other.Clients(t, p, user), m.GetId(), 0)
				if connect.CodeOf(rerr) != tt.code {
					t.Fatalf("%s: resumed stream ended with %v", p, rerr)
				}
				if diff := cmp.Diff(live[len(live)-1], resumed[len(resumed)-1], protocmp.Transform()); diff != "" {
					t.Fatalf("%s: the resumed stream's Failed event (-live +resumed):\n%s", p, diff)
				}
			}
		})
	}
}

// TestSettleSurvivesATransientDatabaseFailure: the statement that settles
// an answer fails once (as on a dropped connection or a failover); the
// settle is tried again, so the answer is stored whole, its usage row is
// written and the stream ends normally.
func TestSettleSurvivesATransientDatabaseFailure(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Tokens: []string{"saved", " anyway"}, Usage: &llmfake.Usage{Input: 3, Output: 2}})
	ctx := servertest.Context(t)
	// A sequence, not a table: nextval is not rolled back with the
	// failing statement, so exactly the first settle fails.
	if _, err := env.Pool.Exec(ctx, `
CREATE SEQUENCE settle_failures;
CREATE FUNCTION fail_first_settle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'streaming' AND NEW.status <> 'streaming' AND nextval('settle_failures') = 1 THEN
    RAISE EXCEPTION 'injected settle failure';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER fail_first_settle BEFORE UPDATE ON messages FOR EACH ROW EXECUTE FUNCTION fail_first_settle();`); err != nil {
		t.Fatal(err)
	}
	c := env.Clients(t, servertest.Connect, "settler")
	evs, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
	if err != nil {
		t.Fatalf("stream ended with %v", err)
	}
	m := evs[len(evs)-1].GetCompleted().GetMessage()
	if m.GetStatus() != bestchatv1.MessageStatus_MESSAGE_STATUS_COMPLETED || textOf(evs) != "saved anyway" {
		t.Fatalf("last event %v", evs[len(evs)-1])
	}
	var failures, rows int64
	var stored string
	if err := env.Pool.QueryRow(ctx, `SELECT (SELECT last_value FROM settle_failures), (SELECT count(*) FROM usage_logs WHERE message_id = $1), (SELECT text_content FROM messages WHERE id = $1)`, m.GetId()).Scan(&failures, &rows, &stored); err != nil {
		t.Fatal(err)
	}
	if failures < 2 || rows != 1 || stored != "saved anyway" {
		t.Fatalf("settles tried %d times, %d usage rows, stored %q", failures, rows, stored)
	}
}

func TestProviderFailureAfterFirstToken(t *testing.T) {
	t.Parallel()
	env, up := genEnv(t, fastGen, llmfake.Script{
		Tokens: []string{"partial", " answer", " never"}, Fault: llmfake.FaultErrorEvent, FaultAfter: 2,
		ErrorType: "server_error", ErrorMessage: "upstream exploded " + fakeKey,
	})
	for _, p := range servertest.Protocols {
		t.Run(string(p), func(t *testing.T) {
			c := env.Clients(t, p, "fail-"+string(p))
			evs, err := send(t, c, createConv(t, c, "openai", "gpt-4o"), "hi", "")
			if connect.CodeOf(err) != connect.CodeUnavailable {
				t.Fatalf("stream ended with %v, want Unavailable", err)
			}
			if strings.Contains(err.Error(), fakeKey) {
				t.Fatalf("error leaks the key: %v", err)
			}
			if textOf(evs) != "partial answer" {
				t.Fatalf("streamed %q", textOf(evs))
			}
			id := evs[0].GetMessageId()
			if got := waitStatus(t, env, id, "failed"); got != "partial answer" {
				t.Fatalf("stored %q", got)
			}
		})
	}
	if n := len(up.Requests()); n != 2 {
		t.Fatalf("%d provider requests for 2 sends: a failure after output must not be retried", n)
	}
}

func TestGenerationErrorsAreClear(t *testing.T) {
	t.Parallel()
	env, _ := genEnv(t, fastGen, llmfake.Script{Status: http.StatusUnauthorized})
	c := env.Clients(t, servertest.Connect, "alice")
	_, err := send(t, c, createConv(t, c, "anthropic", ""), "x", "")
	if connect.CodeOf(err) != connect.CodeFailedPrecondition {
		t.Fatalf("unconfigured provider: %v", err)
	}
	_, err = send(t, c, createConv(t, c, "openai", "gpt-4o"), "x", "")
	if connect.CodeOf(err) != connect.CodeFailedPrecondition || !strings.Contains(err.Error(), "openai") || strings.Contains(err.Error(), fakeKey) {
		t.Fatalf("provider 401: %v", err)
	}
	var cerr *connect.Error
	if errors.As(err, &cerr) && strings.Contains(strings.ToLower(cerr.Message()), "sk-") {
		t.Fatalf("error mentions a key: %v", cerr.Message())
	}
	_, err = send(t, c, uuid.NewString(), "x", "")
	if connect.CodeOf(err) != connect.CodeNotFound {
		t.Fatalf("unknown conversation: %v", err)
	}
}
