// Command benchscale measures ChatService's reads on a large database:
// it fills a freshly migrated database with the shape of issue 21, scaled
// by the number of messages, then times every implemented read RPC
// through the server and saves the plans PostgreSQL executed for the
// statements each one ran (ANALYZE, BUFFERS) beside the figures.
//
// Usage:
//
//	make bench-scale                                 # 1,000,000 messages, about 10 minutes on 2 cores
//	make bench-scale SCALE_FLAGS='--messages 10000000'  # the full shape
//	go run ./cmd/benchscale --database-url URL --messages N [--reuse] [--out DIR] [--calls K] [--only REGEXP]
//
// # The data
//
// For N messages (10,000,000 gives the database): N/1,000 users,
// N/50 conversations, of which five heavy users (user-00001 to
// user-00005) hold 1/40 each (5,000 at the full shape); one conversation
// of 5,000 messages on one branch (owned by user-00006); conversations of
// 2 to 98 messages, alternately user and assistant, about 18% of them
// branched (an edited user message near the end with its own answer); a
// usage row per assistant message (N/2), with the daily rollup. Texts are
// 50 to 2,000 characters, skewed short (mean about 540), made of
// sentences over a vocabulary whose first words (English chat words such
// as "database") are the most frequent; "quokka" is in about one message
// in 20,000 and "xylophone" in none. Titles are two to six words, 2% of
// conversations pinned, 5% archived. Ids are md5 of the row's number, so
// a run is reproducible.
//
// The generator is set-based SQL (generate_series, INSERT ... SELECT): it
// loads with foreign-key checks and triggers off
// (session_replication_role = replica, so it needs a superuser; the data
// is consistent by construction) and without the secondary indexes,
// builds those afterwards (conversation_stats is filled from its
// definition, and the usage rows go in with triggers on, so that the
// rollups are what the server's own writes would have made), then runs
// ANALYZE and VACUUM (FREEZE) so that
// index-only scans see an all-visible map as on a settled table. At
// 1,000,000 messages it takes about 6 minutes here, half of it building
// the trigram index; --reuse skips it when the database is complete.
//
// # The measurement
//
// ChatService runs in this process on the generated database behind the
// real server (internal/server: interceptors, authentication, validation)
// on a loopback listener; one sequential client calls it over Connect
// (HTTP/1.1) as the subject user. Each case runs --warmup calls first
// (20: more than the five executions after which PostgreSQL may switch a
// prepared statement to a generic plan, so the figures are those of a
// long-lived connection), then --calls timed calls (200), and reports p50
// and p99. One more call runs with auto_explain on (ANALYZE, BUFFERS) on
// every connection of the server's pool, and the plan PostgreSQL executed
// for each of its statements goes into DIR/explain/NN-case.txt: the plan of
// the server's own prepared statement after the timed calls, generic ($n
// in its conditions) or custom (values), with the statement's whole
// duration on the server (which, unlike EXPLAIN ANALYZE's times, includes
// sending the rows). auto_explain needs a superuser, as the generator
// does. DIR/figures.md has the table
// and the machine's load average before and after: the figures are only
// comparable within one run on a quiet machine.
//
// SendMessage and the other streams (WatchConversations, ReadFile), the
// write RPCs and ExportConversation are not measured here (cmd/bench
// measures SendMessage).
package main
