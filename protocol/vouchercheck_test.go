package protocol_test

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
	"github.com/bwproof/bwproof/protocol/prototest"
)

// voucherCase is a context built from an honest session's last two steps
// (prev accepted, last checked), mutated by the case.
type voucherCase struct {
	name    string
	mutate  func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext)
	rule    error // nil: accepted
	noRecpt bool
}

func TestCheckVoucherRules(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 3)
	steps := f.Session.Steps
	prev, last := steps[len(steps)-2], steps[len(steps)-1]
	kh, err := f.ReceiptKey.Public().Hash()
	if err != nil {
		t.Fatal(err)
	}
	miner := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	now := time.Unix(1_700_000_000, 0)
	base := func() (protocol.Voucher, protocol.Receipt, protocol.VoucherContext) {
		c := protocol.VoucherContext{
			Prev: protocol.StateOf(&prev),
			Terms: protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, Miner: miner, PricePerByte: big.NewInt(1),
				Domain: f.Domain, ReceiptKey: f.ReceiptKey.Public()},
			Accept: &protocol.ChainDomain{ChainID: big.NewInt(1337), Contract: f.Domain.Contract},
			Chain: &protocol.ChainChannel{Domain: f.Domain, State: protocol.ChainOpen, Client: f.ClientAddr, Miner: miner,
				Payee: miner, PricePerByte: big.NewInt(1), KeyHash: kh, SettledNonce: 1, Withdrawn: big.NewInt(1000),
				Deposit: big.NewInt(1_000_000)},
			Now: now,
		}
		v := last.Voucher
		v.CumulativeAmount = new(big.Int).Set(v.CumulativeAmount)
		return v, last.Receipt, c
	}
	resign := func(v *protocol.Voucher) {
		if err := v.Sign(f.Domain, f.Client); err != nil {
			t.Fatal(err)
		}
	}
	other, _ := crypto.GenerateKey()
	cases := []voucherCase{
		{name: "honest", rule: nil},
		{name: "honest without receipt", noRecpt: true},
		{name: "no on-chain state", mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) { c.Chain = nil }},
		{name: "amount out of range", rule: protocol.ErrMalformedVoucher, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			v.CumulativeAmount = big.NewInt(-1)
		}},
		{name: "other channel", rule: protocol.ErrWrongChannel, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Terms.ID = protocol.ElementFromUint64(5)
		}},
		{name: "domain not accepted", rule: protocol.ErrWrongDomain, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Accept = &protocol.ChainDomain{ChainID: big.NewInt(1), Contract: f.Domain.Contract}
		}},
		{name: "domain differs from chain", rule: protocol.ErrWrongDomain, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.Domain.Contract = common.HexToAddress("0x01")
		}},
		{name: "not on chain", rule: protocol.ErrUnknownChannel, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.State = protocol.ChainNone
		}},
		{name: "closing, new service", rule: protocol.ErrChannelNotOpen, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.State, c.Chain.ClosesAt = protocol.ChainClosing, now.Add(time.Hour)
		}},
		{name: "closing, redeem in period", mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.State, c.Chain.ClosesAt, c.Redeem = protocol.ChainClosing, now.Add(time.Hour), true
		}},
		{name: "closing, redeem after period", rule: protocol.ErrChallengePeriodOver, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.State, c.Chain.ClosesAt, c.Redeem = protocol.ChainClosing, now, true
		}},
		{name: "closed", rule: protocol.ErrChannelNotOpen, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.State, c.Redeem = protocol.ChainClosed, true
		}},
		{name: "other client on chain", rule: protocol.ErrWrongClient, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.Client = miner
		}},
		{name: "other miner on chain", rule: protocol.ErrWrongMiner, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.Miner = f.ClientAddr
		}},
		{name: "other price on chain", rule: protocol.ErrWrongPrice, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.PricePerByte = big.NewInt(2)
		}},
		{name: "other key hash on chain", rule: protocol.ErrWrongReceiptKey, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.KeyHash = protocol.ElementFromUint64(9)
		}},
		{name: "nonce equal to accepted", rule: protocol.ErrStaleNonce, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Prev.Nonce = v.Nonce
		}},
		{name: "nonce below accepted", rule: protocol.ErrStaleNonce, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Prev.Nonce = v.Nonce + 3
		}},
		{name: "nonce settled on chain", rule: protocol.ErrStaleNonce, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Prev = protocol.VoucherState{}
			c.Chain.SettledNonce = v.Nonce
		}},
		{name: "bytes decreased", rule: protocol.ErrBytesDecreased, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Prev.Bytes = v.CumulativeBytes + 1
		}},
		{name: "amount decreased", rule: protocol.ErrAmountDecreased, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Prev.Amount = new(big.Int).Add(v.CumulativeAmount, big.NewInt(1))
		}},
		{name: "amount below withdrawn", rule: protocol.ErrAmountDecreased, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.Withdrawn = new(big.Int).Add(v.CumulativeAmount, big.NewInt(1))
		}},
		{name: "amount above bytes × price", rule: protocol.ErrAmountExceedsBytes, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			v.CumulativeAmount.Add(v.CumulativeAmount, big.NewInt(1))
			resign(v)
		}},
		{name: "underpaid", rule: protocol.ErrUnderpaid, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			v.CumulativeAmount.Sub(v.CumulativeAmount, big.NewInt(1))
			resign(v)
		}},
		{name: "beyond deposit", rule: protocol.ErrInsufficientFunds, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Chain.Deposit = big.NewInt(9_000)
		}},
		{name: "receipt for another nonce", rule: protocol.ErrReceiptMismatch, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			r.Nonce++
		}},
		{name: "receipt for other bytes", rule: protocol.ErrReceiptMismatch, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			r.CumulativeBytes--
		}},
		{name: "receipt by another key", rule: protocol.ErrWrongReceiptKey, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			k, _ := protocol.GenerateReceiptKey(prototest.NewSeeded(99))
			if err := r.Sign(k); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "receipt by another key hash", rule: protocol.ErrWrongReceiptKey, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			c.Terms.ReceiptKey, c.Terms.KeyHash, c.Chain = protocol.PublicKey{}, protocol.ElementFromUint64(4), nil
		}},
		{name: "receipt signature", rule: protocol.ErrBadReceipt, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			r.Signature[40] ^= 1
		}},
		{name: "voucher by another key", rule: protocol.ErrBadSignature, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			if err := v.Sign(f.Domain, other); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "voucher signed for another domain", rule: protocol.ErrBadSignature, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			if err := v.Sign(protocol.ChainDomain{ChainID: big.NewInt(1), Contract: f.Domain.Contract}, f.Client); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "voucher signature garbage", rule: protocol.ErrBadSignature, mutate: func(v *protocol.Voucher, r *protocol.Receipt, c *protocol.VoucherContext) {
			v.Signature[64] = 5
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v, r, c := base()
			if tc.mutate != nil {
				tc.mutate(&v, &r, &c)
			}
			rp := &r
			if tc.noRecpt {
				rp = nil
			}
			err := protocol.CheckVoucher(&v, rp, c)
			if tc.rule == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tc.rule) {
				t.Fatalf("got %v, want rule %v", err, tc.rule)
			}
			var ve *protocol.VoucherError
			var fe *protocol.InsufficientFundsError
			if !errors.As(err, &ve) && !errors.As(err, &fe) {
				t.Fatalf("%T is not a typed voucher error", err)
			}
		})
	}
}

