package contracts

import (
	"math/big"
	"os"
	"testing"

	"bytes"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/bwproof/bwproof/contracts/solc"
	"github.com/bwproof/bwproof/protocol"
)

// TestOutOfFieldInputs: a key hash >= r is refused at open (the verifier
// would refuse it later anyway); a channel id >= r names no channel; and
// the verifier itself refuses unreduced inputs.
func TestOutOfFieldInputs(t *testing.T) {
	e := newEnv(t)
	r := protocol.Modulus()
	for _, v := range []*big.Int{r, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))} {
		var kh protocol.Element
		v.FillBytes(kh[:])
		_, _, err := e.m.Open(e.ctx, e.client, OpenParams{Miner: addr(e.miner), KeyHash: kh, PricePerByte: testPrice, ChallengePeriod: testHour})
		wantRevert(t, err, ErrKeyHashNotInField)
	}

	id := e.open(bigMul(gwei, 1_000_000), testPrice)
	st := &e.session(id, 4096, testPrice).Steps[0]
	proof := e.proof(st)
	kh := e.keyHash()
	in := [3]*big.Int{id.Big(), protocol.PackCounters(st.Voucher.Nonce, st.Voucher.CumulativeBytes).Big(), kh.Big()}
	if err := e.dep.Verifier.VerifyProof(e.ctx, proof, in); err != nil {
		t.Fatalf("valid proof: %v", err)
	}
	for i := range in {
		bad := in
		bad[i] = new(big.Int).Add(in[i], r) // same value mod r
		if err := e.dep.Verifier.VerifyProof(e.ctx, proof, bad); !isErr(err, ErrVerifierPublicInputNotInField) {
			t.Fatalf("input %d + r: want PublicInputNotInField, got %v", i, err)
		}
	}
	// Through the channel manager: the aliased id is an unknown channel.
	v := st.Voucher
	data := e.m.cm.PackWithdraw(new(big.Int).Add(id.Big(), r), v.Nonce, v.CumulativeAmount, v.CumulativeBytes, v.Signature[:], proof)
	_, err := e.m.transact(e.ctx, e.miner, nil, "withdraw", data)
	wantRevert(t, err, ErrUnknownChannel)
}

// TestReentrancyRefused: a payee that re-enters the contract from its
// receive hook is refused by the guard: if it passes the failure on, the
// withdrawal fails as a whole; if it swallows it, it is paid exactly once
// and the re-entrant close did not happen.
func TestReentrancyRefused(t *testing.T) {
	e := newEnv(t)
	src, err := os.ReadFile("testdata/Reenter.sol")
	if err != nil {
		t.Fatal(err)
	}
	out, err := e.s.compiler.Compile(e.ctx, map[string][]byte{"Reenter.sol": src}, solc.VerifierSettings())
	if err != nil {
		t.Fatal(err)
	}
	art, err := out.Contract("Reenter.sol:Reenter")
	if err != nil {
		t.Fatal(err)
	}
	rabi, err := abi.JSON(bytes.NewReader(art.ABI))
	if err != nil {
		t.Fatal(err)
	}
	ctor, err := rabi.Pack("", e.m.Address())
	if err != nil {
		t.Fatal(err)
	}
	attacker, _, err := e.sim.Deploy(e.ctx, e.deployer, "Reenter", art.Bin, ctor, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.m.SetOwner(e.ctx, e.miner, attacker); err != nil {
		t.Fatal(err)
	}
	deposit := bigMul(gwei, 1_000_000)
	id := e.open(deposit, testPrice)
	st := &e.session(id, 4096, testPrice).Steps[0]
	inst := bind.NewBoundContract(attacker, rabi, e.sim.backend, e.sim.backend, e.sim.backend)
	arm := func(swallow bool) {
		t.Helper()
		data, err := rabi.Pack("arm", id.Big(), swallow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.sim.send(e.ctx, e.deployer, nil, "arm", func(o *bind.TransactOpts) (*typesTx, error) { return inst.RawTransact(o, data) }, e.m.dec.decode); err != nil {
			t.Fatal(err)
		}
	}
	// The re-entry's failure propagates: the payment, so the withdrawal, fails.
	arm(false)
	_, err = e.m.Withdraw(e.ctx, e.miner, &st.Voucher, e.proof(st))
	wantRevert(t, err, ErrTransferFailed)
	if ch := e.channel(id); ch.Nonce != 0 || ch.State != StateOpen {
		t.Fatalf("channel changed: %+v", ch)
	}
	// The payee swallows it: paid once, and the re-entry was refused.
	arm(true)
	if _, err := e.m.Withdraw(e.ctx, e.miner, &st.Voucher, e.proof(st)); err != nil {
		t.Fatal(err)
	}
	last, err := bind.Call(inst, &bind.CallOpts{Context: e.ctx}, mustPack(t, rabi, "lastError"), func(b []byte) ([]byte, error) {
		out, err := rabi.Unpack("lastError", b)
		if err != nil {
			return nil, err
		}
		return out[0].([]byte), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if re := e.m.dec.decodeData(last); re.Name != ErrReentrancy.Name {
		t.Fatalf("re-entry reverted with %v, want Reentrancy", re)
	}
	ch := e.channel(id)
	if ch.State != StateOpen || ch.Nonce != st.Voucher.Nonce {
		t.Fatalf("channel: %+v", ch)
	}
	if b := e.balance(attacker); b.Cmp(st.Voucher.CumulativeAmount) != 0 {
		t.Fatalf("payee holds %v, want %v", b, st.Voucher.CumulativeAmount)
	}
}

func mustPack(t testing.TB, a abi.ABI, method string, args ...any) []byte {
	t.Helper()
	b, err := a.Pack(method, args...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
