// Command bench runs bestchat's benchmark ladder: the same streaming client
// load against a fake LLM upstream directly, through a raw
// httputil.ReverseProxy, and through bestchatd, in one process run, and
// reports what each layer adds.
//
// Usage:
//
//	go run ./cmd/bench            # quick mode, about 2–3 minutes on 2 cores
//	go run ./cmd/bench --full     # the figures for the README
//	make bench                    # the same as the first line
//
// Run "go run ./cmd/bench -h" for every flag (stream counts, token counts,
// sweep levels, which paths to run, a prebuilt bestchatd, ...).
//
// # The ladder
//
//   - direct: llmfake's OpenAI-compatible SSE endpoint
//     (/v1/chat/completions), served in this process by an http.Server on
//     loopback, streaming N words at a set interval. It speaks https with
//     HTTP/2 on a certificate of its own, as hosted providers do (the
//     children trust it through SSL_CERT_FILE); --plain-upstream serves
//     plain HTTP instead, a local Ollama's path.
//   - proxy: an httputil.ReverseProxy in front of the fake, with
//     EnableFullDuplex in its handler and a Transport whose
//     MaxIdleConnsPerHost is sized for the load (see NOTES.md, "Streaming
//     pitfalls"). It runs in a child process (this binary re-executed with
//     --proxy-mode) so that its CPU time and RSS are its own.
//   - bestchatd/connect and bestchatd/grpc: the real server binary, built
//     with `go build` and started as a child process in dev mode on a fresh
//     database, with the fake as its operator-level "simulated" provider
//     (BESTCHAT_SIMULATED_URL). The load calls ChatService.SendMessage
//     through the generated Go client, over Connect on HTTP/1.1 and over
//     gRPC on cleartext HTTP/2 (h2c), each stream on its own fresh
//     conversation created (untimed) before the batch starts.
//
// Every phase alternates the paths batch by batch, rotating their order
// each round, so that machine noise (other processes, GC, thermal) falls on
// all of them alike. A batch is open-loop: its streams start at evenly
// spaced times over a spread given as a fraction of one stream's duration
// (--latency-ramp, default 1: a steady arrival rate, so TTFT is latency
// rather than queueing behind a burst; --ramp, default 0.5, for the memory
// and sweep batches: every stream is open during the second half, and new
// turns arrive at twice the rate a steady load of that many streams would
// bring). The fake upstream and the load generator live in this
// process for every path, so their cost is common to all rows and cancels
// out of the "added" figures. The clients reuse one HTTP transport per path
// (idle pool sized for the largest batch; HTTP/2 multiplexes), and read SSE
// with a bufio.Reader without a line limit.
//
// # Users
//
// A chat backend's concurrent streams come from many users, each under
// the per-user cap on generations in flight, so the bench spreads
// bestchatd's streams the same way: a batch of N streams runs as
// ceil(N/4) users ("bench-0001", ...), stream i as the batch's user i/4,
// so no user has more than 4 streams in flight, the server's default cap.
// bestchatd runs with that default (the bench does not raise it): a turn
// the server refused (ResourceExhausted) is a failed stream. Each batch
// takes users no earlier batch had, so a generation still settling from
// an earlier batch (a cut stream being cancelled, a restart) never counts
// against a later batch's cap. Running every stream as one user instead
// would serialise each turn start on that user's cap check, a cost of the
// bench, not of a production load. Tokens are minted in this process with
// the dev secret bestchatd --dev verifies them with (in its --data-dir);
// a conversation is created, streamed and cancelled as its owner. The
// database phase runs its turns one at a time as one user, after one
// untimed turn (its per-day usage row then exists, as for a returning
// user).
//
// # What is measured
//
// Each stream asks for a reply that quotes a unique stream id
// ("benchstream-<n>"). The fake's handler is wrapped: it reads the id from
// the request body and stamps, on this process's monotonic clock, when the
// request arrived and when each answer word was written. The client stamps
// when it sent the request and when each text piece arrived, and checks
// that the text it received is exactly the expected reply (llmfake.Reply).
// Arrival of word i is the arrival of the piece that completes it, so a
// server that coalesces deltas is measured fairly.
//
//   - Time to first token (TTFT): request sent → first answer text
//     received, in the latency phase (moderate load: --streams per batch).
//     Added TTFT = path − direct, at p50 and p99. The request leg (request
//     sent → the fake received it) is reported too: it is where a server's
//     database work before calling the provider shows up. So is the
//     client's own part of it (the call → its transport wrote the request,
//     from httptrace's WroteRequest, so getting a pooled connection or an
//     HTTP/2 stream counts too): the Connect client encodes and frames
//     the message where the SSE client posts prepared bytes, and that time
//     counts in the path's figures although no server spends it. The
//     first token's delivery (the fake wrote it → the client had it) is
//     the rest of TTFT.
//   - Per-token latency: the inter-arrival gaps between consecutive words
//     (p50/p99) as asked, and the delivery latency of each word (the fake
//     wrote it → the client received it). Gaps of a paced stream sit at the
//     pacing interval on every path, so "added" gaps are mostly noise; the
//     delivery latency is what a layer adds to each token, and it is what
//     the per-token target is checked against. Beside it, the delivery up
//     to the client's read of the bytes (a wrapped response body stamps
//     each read), before its library decoded them: the difference is the
//     client library's own per-token cost.
//   - CPU µs per token of the middle process: utime+stime from
//     /proc/<pid>/stat (the kernel scales them to the precise runtime; the
//     unit is one clock tick, 10 ms) summed over that path's batch windows
//     only, divided by the answer words delivered in them. The fake and the
//     clients run in this process, so they are not counted.
//   - RSS per open stream: VmRSS of the middle process (/proc/<pid>/status)
//     sampled every 50 ms during a 1,000-stream batch; the largest sample
//     taken while the most streams were in flight (request sent, response
//     not ended: all 1,000 unless the first ends before the last starts),
//     minus the idle RSS measured just before, divided by the streams in
//     flight. The report says how many of them had text then and how many
//     deltas each had received, since a server that keeps a stream's
//     history in memory grows as the stream goes on. Once all streams have
//     been in flight with text for 20 samples the bench cuts them (and
//     cancels bestchatd's detached generations with CancelGeneration, as
//     each stream's user).
//     Each measurement starts a fresh child process (warmed up with a few
//     streams), so the heap left by earlier phases does not hide growth.
//   - Stall-free streams at 50 tokens/s: the fake paces words 20 ms apart;
//     concurrency is swept up (starts spread over --ramp); a stream stalls
//     when any gap between consecutive words exceeds 10× the interval; a
//     failed or wrong stream counts as stalled. The figure is the largest
//     level such that it and every lower level had no stall in any round.
//     Once a path stalls at a level it skips the higher levels of that
//     round. The direct row is the harness's own ceiling. A gap-only
//     criterion misses a path that falls behind smoothly (queueing at
//     stream set-up, tokens held back a little each), so TTFT p99 and token
//     delivery p99 are printed per level beside it, and "on time" is the
//     same figure with token delivery p99 also within the stall gap.
//   - Database work per turn (bestchatd only, load quiet, Connect, one turn
//     at a time, unpaced upstream): K turns with a short reply and K with a
//     long one. WAL bytes from pg_current_wal_lsn() before/after
//     (pg_wal_lsn_diff, cluster-wide), and, when pg_walinspect can be
//     installed, the WAL records that touch the bench database's relations:
//     their bytes and the heap row writes among them (insert, update,
//     delete). Statements from the server's /metrics counter
//     bestchat_db_queries_total when it exists. "Writes per token" is the
//     slope between the two reply lengths; zero means persistence does not
//     grow with the number of tokens.
//
// # Caveats
//
// Everything shares two cores: the load generator and the fake (this
// process), the middle process and PostgreSQL. Figures are comparable
// within one run, not across machines. Each batch records the cores used
// by the bench process, the middle process and everything else (user and
// system time from /proc/stat); when other processes used more than a
// quarter of a core during a direct or proxy batch, the report says the
// machine was not quiet, since the baselines, and every ratio built on
// them, are then suspect. CPU per token at a light load includes the Go
// runtime's idle spinning and per-turn set-up, so it is higher than at a
// heavy one; the memory phase prints the figure at 1,000 streams too. The cluster-wide WAL difference
// includes whatever else the PostgreSQL server did meanwhile (and full-page
// images after checkpoints); the per-database pg_walinspect figures do not
// include other databases.
package main
