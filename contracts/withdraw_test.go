package contracts

import (
	"bytes"
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

var testPrice = gwei // wei per byte

func bigMul(a *big.Int, b int64) *big.Int { return new(big.Int).Mul(a, big.NewInt(b)) }

// TestWithdrawHappyPath: partial withdrawals with real proofs pay the
// miner exactly the difference each time.
func TestWithdrawHappyPath(t *testing.T) {
	e := newEnv(t)
	deposit := bigMul(gwei, 1_000_000)
	id := e.open(deposit, testPrice)
	sess := e.session(id, 3*4096, testPrice)
	if len(sess.Steps) != 3 {
		t.Fatalf("%d steps", len(sess.Steps))
	}
	paid := new(big.Int)
	for _, i := range []int{0, 2} {
		st := &sess.Steps[i]
		before := e.balance(addr(e.miner))
		r, err := e.m.Withdraw(e.ctx, e.miner, &st.Voucher, e.proof(st))
		if err != nil {
			t.Fatal(err)
		}
		got := new(big.Int).Sub(e.balance(addr(e.miner)), before)
		got.Add(got, fee(r))
		want := new(big.Int).Sub(st.Voucher.CumulativeAmount, paid)
		if got.Cmp(want) != 0 {
			t.Fatalf("step %d: miner got %v, want %v", i, got, want)
		}
		paid.Set(st.Voucher.CumulativeAmount)
	}
	c := e.channel(id)
	if c.Nonce != sess.Steps[2].Voucher.Nonce || c.Withdrawn.Cmp(paid) != 0 || c.State != StateOpen || c.Payee != addr(e.miner) {
		t.Fatalf("channel after withdrawals: %+v", c)
	}
	if got := e.balance(e.m.Address()); got.Cmp(new(big.Int).Sub(deposit, paid)) != 0 {
		t.Fatalf("contract holds %v, want %v", got, new(big.Int).Sub(deposit, paid))
	}
}

// TestVoucherDigestMatchesProtocol: the contract's EIP-712 digest is
// protocol.Voucher.Digest byte for byte, and a voucher signed with
// protocol.Voucher.Sign is accepted (see the happy path).
func TestVoucherDigestMatchesProtocol(t *testing.T) {
	e := newEnv(t)
	id := e.open(gwei, testPrice)
	for _, v := range []protocol.Voucher{
		{ChannelID: id, Nonce: 1, CumulativeAmount: big.NewInt(0), CumulativeBytes: 0},
		{ChannelID: id, Nonce: 1<<64 - 1, CumulativeAmount: new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1)), CumulativeBytes: 1<<64 - 1},
		{ChannelID: protocol.ElementFromUint64(5), Nonce: 42, CumulativeAmount: big.NewInt(123456789), CumulativeBytes: 4096},
	} {
		got, err := e.m.VoucherDigest(e.ctx, &v)
		if err != nil {
			t.Fatal(err)
		}
		if want := v.Digest(e.m.Domain()); got != want {
			t.Fatalf("digest %x, protocol says %x", got, want)
		}
	}
}

