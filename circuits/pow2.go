package circuits

import "math/big"

// pow2 returns 2^n as a constant for linear combinations.
func pow2(n int) *big.Int { return new(big.Int).Lsh(big.NewInt(1), uint(n)) }
