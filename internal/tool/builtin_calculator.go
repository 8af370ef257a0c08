package tool

import (
	"context"
	"encoding/json"
	"math/big"
	"strings"
	"time"
)

// Calculator limits: an expression is short, and no intermediate value
// may grow past maxCalcBits bits (2^1000000 would otherwise take the CPU).
const (
	maxCalcExprLen = 1000
	maxCalcBits    = 1 << 14
	maxCalcExp     = 1000
	maxCalcDepth   = 100
	calcDigits     = 30
)

func calculatorTool() (Definition, RunFunc) {
	return Definition{
		ID:   "builtin.calculator",
		Name: "calculator",
		Description: "Evaluates an arithmetic expression exactly, with rational numbers (no floating-point error). " +
			"Supports decimal numbers (1.5, 2e-3), + - * / % (remainder of integers), ^ (integer powers) and parentheses. " +
			"Returns the exact decimal, or a fraction with a 30-digit decimal approximation.",
		Schema: json.RawMessage(`{"type":"object","properties":{"expression":{"type":"string","minLength":1,"maxLength":1000,` +
			`"description":"The expression, e.g. (1.1 + 2.2) * 3 / 7"}},"required":["expression"],"additionalProperties":false}`),
		Risk: RiskLow, Source: SourceBuiltin, Timeout: 5 * time.Second,
	}, runCalculator
}

func runCalculator(_ context.Context, call Call) (string, error) {
	var args struct {
		Expression string `json:"expression"`
	}
	if err := json.Unmarshal(call.Args, &args); err != nil {
		return "", toolErrorf("arguments: %v", err)
	}
	v, err := Evaluate(args.Expression)
	if err != nil {
		return "", err
	}
	out := map[string]any{"expression": args.Expression}
	if dec, exact := exactDecimal(v); exact {
		out["result"], out["exact"] = dec, true
	} else {
		out["result"], out["exact"] = v.FloatString(calcDigits), false
		out["fraction"] = v.RatString()
	}
	b, _ := json.Marshal(out)
	return string(b), nil
}

// Evaluate computes an arithmetic expression exactly. It parses numbers
// and operators only; nothing is ever executed.
func Evaluate(expr string) (*big.Rat, error) {
	if len(expr) > maxCalcExprLen {
		return nil, toolErrorf("expression longer than %d characters", maxCalcExprLen)
	}
	p := &calcParser{src: expr}
	v, err := p.expr(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, toolErrorf("unexpected %q at position %d", p.src[p.pos], p.pos+1)
	}
	return v, nil
}

type calcParser struct {
	src string
	pos int
}

func (p *calcParser) skipSpace() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

