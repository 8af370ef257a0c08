//go:build !unix

package main

// reexecWithStackStart does nothing where exec cannot replace the process:
// the server runs with Go's default goroutine stack start.
func reexecWithStackStart() error { return nil }