func TestCheckVoucherCarriesData(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 4)
	last := f.Latest(t)
	c := protocol.VoucherContext{
		Terms: protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, PricePerByte: big.NewInt(1), Domain: f.Domain},
		Chain: &protocol.ChainChannel{State: protocol.ChainOpen, Client: f.ClientAddr, PricePerByte: big.NewInt(1),
			Deposit: big.NewInt(7_000), Withdrawn: new(big.Int)},
	}
	kh, _ := f.ReceiptKey.Public().Hash()
	c.Terms.KeyHash, c.Chain.KeyHash = kh, kh
	err := protocol.CheckVoucher(&last.Voucher, &last.Receipt, c)
	var fe *protocol.InsufficientFundsError
	if !errors.As(err, &fe) || fe.Shortfall.Int64() != 3_000 || fe.Deposit.Int64() != 7_000 || fe.Amount.Int64() != 10_000 {
		t.Fatalf("got %v, want a shortfall of 3000 wei", err)
	}
	c.Chain.Deposit = big.NewInt(10_000)
	c.Prev.Nonce = last.Voucher.Nonce
	err = protocol.CheckVoucher(&last.Voucher, &last.Receipt, c)
	var ve *protocol.VoucherError
	if !errors.As(err, &ve) || ve.Rule != protocol.ErrStaleNonce || ve.Got != last.Voucher.Nonce || ve.Source != "accepted" {
		t.Fatalf("got %#v", err)
	}
	// The verifier's counters-only check is the same rule.
	err = protocol.CheckAdvance(protocol.VoucherState{Nonce: 5, Bytes: 10}, protocol.VoucherState{Nonce: 5, Bytes: 20})
	if !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("CheckAdvance: %v", err)
	}
	if err := protocol.CheckAdvance(protocol.VoucherState{Nonce: 5, Bytes: 10}, protocol.VoucherState{Nonce: 6, Bytes: 9}); !errors.Is(err, protocol.ErrBytesDecreased) {
		t.Fatalf("CheckAdvance: %v", err)
	}
}

