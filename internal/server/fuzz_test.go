package server_test

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	_ "github.com/bestchat/bestchat/gen/bestchat/v1" // registers the services' descriptors
	"github.com/bestchat/bestchat/internal/llm/llmfake"
	"github.com/bestchat/bestchat/internal/servertest"
)

// rpc is one RPC of the API, as its descriptor describes it.
type rpc struct {
	procedure string // "/bestchat.v1.ChatService/SendMessage"
	streaming bool   // server streaming
}

// apiRPCs lists every RPC of every service of package bestchat.v1, from
// the generated descriptors: a new RPC is covered without a change here.
func apiRPCs() []rpc {
	var out []rpc
	protoregistry.GlobalFiles.RangeFilesByPackage("bestchat.v1", func(fd protoreflect.FileDescriptor) bool {
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			for j := range sd.Methods().Len() {
				md := sd.Methods().Get(j)
				out = append(out, rpc{procedure: "/" + string(sd.FullName()) + "/" + string(md.Name()), streaming: md.IsStreamingServer()})
			}
		}
		return true
	})
	slices.SortFunc(out, func(a, b rpc) int {
		if a.procedure < b.procedure {
			return -1
		}
		if a.procedure > b.procedure {
			return 1
		}
		return 0
	})
	return out
}

// Fuzz codecs: how the bytes reach the server.
const (
	fuzzConnectProto = iota // Connect, binary protobuf
	fuzzConnectJSON         // Connect, JSON
	fuzzGRPC                // gRPC over HTTP/2, binary protobuf
	fuzzCodecs
)

// FuzzRequestDecoding sends arbitrary bytes as the request of every RPC
// — over Connect with the binary and the JSON codec, and over gRPC —
// through the real server: authentication, body limits, decoding,
// validation and the handlers, as an authenticated user. No input may
// crash the server, and no input may be answered Internal or Unknown:
// a malformed request is the client's error (InvalidArgument and the
// like), never the server's.
//
// `go test` runs the seeds (testdata/fuzz/FuzzRequestDecoding and one
// empty request per RPC and codec); `make fuzz` fuzzes.
func FuzzRequestDecoding(f *testing.F) {
	rpcs := apiRPCs()
	if len(rpcs) == 0 {
		f.Fatal("no RPC found in the bestchat.v1 descriptors")
	}
	for _, r := range rpcs {
		f.Add(r.procedure, uint(fuzzConnectProto), []byte{})
		f.Add(r.procedure, uint(fuzzConnectJSON), []byte("{}"))
		f.Add(r.procedure, uint(fuzzGRPC), []byte{})
	}
	env := servertest.New(f, servertest.Options{Env: servertest.Simulated(f, llmfake.Simulation{TokenInterval: time.Millisecond})})
	token := env.Token(f, "fuzzer")
	h1, _ := env.ClientOptions(servertest.Connect, "")
	h2, _ := env.ClientOptions(servertest.GRPC, "")
	f.Fuzz(func(t *testing.T, procedure string, codec uint, body []byte) {
		r, ok := findRPC(rpcs, procedure)
		if !ok {
			// A mutated name: the bytes still go to some RPC.
			h := fnv.New32a()
			_, _ = h.Write([]byte(procedure))
			r = rpcs[int(h.Sum32()%uint32(len(rpcs)))]
		}
		codec %= fuzzCodecs
		var code connect.Code
		var err error
		if codec == fuzzGRPC {
			code, err = callGRPC(env.URL, h2, token, r, body)
		} else {
			code, err = callConnect(env.URL, h1, token, r, codec == fuzzConnectJSON, body)
		}
		if err != nil {
			t.Fatalf("%s (codec %d, body %q): %v", r.procedure, codec, body, err)
		}
		if code == connect.CodeInternal || code == connect.CodeUnknown {
			t.Fatalf("%s (codec %d, body %q): %v, want a client error", r.procedure, codec, body, code)
		}
	})
}

