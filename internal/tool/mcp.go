package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// MCPConfig lists the operator's MCP servers. In JSON (a file named by
// bestchatd's --mcp-config):
//
//	{"servers": [{
//	  "name": "files",                       // becomes mcp.files.<tool>
//	  "url": "http://127.0.0.1:7000/mcp",     // streamable HTTP endpoint
//	  "headers": {"Authorization": "Bearer …"},
//	  "risk": "medium",                       // default for its tools (default high)
//	  "tool_risk": {"read_file": "low", "delete_file": "high"},
//	  "timeout": "30s"                        // per call (default 30s)
//	}]}
type MCPConfig struct {
	Servers []MCPServer `json:"servers"`
}

// MCPServer is one MCP server.
type MCPServer struct {
	// Name is the server's short name in tool ids.
	Name string `json:"name"`
	// URL is the streamable HTTP endpoint.
	URL string `json:"url"`
	// Headers are sent with every request (credentials: never logged).
	Headers map[string]string `json:"headers,omitempty"`
	// Risk is the risk level of its tools without a ToolRisk entry
	// (default high: the server cannot know what an unknown tool does).
	Risk string `json:"risk,omitempty"`
	// ToolRisk sets the risk level per tool (the MCP tool's own name).
	ToolRisk map[string]string `json:"tool_risk,omitempty"`
	// Timeout bounds one call, as a Go duration (default 30s).
	Timeout string `json:"timeout,omitempty"`
}

var mcpServerNameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// LoadMCPConfig reads an MCPConfig from a JSON file; an empty path gives
// no servers.
func LoadMCPConfig(path string) (MCPConfig, error) {
	if path == "" {
		return MCPConfig{}, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return MCPConfig{}, fmt.Errorf("mcp config: %w", err)
	}
	var cfg MCPConfig
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return MCPConfig{}, fmt.Errorf("mcp config %s: %w", path, err)
	}
	return cfg, nil
}

// mcpServer is a configured server with its session.
type mcpServer struct {
	cfg      MCPServer
	risk     Risk
	toolRisk map[string]Risk
	timeout  time.Duration
	client   *mcp.Client
	http     *http.Client

	mu      sync.Mutex
	session *mcp.ClientSession
}

// mcpClients connects the configured servers and keeps their tools in the
// registry.
type mcpClients struct {
	servers  []*mcpServer
	registry *Registry
	logger   *slog.Logger
}

func newMCPClients(cfg MCPConfig, reg *Registry, logger *slog.Logger) (*mcpClients, error) {
	c := &mcpClients{registry: reg, logger: logger}
	seen := map[string]bool{}
	for i, s := range cfg.Servers {
		if !mcpServerNameRE.MatchString(s.Name) || seen[s.Name] {
			return nil, fmt.Errorf("mcp server %d: name %q must be unique, 1 to 32 of a-z 0-9 _ -", i, s.Name)
		}
		seen[s.Name] = true
		if !strings.HasPrefix(s.URL, "http://") && !strings.HasPrefix(s.URL, "https://") {
			return nil, fmt.Errorf("mcp server %s: url must be http(s)", s.Name)
		}
		srv := &mcpServer{cfg: s, risk: RiskHigh, toolRisk: map[string]Risk{}, timeout: 30 * time.Second}
		if s.Risk != "" {
			r, err := ParseRisk(s.Risk)
			if err != nil {
				return nil, fmt.Errorf("mcp server %s: %w", s.Name, err)
			}
			srv.risk = r
		}
		for name, rs := range s.ToolRisk {
			r, err := ParseRisk(rs)
			if err != nil {
				return nil, fmt.Errorf("mcp server %s, tool %s: %w", s.Name, name, err)
			}
			srv.toolRisk[name] = r
		}
		if s.Timeout != "" {
			d, err := time.ParseDuration(s.Timeout)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("mcp server %s: timeout %q is not a positive duration", s.Name, s.Timeout)
			}
			srv.timeout = d
		}
		srv.http = &http.Client{Transport: &headerTransport{base: http.DefaultTransport, headers: s.Headers}}
		srv.client = mcp.NewClient(&mcp.Implementation{Name: "bestchat", Version: "1"}, nil)
		c.servers = append(c.servers, srv)
	}
	return c, nil
}

// headerTransport adds the operator's headers to every request.
type headerTransport struct {
	base    http.RoundTripper
	headers map[string]string
}

func (t *headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if len(t.headers) > 0 {
		r = r.Clone(r.Context())
		for k, v := range t.headers {
			r.Header.Set(k, v)
		}
	}
	return t.base.RoundTrip(r)
}

// mcpRefresh is how often a server's tool list is refreshed, and how soon
// an unreachable server is tried again.
const (
	mcpRefresh = 5 * time.Minute
	mcpRetry   = 30 * time.Second
)

