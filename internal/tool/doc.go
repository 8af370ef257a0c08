// Package tool is ToolService and the tool side of the agentic loop: which
// tools exist, what a user lets run without asking, and the record of every
// call.
//
// The registry holds the server's tools, each with a stable namespaced id
// (builtin.<name>, mcp.<server>.<tool>, client.<name>), the name the model
// calls it by, a JSON Schema for its arguments and a risk level that the
// server sets (low: read-only; medium: writes or outside effects; high:
// destructive or costly). Built-ins are a calculator over exact rationals,
// the current time in a time zone, a search over the caller's own
// conversations and, when the operator enables it, an HTTP fetch whose
// dialer refuses non-public addresses. MCP tools come from operator-listed
// servers over streamable HTTP, with risk levels from the operator's
// configuration (high when it says nothing). Client tools are declared per
// request; a [Toolset] is the registry plus those declarations for one turn.
//
// A call goes through [Service.Begin]: its arguments are checked against
// the schema (invalid ones never reach a tool), then the caller's
// [Settings] decide — a DENY rule rejects, an ALWAYS_ASK rule asks, an
// AUTO_APPROVE rule or a risk at most the user's threshold approves, and
// after a run of approvals without asking the user is asked again.
// Nothing the model writes takes part. Every state change is a row update
// in tool_executions guarded by the expected current status, so approving
// twice, after a rejection, after the deadline, or submitting a result for
// a server tool is FAILED_PRECONDITION, and another user's execution is
// NOT_FOUND. Changes are announced on [NotifyChannel] so a turn waiting on
// any replica wakes up. [Service.Run] runs an approved server tool under
// its timeout and caps its output.
package tool
