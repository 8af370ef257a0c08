package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
)

// TokensPerPriceUnit is the number of tokens a [Rate] is quoted for.
const TokensPerPriceUnit = 1_000_000

// Rate is a price in integer nano-USD per million tokens, or unknown. The
// zero value is unknown; use [NanosPerMillion] for a known price (zero
// included). In JSON a known rate is an integer and an unknown one is null
// or absent.
type Rate struct {
	nanos int64
	known bool
}

// NanosPerMillion returns the known rate of n nano-USD per million tokens;
// for example NanosPerMillion(3_000_000_000) is $3/M.
func NanosPerMillion(n int64) Rate { return Rate{nanos: n, known: true} }

// Unknown returns the unknown rate (the zero Rate).
func Unknown() Rate { return Rate{} }

// NanosPerMillion returns the rate in nano-USD per million tokens and
// whether it is known.
func (r Rate) NanosPerMillion() (int64, bool) { return r.nanos, r.known }

// Known reports whether the rate is known.
func (r Rate) Known() bool { return r.known }

// String formats the rate for humans, e.g. "$0.0375/M" or "unknown".
func (r Rate) String() string {
	if !r.known {
		return "unknown"
	}
	sign := ""
	n := r.nanos
	if n < 0 {
		sign, n = "-", -n
	}
	frac := strconv.FormatInt(n%1_000_000_000+1_000_000_000, 10)[1:]
	frac = string(bytes.TrimRight([]byte(frac), "0"))
	for len(frac) < 2 {
		frac += "0"
	}
	return fmt.Sprintf("%s$%d.%s/M", sign, n/1_000_000_000, frac)
}

// MarshalJSON encodes a known rate as an integer and an unknown one as null.
func (r Rate) MarshalJSON() ([]byte, error) {
	if !r.known {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, r.nanos, 10), nil
}

// UnmarshalJSON accepts null (unknown) or a non-negative integer; fractions,
// exponents, strings and negative numbers are rejected.
func (r *Rate) UnmarshalJSON(data []byte) error {
	if string(data) == "null" {
		*r = Rate{}
		return nil
	}
	n, err := strconv.ParseInt(string(data), 10, 64)
	if err != nil {
		return fmt.Errorf("price must be an integer number of nano-USD per million tokens or null, got %s", data)
	}
	if n < 0 {
		return fmt.Errorf("price must not be negative, got %d", n)
	}
	*r = NanosPerMillion(n)
	return nil
}

// Fee is a price in integer nano-USD per request (a server-side tool use
// such as a web search), or unknown. The zero value is unknown; use
// [NanosPerRequest] for a known fee (zero included). In JSON a known fee is
// an integer and an unknown one is null or absent.
type Fee struct {
	nanos int64
	known bool
}

// NanosPerRequest returns the known fee of n nano-USD per request; for
// example NanosPerRequest(10_000_000) is $10 per 1,000 requests.
func NanosPerRequest(n int64) Fee { return Fee{nanos: n, known: true} }

// NanosPerRequest returns the fee in nano-USD per request and whether it is
// known.
func (f Fee) NanosPerRequest() (int64, bool) { return f.nanos, f.known }

// Known reports whether the fee is known.
func (f Fee) Known() bool { return f.known }

// MarshalJSON encodes a known fee as an integer and an unknown one as null.
func (f Fee) MarshalJSON() ([]byte, error) { return Rate(f).MarshalJSON() }

// UnmarshalJSON accepts null (unknown) or a non-negative integer number of
// nano-USD per request.
func (f *Fee) UnmarshalJSON(data []byte) error {
	var r Rate
	if err := r.UnmarshalJSON(data); err != nil {
		return fmt.Errorf("fee must be an integer number of nano-USD per request or null: %w", err)
	}
	*f = Fee(r)
	return nil
}

