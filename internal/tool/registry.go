package tool

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/jsonschema-go/jsonschema"
)

// Risk is a tool's risk level, set by the server.
type Risk string

// Risk levels, from least to most harmful.
const (
	// RiskLow tools only compute or read.
	RiskLow Risk = "low"
	// RiskMedium tools write or have effects outside the server.
	RiskMedium Risk = "medium"
	// RiskHigh tools are destructive or costly.
	RiskHigh Risk = "high"
)

// rank orders risk levels; an unknown level ranks as high.
func (r Risk) rank() int {
	switch r {
	case RiskLow:
		return 1
	case RiskMedium:
		return 2
	default:
		return 3
	}
}

// ParseRisk parses "low", "medium" or "high".
func ParseRisk(s string) (Risk, error) {
	switch r := Risk(strings.ToLower(strings.TrimSpace(s))); r {
	case RiskLow, RiskMedium, RiskHigh:
		return r, nil
	}
	return "", fmt.Errorf("risk level %q is not low, medium or high", s)
}

// Source is where a tool runs.
type Source string

// Sources.
const (
	SourceBuiltin Source = "builtin"
	SourceMCP     Source = "mcp"
	SourceClient  Source = "client"
)

// RunFunc runs a server tool with validated arguments and returns its
// output. It must return when ctx ends; the runner stops waiting for it at
// its timeout either way.
type RunFunc func(ctx context.Context, call Call) (string, error)

// Call is one run of a tool.
type Call struct {
	// UserID is the caller; tools that read user data scope to it.
	UserID string
	// Args are the arguments, a JSON object valid against the tool's schema.
	Args json.RawMessage
}

// Definition is one tool.
type Definition struct {
	// ID is the stable namespaced id: builtin.<name>, mcp.<server>.<tool>
	// or client.<name>.
	ID string
	// Name is what the model calls it by.
	Name string
	// Description is what the model reads.
	Description string
	// Schema is the JSON Schema of the arguments object.
	Schema json.RawMessage
	// Risk is the server-decided risk level.
	Risk Risk
	// Source is where it runs.
	Source Source
	// Timeout bounds a run (client tools: unused).
	Timeout time.Duration

	run      RunFunc
	resolved *jsonschema.Resolved
}

// Error is an error a tool reports about its input or its work (bad
// expression, unknown time zone, HTTP failure). Its text is safe to show to
// the user and the model; any other error is logged and replaced by a
// generic message.
type Error struct{ msg string }

func (e *Error) Error() string { return e.msg }

// toolErrorf returns a *Error.
func toolErrorf(format string, args ...any) error {
	return &Error{msg: fmt.Sprintf(format, args...)}
}

