package catalog

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// usd converts whole micro-dollars per million tokens to a Rate, so tests
// read like price lists: usd(3_000_000) is $3/M.
func usd(microPerMillion int64) Rate { return NanosPerMillion(microPerMillion * 1000) }

func TestCost(t *testing.T) {
	t.Parallel()
	sonnet := Price{Input: usd(3_000_000), Output: usd(15_000_000), CacheRead: usd(300_000), CacheWrite: usd(3_750_000)}
	sonnet1h := sonnet
	sonnet1h.CacheWrite1h, sonnet1h.WebSearch = usd(6_000_000), NanosPerRequest(10_000_000)
	tests := []struct {
		name      string
		price     Price
		usage     Usage
		wantNanos int64
		wantKnown bool
	}{
		{
			// 1,234,567 × 3e9 + 89 × 3e8 = 3,703,727,700,000,000 → /1e6 exact.
			name:      "input and cache read at sonnet prices",
			price:     sonnet,
			usage:     Usage{Input: 1_234_567, CacheRead: 89},
			wantNanos: 3_703_727_700,
			wantKnown: true,
		},
		{
			// 1,000 × 3e9 + 2,000 × 15e9 + 500 × 3e8 + 400 × 3.75e9 = 34,650,000,000,000 → 34,650,000.
			name:      "every kind",
			price:     sonnet,
			usage:     Usage{Input: 1_000, Output: 2_000, CacheRead: 500, CacheWrite: 400},
			wantNanos: 34_650_000,
			wantKnown: true,
		},
		{
			// 5 × 37,500,000 = 187,500,000 → 187.5 nanos → 188 (half-up).
			name:      "exactly half a nano rounds up",
			price:     Price{Input: NanosPerMillion(37_500_000)}, // $0.0375/M
			usage:     Usage{Input: 5},
			wantNanos: 188,
			wantKnown: true,
		},
		{
			// 2.5 rounds to 3, not to even.
			name:      "half-up is not banker's rounding",
			price:     Price{Input: NanosPerMillion(2_500_000)},
			usage:     Usage{Input: 1},
			wantNanos: 3,
			wantKnown: true,
		},
		{
			name:      "just below half rounds down",
			price:     Price{Input: NanosPerMillion(499_999)},
			usage:     Usage{Input: 1},
			wantNanos: 0,
			wantKnown: true,
		},
		{
			// 0.4 + 0.4 = 0.8 → 1; rounding each kind first would give 0.
			name:      "kinds are summed before rounding",
			price:     Price{Input: NanosPerMillion(400_000), Output: NanosPerMillion(400_000)},
			usage:     Usage{Input: 1, Output: 1},
			wantNanos: 1,
			wantKnown: true,
		},
		{
			// (100 + 50) × 15e9 / 1e6.
			name:      "reasoning billed as output when not priced apart",
			price:     sonnet,
			usage:     Usage{Output: 100, Reasoning: 50},
			wantNanos: 2_250_000,
			wantKnown: true,
		},
		{
			// 100 × 15e9 + 1,000 × 1e9 = 2,500,000,000,000 → 2,500,000.
			name:      "reasoning priced apart",
			price:     Price{Output: usd(15_000_000), Reasoning: usd(1_000_000)},
			usage:     Usage{Output: 100, Reasoning: 1_000},
			wantNanos: 2_500_000,
			wantKnown: true,
		},
		{
			name:      "unknown cache-write price with cache writes: lower bound, unknown",
			price:     Price{Input: usd(2_000_000), Output: usd(8_000_000), CacheRead: usd(500_000)},
			usage:     Usage{Input: 1_000_000, CacheWrite: 10},
			wantNanos: 2_000_000_000,
			wantKnown: false,
		},
		{
			name:      "unknown price with a zero count is fine",
			price:     Price{Input: usd(2_000_000), Output: usd(8_000_000)},
			usage:     Usage{Input: 1_000_000, Output: 1},
			wantNanos: 2_000_008_000,
			wantKnown: true,
		},
		{
			name:      "all unknown, no tokens",
			price:     Price{},
			usage:     Usage{},
			wantNanos: 0,
			wantKnown: true,
		},
		{
			name:      "free",
			price:     Free(),
			usage:     Usage{Input: 1 << 40, Output: 1 << 40, Reasoning: 7},
			wantNanos: 0,
			wantKnown: true,
		},
		{
			name:      "negative count",
			price:     sonnet,
			usage:     Usage{Input: 10, Output: -1},
			wantNanos: 0,
			wantKnown: false,
		},
		{
			// 10¹² × 75e9 = 7.5e22 overflows int64 as a product; the cost
			// itself, 7.5e16 nanos ($75M), does not.
			name:      "huge product, representable cost",
			price:     Price{Output: usd(75_000_000)},
			usage:     Usage{Output: 1_000_000_000_000},
			wantNanos: 75_000_000_000_000_000,
			wantKnown: true,
		},
		{
			// Anthropic's split: 600 five-minute writes at 1.25× input
			// ($3.75/M) and 400 one-hour writes at 2× input ($6/M):
			// 600 × 3.75e9 + 400 × 6e9 = 4,650,000,000,000 → 4,650,000.
			name:      "one-hour cache writes at their own price",
			price:     sonnet1h,
			usage:     Usage{CacheWrite: 1_000, CacheWrite1h: 400},
			wantNanos: 4_650_000,
			wantKnown: true,
		},
		{
			// 3 searches × $0.01 + 1,001 input × $3/M = 30,000,000 + 3,003,000.
			name:      "web searches per request",
			price:     sonnet1h,
			usage:     Usage{Input: 1_001, WebSearchRequests: 3},
			wantNanos: 33_003_000,
			wantKnown: true,
		},
		{
			// 0.5 nano of input + a whole-nano fee: the half still rounds up once.
			name:      "a fee does not change the rounding",
			price:     Price{Input: NanosPerMillion(500_000), WebSearch: NanosPerRequest(7)},
			usage:     Usage{Input: 1, WebSearchRequests: 2},
			wantNanos: 15,
			wantKnown: true,
		},
		{
			name:      "one-hour writes without a one-hour price: lower bound, unknown",
			price:     sonnet,
			usage:     Usage{CacheWrite: 1_000, CacheWrite1h: 400},
			wantNanos: 2_250_000,
			wantKnown: false,
		},
		{
			name:      "web searches without a fee: lower bound, unknown",
			price:     sonnet,
			usage:     Usage{Input: 1_000, WebSearchRequests: 1},
			wantNanos: 3_000_000,
			wantKnown: false,
		},
		{
			name:      "more one-hour writes than writes",
			price:     sonnet1h,
			usage:     Usage{CacheWrite: 10, CacheWrite1h: 11},
			wantNanos: 0,
			wantKnown: false,
		},
		{
			name:      "negative web searches",
			price:     sonnet1h,
			usage:     Usage{Input: 10, WebSearchRequests: -1},
			wantNanos: 0,
			wantKnown: false,
		},
		{
			name:      "huge fee saturates",
			price:     Price{WebSearch: NanosPerRequest(math.MaxInt64)},
			usage:     Usage{WebSearchRequests: math.MaxInt64},
			wantNanos: math.MaxInt64,
			wantKnown: true,
		},
		{
			name:      "cost beyond int64 saturates",
			price:     Price{Input: NanosPerMillion(math.MaxInt64), Output: NanosPerMillion(math.MaxInt64), CacheRead: NanosPerMillion(math.MaxInt64), CacheWrite: NanosPerMillion(math.MaxInt64), Reasoning: NanosPerMillion(math.MaxInt64)},
			usage:     Usage{Input: math.MaxInt64, Output: math.MaxInt64, CacheRead: math.MaxInt64, CacheWrite: math.MaxInt64, Reasoning: math.MaxInt64},
			wantNanos: math.MaxInt64,
			wantKnown: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			nanos, known := Cost(tt.price, tt.usage)
			if nanos != tt.wantNanos || known != tt.wantKnown {
				t.Fatalf("Cost = %d, %v; want %d, %v", nanos, known, tt.wantNanos, tt.wantKnown)
			}
		})
	}
}

