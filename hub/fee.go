package hub

import (
	"fmt"
	"math/big"
)

// PPM is the denominator of Fee.PPM.
const PPM = 1_000_000

// Fee is what a hub keeps for forwarding an amount: Base wei plus PPM
// parts per million of it, rounded up.
type Fee struct {
	Base *big.Int // wei; nil is 0
	PPM  uint32
}

// On returns the fee for forwarding out wei: Base + ceil(out × PPM / 1e6).
// Rounding up means the hub never collects less than it asked.
func (f Fee) On(out *big.Int) *big.Int {
	v := new(big.Int).Mul(out, new(big.Int).SetUint64(uint64(f.PPM)))
	v.Add(v, big.NewInt(PPM-1))
	v.Quo(v, big.NewInt(PPM))
	if f.Base != nil {
		v.Add(v, f.Base)
	}
	return v
}

// AtLeast reports whether f takes at least min on every amount (what a hub
// checks of the fee a route names for it).
func (f Fee) AtLeast(min Fee) bool {
	return orZero(f.Base).Cmp(orZero(min.Base)) >= 0 && f.PPM >= min.PPM
}

func (f Fee) String() string { return fmt.Sprintf("%s wei + %d ppm", orZero(f.Base), f.PPM) }

// Amounts returns the amount of every leg of a route for cumulative bytes:
// out[len(fees)] = bytes × minerPrice is the miner leg, and for hub i
// (fees[i], 0-based) out[i] = out[i+1] + fees[i].On(out[i+1]). out[0] is
// what the client pays; hub i keeps out[i] − out[i+1]; the differences
// and the miner leg add up to out[0] exactly.
func Amounts(bytes uint64, minerPrice *big.Int, fees []Fee) []*big.Int {
	out := make([]*big.Int, len(fees)+1)
	out[len(fees)] = new(big.Int).Mul(new(big.Int).SetUint64(bytes), orZero(minerPrice))
	for i := len(fees) - 1; i >= 0; i-- {
		out[i] = new(big.Int).Add(out[i+1], fees[i].On(out[i+1]))
	}
	return out
}

// CheckCovers checks that an inbound amount pays for the outbound amount
// and the fee on it: in >= out + fee.On(out). A refusal is a *RouteError
// with ReasonFeeTooLow.
func CheckCovers(in, out *big.Int, fee Fee) error {
	need := new(big.Int).Add(out, fee.On(out))
	if in.Cmp(need) < 0 {
		return &RouteError{Reason: ReasonFeeTooLow,
			Detail: fmt.Sprintf("inbound %s wei does not cover outbound %s wei + fee (%s): need %s", in, out, fee, need)}
	}
	return nil
}

func orZero(b *big.Int) *big.Int {
	if b == nil {
		return new(big.Int)
	}
	return b
}
