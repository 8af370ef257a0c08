package atomicfile

import (
	"os"
	"path/filepath"
)

// CreateExclusive writes data to path only if path does not exist yet,
// atomically: readers see either no file or the whole file. The file is
// created with mode 0600. An existing path fails with an error that
// errors.Is(err, fs.ErrExist) recognises.
func CreateExclusive(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*") // mode 0600
	if err != nil {
		return err
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Link(tmp.Name(), path); err != nil { // fails with ErrExist if path exists
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: the link is already in place
		d.Close()
	}
	return nil
}
