// Command fakellm serves a simulated LLM provider so that bestchat runs with
// no API keys (`make run`) and benchmarks have a deterministic upstream. It
// speaks both wire protocols on one port:
//
//	POST /v1/chat/completions   OpenAI-compatible (base URL http://ADDR/v1)
//	POST /v1/messages           Anthropic Messages (base URL http://ADDR)
//	GET  /v1/models             lists the model "simulated"
//	GET  /healthz
//
// Any request is answered with `Simulated reply to: "<the last user
// message>".` padded to --tokens words, streamed one word per
// --token-interval, with token usage estimated as ceil(chars/4). Any API
// key is accepted.
//
// To watch the tool loop without keys, put a directive in the message:
// [[tool:NAME {"json":"arguments"}]] (several make parallel calls). The
// simulated model then calls the tool NAME with those arguments, and once
// the results come back it answers "The tools answered: <results>". For
// example: What time is it in Paris? [[tool:current_time {"time_zone":"Europe/Paris"}]]
//
// Usage:
//
//	fakellm [--addr 127.0.0.1:8089] [--token-interval 20ms] [--tokens 32]
//
// Flags fall back to the environment: FAKELLM_ADDR, FAKELLM_TOKEN_INTERVAL,
// FAKELLM_TOKENS.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "fakellm:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("fakellm", flag.ContinueOnError)
	addr := fs.String("addr", envOr("FAKELLM_ADDR", "127.0.0.1:8089"), "listen address")
	interval := fs.Duration("token-interval", envDuration("FAKELLM_TOKEN_INTERVAL", 20*time.Millisecond), "pause before each streamed word")
	tokens := fs.Int("tokens", envInt("FAKELLM_TOKENS", 32), "words per reply")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *tokens <= 0 || *interval < 0 {
		return errors.New("--tokens must be positive and --token-interval not negative")
	}

	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	srv := &http.Server{
		Handler:           llmfake.NewMux(llmfake.Simulation{TokenInterval: *interval, Tokens: *tokens}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    1 << 20,
		// No WriteTimeout: replies stream for as long as they last.
	}
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetUnencryptedHTTP2(true)
	srv.Protocols = &protocols

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("fakellm listening",
		"openai_base_url", "http://"+ln.Addr().String()+"/v1",
		"anthropic_base_url", "http://"+ln.Addr().String(),
		"model", llmfake.SimulatedModel, "tokens", *tokens, "token_interval", *interval)

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	log.Info("shutting down")
	return srv.Shutdown(shutdown)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return d
	}
	return def
}

func envInt(key string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return n
	}
	return def
}