// run loads every server's tools once (waiting at most a few seconds, so
// the tools are there when the server starts answering), then keeps them
// fresh until ctx ends.
func (c *mcpClients) run(ctx context.Context) {
	var wg sync.WaitGroup
	for _, s := range c.servers {
		wg.Go(func() {
			lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			defer cancel()
			err := c.load(lctx, s)
			wait := mcpRefresh
			if err != nil {
				wait = mcpRetry
			}
			go c.refresh(ctx, s, wait)
		})
	}
	wg.Wait()
}

func (c *mcpClients) refresh(ctx context.Context, s *mcpServer, wait time.Duration) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := c.load(lctx, s)
		cancel()
		wait = mcpRefresh
		if err != nil {
			wait = mcpRetry
		}
	}
}

// load (re)lists a server's tools into the registry.
func (c *mcpClients) load(ctx context.Context, s *mcpServer) error {
	cs, err := s.connect(ctx)
	if err == nil {
		var defs []*Definition
		for t, lerr := range cs.Tools(ctx, nil) {
			if lerr != nil {
				err = lerr
				break
			}
			d, derr := s.definition(t)
			if derr != nil {
				c.logger.Warn("mcp tool skipped", "server", s.cfg.Name, "tool", t.Name, "err", derr)
				continue
			}
			defs = append(defs, d)
		}
		if err == nil {
			c.registry.replacePrefix("mcp."+s.cfg.Name+".", defs)
			c.logger.Info("mcp server tools loaded", "server", s.cfg.Name, "tools", len(defs))
			return nil
		}
		s.drop(cs)
	}
	c.logger.Warn("mcp server unavailable", "server", s.cfg.Name, "err", err)
	return err
}

// connect returns the server's session, opening one when needed.
func (s *mcpServer) connect(ctx context.Context) (*mcp.ClientSession, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.session != nil {
		return s.session, nil
	}
	cs, err := s.client.Connect(ctx, &mcp.StreamableClientTransport{
		Endpoint: s.cfg.URL, HTTPClient: s.http, DisableStandaloneSSE: true, MaxRetries: -1,
	}, nil)
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	s.session = cs
	return cs, nil
}

// drop forgets a broken session so the next use reconnects.
func (s *mcpServer) drop(cs *mcp.ClientSession) {
	s.mu.Lock()
	if s.session == cs {
		s.session = nil
	}
	s.mu.Unlock()
	_ = cs.Close()
}

var nonNameRE = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// definition turns an MCP tool into a registry entry. The model calls it
// <server>_<tool>; its id is mcp.<server>.<tool>.
func (s *mcpServer) definition(t *mcp.Tool) (*Definition, error) {
	if !idPartRE.MatchString(t.Name) {
		return nil, errors.New("tool name not usable in an id")
	}
	schema, err := json.Marshal(t.InputSchema)
	if err != nil || string(schema) == "null" {
		schema = []byte(`{"type":"object"}`)
	}
	name := s.cfg.Name + "_" + nonNameRE.ReplaceAllString(t.Name, "_")
	if len(name) > 64 {
		name = name[:64]
	}
	risk, ok := s.toolRisk[t.Name]
	if !ok {
		risk = s.risk
	}
	toolName := t.Name
	return newDefinition(Definition{
		ID: "mcp." + s.cfg.Name + "." + t.Name, Name: name, Description: t.Description, Schema: schema,
		Risk: risk, Source: SourceMCP, Timeout: s.timeout,
	}, func(ctx context.Context, call Call) (string, error) { return s.call(ctx, toolName, call.Args) })
}

// call runs a tool on the server; a broken session is reopened once.
func (s *mcpServer) call(ctx context.Context, name string, args json.RawMessage) (string, error) {
	var res *mcp.CallToolResult
	var err error
	for attempt := 0; attempt < 2; attempt++ {
		var cs *mcp.ClientSession
		cs, err = s.connect(ctx)
		if err != nil {
			break
		}
		res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: name, Arguments: args})
		if err == nil || ctx.Err() != nil {
			break
		}
		s.drop(cs)
	}
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", toolErrorf("the MCP server %s did not answer the call", s.cfg.Name)
	}
	out := mcpText(res)
	if res.IsError {
		return out, toolErrorf("the tool reported an error")
	}
	return out, nil
}

// mcpText flattens a result: text content as is, other content as JSON,
// structured content when there is nothing else.
func mcpText(res *mcp.CallToolResult) string {
	var parts []string
	for _, c := range res.Content {
		if t, ok := c.(*mcp.TextContent); ok {
			parts = append(parts, t.Text)
			continue
		}
		if b, err := json.Marshal(c); err == nil {
			parts = append(parts, string(b))
		}
	}
	if len(parts) == 0 && res.StructuredContent != nil {
		if b, err := json.Marshal(res.StructuredContent); err == nil {
			parts = append(parts, string(b))
		}
	}
	return strings.Join(parts, "\n")
}

// close ends every session.
func (c *mcpClients) close() {
	for _, s := range c.servers {
		s.mu.Lock()
		cs := s.session
		s.session = nil
		s.mu.Unlock()
		if cs != nil {
			_ = cs.Close()
		}
	}
}