func findRPC(rpcs []rpc, procedure string) (rpc, bool) {
	for _, r := range rpcs {
		if r.procedure == procedure {
			return r, true
		}
	}
	return rpc{}, false
}

// fuzzTimeout ends a call the server accepted and keeps open (a watch).
const fuzzTimeout = 2 * time.Second

// envelope frames a streaming message: flags, big-endian length, data.
func envelope(flags byte, data []byte) []byte {
	out := make([]byte, 5, 5+len(data))
	out[0] = flags
	binary.BigEndian.PutUint32(out[1:], uint32(len(data)))
	return append(out, data...)
}

// callConnect makes the call over the Connect protocol and returns its
// code (0 for success).
func callConnect(base string, hc connect.HTTPClient, token string, r rpc, useJSON bool, body []byte) (connect.Code, error) {
	ct := "application/proto"
	if useJSON {
		ct = "application/json"
	}
	payload := body
	if r.streaming {
		ct = "application/connect+" + ct[len("application/"):]
		payload = envelope(0, body)
	}
	req, err := http.NewRequest(http.MethodPost, base+r.procedure, bytes.NewReader(payload))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", ct)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Connect-Protocol-Version", "1")
	req.Header.Set("Connect-Timeout-Ms", strconv.Itoa(int(fuzzTimeout/time.Millisecond)))
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	var wireErr struct {
		Code string `json:"code"`
	}
	if !r.streaming {
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			return 0, err
		}
		if resp.StatusCode == http.StatusOK {
			return 0, nil
		}
		if err := json.Unmarshal(b, &wireErr); err != nil {
			return 0, fmt.Errorf("HTTP %d with a body that is no Connect error: %q", resp.StatusCode, b)
		}
		return parseCode(wireErr.Code)
	}
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		if err := json.Unmarshal(b, &wireErr); err != nil {
			return 0, fmt.Errorf("HTTP %d with a body that is no Connect error: %q", resp.StatusCode, b)
		}
		return parseCode(wireErr.Code)
	}
	br := bufio.NewReader(resp.Body)
	for {
		flags, data, err := readEnvelope(br)
		if err != nil {
			return 0, fmt.Errorf("stream ended without its end message: %w", err)
		}
		if flags&0x02 == 0 {
			continue
		}
		var end struct {
			Error *struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		if err := json.Unmarshal(data, &end); err != nil {
			return 0, fmt.Errorf("end of stream %q: %w", data, err)
		}
		if end.Error == nil {
			return 0, nil
		}
		return parseCode(end.Error.Code)
	}
}

// callGRPC makes the call over gRPC and returns its status code.
func callGRPC(base string, hc connect.HTTPClient, token string, r rpc, body []byte) (connect.Code, error) {
	req, err := http.NewRequest(http.MethodPost, base+r.procedure, bytes.NewReader(envelope(0, body)))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/grpc+proto")
	req.Header.Set("Te", "trailers")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Grpc-Timeout", strconv.Itoa(int(fuzzTimeout/time.Millisecond))+"m")
	resp, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	status := resp.Trailer.Get("Grpc-Status")
	if status == "" {
		status = resp.Header.Get("Grpc-Status") // trailers-only response
	}
	n, err := strconv.Atoi(status)
	if err != nil {
		return 0, fmt.Errorf("HTTP %d without a gRPC status", resp.StatusCode)
	}
	return connect.Code(n), nil
}

func readEnvelope(r *bufio.Reader) (byte, []byte, error) {
	var head [5]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	data := make([]byte, binary.BigEndian.Uint32(head[1:]))
	if _, err := io.ReadFull(r, data); err != nil {
		return 0, nil, err
	}
	return head[0], data, nil
}

func parseCode(s string) (connect.Code, error) {
	var c connect.Code
	if err := c.UnmarshalText([]byte(s)); err != nil {
		return 0, errors.New("unknown Connect error code " + strconv.Quote(s))
	}
	return c, nil
}
