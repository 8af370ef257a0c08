package main

import (
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/llm"
)

// TestProviderTimeoutFlags: the provider timeouts default to llm's, take
// their flags, and refuse non-positive values.
func TestProviderTimeoutFlags(t *testing.T) {
	t.Parallel()
	c, err := parseServe([]string{"--dev"})
	if err != nil {
		t.Fatal(err)
	}
	if c.providerTimeout != llm.DefaultTimeouts {
		t.Errorf("defaults %+v, want %+v", c.providerTimeout, llm.DefaultTimeouts)
	}
	c, err = parseServe([]string{"--dev", "--provider-header-timeout", "5s", "--provider-idle-timeout", "7s"})
	if err != nil {
		t.Fatal(err)
	}
	if want := (llm.Timeouts{Header: 5 * time.Second, Idle: 7 * time.Second}); c.providerTimeout != want {
		t.Errorf("got %+v, want %+v", c.providerTimeout, want)
	}
	for _, bad := range []string{"--provider-header-timeout=0s", "--provider-idle-timeout=-1s"} {
		if _, err := parseServe([]string{"--dev", bad}); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