// Price is a model's price list. Input, CacheRead and CacheWrite price the
// three disjoint kinds of prompt tokens; Output prices generated tokens.
// Reasoning is set only when a provider prices reasoning tokens apart from
// output; when it is unknown, reasoning tokens are billed at the Output rate.
//
// CacheWrite1h is the price of a prompt-cache write kept for one hour
// (Anthropic: 2× input), where a provider offers it beside the default
// five-minute write that CacheWrite prices (Anthropic: 1.25× input).
// WebSearch is the fee per server-side web search the provider runs for
// the model (Anthropic: $10 per 1,000 searches, 10,000,000 nano-USD each),
// charged on top of the tokens the search results add to the input. Both
// are absent from models.json entries that have no such price: a call that
// reports one-hour writes or searches on such a model has an unknown cost.
type Price struct {
	Input        Rate `json:"input"`
	Output       Rate `json:"output"`
	CacheRead    Rate `json:"cache_read"`
	CacheWrite   Rate `json:"cache_write"`
	Reasoning    Rate `json:"reasoning,omitzero"`
	CacheWrite1h Rate `json:"cache_write_1h,omitzero"`
	WebSearch    Fee  `json:"web_search_per_request,omitzero"`
}

// Free returns a price that is a known zero for every token kind and
// request fee: local and simulated models.
func Free() Price {
	z := NanosPerMillion(0)
	return Price{Input: z, Output: z, CacheRead: z, CacheWrite: z, CacheWrite1h: z, WebSearch: NanosPerRequest(0)}
}

func (p Price) validate() error {
	for _, r := range []struct {
		name string
		rate Rate
	}{
		{"input", p.Input}, {"output", p.Output}, {"cache_read", p.CacheRead}, {"cache_write", p.CacheWrite},
		{"reasoning", p.Reasoning}, {"cache_write_1h", p.CacheWrite1h}, {"web_search_per_request", Rate(p.WebSearch)},
	} {
		if n, ok := r.rate.NanosPerMillion(); ok && n < 0 {
			return fmt.Errorf("%s price is negative", r.name)
		}
	}
	return nil
}

// MaxCacheWrite is the dearer of the cache-write prices: what a budget
// reservation assumes an input token written to the cache costs.
func (p Price) MaxCacheWrite() Rate {
	a, aok := p.CacheWrite.NanosPerMillion()
	b, bok := p.CacheWrite1h.NanosPerMillion()
	if !bok || (aok && a >= b) {
		return p.CacheWrite
	}
	return p.CacheWrite1h
}

// Usage counts the tokens of one provider call. The kinds are disjoint,
// each token counted once: Input excludes cached tokens (CacheRead) and
// tokens written to the cache (CacheWrite), and Output excludes Reasoning.
// Adapters normalise provider reports into this shape (OpenAI's
// prompt_tokens includes cached tokens and its completion_tokens includes
// reasoning tokens; Anthropic's input_tokens already excludes both cache
// kinds).
//
// CacheWrite1h is the part of CacheWrite written to the one-hour cache
// (priced at Price.CacheWrite1h, the rest of CacheWrite at
// Price.CacheWrite), so CacheWrite stays every token written to the cache.
// WebSearchRequests counts server-side web searches, priced per request.
type Usage struct {
	Input             int64
	Output            int64
	CacheRead         int64
	CacheWrite        int64
	Reasoning         int64
	CacheWrite1h      int64
	WebSearchRequests int64
}

// ErrNegativeTokens is returned by [Usage.Validate] for a negative count.
var ErrNegativeTokens = errors.New("catalog: negative token count")

// ErrCacheWrite1hExceedsCacheWrite is returned by [Usage.Validate] when
// CacheWrite1h, a part of CacheWrite, is larger than it.
var ErrCacheWrite1hExceedsCacheWrite = errors.New("catalog: one-hour cache writes exceed cache writes")

