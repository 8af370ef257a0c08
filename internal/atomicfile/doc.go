// Package atomicfile writes the small local files bestchatd keeps in its
// data directory (the dev JWT secret, the dev key ring) so that a reader
// never sees a half-written file and two processes starting together
// agree on one winner.
package atomicfile