func TestCheckStepRules(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 5)
	steps := f.Session.Steps
	terms := protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, PricePerByte: big.NewInt(1), Domain: f.Domain,
		ReceiptKey: f.ReceiptKey.Public()}
	c := protocol.VoucherContext{Terms: terms}
	for i := range steps {
		if err := protocol.CheckStep(&steps[i], f.Shape, c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		c.Prev = protocol.StateOf(&steps[i])
	}
	// Replaying a step is one error, stale nonce, whether or not it also
	// claims to continue the accepted state (a plain replay does not).
	c.Prev = protocol.StateOf(&steps[1])
	for _, replay := range []int{0, 1} {
		err := protocol.CheckStep(&steps[replay], f.Shape, c)
		var ve *protocol.VoucherError
		if !errors.As(err, &ve) || ve.Rule != protocol.ErrStaleNonce || ve.Got != steps[replay].Voucher.Nonce || ve.Source != "accepted" {
			t.Fatalf("replay of step %d: %v", replay, err)
		}
	}
	st := steps[1]
	st.PrevRoot, st.PrevBytes = c.Prev.Root, c.Prev.Bytes
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrStaleNonce) {
		t.Fatalf("replay continuing the accepted state: %v", err)
	}
	gap := c
	gap.Prev = protocol.StateOf(&steps[0])
	if err := protocol.CheckStep(&steps[2], f.Shape, gap); !errors.Is(err, protocol.ErrDiscontinuous) {
		t.Fatalf("gap: %v", err)
	}
	st = steps[2]
	st.Window.Leaves = append([]protocol.ChunkLeaf(nil), st.Window.Leaves...)
	st.Window.Leaves[0].Digest[0] ^= 1
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrReceiptMismatch) {
		t.Fatalf("altered window: %v", err)
	}
	st = steps[2]
	st.Receipt.Signature[40] ^= 1
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrBadReceipt) || !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("bad receipt: %v", err)
	}
}

// TestCheckStepWithKeyVerifier: with VoucherContext.Receipts set, CheckStep
// accepts and refuses exactly as without it.
func TestCheckStepWithKeyVerifier(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 3)
	steps := f.Session.Steps
	kv, err := protocol.NewKeyVerifier(f.ReceiptKey.Public())
	if err != nil {
		t.Fatal(err)
	}
	c := protocol.VoucherContext{Terms: protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, PricePerByte: big.NewInt(1),
		Domain: f.Domain, ReceiptKey: f.ReceiptKey.Public()}, Receipts: kv}
	for i := range steps {
		if err := protocol.CheckStep(&steps[i], f.Shape, c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		c.Prev = protocol.StateOf(&steps[i])
	}
	c.Prev = protocol.StateOf(&steps[0])
	st := steps[1]
	st.Receipt.Signature[40] ^= 1
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrBadReceipt) || !errors.Is(err, protocol.ErrBadSignature) {
		t.Fatalf("bad receipt: %v", err)
	}
}

// TestCheckStepKnownAnswers: with the checker's own probe answers
// (VoucherContext.Answers) CheckStep accepts exactly the steps it accepts
// without them, and a probe answer that differs from the known one is
// refused even where hashing would have accepted it: the known answer
// replaces the hash, not the comparison.
func TestCheckStepKnownAnswers(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 3)
	steps := f.Session.Steps
	c := protocol.VoucherContext{Terms: protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, PricePerByte: big.NewInt(1),
		Domain: f.Domain, ReceiptKey: f.ReceiptKey.Public()}}
	answers := func(st *protocol.Step) protocol.ProbeAnswers {
		known := protocol.ProbeAnswers{}
		for _, p := range st.Window.Probes {
			a, err := protocol.ProbeAnswer(p.Challenge, st.Window.Leaves[p.Index])
			if err != nil {
				t.Fatal(err)
			}
			known[p.Challenge] = a
		}
		return known
	}
	probed := 0
	for i := range steps {
		c.Answers = answers(&steps[i])
		probed += len(c.Answers)
		if err := protocol.CheckStep(&steps[i], f.Shape, c); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		c.Prev = protocol.StateOf(&steps[i])
	}
	if probed == 0 {
		t.Fatal("the fixture has no probes")
	}
	c.Prev = protocol.StateOf(&steps[0])
	st := steps[1]
	if len(st.Window.Probes) == 0 {
		t.Fatal("step 1 has no probe")
	}
	c.Answers = answers(&st)
	p := st.Window.Probes[0]
	wrong := c.Answers[p.Challenge]
	wrong[31] ^= 1
	c.Answers[p.Challenge] = wrong
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrReceiptMismatch) || !errors.Is(err, protocol.ErrWindow) {
		t.Fatalf("answer other than the known one: %v", err)
	}
	// A probe the checker has no answer for is hashed: a forged answer
	// is still refused.
	c.Answers = protocol.ProbeAnswers{}
	st.Window.Probes = append([]protocol.Probe(nil), st.Window.Probes...)
	st.Window.Probes[0].Answer[31] ^= 1
	if err := protocol.CheckStep(&st, f.Shape, c); !errors.Is(err, protocol.ErrWindow) {
		t.Fatalf("forged answer, none known: %v", err)
	}
}

