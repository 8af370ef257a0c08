//go:build !unix

package main

// lockFile cannot lock here: the replica has no name kept across
// restarts, and crash recovery relies on liveness alone.
func lockFile(string) (held bool, release func(), err error) {
	return false, func() {}, nil
}
