package metrics

import (
	"sync"
	"unicode/utf8"
)

const (
	// otherLabel replaces a value outside a fixed set, over a cap, too long
	// or not UTF-8.
	otherLabel = "other"
	// unknownLabel replaces an empty provider or model.
	unknownLabel = "unknown"
	// maxLabelLen bounds a provider or model label value, in bytes.
	maxLabelLen = 128
)

// labelSet admits up to max distinct label values; later ones fold into
// "other". An admitted value stays admitted, so GenerationStarted and the
// matching GenerationEnded always agree on the labels.
type labelSet struct {
	max int

	mu   sync.RWMutex
	seen map[string]struct{}
}

func newLabelSet(maxValues int) *labelSet {
	return &labelSet{max: maxValues, seen: make(map[string]struct{})}
}

func (s *labelSet) value(v string) string {
	if v == "" {
		return unknownLabel
	}
	if len(v) > maxLabelLen || !utf8.ValidString(v) {
		return otherLabel
	}
	s.mu.RLock()
	_, ok := s.seen[v]
	s.mu.RUnlock()
	if ok {
		return v
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.seen[v]; ok {
		return v
	}
	if len(s.seen) >= s.max {
		return otherLabel
	}
	s.seen[v] = struct{}{}
	return v
}

// fixedSet is a closed list of label values; anything else is "other".
type fixedSet map[string]struct{}

func newFixedSet(values ...string) fixedSet {
	s := make(fixedSet, len(values))
	for _, v := range values {
		s[v] = struct{}{}
	}
	return s
}

func (s fixedSet) value(v string) string {
	if _, ok := s[v]; ok {
		return v
	}
	return otherLabel
}
