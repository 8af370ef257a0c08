// Package web serves bestchat's reference chat page (bestchatd --web):
// the page in examples/web, bundled with its TypeScript client by esbuild
// into dist/ by `make generate` (committed, like the rest of the generated
// code), embedded in the binary and served at / beside the API.
package web
