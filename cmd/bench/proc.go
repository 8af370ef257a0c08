package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// child is a process the bench started: the proxy or bestchatd.
type child struct {
	name string
	cmd  *exec.Cmd
	pid  int
	log  string // its stderr (and stdout unless captured)
	done chan struct{}
	err  error // set when done is closed
}

// startChild starts bin with args and env added to ours. Its output goes to
// logPath; when stdout is non-nil it receives the process's stdout instead.
// stdin may be nil (no input).
func startChild(name, bin string, args, env []string, logPath string, stdin io.Reader, stdout io.Writer) (*child, error) {
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) //nolint:gosec // G703: a path in the bench's temp dir
	if err != nil {
		return nil, err
	}
	// Not CommandContext: children are stopped explicitly with SIGTERM.
	cmd := exec.Command(bin, args...) //nolint:gosec,noctx // the bench runs its own binaries
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = stdin
	cmd.Stderr = logf
	cmd.Stdout = logf
	if stdout != nil {
		cmd.Stdout = stdout
	}
	// Die with the bench if it is killed.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	c := &child{name: name, cmd: cmd, pid: cmd.Process.Pid, log: logPath, done: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		logf.Close()
		close(c.done)
	}()
	return c, nil
}

// exited reports whether the process has ended.
func (c *child) exited() bool {
	select {
	case <-c.done:
		return true
	default:
		return false
	}
}

// exitError is why the process ended (it has ended).
func (c *child) exitError() error {
	if c.err == nil {
		return errors.New("exit status 0")
	}
	return c.err
}

// stop sends SIGTERM and waits, killing it after the grace period.
func (c *child) stop(grace time.Duration) {
	if c == nil || c.exited() {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(grace):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

// logTail returns the last lines of the child's log.
func (c *child) logTail(n int) string {
	b, err := os.ReadFile(c.log) //nolint:gosec // G703: a path in the bench's temp dir
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// clockTick is USER_HZ, the unit of utime and stime in /proc/<pid>/stat.
const clockTick = 10 * time.Millisecond

// cpuTime returns the process's utime+stime (all threads, live and exited).
func cpuTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses and may hold
	// spaces: state is field 3, utime 14, stime 15.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err := errors.Join(err1, err2); err != nil {
		return 0, err
	}
	return time.Duration(utime+stime) * clockTick, nil
}

// machineBusy returns the CPU time all processors spent running processes
// (user, nice and system time from /proc/stat; interrupt time, which our
// own loopback traffic causes, is left out).
func machineBusy() (time.Duration, error) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := bytes.Cut(b, []byte("\n"))
	f := strings.Fields(string(line))
	if len(f) < 8 || f[0] != "cpu" {
		return 0, errors.New("malformed /proc/stat")
	}
	var busy int64
	for _, v := range f[1:4] { // user, nice, system
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, err
		}
		busy += n
	}
	return time.Duration(busy) * clockTick, nil
}

// cpuUse samples the CPU time of the machine, the bench and the middle.
type cpuUse struct {
	machine, self, middle time.Duration
	at                    time.Time
}

func sampleCPU(middle int) cpuUse {
	u := cpuUse{at: time.Now()}
	u.machine, _ = machineBusy()
	u.self, _ = cpuTime(os.Getpid())
	if middle > 0 {
		u.middle, _ = cpuTime(middle)
	}
	return u
}

// cores is the CPU used between two samples, in cores: by the bench
// process (load generator and fake), by the middle process, and by
// everything else (PostgreSQL, other users of the machine).
type cores struct {
	Bench  float64 `json:"bench"`
	Middle float64 `json:"middle"`
	Others float64 `json:"others"`
}

func coresBetween(a, b cpuUse) cores {
	wall := b.at.Sub(a.at).Seconds()
	if wall <= 0 {
		return cores{}
	}
	c := cores{
		Bench:  (b.self - a.self).Seconds() / wall,
		Middle: (b.middle - a.middle).Seconds() / wall,
	}
	c.Others = max((b.machine-a.machine).Seconds()/wall-c.Bench-c.Middle, 0)
	return c
}

// rss returns the process's resident set size in bytes.
func rss(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, err
			}
			return kb << 10, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, errors.New("no VmRSS")
}

// raiseFileLimit lifts the soft open-file limit to the hard one (children
// inherit it), so that thousands of streams fit.
func raiseFileLimit() (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur < lim.Max {
		lim.Cur = lim.Max
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			return 0, err
		}
	}
	return lim.Cur, nil
}

// runOutput runs a command to completion and returns its trimmed stdout.
func runOutput(ctx context.Context, dir, bin string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, bin, args...) //nolint:gosec // the bench runs its own tools
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", bin, strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return strings.TrimSpace(string(out)), nil
}