var (
	modelNameRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	idPartRE    = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,128}$`)
)

// newDefinition checks d and compiles its schema.
func newDefinition(d Definition, run RunFunc) (*Definition, error) {
	if !modelNameRE.MatchString(d.Name) {
		return nil, fmt.Errorf("tool name %q: want 1 to 64 letters, digits, _ or -", d.Name)
	}
	if d.Source != SourceClient && run == nil {
		return nil, fmt.Errorf("tool %s has nothing to run", d.ID)
	}
	if len(d.Schema) == 0 {
		d.Schema = json.RawMessage(`{"type":"object"}`)
	}
	rs, err := compileSchema(d.Schema)
	if err != nil {
		return nil, fmt.Errorf("tool %s: %w", d.ID, err)
	}
	d.run, d.resolved = run, rs
	return &d, nil
}

// compileSchema parses and resolves an arguments schema. It must describe
// an object; references to other documents are refused (nothing is fetched).
func compileSchema(raw json.RawMessage) (*jsonschema.Resolved, error) {
	var s jsonschema.Schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	if s.Type != "object" && !slices.Contains(s.Types, "object") {
		return nil, errors.New(`schema: the arguments schema must have "type": "object"`)
	}
	rs, err := s.Resolve(&jsonschema.ResolveOptions{ValidateDefaults: true})
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return rs, nil
}

// ValidateArgs checks raw arguments against d's schema and returns them
// compacted. The error text is safe to show to the model and the user.
func (d *Definition) ValidateArgs(raw json.RawMessage) (json.RawMessage, error) {
	var plain map[string]any
	if err := json.Unmarshal(raw, &plain); err != nil || plain == nil {
		return nil, errors.New("arguments must be one JSON object")
	}
	if err := d.resolved.Validate(plain); err != nil {
		msg := err.Error()
		if len(msg) > 500 {
			msg = msg[:500] + "…"
		}
		return nil, fmt.Errorf("arguments do not match the tool's schema: %s", msg)
	}
	compact, err := json.Marshal(raw)
	if err != nil {
		return nil, errors.New("arguments must be one JSON object")
	}
	return compact, nil
}

// Registry holds the server's tools: built-ins and MCP tools. Client tools
// are declared per request and live in a [Toolset].
type Registry struct {
	mu    sync.RWMutex
	byID  map[string]*Definition
	order []*Definition // by ID
}

// newRegistry returns an empty registry.
func newRegistry() *Registry { return &Registry{byID: map[string]*Definition{}} }

// add registers (or replaces) tools.
func (r *Registry) add(defs ...*Definition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, d := range defs {
		r.byID[d.ID] = d
	}
	r.reorder()
}

// replacePrefix drops every tool whose id starts with prefix (an MCP server
// that went away), then adds defs.
func (r *Registry) replacePrefix(prefix string, defs []*Definition) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id := range r.byID {
		if strings.HasPrefix(id, prefix) {
			delete(r.byID, id)
		}
	}
	for _, d := range defs {
		r.byID[d.ID] = d
	}
	r.reorder()
}

func (r *Registry) reorder() {
	r.order = r.order[:0]
	for _, d := range r.byID {
		r.order = append(r.order, d)
	}
	slices.SortFunc(r.order, func(a, b *Definition) int { return strings.Compare(a.ID, b.ID) })
}

// Lookup returns the tool with this id.
func (r *Registry) Lookup(id string) (*Definition, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	d, ok := r.byID[id]
	return d, ok
}

// All returns the tools ordered by id.
func (r *Registry) All() []*Definition {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return slices.Clone(r.order)
}

// ClientTool is a tool a client declares for one request; the client runs
// it and returns the result with SubmitToolResult.
type ClientTool struct {
	Name        string
	Description string
	Schema      json.RawMessage
}

// Toolset is the tools one turn offers the model: the server's tools plus
// the client's, addressed by the name the model calls.
type Toolset struct {
	byName map[string]*Definition
	order  []*Definition
}

// Toolset returns the registry's tools plus the client's declarations. A
// client tool named like a server tool, twice, or with a broken schema is
// refused with an error naming it (the caller's INVALID_ARGUMENT).
func (r *Registry) Toolset(client []ClientTool) (*Toolset, error) {
	ts := &Toolset{byName: map[string]*Definition{}}
	for _, d := range r.All() {
		if _, dup := ts.byName[d.Name]; dup {
			// Two MCP tools sanitised to one name: the first by id wins.
			continue
		}
		ts.byName[d.Name] = d
		ts.order = append(ts.order, d)
	}
	for i, c := range client {
		if _, dup := ts.byName[c.Name]; dup {
			return nil, fmt.Errorf("client_tools[%d]: name %q is already taken by another tool", i, c.Name)
		}
		d, err := newDefinition(Definition{
			ID: "client." + c.Name, Name: c.Name, Description: c.Description, Schema: c.Schema,
			Risk: RiskMedium, Source: SourceClient,
		}, nil)
		if err != nil {
			return nil, fmt.Errorf("client_tools[%d]: %w", i, err)
		}
		ts.byName[d.Name] = d
		ts.order = append(ts.order, d)
	}
	return ts, nil
}

// ByName returns the tool the model calls name.
func (t *Toolset) ByName(name string) (*Definition, bool) {
	d, ok := t.byName[name]
	return d, ok
}

// Definitions returns the set's tools, server tools first.
func (t *Toolset) Definitions() []*Definition { return t.order }
