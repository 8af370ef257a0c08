package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bestchat/bestchat/internal/atomicfile"
)

// replicaIDFile holds, in --data-dir, the name this replica keeps across
// restarts; replicaLockFile is locked by the process that uses it.
const (
	replicaIDFile   = "replica-id"
	replicaLockFile = "replica.lock"
)

// dataDirReplica returns the replica name kept in dataDir, created on
// first use, while this process holds dataDir's replica lock (an
// exclusive lock the kernel drops when the process dies, however it
// dies): no two running processes use one name, and a process that finds
// the lock free knows the last one that held it is gone. release drops
// the lock. The name is "" when another running process holds the lock
// (two servers sharing a data directory): this one then has no name.
func dataDirReplica(dataDir string) (name string, release func(), err error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil { //nolint:gosec // the operator's --data-dir
		return "", nil, fmt.Errorf("replica id: %w", err)
	}
	held, release, err := lockFile(filepath.Join(dataDir, replicaLockFile))
	if err != nil {
		return "", nil, fmt.Errorf("replica id: %w", err)
	}
	if !held {
		return "", release, nil
	}
	path := filepath.Join(dataDir, replicaIDFile)
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	if err := atomicfile.CreateExclusive(path, []byte(hex.EncodeToString(b)+"\n")); err != nil && !errors.Is(err, fs.ErrExist) {
		release()
		return "", nil, fmt.Errorf("replica id: %w", err)
	}
	raw, err := os.ReadFile(path) //nolint:gosec // a file in the operator's --data-dir
	if err != nil {
		release()
		return "", nil, fmt.Errorf("replica id: %w", err)
	}
	if name = strings.TrimSpace(string(raw)); name == "" {
		release()
		return "", nil, fmt.Errorf("replica id: %s is empty", path)
	}
	return name, release, nil
}

// replicaName is --replica-id, or else the name kept in --data-dir (see
// dataDirReplica); release ends its use.
func (c *serveConfig) replicaName() (name string, release func(), err error) {
	if c.replica != "" {
		return c.replica, func() {}, nil
	}
	return dataDirReplica(c.dataDir)
}
