// Package app assembles bestchat: it builds the generation engine and the
// four Connect services (ChatService, ProviderService, UsageService,
// ToolService) from their dependencies, and owns their background work
// (the LISTEN connection, crash recovery, MCP connections, tool deadlines).
//
// cmd/bestchatd mounts what Build returns on its HTTP server, and
// internal/servertest mounts the same graph for handler tests, so a test
// server is the production service graph and never a copy of it.
package app