// bigCost is the reference: exact rational arithmetic with math/big.
func bigCost(p Price, u Usage) *big.Int {
	reasoning := p.Reasoning
	if !reasoning.Known() {
		reasoning = p.Output
	}
	sum := new(big.Int)
	for _, t := range []struct {
		n int64
		r Rate
	}{{u.Input, p.Input}, {u.Output, p.Output}, {u.CacheRead, p.CacheRead}, {u.CacheWrite - u.CacheWrite1h, p.CacheWrite}, {u.Reasoning, reasoning}, {u.CacheWrite1h, p.CacheWrite1h}} {
		r, _ := t.r.NanosPerMillion()
		sum.Add(sum, new(big.Int).Mul(big.NewInt(t.n), big.NewInt(r)))
	}
	fee, _ := p.WebSearch.NanosPerRequest()
	sum.Add(sum, new(big.Int).Mul(big.NewInt(u.WebSearchRequests), new(big.Int).Mul(big.NewInt(fee), big.NewInt(TokensPerPriceUnit))))
	sum.Add(sum, big.NewInt(TokensPerPriceUnit/2))
	return sum.Div(sum, big.NewInt(TokensPerPriceUnit))
}

func TestCostMatchesBigArithmetic(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	// Mix magnitudes: small, realistic and near-int64 values.
	pick := func() int64 {
		switch rng.IntN(4) {
		case 0:
			return rng.Int64N(1_000)
		case 1:
			return rng.Int64N(10_000_000)
		case 2:
			return rng.Int64N(100_000_000_000)
		default:
			return rng.Int64()
		}
	}
	maxInt := big.NewInt(math.MaxInt64)
	for i := range 20_000 {
		p := Price{
			Input: NanosPerMillion(pick()), Output: NanosPerMillion(pick()), CacheRead: NanosPerMillion(pick()), CacheWrite: NanosPerMillion(pick()),
			CacheWrite1h: NanosPerMillion(pick()), WebSearch: NanosPerRequest(pick()),
		}
		if i%2 == 0 {
			p.Reasoning = NanosPerMillion(pick())
		}
		u := Usage{Input: pick(), Output: pick(), CacheRead: pick(), CacheWrite: pick(), Reasoning: pick(), WebSearchRequests: pick()}
		u.CacheWrite1h = rng.Int64N(u.CacheWrite + 1)
		want := bigCost(p, u)
		if want.Cmp(maxInt) > 0 {
			want = maxInt
		}
		got, known := Cost(p, u)
		if !known || got != want.Int64() {
			t.Fatalf("Cost(%+v, %+v) = %d, %v; want %s", p, u, got, known, want)
		}
	}
}

func TestRateJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Rate
		wantErr bool
	}{
		{"null", Unknown(), false},
		{"0", NanosPerMillion(0), false},
		{"37500000", NanosPerMillion(37_500_000), false},
		{"9223372036854775807", NanosPerMillion(math.MaxInt64), false},
		{"-1", Rate{}, true},
		{"3.5", Rate{}, true},
		{"1e9", Rate{}, true},
		{`"3"`, Rate{}, true},
		{"9223372036854775808", Rate{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			var got Rate
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Unmarshal(%s) error = %v; wantErr %v", tt.in, err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got != tt.want {
				t.Fatalf("Unmarshal(%s) = %+v; want %+v", tt.in, got, tt.want)
			}
			out, err := json.Marshal(got)
			if err != nil || string(out) != tt.in {
				t.Fatalf("Marshal = %s, %v; want %s", out, err, tt.in)
			}
		})
	}
}

func TestPriceJSONOmitsUnsetReasoning(t *testing.T) {
	t.Parallel()
	out, err := json.Marshal(Price{Input: usd(1_000_000)})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"input":1000000000,"output":null,"cache_read":null,"cache_write":null}`
	if string(out) != want {
		t.Fatalf("Marshal = %s; want %s", out, want)
	}
}

func TestPriceJSONRequestFees(t *testing.T) {
	t.Parallel()
	in := `{"input":1000000000,"output":null,"cache_read":null,"cache_write":1250000000,"cache_write_1h":2000000000,"web_search_per_request":10000000}`
	var p Price
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if n, ok := p.WebSearch.NanosPerRequest(); !ok || n != 10_000_000 {
		t.Fatalf("WebSearch = %d (known %v); want 10000000", n, ok)
	}
	if p.MaxCacheWrite() != NanosPerMillion(2_000_000_000) {
		t.Fatalf("MaxCacheWrite = %s; want the one-hour price", p.MaxCacheWrite())
	}
	out, err := json.Marshal(p)
	if err != nil || string(out) != in {
		t.Fatalf("Marshal = %s, %v; want %s", out, err, in)
	}
	for _, bad := range []string{`{"web_search_per_request":-1}`, `{"web_search_per_request":0.01}`, `{"cache_write_1h":"2"}`} {
		if err := json.Unmarshal([]byte(bad), new(Price)); err == nil {
			t.Errorf("Unmarshal(%s) = nil error", bad)
		}
	}
}

func TestRateString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate Rate
		want string
	}{
		{Unknown(), "unknown"},
		{NanosPerMillion(0), "$0.00/M"},
		{usd(3_000_000), "$3.00/M"},
		{usd(300_000), "$0.30/M"},
		{NanosPerMillion(37_500_000), "$0.0375/M"},
		{NanosPerMillion(1), "$0.000000001/M"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.rate.String(); got != tt.want {
				t.Fatalf("String = %q; want %q", got, tt.want)
			}
		})
	}
}
