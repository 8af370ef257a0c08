//go:build unix

package main

import (
	"os"
	"syscall"
)

// reexecWithStackStart replaces the process with the same program, the
// same arguments and the environment plus stackStartSetting (same pid, so
// supervisors and signals see no difference). It returns nil without doing
// anything when the environment already settles adaptivestackstart — as it
// does in the re-executed process — and an error when the exec failed, in
// which case the caller goes on with Go's default.
func reexecWithStackStart() error {
	env, changed := withStackStart(os.Environ())
	if !changed {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return syscall.Exec(exe, os.Args, env) //nolint:gosec // G204: our own binary, our own arguments
}
