// Package bestchat is the module's root. It holds no code, only the tests
// of the files a newcomer meets first and that no other package owns: the
// README's runnable examples (readme_test.go) and the container files
// (container_test.go). The server is cmd/bestchatd, the SDK client/.
package bestchat
