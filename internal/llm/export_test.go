package llm

// RedactForTest exposes redact to the external tests.
func RedactForTest(s, secret string) string { return redact(s, secret) }