// peek returns the next non-space byte, or 0 at the end.
func (p *calcParser) peek() byte {
	p.skipSpace()
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// expr = term { ("+" | "-") term }
func (p *calcParser) expr(depth int) (*big.Rat, error) {
	if depth > maxCalcDepth {
		return nil, toolErrorf("expression nested too deeply")
	}
	v, err := p.term(depth)
	if err != nil {
		return nil, err
	}
	for {
		op := p.peek()
		if op != '+' && op != '-' {
			return v, nil
		}
		p.pos++
		r, err := p.term(depth)
		if err != nil {
			return nil, err
		}
		if op == '+' {
			v = new(big.Rat).Add(v, r)
		} else {
			v = new(big.Rat).Sub(v, r)
		}
		if err := checkSize(v); err != nil {
			return nil, err
		}
	}
}

// term = unary { ("*" | "/" | "%") unary }
func (p *calcParser) term(depth int) (*big.Rat, error) {
	v, err := p.unary(depth)
	if err != nil {
		return nil, err
	}
	for {
		op := p.peek()
		if op != '*' && op != '/' && op != '%' {
			return v, nil
		}
		p.pos++
		r, err := p.unary(depth)
		if err != nil {
			return nil, err
		}
		switch op {
		case '*':
			v = new(big.Rat).Mul(v, r)
		case '/':
			if r.Sign() == 0 {
				return nil, toolErrorf("division by zero")
			}
			v = new(big.Rat).Quo(v, r)
		case '%':
			if !v.IsInt() || !r.IsInt() {
				return nil, toolErrorf("%% needs integers")
			}
			if r.Sign() == 0 {
				return nil, toolErrorf("division by zero")
			}
			v = new(big.Rat).SetInt(new(big.Int).Rem(v.Num(), r.Num()))
		}
		if err := checkSize(v); err != nil {
			return nil, err
		}
	}
}

// unary = ("-" | "+") unary | power
func (p *calcParser) unary(depth int) (*big.Rat, error) {
	if depth > maxCalcDepth {
		return nil, toolErrorf("expression nested too deeply")
	}
	switch p.peek() {
	case '-':
		p.pos++
		v, err := p.unary(depth + 1)
		if err != nil {
			return nil, err
		}
		return new(big.Rat).Neg(v), nil
	case '+':
		p.pos++
		return p.unary(depth + 1)
	}
	return p.power(depth)
}

// power = primary [ "^" unary ]   (right-associative)
func (p *calcParser) power(depth int) (*big.Rat, error) {
	base, err := p.primary(depth)
	if err != nil {
		return nil, err
	}
	if p.peek() != '^' {
		return base, nil
	}
	p.pos++
	exp, err := p.unary(depth + 1)
	if err != nil {
		return nil, err
	}
	if !exp.IsInt() || exp.Num().CmpAbs(big.NewInt(maxCalcExp)) > 0 {
		return nil, toolErrorf("exponents must be integers between -%d and %d", maxCalcExp, maxCalcExp)
	}
	n := exp.Num().Int64()
	if base.Sign() == 0 && n < 0 {
		return nil, toolErrorf("division by zero")
	}
	// Refuse before computing: the result has about |n| times the bits.
	bits := max(base.Num().BitLen(), base.Denom().BitLen())
	if int64(bits)*abs64(n) > maxCalcBits {
		return nil, toolErrorf("result too large")
	}
	abs := abs64(n)
	num := new(big.Int).Exp(base.Num(), big.NewInt(abs), nil)
	den := new(big.Int).Exp(base.Denom(), big.NewInt(abs), nil)
	if n < 0 {
		num, den = den, num
	}
	return new(big.Rat).SetFrac(num, den), nil
}

func abs64(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// primary = number | "(" expr ")"
func (p *calcParser) primary(depth int) (*big.Rat, error) {
	c := p.peek()
	switch {
	case c == '(':
		p.pos++
		v, err := p.expr(depth + 1)
		if err != nil {
			return nil, err
		}
		if p.peek() != ')' {
			return nil, toolErrorf("missing ) at position %d", p.pos+1)
		}
		p.pos++
		return v, nil
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == 0:
		return nil, toolErrorf("unexpected end of expression")
	}
	return nil, toolErrorf("unexpected %q at position %d", c, p.pos+1)
}

// number = digits [ "." digits ] [ ("e" | "E") [sign] digits ]
func (p *calcParser) number() (*big.Rat, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	n := digits()
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		n += digits()
	}
	if n == 0 {
		return nil, toolErrorf("malformed number at position %d", start+1)
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		expStart := p.pos
		if digits() == 0 || p.pos-expStart > 4 {
			return nil, toolErrorf("malformed exponent at position %d", start+1)
		}
	}
	text := p.src[start:p.pos]
	v, ok := new(big.Rat).SetString(text)
	if !ok {
		return nil, toolErrorf("malformed number %q", text)
	}
	if err := checkSize(v); err != nil {
		return nil, err
	}
	return v, nil
}

func checkSize(v *big.Rat) error {
	if v.Num().BitLen() > maxCalcBits || v.Denom().BitLen() > maxCalcBits {
		return toolErrorf("result too large")
	}
	return nil
}

// exactDecimal returns v as a finite decimal when its denominator has no
// prime factors but 2 and 5.
func exactDecimal(v *big.Rat) (string, bool) {
	d := new(big.Int).Set(v.Denom())
	two, five := big.NewInt(2), big.NewInt(5)
	places := 0
	var twos, fives int
	m := new(big.Int)
	for d.Cmp(big.NewInt(1)) != 0 {
		switch {
		case m.Mod(d, two).Sign() == 0:
			d.Quo(d, two)
			twos++
		case m.Mod(d, five).Sign() == 0:
			d.Quo(d, five)
			fives++
		default:
			return "", false
		}
	}
	places = max(twos, fives)
	return v.FloatString(places), true
}
