package server

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// BenchmarkResponseGzip reports what gzipping a 100 KB page of chat text
// costs at connect's default level and at responseGzipLevel, and the
// compressed size.
func BenchmarkResponseGzip(b *testing.B) {
	words := strings.Fields("the a to of and in is it you that for on with this database python code " +
		"function data model error value example return list string query index table server request")
	r := rand.New(rand.NewPCG(1, 2))
	var page bytes.Buffer
	for page.Len() < 100_000 {
		page.WriteString(words[r.IntN(len(words))])
		page.WriteByte(' ')
	}
	for _, level := range []int{gzip.DefaultCompression, responseGzipLevel} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			var out bytes.Buffer
			w, err := gzip.NewWriterLevel(&out, level)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				out.Reset()
				w.Reset(&out)
				if _, err := w.Write(page.Bytes()); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(out.Len()), "bytes")
		})
	}
}