// TestWithdrawRejects: every way a withdrawal can be wrong reverts with
// its own error, and a rejected attempt changes nothing.
func TestWithdrawRejects(t *testing.T) {
	e := newEnv(t)
	deposit := bigMul(gwei, 10_000) // 10 000 bytes' worth: less than 3 steps
	id := e.open(deposit, testPrice)
	other := e.open(deposit, testPrice) // same client, miner and key
	sess := e.session(id, 3*4096, testPrice)
	otherSess := e.session(other, 4096, testPrice)
	d := e.m.Domain()
	s0, s1, s2 := &sess.Steps[0], &sess.Steps[1], &sess.Steps[2]
	p0, p1 := e.proof(s0), e.proof(s1)
	pOther := e.proof(&otherSess.Steps[0])
	garbage := bytes.Repeat([]byte{0x5a}, len(p0))

	malleable := s0.Voucher
	sv := new(big.Int).SetBytes(malleable.Signature[32:64])
	new(big.Int).Sub(crypto.S256().Params().N, sv).FillBytes(malleable.Signature[32:64])
	malleable.Signature[64] ^= 1 // 27 <-> 28: the same signer with high s
	badV := s0.Voucher
	badV.Signature[64] = 29

	cases := []struct {
		name  string
		v     *protocol.Voucher
		proof []byte
		sig   []byte // when set, replaces the signature bytes sent
		want  *RevertError
		cause *RevertError
	}{
		{"no proof", &s0.Voucher, nil, nil, ErrInvalidProof, ErrVerifierRequire},
		{"garbage proof", &s0.Voucher, garbage, nil, ErrInvalidProof, ErrVerifierProofInvalid},
		{"wrong proof", &s0.Voucher, p1, nil, ErrInvalidProof, ErrVerifierProofInvalid},
		{"proof for another channel", &s0.Voucher, pOther, nil, ErrInvalidProof, ErrVerifierProofInvalid},
		{"proof for another nonce", resign(t, d, s0.Voucher, e.client, 7, s0.Voucher.CumulativeAmount, s0.Voucher.CumulativeBytes), p0, nil, ErrInvalidProof, ErrVerifierProofInvalid},
		{"proof for other bytes", resign(t, d, s0.Voucher, e.client, 1, big.NewInt(1), 1), p0, nil, ErrInvalidProof, ErrVerifierProofInvalid},
		{"signed by someone else", resign(t, d, s0.Voucher, e.other, 1, s0.Voucher.CumulativeAmount, s0.Voucher.CumulativeBytes), p0, nil, ErrWrongSigner, nil},
		{"signed for another contract", resign(t, protocol.ChainDomain{ChainID: d.ChainID, Contract: addr(e.other)}, s0.Voucher, e.client, 1, s0.Voucher.CumulativeAmount, s0.Voucher.CumulativeBytes), p0, nil, ErrWrongSigner, nil},
		{"malleable signature", &malleable, p0, nil, ErrMalleableSignature, nil},
		{"bad v", &badV, p0, nil, ErrBadSignatureV, nil},
		{"short signature", &s0.Voucher, p0, s0.Voucher.Signature[:64], ErrBadSignatureLength, nil},
		{"amount above bytes x price", resign(t, d, s0.Voucher, e.client, 1, new(big.Int).Add(s0.Voucher.CumulativeAmount, big.NewInt(1)), s0.Voucher.CumulativeBytes), p0, nil, ErrAmountExceedsBytes, nil},
		{"amount above deposit", &s2.Voucher, e.proof(s2), nil, ErrAmountExceedsDeposit, nil},
		{"nonce zero", resign(t, d, s0.Voucher, e.client, 0, s0.Voucher.CumulativeAmount, s0.Voucher.CumulativeBytes), p0, nil, ErrStaleNonce, nil},
	}
	// The malleable signature must be one go-ethereum would accept but for
	// the low-s rule (so the contract, not ecrecover, is what refuses it).
	if _, err := malleable.Signer(d); !errors.Is(err, protocol.ErrMalleableSignature) {
		t.Fatalf("test setup: protocol says %v for the malleable signature", err)
	}
	withdraw := func(v *protocol.Voucher, proof, sig []byte) error {
		if sig == nil {
			_, err := e.m.Withdraw(e.ctx, e.miner, v, proof)
			return err
		}
		data := e.m.cm.PackWithdraw(v.ChannelID.Big(), v.Nonce, v.CumulativeAmount, v.CumulativeBytes, sig, proof)
		_, err := e.m.transact(e.ctx, e.miner, nil, "withdraw", data)
		return err
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := withdraw(c.v, c.proof, c.sig)
			wantRevert(t, err, c.want)
			if c.cause != nil && !errors.Is(err, c.cause) {
				t.Fatalf("want verifier cause %s, got %v", c.cause.Name, err)
			}
		})
	}
	if ch := e.channel(id); ch.Nonce != 0 || ch.Withdrawn.Sign() != 0 {
		t.Fatalf("rejected withdrawals changed the channel: %+v", ch)
	}

	// Unknown channel: the channel id plus r (the same value mod r).
	alias := s0.Voucher
	aliasID := new(big.Int).Add(id.Big(), protocol.Modulus())
	data := e.m.cm.PackWithdraw(aliasID, alias.Nonce, alias.CumulativeAmount, alias.CumulativeBytes, alias.Signature[:], p0)
	_, err := e.m.transact(e.ctx, e.miner, nil, "withdraw", data)
	wantRevert(t, err, ErrUnknownChannel)

	// Replays and older vouchers.
	if _, err := e.m.Withdraw(e.ctx, e.miner, &s1.Voucher, p1); err != nil {
		t.Fatal(err)
	}
	wantRevert(t, withdraw(&s1.Voucher, p1, nil), ErrStaleNonce)
	wantRevert(t, withdraw(&s0.Voucher, p0, nil), ErrStaleNonce)
	// A newer voucher may not lower the amount already withdrawn.
	lower := resign(t, d, s2.Voucher, e.client, s2.Voucher.Nonce, s0.Voucher.CumulativeAmount, s2.Voucher.CumulativeBytes)
	wantRevert(t, withdraw(lower, e.proof(s2), nil), ErrAmountBelowWithdrawn)
	// The latest voucher, capped at the deposit by the client, is fine.
	capped := resign(t, d, s2.Voucher, e.client, s2.Voucher.Nonce, deposit, s2.Voucher.CumulativeBytes)
	if _, err := e.m.Withdraw(e.ctx, e.miner, capped, e.proof(s2)); err != nil {
		t.Fatal(err)
	}
	if got := e.balance(e.m.Address()); got.Cmp(deposit) != 0 { // the other channel's deposit only
		t.Fatalf("contract holds %v, want %v", got, deposit)
	}
}
