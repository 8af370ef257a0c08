// Command bestchat is a command-line client of bestchat, built on the Go
// SDK (github.com/bestchat/bestchat/client).
//
//	bestchat chat "What is a monad?"          stream an answer (a new conversation)
//	bestchat chat -c ID "And in Go?"          continue a conversation
//	bestchat conversations list [-q TEXT]     list (search) conversations
//	bestchat conversations show ID            the active branch's messages
//	bestchat conversations rm ID              delete a conversation
//	bestchat usage                            spend today, this month, all time
//	bestchat watch [--cursor C] [--synced]    print changes as they happen
//	bestchat export [--format markdown] ID    write a conversation to a file
//
// The server and token come from --url / BESTCHAT_URL (default
// http://127.0.0.1:8080) and --token / BESTCHAT_TOKEN. --json prints
// protobuf JSON (one object per line for chat's events) for scripts;
// --grpc talks gRPC instead of Connect.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `bestchat — a command-line client of bestchat

Usage:
  bestchat chat [-c CONVERSATION_ID] QUESTION...   stream an answer
  bestchat conversations list [-q TEXT] [-n N]     list or search conversations
  bestchat conversations show ID                   print a conversation's messages
  bestchat conversations rm ID                     delete a conversation
  bestchat usage [-tz ZONE]                        spend today, this month and all time
  bestchat watch [--cursor C] [--synced]           print changes to your conversations as they happen
  bestchat export [--format json|markdown] [-o FILE] [-f] ID
                                                   write a conversation to a file

Flags of every command (before or after it):
  --url URL      server (env BESTCHAT_URL, default http://127.0.0.1:8080)
  --token TOKEN  bearer token (env BESTCHAT_TOKEN)
  --grpc         use gRPC instead of Connect
  --json         print protobuf JSON, for scripts
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	var u usageError
	if errors.As(err, &u) {
		fmt.Fprintf(os.Stderr, "bestchat: %v\n\n%s", err, usage)
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "bestchat: %v\n", err)
		os.Exit(1)
	}
}

// usageError is a command line that makes no sense.
type usageError struct{ error }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run executes one command line, writing results to out and progress to
// errOut.
func run(ctx context.Context, args []string, out, errOut io.Writer) error {
	g := &globals{url: os.Getenv("BESTCHAT_URL"), token: os.Getenv("BESTCHAT_TOKEN")}
	if g.url == "" {
		g.url = "http://127.0.0.1:8080"
	}
	top := newFlagSet("bestchat", g)
	if err := top.Parse(args); err != nil {
		return err
	}
	args = top.Args()
	if len(args) == 0 {
		return usagef("no command")
	}
	cmd, args := args[0], args[1:]
	a := &app{g: g, out: out, errOut: errOut}
	switch cmd {
	case "chat":
		return a.chat(ctx, args)
	case "conversations", "conversation", "conv":
		if len(args) == 0 {
			return usagef("conversations: list, show or rm?")
		}
		switch args[0] {
		case "list", "ls":
			return a.listConversations(ctx, args[1:])
		case "show":
			return a.showConversation(ctx, args[1:])
		case "rm", "delete":
			return a.deleteConversation(ctx, args[1:])
		default:
			return usagef("conversations %s: unknown (list, show or rm)", args[0])
		}
	case "usage":
		return a.usage(ctx, args)
	case "watch":
		return a.watch(ctx, args)
	case "export":
		return a.export(ctx, args)
	case "help":
		_, err := fmt.Fprint(out, usage)
		return err
	default:
		return usagef("unknown command %q", cmd)
	}
}

// globals are the flags every command takes.
type globals struct {
	url, token string
	grpc, json bool
}

// newFlagSet returns a flag set holding the global flags for one command,
// bound to g so that they may come before or after the command. The
// environment's defaults are read once, by run's top-level flag set.
func newFlagSet(name string, g *globals) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&g.url, "url", g.url, "server URL (env BESTCHAT_URL)")
	fs.StringVar(&g.token, "token", g.token, "bearer token (env BESTCHAT_TOKEN)")
	fs.BoolVar(&g.grpc, "grpc", g.grpc, "use gRPC instead of Connect")
	fs.BoolVar(&g.json, "json", g.json, "print protobuf JSON")
	return fs
}

// parse parses a command's flags and checks its number of arguments.
func parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, usageError{fmt.Errorf("%s: help", fs.Name())}
		}
		return nil, usageError{fmt.Errorf("%s: %w", fs.Name(), err)}
	}
	rest := fs.Args()
	if len(rest) < minArgs || (maxArgs >= 0 && len(rest) > maxArgs) {
		return nil, usagef("%s: wrong number of arguments", fs.Name())
	}
	return rest, nil
}
