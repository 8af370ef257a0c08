package servertest

import (
	"fmt"
	"net/http/httptest"
	"os"
	"sync"
	"testing"

	"github.com/bestchat/bestchat/internal/llm/llmfake"
)

// Simulated starts the simulated model (as fakellm serves it) for the
// life of t and returns the Options.Env entry that makes it the server's
// "simulated" provider.
func Simulated(t testing.TB, sim llmfake.Simulation) map[string]string {
	t.Helper()
	fake := httptest.NewServer(llmfake.NewMux(sim))
	t.Cleanup(fake.Close)
	return map[string]string{"BESTCHAT_SIMULATED_URL": fake.URL + "/v1"}
}

// Main runs a package's tests and examples around one server. Testable
// examples get no testing.T, so a package whose examples call a real
// server starts it here, from TestMain, and hands what the examples need
// to package variables in setup:
//
//	func TestMain(m *testing.M) {
//		os.Exit(servertest.Main(m, func(t testing.TB) {
//			env := servertest.New(t, servertest.Options{Env: servertest.Simulated(t, sim)})
//			exampleURL, exampleToken = env.URL, env.Token(t, "example")
//		}))
//	}
//
// Everything setup registers with t.Cleanup is torn down after m.Run. A
// setup failure prints its message and makes the package fail.
func Main(m *testing.M, setup func(t testing.TB)) int {
	t := &mainTB{}
	defer t.cleanup()
	if !t.run(setup) {
		return 1
	}
	return m.Run()
}

// mainTB is the testing.TB of Main's setup. It embeds the interface only to
// carry testing.TB's unexported method; every method servertest and
// pgtest call is implemented here.
type mainTB struct {
	testing.TB
	mu       sync.Mutex
	cleanups []func()
}

// fatal stops a failed setup.
type fatal struct{}

func (t *mainTB) run(setup func(testing.TB)) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isFatal := r.(fatal); !isFatal {
				panic(r)
			}
			ok = false
		}
	}()
	setup(t)
	return true
}

func (t *mainTB) cleanup() {
	t.mu.Lock()
	fns := t.cleanups
	t.cleanups = nil
	t.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		fns[i]()
	}
}

func (t *mainTB) Helper()             {}
func (t *mainTB) Name() string        { return "TestMain" }
func (t *mainTB) Log(args ...any)     {}
func (t *mainTB) Logf(string, ...any) {}

func (t *mainTB) Cleanup(f func()) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cleanups = append(t.cleanups, f)
}

func (t *mainTB) Errorf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "servertest.Main: "+format+"\n", args...)
}

func (t *mainTB) Fatalf(format string, args ...any) {
	t.Errorf(format, args...)
	panic(fatal{})
}

func (t *mainTB) Fatal(args ...any) {
	t.Errorf("%s", fmt.Sprint(args...))
	panic(fatal{})
}
