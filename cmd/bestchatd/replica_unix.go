//go:build unix

package main

import (
	"errors"
	"os"
	"syscall"
)

// lockFile takes an exclusive lock on path without waiting; held is false
// when another process has it. The lock lasts until release or the
// process's end.
func lockFile(path string) (held bool, release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // a file in the operator's --data-dir
	if err != nil {
		return false, nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return false, func() {}, nil
		}
		return false, nil, err
	}
	return true, func() { _ = f.Close() }, nil
}
