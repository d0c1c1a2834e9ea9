package contracts

import (
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/bwproof/bwproof/contracts/channelmanager"
)

func testDecoder(t testing.TB) *revertDecoder {
	t.Helper()
	d, err := newRevertDecoder(channelmanager.NewChannelManager().GetABI())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func packError(t testing.TB, name string, args ...any) []byte {
	t.Helper()
	a := channelmanager.NewChannelManager().GetABI()
	e, ok := a.Errors[name]
	if !ok {
		t.Fatalf("no error %s", name)
	}
	b, err := e.Inputs.Pack(args...)
	if err != nil {
		t.Fatal(err)
	}
	return append(e.ID[:4:4], b...)
}

// dataErr is what a node's JSON-RPC error looks like.
type dataErr struct{ data any }

func (e dataErr) Error() string  { return "execution reverted" }
func (e dataErr) ErrorCode() int { return 3 }
func (e dataErr) ErrorData() any { return e.data }

func TestDecodeRevert(t *testing.T) {
	d := testDecoder(t)
	proofInvalid := common.FromHex("0x7fcdd1f4") // ProofInvalid()
	for _, c := range []struct {
		data  []byte
		want  *RevertError
		cause *RevertError
	}{
		{packError(t, "StaleNonce", uint64(3), uint64(5)), ErrStaleNonce, nil},
		{packError(t, "InvalidProof", proofInvalid), ErrInvalidProof, ErrVerifierProofInvalid},
		{packError(t, "InvalidProof", []byte{1, 2}), ErrInvalidProof, &RevertError{Name: "unknown"}},
		{append(common.FromHex("0x08c379a0"), common.LeftPadBytes([]byte{0x20}, 32)...), &RevertError{Name: "unknown"}, nil},
	} {
		err := d.decode(fmt.Errorf("send: %w", dataErr{hexutil.Encode(c.data)}))
		if !errors.Is(err, c.want) || !errors.Is(err, ErrReverted) {
			t.Fatalf("%x: got %v, want %s", c.data, err, c.want.Name)
		}
		if c.cause != nil && !errors.Is(err, c.cause) {
			t.Fatalf("%x: got %v, want cause %s", c.data, err, c.cause.Name)
		}
	}
	var re *RevertError
	err := d.decode(dataErr{hexutil.Encode(packError(t, "AmountExceedsDeposit", big.NewInt(7), big.NewInt(5)))})
	if !errors.As(err, &re) || len(re.Args) != 2 || re.Args[0].(*big.Int).Int64() != 7 {
		t.Fatalf("args not decoded: %v", err)
	}
	// Errors without revert data, or with data that is not hex, pass through.
	plain := errors.New("connection refused")
	if got := d.decode(plain); got != plain {
		t.Fatalf("plain error changed: %v", got)
	}
	if got := d.decode(dataErr{42}); errors.Is(got, ErrReverted) {
		t.Fatalf("non-string data decoded: %v", got)
	}
	if got := d.decode(dataErr{"0xzz"}); errors.Is(got, ErrReverted) {
		t.Fatalf("bad hex decoded: %v", got)
	}
}

// FuzzDecodeRevert: revert data comes from a node; decoding never panics,
// keeps the raw bytes, and nests at most one level.
func FuzzDecodeRevert(f *testing.F) {
	d := testDecoder(f)
	f.Add([]byte{})
	f.Add([]byte{1, 2, 3})
	f.Add(packError(f, "StaleNonce", uint64(3), uint64(5)))
	f.Add(packError(f, "WrongSigner", common.Address{1}, common.Address{2}))
	f.Add(packError(f, "InvalidProof", common.FromHex("0x7fcdd1f4")))
	f.Add(packError(f, "InvalidProof", packError(f, "InvalidProof", []byte{9})))
	f.Add(common.FromHex("0x08c379a000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000003616263"))
	f.Fuzz(func(t *testing.T, data []byte) {
		re := d.decodeData(data)
		if re == nil || re.Name == "" || string(re.Data) != string(data) {
			t.Fatalf("bad decode of %x: %+v", data, re)
		}
		if re.Cause != nil && re.Cause.Cause != nil {
			t.Fatal("nested more than one level")
		}
		_ = re.Error()
		if len(data) <= maxRevertData {
			_ = d.decode(dataErr{hexutil.Encode(data)})
		}
	})
}