// BenchmarkCheckStep is the miner's check of one paid window at W = 64
// (64 chunks, 2 probes): the one check alone, with the channel's receipt
// key decoded once, and with the probe answers the miner gave.
//
//	go test -run '^$' -bench CheckStep ./protocol/
func BenchmarkCheckStep(b *testing.B) {
	shape := protocol.ShapeFor(64)
	f := prototest.NewFixture(b, shape, 64<<10, 1<<10, 9)
	st := &f.Session.Steps[0]
	kv, err := protocol.NewKeyVerifier(f.ReceiptKey.Public())
	if err != nil {
		b.Fatal(err)
	}
	known := protocol.ProbeAnswers{}
	for _, p := range st.Window.Probes {
		known[p.Challenge] = p.Answer
	}
	c := protocol.VoucherContext{Terms: protocol.ChannelTerms{ID: f.Channel, Client: f.ClientAddr, PricePerByte: big.NewInt(1),
		Domain: f.Domain, ReceiptKey: f.ReceiptKey.Public()}}
	for _, v := range []struct {
		name     string
		receipts *protocol.KeyVerifier
		answers  protocol.ProbeAnswers
	}{{"plain", nil, nil}, {"key", kv, nil}, {"key+answers", kv, known}} {
		c.Receipts, c.Answers = v.receipts, v.answers
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				if err := protocol.CheckStep(st, shape, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestSignStepAnswered: signing with the client's own probe answers gives
// the same receipt root as SignStep, and refuses a window whose answer
// differs from the known one.
func TestSignStepAnswered(t *testing.T) {
	f := prototest.NewFixture(t, protocol.ShapeFor(4), 10_000, 1000, 4)
	st := f.Session.Steps[1]
	known := protocol.ProbeAnswers{}
	for _, p := range st.Window.Probes {
		known[p.Challenge] = p.Answer
	}
	if len(known) == 0 {
		t.Fatal("no probes")
	}
	price := big.NewInt(1)
	plain, err := protocol.SignStep(f.Shape, f.Channel, st.Voucher.Nonce, st.PrevRoot, st.PrevBytes, st.Window, price, f.Domain, f.Client, f.ReceiptKey)
	if err != nil {
		t.Fatal(err)
	}
	answered, err := protocol.SignStepAnswered(f.Shape, f.Channel, st.Voucher.Nonce, st.PrevRoot, st.PrevBytes, st.Window, known, price, f.Domain, f.Client, f.ReceiptKey)
	if err != nil || answered.Receipt.Root != plain.Receipt.Root || answered.Receipt.Root != st.Receipt.Root {
		t.Fatalf("roots %v / %v / %v (%v)", answered.Receipt.Root, plain.Receipt.Root, st.Receipt.Root, err)
	}
	for c, a := range known {
		a[31] ^= 1
		known[c] = a
		break
	}
	if _, err := protocol.SignStepAnswered(f.Shape, f.Channel, st.Voucher.Nonce, st.PrevRoot, st.PrevBytes, st.Window, known, price, f.Domain, f.Client, f.ReceiptKey); !errors.Is(err, protocol.ErrWindow) {
		t.Fatalf("answer other than the known one: %v", err)
	}
}

// BenchmarkSignStep is the client's signing of one window at W = 64, with
// and without its own probe answers.
func BenchmarkSignStep(b *testing.B) {
	shape := protocol.ShapeFor(64)
	f := prototest.NewFixture(b, shape, 64<<10, 1<<10, 9)
	st := &f.Session.Steps[0]
	known := protocol.ProbeAnswers{}
	for _, p := range st.Window.Probes {
		known[p.Challenge] = p.Answer
	}
	for _, v := range []struct {
		name  string
		known protocol.ProbeAnswers
	}{{"plain", nil}, {"answers", known}} {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := protocol.SignStepAnswered(shape, f.Channel, 1, protocol.Element{}, 0, st.Window, v.known,
					big.NewInt(1), f.Domain, f.Client, f.ReceiptKey); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
