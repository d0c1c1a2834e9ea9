package main

import (
	"bytes"
	"encoding/json"
	"math/big"
	"strings"
)

var (
	weiPerGwei  = big.NewInt(1_000_000_000)
	weiPerEther = new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
)

// decimal is n / 10^digits, exactly, without trailing zeros.
func decimal(n *big.Int, unit *big.Int, digits int) string {
	neg := n.Sign() < 0
	q, r := new(big.Int).QuoRem(new(big.Int).Abs(n), unit, new(big.Int))
	s := q.String()
	if r.Sign() != 0 {
		frac := r.String()
		frac = strings.Repeat("0", digits-len(frac)) + frac
		s += "." + strings.TrimRight(frac, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// formatWei shows an amount for people: "0.0012 ETH (1200000 gwei)", or
// in wei below a gwei ("0.000000000000000001 ETH (1 wei)"). JSON output
// carries the wei as a decimal string instead.
func formatWei(n *big.Int) string {
	if n == nil {
		return "-"
	}
	eth := decimal(n, weiPerEther, 18) + " ETH"
	if n.Sign() == 0 {
		return eth
	}
	if new(big.Int).Abs(n).Cmp(weiPerGwei) < 0 {
		return eth + " (" + n.String() + " wei)"
	}
	return eth + " (" + decimal(n, weiPerGwei, 9) + " gwei)"
}

// weiString is the JSON form of an amount: decimal wei, "" for none.
func weiString(n *big.Int) string {
	if n == nil {
		return ""
	}
	return n.String()
}

// writeWeiJSON prints v (a library type whose amounts are *big.Int under
// keys ending in "_wei") as JSON with those amounts as decimal strings,
// as every --json output carries them: a JSON number loses precision
// above 2^53 in most readers.
func writeWeiJSON(e *env, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return err
	}
	return writeJSON(e, quoteWei(doc))
}

func quoteWei(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(json.Number); ok && strings.HasSuffix(k, "_wei") {
				v[k] = n.String()
				continue
			}
			v[k] = quoteWei(x)
		}
	case []any:
		for i, x := range v {
			v[i] = quoteWei(x)
		}
	}
	return v
}
