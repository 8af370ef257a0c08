//go:build unix

package main

import (
	"os"
	"syscall"
)

// reexecWithStackStart replaces the process with the same program image, the
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
	// /proc/self/exe is the running image even when an upgrade replaced or
	// removed the file meanwhile; os.Executable's path is the fallback.
	exe := "/proc/self/exe"
	if _, err := os.Stat(exe); err != nil {
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	return syscall.Exec(exe, os.Args, env) //nolint:gosec // G204: our own binary, our own arguments
}
