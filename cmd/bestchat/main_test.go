package main

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

type cli struct {
	t        *testing.T
	url, tok string
}

// run runs one command line against the test server.
func (c cli) run(args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	var out, errOut strings.Builder
	full := append([]string{"--url", c.url, "--token", c.tok}, args...)
	err = run(context.Background(), full, &out, &errOut)
	return out.String(), errOut.String(), err
}

func (c cli) mustRun(args ...string) (string, string) {
	c.t.Helper()
	out, errOut, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("bestchat %s: %v\nstderr: %s", strings.Join(args, " "), err, errOut)
	}
	return out, errOut
}

func newCLI(t *testing.T) cli {
	t.Helper()
	env := servertest.New(t, servertest.Options{Env: servertest.Simulated(t, llmfake.Simulation{Tokens: 10})})
	return cli{t: t, url: env.URL, tok: env.Token(t, "cli-"+t.Name())}
}

var convID = regexp.MustCompile(`conversation ([0-9a-f-]{36})`)

func TestChatAndConversations(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	want := strings.Join(llmfake.Reply("hi", 10), "") + "\n"
	for _, proto := range [][]string{nil, {"--grpc"}} {
		out, errOut := c.mustRun(append(proto, "chat", "hi")...)
		if out != want {
			t.Fatalf("chat %v printed %q, want %q", proto, out, want)
		}
		if !strings.Contains(errOut, "simulated/simulated") {
			t.Fatalf("chat summary %q names no model", errOut)
		}
	}
	_, errOut := c.mustRun("chat", "hello", "again")
	id := convID.FindStringSubmatch(errOut)[1]

	// Continue it, as a script would: one JSON event per line.
	out, _ := c.mustRun("chat", "--json", "-c", id, "more in 3 words")
	var kinds []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("chat --json line %q: %v", line, err)
		}
		for k := range ev {
			if k != "seq" && k != "message_id" && k != "time" {
				kinds = append(kinds, k)
			}
		}
	}
	// Deltas the server holds together leave as one event: count them loosely.
	got := regexp.MustCompile(`(text_delta,)+`).ReplaceAllString(strings.Join(kinds, ",")+",", "text_delta...,")
	if got != "user_message,assistant_started,part_started,text_delta...,step_finished,usage,completed," {
		t.Fatalf("event kinds %v", kinds)
	}

	out, _ = c.mustRun("conversations", "list")
	if strings.Count(out, "\n") != 3 || !strings.Contains(out, id) {
		t.Fatalf("list:\n%s", out)
	}
	out, _ = c.mustRun("conversations", "list", "-q", "again", "--json")
	var listed struct {
		Conversations []struct{ ID string } `json:"conversations"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || len(listed.Conversations) != 1 || listed.Conversations[0].ID != id {
		t.Fatalf("list -q again --json = %s (%v)", out, err)
	}
	out, _ = c.mustRun("conversations", "show", id)
	for _, s := range []string{"user:\nhello again\n", "assistant: [simulated/simulated, completed]\n", "user:\nmore in 3 words\n"} {
		if !strings.Contains(out, s) {
			t.Fatalf("show lacks %q:\n%s", s, out)
		}
	}
	c.mustRun("conversations", "rm", id)
	if _, _, err := c.run("conversations", "show", id); err == nil || !strings.Contains(err.Error(), "not_found") {
		t.Fatalf("show after rm: %v", err)
	}
}

func TestUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.mustRun("chat", "hi")
	out, _ := c.mustRun("usage", "-tz", "Asia/Kolkata")
	// One metered call of the simulated (free) model, in every period.
	for _, period := range []string{"today", "this month", "all time"} {
		re := regexp.MustCompile(`(?m)^` + period + ` +metered +1 +\d+ +\d+ +\$0\.000000000$`)
		if !re.MatchString(out) {
			t.Fatalf("usage lacks a metered row for %s:\n%s", period, out)
		}
	}
	if strings.Contains(out, "client-reported") {
		t.Fatalf("usage shows client-reported rows without reports:\n%s", out)
	}
	out, _ = c.mustRun("usage", "--json")
	var resp struct {
		AllTime struct {
			Metered struct {
				RequestCount string `json:"request_count"`
			} `json:"metered"`
		} `json:"all_time"`
		TimeZone string `json:"time_zone"`
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil || resp.AllTime.Metered.RequestCount != "1" || resp.TimeZone != "UTC" {
		t.Fatalf("usage --json = %s (%v)", out, err)
	}
	if _, _, err := c.run("usage", "-tz", "Mars/Olympus"); err == nil || !strings.Contains(err.Error(), "time_zone") {
		t.Fatalf("usage -tz Mars/Olympus: %v", err)
	}
}

func TestCommandLineErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args  []string
		usage bool
		want  string
	}{
		{nil, true, "no command"},
		{[]string{"frobnicate"}, true, "unknown command"},
		{[]string{"chat"}, true, "wrong number of arguments"},
		{[]string{"conversations"}, true, "list, show or rm"},
		{[]string{"conversations", "show"}, true, "wrong number of arguments"},
		{[]string{"--token", "", "conversations", "list"}, false, "no token"},
		{[]string{"--token", "x", "--url", "localhost:1", "conversations", "list"}, false, "base URL"},
	}
	for _, tt := range tests {
		err := run(context.Background(), tt.args, &strings.Builder{}, &strings.Builder{})
		var u usageError
		if err == nil || !strings.Contains(err.Error(), tt.want) || errors.As(err, &u) != tt.usage {
			t.Errorf("bestchat %q: got %v, want a (usage: %v) error about %q", tt.args, err, tt.usage, tt.want)
		}
	}
}

func TestDollars(t *testing.T) {
	t.Parallel()
	for nanos, want := range map[int64]string{0: "$0.000000000", 1: "$0.000000001", 1_234_567_890: "$1.234567890", -5: "-$0.000000005"} {
		if got := dollars(nanos); got != want {
			t.Errorf("dollars(%d) = %s, want %s", nanos, got, want)
		}
	}
}
