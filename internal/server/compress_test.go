package server

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/klauspost/compress/gzip"
)

// chatPage is about 100 KB of chat-like text, a ListMessages page's worth.
func chatPage() []byte {
	words := strings.Fields("the a to of and in is it you that for on with this database python code " +
		"function data model error value example return list string query index table server request")
	r := rand.New(rand.NewPCG(1, 2))
	var page bytes.Buffer
	for page.Len() < 100_000 {
		page.WriteString(words[r.IntN(len(words))])
		page.WriteByte(' ')
	}
	return page.Bytes()
}

// BenchmarkResponseGzip reports what gzipping a 100 KB page of chat text
// costs with the standard library at connect's default level and at
// responseGzipLevel, and with the gzip the server uses (klauspost/compress)
// at responseGzipLevel; and what reading such a body back costs with each
// (the server reads gzipped requests with klauspost's, a Go client of
// connect reads responses with the standard library's).
func BenchmarkResponseGzip(b *testing.B) {
	page := chatPage()
	type writer interface {
		io.WriteCloser
		Reset(io.Writer)
	}
	std := func(level int) func(io.Writer) writer {
		return func(w io.Writer) writer { z, _ := stdgzip.NewWriterLevel(w, level); return z }
	}
	compressors := []struct {
		name string
		new  func(io.Writer) writer
	}{
		{fmt.Sprintf("compress/std/level=%d", stdgzip.DefaultCompression), std(stdgzip.DefaultCompression)},
		{fmt.Sprintf("compress/std/level=%d", responseGzipLevel), std(responseGzipLevel)},
		{fmt.Sprintf("compress/klauspost/level=%d", responseGzipLevel), func(w io.Writer) writer {
			z, _ := gzip.NewWriterLevel(w, responseGzipLevel)
			return z
		}},
	}
	var body []byte
	for _, c := range compressors {
		b.Run(c.name, func(b *testing.B) {
			var out bytes.Buffer
			w := c.new(&out)
			for b.Loop() {
				out.Reset()
				w.Reset(&out)
				if _, err := w.Write(page); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.Len()), "bytes")
			body = bytes.Clone(out.Bytes())
		})
	}
	type reader interface {
		io.Reader
		Reset(io.Reader) error
	}
	for _, r := range []struct {
		name string
		r    reader
	}{{"decompress/std", &stdgzip.Reader{}}, {"decompress/klauspost", &gzip.Reader{}}} {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if err := r.r.Reset(bytes.NewReader(body)); err != nil {
					b.Fatal(err)
				}
				if n, err := io.Copy(io.Discard, r.r); err != nil || n != int64(len(page)) {
					b.Fatalf("read %d of %d bytes: %v", n, len(page), err)
				}
			}
		})
	}
}
