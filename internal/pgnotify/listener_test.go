package pgnotify_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/pgnotify"
	"github.com/bestchat/bestchat/internal/pgtest"
)

// run starts a Listener on a fresh database until the test ends.
func run(t *testing.T) (*pgnotify.Listener, func(topic, payload string)) {
	t.Helper()
	pool := pgtest.NewPool(t)
	l := pgnotify.New(pgnotify.Params{Pool: pool, Logger: slog.New(slog.DiscardHandler), MinBackoff: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	notify := func(topic, payload string) {
		t.Helper()
		if err := pgnotify.Notify(context.Background(), pool, topic, payload); err != nil {
			t.Fatal(err)
		}
	}
	return l, notify
}

func receive(t *testing.T, c <-chan string, want string) {
	t.Helper()
	select {
	case got := <-c:
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	case <-time.After(30 * time.Second): // a bound, not a timing assertion
		t.Fatalf("no notification %q", want)
	}
}

func listening(t *testing.T, l *pgnotify.Listener) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := l.WaitListening(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestTopicsAreMultiplexed: subscribers of each topic get its payloads and
// no other's, a topic subscribed after the connection is up is listened
// to, and an unsubscribed function gets nothing more.
func TestTopicsAreMultiplexed(t *testing.T) {
	t.Parallel()
	l, notify := run(t)
	a, b := make(chan string, 8), make(chan string, 8)
	unsubA := l.Subscribe("topic_a", func(p string) { a <- p })
	listening(t, l)
	notify("topic_a", "a1")
	receive(t, a, "a1")

	// Added while the connection waits.
	l.Subscribe("topic_b", func(p string) { b <- p })
	listening(t, l)
	notify("topic_b", "b1")
	notify("topic_a", "a2")
	receive(t, b, "b1")
	receive(t, a, "a2")

	unsubA()
	notify("topic_a", "a3")
	notify("topic_b", "b2")
	receive(t, b, "b2") // sent after a3: a3 was dispatched by now
	select {
	case p := <-a:
		t.Fatalf("unsubscribed function got %q", p)
	default:
	}
}

// TestListenerReconnects: when its connection is killed, the listener
// connects again and listens to its topics again.
func TestListenerReconnects(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	l := pgnotify.New(pgnotify.Params{Pool: pool, Logger: slog.New(slog.DiscardHandler), MinBackoff: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	got := make(chan string, 64)
	l.Subscribe("topic_r", func(p string) { got <- p })
	listening(t, l)
	bg := context.Background()
	if _, err := pool.Exec(bg, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	// Notify until one arrives: those sent while it reconnects are lost.
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := pgnotify.Notify(bg, pool, "topic_r", "after"); err != nil {
			t.Fatal(err)
		}
		select {
		case p := <-got:
			if p != "after" {
				t.Fatalf("got %q", p)
			}
			return
		case <-tick.C:
		}
		if time.Now().After(deadline) {
			t.Fatal("no notification after the connection was killed")
		}
	}
}
