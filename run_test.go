package bestchat_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bestchat/bestchat/internal/pgtest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// TestMakeRunScript runs scripts/run.sh (make run's recipe) as a fresh
// clone would, on a database of its own: a data directory that does not
// exist yet, both processes waited for, the three printed calls run as
// printed, and SIGTERM stopping everything with exit status 0. (On a
// terminal the script hands bestchatd the foreground so that Ctrl-C
// reaches it alone; without one, as here, it traps the signal itself.)
func TestMakeRunScript(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := t.TempDir()
	build := exec.CommandContext(ctx, "go", "build", "-o", bin+string(filepath.Separator), "./cmd/bestchatd", "./cmd/bestchat", "./cmd/fakellm")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dataDir := filepath.Join(t.TempDir(), "not-yet")
	addr, fakeAddr := freeAddr(t), freeAddr(t)
	cmd := exec.CommandContext(ctx, "scripts/run.sh")
	cmd.Env = append(os.Environ(), "ADDR="+addr, "FAKE_ADDR="+fakeAddr, "DATA_DIR="+dataDir, "BIN="+bin,
		"DATABASE_URL="+pgtest.NewDatabase(t), "BESTCHAT_ADDR=", "BESTCHAT_TOKEN=", "BESTCHAT_URL=")
	cmd.Stdin = nil
	// The script and the servers it starts get a process group of their
	// own, stopped as a whole however the test ends: a failure or a timeout
	// must not leave bestchatd and fakellm running (holding the files and
	// ports of whatever started the test).
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	t.Cleanup(func() {
		if cmd.Process != nil {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		}
	})
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var printed strings.Builder
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		printed.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), `chat "Hello there"`) { // the last call printed
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	out := printed.String()
	token := regexp.MustCompile(`export TOKEN=(\S+)`).FindStringSubmatch(out)
	if token == nil {
		t.Fatalf("run.sh printed no token:\n%s\nstderr:\n%s", out, stderr.String())
	}
	_, tries, _ := strings.Cut(out, "Try,")
	var calls []string
	for _, l := range strings.Split(tries, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "from this directory") {
			calls = append(calls, l)
		}
	}
	if len(calls) != 3 {
		t.Fatalf("want three calls to try, got %q", calls)
	}
	wants := []string{`"conversations":`, "Simulated reply to:", "Simulated reply to: \"Hello there\""}
	for i, call := range calls {
		c := exec.CommandContext(ctx, "bash", "-c", call)
		c.Env = append(os.Environ(), "TOKEN="+token[1])
		b, err := c.CombinedOutput()
		if err != nil || !strings.Contains(string(b), wants[i]) {
			t.Errorf("printed call %q: %v\n%s", call, err, b)
		}
	}
	if !strings.Contains(out, "http://"+addr+"/#token=") {
		t.Errorf("no sign-in link for the web page:\n%s", out)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("run.sh after SIGTERM: %v\nstderr:\n%s", err, stderr.String())
	}
	for _, a := range []string{addr, fakeAddr} {
		if c, err := net.Dial("tcp", a); err == nil {
			_ = c.Close()
			t.Errorf("%s still answers after run.sh stopped", a)
		}
	}
}
