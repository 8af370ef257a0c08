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
	}{{u.Input, p.Input}, {u.Output, p.Output}, {u.CacheRead, p.CacheRead}, {u.CacheWrite, p.CacheWrite}, {u.Reasoning, reasoning}} {
		r, _ := t.r.NanosPerMillion()
		sum.Add(sum, new(big.Int).Mul(big.NewInt(t.n), big.NewInt(r)))
	}
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
		p := Price{Input: NanosPerMillion(pick()), Output: NanosPerMillion(pick()), CacheRead: NanosPerMillion(pick()), CacheWrite: NanosPerMillion(pick())}
		if i%2 == 0 {
			p.Reasoning = NanosPerMillion(pick())
		}
		u := Usage{Input: pick(), Output: pick(), CacheRead: pick(), CacheWrite: pick(), Reasoning: pick()}
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