// Validate reports an error when a count is negative or CacheWrite1h
// exceeds CacheWrite.
func (u Usage) Validate() error {
	if u.Input < 0 || u.Output < 0 || u.CacheRead < 0 || u.CacheWrite < 0 || u.Reasoning < 0 ||
		u.CacheWrite1h < 0 || u.WebSearchRequests < 0 {
		return ErrNegativeTokens
	}
	if u.CacheWrite1h > u.CacheWrite {
		return ErrCacheWrite1hExceedsCacheWrite
	}
	return nil
}

// Cost returns the cost of u at price p in nano-USD:
// Σ(tokens × nano-USD per million) / 10⁶ + web searches × fee, summed over
// all kinds first and rounded half-up once (a fee is a whole number of
// nano-USD, so it never changes the rounding). The arithmetic is exact for
// any int64 inputs (a 192-bit accumulator); a result beyond math.MaxInt64
// nano-USD (about 9.2 billion USD) saturates at math.MaxInt64.
//
// known is false when a kind with a non-zero count has an unknown price;
// nanos is then the cost of the kinds whose price is known, a lower bound.
// An invalid usage ([Usage.Validate]) makes the cost unknown and nanos zero.
func Cost(p Price, u Usage) (nanos int64, known bool) {
	if u.Validate() != nil {
		return 0, false
	}
	reasoning := p.Reasoning
	if !reasoning.known {
		reasoning = p.Output
	}
	terms := [...]struct {
		tokens int64
		rate   Rate
	}{
		{u.Input, p.Input},
		{u.Output, p.Output},
		{u.CacheRead, p.CacheRead},
		{u.CacheWrite - u.CacheWrite1h, p.CacheWrite},
		{u.Reasoning, reasoning},
		{u.CacheWrite1h, p.CacheWrite1h},
	}
	var sum uint192
	known = true
	for _, t := range terms {
		if t.tokens == 0 {
			continue
		}
		if !t.rate.known || t.rate.nanos < 0 {
			known = false
			continue
		}
		sum.addMul(uint64(t.tokens), uint64(t.rate.nanos))
	}
	if u.WebSearchRequests != 0 {
		if f := p.WebSearch; !f.known || f.nanos < 0 {
			known = false
		} else {
			sum.addMul3(uint64(u.WebSearchRequests), uint64(f.nanos), TokensPerPriceUnit)
		}
	}
	return sum.divRoundHalfUp(TokensPerPriceUnit), known
}

// uint192 is an unsigned 192-bit integer: six products of two values below
// 2⁶³ and one of two such values and 10⁶ sum to less than 2¹⁴⁷, so it never
// overflows here.
type uint192 struct{ hi, mid, lo uint64 }

func (a *uint192) add(x uint64) {
	var c uint64
	a.lo, c = bits.Add64(a.lo, x, 0)
	a.mid, c = bits.Add64(a.mid, 0, c)
	a.hi += c
}

func (a *uint192) addMul(x, y uint64) {
	h, l := bits.Mul64(x, y)
	var c uint64
	a.lo, c = bits.Add64(a.lo, l, 0)
	a.mid, c = bits.Add64(a.mid, h, c)
	a.hi += c
}

// addMul3 adds x × y × z, for z below 2³².
func (a *uint192) addMul3(x, y, z uint64) {
	h, l := bits.Mul64(x, y)
	h1, l1 := bits.Mul64(l, z)
	h2, l2 := bits.Mul64(h, z)
	var c uint64
	a.lo, c = bits.Add64(a.lo, l1, 0)
	mid, c2 := bits.Add64(h1, l2, 0)
	a.mid, c = bits.Add64(a.mid, mid, c)
	a.hi += h2 + c + c2
}

// divRoundHalfUp returns round_half_up(a / d) saturated to math.MaxInt64.
func (a uint192) divRoundHalfUp(d uint64) int64 {
	a.add(d / 2) // d is even: exactly half rounds up
	q2, r := bits.Div64(0, a.hi, d)
	q1, r := bits.Div64(r, a.mid, d)
	q0, _ := bits.Div64(r, a.lo, d)
	if q2 != 0 || q1 != 0 || q0 > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(q0)
}
