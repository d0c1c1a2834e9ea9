package main

import (
	"context"
	"crypto/ecdsa"
	"encoding/hex"
	"flag"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/node"
	"github.com/bwproof/bwproof/protocol"
)

func init() {
	register(command{Name: "channel", Summary: "payment channels on chain: open, top up, close, finalize, withdraw with a proof", Run: runChannel})
}

func runChannel(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "channel", "one-way payment channels in ChannelManager; a withdrawal needs the client's voucher and a byte-count proof", []subcommand{
		{"open", "lock a deposit in a channel to a miner (client, or its Owner with --for)", channelOpen},
		{"topup", "add to an open channel's deposit (funder)", channelTopUp},
		{"withdraw", "settle the voucher an attestation proves and pay the miner's payee (miner side)", channelWithdraw},
		{"close", "start the challenge period (client or funder); --cooperative: the miner closes at once", channelClose},
		{"finalize", "after the challenge period, close and refund the funder", channelFinalize},
		{"show", "print a channel's on-chain record", channelShow},
		{"set-owner", "name the Owner that receives your income and may fund your channels", channelSetOwner},
		{"refresh-payee", "point an open channel's payee at its miner's current Owner", channelRefreshPayee},
	}, args)
}

// managerFlags are the flags of every channel subcommand.
type managerFlags struct {
	chain    *chainFlags
	contract *string
}

func addManagerFlags(fs *flag.FlagSet, keyHelp string) *managerFlags {
	return &managerFlags{
		chain:    addChainFlags(fs, keyHelp),
		contract: fs.String("contract", envOr("BWPROOF_CONTRACT", ""), "ChannelManager address (env BWPROOF_CONTRACT)"),
	}
}

func (mf *managerFlags) open(ctx context.Context, e *env) (*contracts.Manager, *ecdsa.PrivateKey, error) {
	return mf.openKey(ctx, e, true)
}

func (mf *managerFlags) openKey(ctx context.Context, e *env, needKey bool) (*contracts.Manager, *ecdsa.PrivateKey, error) {
	if !common.IsHexAddress(*mf.contract) {
		return nil, nil, fmt.Errorf("%w: --contract %q is not an address", errUsage, *mf.contract)
	}
	chain, key, err := mf.chain.dial(ctx, e, needKey)
	if err != nil {
		return nil, nil, err
	}
	m, err := contracts.NewManager(ctx, chain, common.HexToAddress(*mf.contract))
	if err != nil {
		chain.Close()
		return nil, nil, err
	}
	return m, key, nil
}

// openChannel parses --channel, then dials the contract as openKey does.
func (mf *managerFlags) openChannel(ctx context.Context, e *env, channel string, needKey bool) (*contracts.Manager, *ecdsa.PrivateKey, protocol.Element, error) {
	id, err := parseChannelID(channel)
	if err != nil {
		return nil, nil, id, err
	}
	m, key, err := mf.openKey(ctx, e, needKey)
	return m, key, id, err
}

func channelFlag(fs *flag.FlagSet) *string {
	return fs.String("channel", envOr("BWPROOF_CHANNEL", ""), "channel id (hex) (env BWPROOF_CHANNEL)")
}

func parseChannelID(s string) (protocol.Element, error) {
	if s == "" {
		return protocol.Element{}, fmt.Errorf("%w: --channel is required", errUsage)
	}
	id, err := parseElement(s)
	if err != nil {
		return id, fmt.Errorf("%w: --channel: %w", errUsage, err)
	}
	return id, nil
}

func parseAddress(flagName, s string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, fmt.Errorf("%w: --%s %q is not an address", errUsage, flagName, s)
	}
	return common.HexToAddress(s), nil
}

// parseWei reads an amount: an integer number of wei, or a decimal with a
// unit: "1.5ether", "20gwei", "100wei".
func parseWei(flagName, s string) (*big.Int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	unit := big.NewInt(1)
	for _, u := range []struct {
		suffix string
		exp    int64
	}{{"ether", 18}, {"gwei", 9}, {"wei", 0}} {
		if strings.HasSuffix(s, u.suffix) {
			s = strings.TrimSpace(strings.TrimSuffix(s, u.suffix))
			unit = new(big.Int).Exp(big.NewInt(10), big.NewInt(u.exp), nil)
			break
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 || len(s) > 80 {
		return nil, fmt.Errorf("%w: --%s %q is not an amount (wei, or with gwei/ether)", errUsage, flagName, s)
	}
	r.Mul(r, new(big.Rat).SetInt(unit))
	if !r.IsInt() {
		return nil, fmt.Errorf("%w: --%s %q is not a whole number of wei", errUsage, flagName, s)
	}
	return new(big.Int).Set(r.Num()), nil
}

func printTx(e *env, what string, r *types.Receipt) {
	fmt.Fprintf(e.Stdout, "%s: tx %s, block %d, %d gas\n", what, r.TxHash, r.BlockNumber, r.GasUsed)
}

func channelOpen(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel open", "open a channel to a miner and lock a deposit; the id is printed. The --key must be the client's voucher key (or, with --for, its Owner's)")
	mf := addManagerFlags(fs, "the client's voucher key, or its Owner's with --for")
	miner := fs.String("miner", "", "miner address")
	rkFile := fs.String("receipt-key", envOr("BWPROOF_RECEIPT_KEY", ""), "client's EdDSA receipt key file (hex); its hash is the proofs' last public input (env BWPROOF_RECEIPT_KEY)")
	keyHash := fs.String("key-hash", "", "or: the receipt key hash itself (hex)")
	price := fs.String("price", "1", "price per byte (wei, or with gwei/ether)")
	deposit := fs.String("deposit", "0", "deposit to lock (wei, or with gwei/ether)")
	period := fs.Duration("challenge-period", 24*time.Hour, "how long the miner has to answer a close with a newer voucher (whole seconds)")
	forClient := fs.String("for", "", "open for this client peer, paid by --key (its Owner)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	minerAddr, err := parseAddress("miner", *miner)
	if err != nil {
		return err
	}
	var kh protocol.Element
	switch {
	case *keyHash != "" && *rkFile != "":
		return fmt.Errorf("%w: give one of --receipt-key and --key-hash", errUsage)
	case *keyHash != "":
		if kh, err = parseElement(*keyHash); err != nil {
			return fmt.Errorf("%w: --key-hash: %w", errUsage, err)
		}
	case *rkFile != "":
		b, err := fsutil.ReadFileLimit(*rkFile, maxReceiptKeyFile)
		if err != nil {
			return err
		}
		raw, err := hex.DecodeString(strings.TrimSpace(string(b)))
		if err != nil {
			return fmt.Errorf("receipt key %s: not hex", *rkFile)
		}
		rk, err := protocol.ReceiptKeyFromBytes(raw)
		if err != nil {
			return fmt.Errorf("receipt key %s: %w", *rkFile, err)
		}
		if kh, err = rk.Public().Hash(); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: --receipt-key or --key-hash is required", errUsage)
	}
	pr, err := parseWei("price", *price)
	if err != nil {
		return err
	}
	dep, err := parseWei("deposit", *deposit)
	if err != nil {
		return err
	}
	p := contracts.OpenParams{Miner: minerAddr, KeyHash: kh, PricePerByte: pr, ChallengePeriod: *period, Deposit: dep}
	if *forClient != "" {
		if p.For, err = parseAddress("for", *forClient); err != nil {
			return err
		}
	}
	m, key, err := mf.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	id, r, err := m.Open(ctx, key, p)
	if err != nil {
		return err
	}
	printTx(e, "open", r)
	fmt.Fprintf(e.Stdout, "channel %s\nvoucher domain: chain id %s, contract %s\n", id, m.Domain().ChainID, m.Address())
	return nil
}

func channelTopUp(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel topup", "add to an open channel's deposit; only its funder may")
	mf := addManagerFlags(fs, "the channel's funder")
	channel := channelFlag(fs)
	amount := fs.String("amount", "", "amount to add (wei, or with gwei/ether)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	id, err := parseChannelID(*channel)
	if err != nil {
		return err
	}
	amt, err := parseWei("amount", *amount)
	if err != nil {
		return err
	}
	m, key, err := mf.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	r, err := m.TopUp(ctx, key, id, amt)
	if err != nil {
		return err
	}
	printTx(e, "topup", r)
	return nil
}

func channelWithdraw(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel withdraw", "submit the voucher an attestation proves (found in a session file or the miner's ledger) with its proof; the channel's payee is paid the difference to what was withdrawn before")
	mf := addManagerFlags(fs, "any account paying the gas, usually the miner's")
	attFile := fs.String("attestation", "", "attestation file ('bwproof attest prove')")
	session := fs.String("session", "", "session file holding the voucher ('bwproof miner export')")
	ledger := fs.String("ledger", envOr("BWPROOF_LEDGER", ""), "or: the miner's ledger directory (env BWPROOF_LEDGER)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *attFile == "" {
		return fmt.Errorf("%w: --attestation is required", errUsage)
	}
	b, err := fsutil.ReadFileLimit(*attFile, attest.MaxAttestationSize)
	if err != nil {
		return fmt.Errorf("attestation: %w", err)
	}
	att, err := attest.DecodeAttestation(b)
	if err != nil {
		return fmt.Errorf("attestation %s: %w", *attFile, err)
	}
	var sess *protocol.Session
	switch {
	case *session != "":
		data, err := fsutil.ReadFileLimit(*session, protocol.MaxSessionSize)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		s, err := protocol.DecodeSession(data)
		if err != nil {
			return fmt.Errorf("session %s: %w", *session, err)
		}
		sess = &s
	case *ledger != "":
		led, err := challenge.OpenLedger(*ledger)
		if err != nil {
			return err
		}
		if sess, err = led.Session(att.ChannelID()); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%w: --session or --ledger is required (where the voucher is)", errUsage)
	}
	var voucher *protocol.Voucher
	for i := range sess.Steps {
		v := &sess.Steps[i].Voucher
		if v.ChannelID == att.ChannelID() && v.Nonce == att.Nonce() {
			voucher = v
		}
	}
	if voucher == nil {
		return fmt.Errorf("no voucher for channel %s nonce %d in the session", att.ChannelID(), att.Nonce())
	}
	m, key, err := mf.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	ch, err := m.Channel(ctx, att.ChannelID())
	if err != nil {
		return err
	}
	head, err := m.Chain().Backend().HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("chain head: %w", err)
	}
	// The one voucher check, against the chain as the contract will judge
	// it: a clearer message than a revert, and no gas spent on one.
	vc := protocol.VoucherContext{
		Terms: protocol.ChannelTerms{ID: att.ChannelID(), Client: ch.Client, PricePerByte: ch.PricePerByte,
			Domain: m.Domain(), KeyHash: att.KeyHash()},
		Chain: ch.OnChain(m.Domain()), Redeem: true, Now: time.Unix(int64(head.Time), 0),
	}
	if err := protocol.CheckVoucher(voucher, nil, vc); err != nil {
		return fmt.Errorf("the contract would refuse this withdrawal: %w", err)
	}
	r, err := m.WithdrawAttestation(ctx, key, voucher, att)
	if err != nil {
		return err
	}
	printTx(e, "withdraw", r)
	fmt.Fprintf(e.Stdout, "settled nonce %d, %d bytes, %s wei in total (%s wei paid now) to %s\n", voucher.Nonce,
		voucher.CumulativeBytes, voucher.CumulativeAmount, new(big.Int).Sub(voucher.CumulativeAmount, ch.Withdrawn), ch.Payee)
	return nil
}

func channelClose(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel close", "start the challenge period (client or funder), after which 'channel finalize' refunds the rest; with --cooperative the miner (or its Owner) closes at once")
	mf := addManagerFlags(fs, "the client's or funder's; the miner's with --cooperative")
	channel := channelFlag(fs)
	coop := fs.Bool("cooperative", false, "close at once as the miner, forfeiting what was not withdrawn")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, key, id, err := mf.openChannel(ctx, e, *channel, true)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	if *coop {
		r, err := m.CooperativeClose(ctx, key, id)
		if err != nil {
			return err
		}
		printTx(e, "cooperative close", r)
		return nil
	}
	r, err := node.StartClose(ctx, m, key, id)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "close started: tx %s, block %d, %d gas\n", r.TxHash, r.Block, r.GasUsed)
	fmt.Fprintf(e.Stdout, "challenge period ends %s\n", r.ClosesAt.Format(time.RFC3339))
	return nil
}

// channelTx runs a subcommand that sends one transaction about one channel.
func channelTx(ctx context.Context, e *env, args []string, name, summary, label string,
	send func(m *contracts.Manager, ctx context.Context, key *ecdsa.PrivateKey, id protocol.Element) (*types.Receipt, error)) error {
	fs := newFlags(e, "channel "+name, summary)
	mf := addManagerFlags(fs, "any account paying the gas")
	channel := channelFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, key, id, err := mf.openChannel(ctx, e, *channel, true)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	r, err := send(m, ctx, key, id)
	if err != nil {
		return err
	}
	printTx(e, label, r)
	return nil
}

func channelFinalize(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel finalize", "after the challenge period, close the channel and refund the funder (anyone may); too early, it says how long is left")
	mf := addManagerFlags(fs, "any account paying the gas")
	channel := channelFlag(fs)
	watch := fs.Bool("watch", false, "wait for the challenge period to end, then finalize")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, key, id, err := mf.openChannel(ctx, e, *channel, true)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	r, err := node.Finalize(ctx, m, key, id, node.FinalizeOptions{Watch: *watch})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Stdout, "finalize: tx %s, block %d, %d gas\nrefund %s wei to %s\n", r.TxHash, r.Block, r.GasUsed, r.Refund, r.Funder.Hex())
	return nil
}

func channelShow(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel show", "print a channel's on-chain record")
	mf := addManagerFlags(fs, "not needed")
	channel := channelFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	m, _, id, err := mf.openChannel(ctx, e, *channel, false)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	ch, err := m.Channel(ctx, id)
	if err != nil {
		return err
	}
	closes := "-"
	if !ch.ClosesAt.IsZero() {
		closes = ch.ClosesAt.Format(time.RFC3339)
	}
	if e.JSON {
		closesAt := ""
		if !ch.ClosesAt.IsZero() {
			closesAt = ch.ClosesAt.UTC().Format(time.RFC3339)
		}
		return writeJSON(e, channelJSON{ID: ch.ID.String(), State: fmt.Sprint(ch.State), Client: ch.Client.Hex(), Miner: ch.Miner.Hex(),
			Payee: ch.Payee.Hex(), Funder: ch.Funder.Hex(), PricePerByteWei: weiString(ch.PricePerByte), DepositWei: weiString(ch.Deposit),
			WithdrawnWei: weiString(ch.Withdrawn), SettledNonce: ch.Nonce, KeyHash: ch.KeyHash.String(),
			ChallengePeriodSeconds: int64(ch.ChallengePeriod.Seconds()), ClosesAt: closesAt})
	}
	fmt.Fprintf(e.Stdout, "channel          %s\nstate            %s\nclient           %s\nminer            %s\npayee            %s\nfunder           %s\n"+
		"price per byte   %s wei\ndeposit          %s\nwithdrawn        %s\nsettled nonce    %d\nkey hash         %s\n"+
		"challenge period %s\ncloses at        %s\n",
		ch.ID, ch.State, ch.Client, ch.Miner, ch.Payee, ch.Funder, ch.PricePerByte, formatWei(ch.Deposit), formatWei(ch.Withdrawn),
		ch.Nonce, ch.KeyHash, ch.ChallengePeriod, closes)
	return nil
}

func channelSetOwner(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "channel set-owner", "name the Owner that receives your income as a miner (channels opened from now on; see refresh-payee) and may fund channels for you as a client; an empty --owner clears it")
	mf := addManagerFlags(fs, "the peer's own key")
	owner := fs.String("owner", "", "Owner address (empty: none)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var addr common.Address
	if *owner != "" {
		var err error
		if addr, err = parseAddress("owner", *owner); err != nil {
			return err
		}
	}
	m, key, err := mf.open(ctx, e)
	if err != nil {
		return err
	}
	defer m.Chain().Close()
	r, err := m.SetOwner(ctx, key, addr)
	if err != nil {
		return err
	}
	printTx(e, "set owner", r)
	return nil
}

func channelRefreshPayee(ctx context.Context, e *env, args []string) error {
	return channelTx(ctx, e, args, "refresh-payee", "point an open channel's payee at its miner's current Owner (anyone may)",
		"refresh payee", (*contracts.Manager).RefreshPayee)
}

// channelJSON is `channel show --json`; amounts are decimal wei strings.
type channelJSON struct {
	ID                     string `json:"id"`
	State                  string `json:"state"`
	Client                 string `json:"client"`
	Miner                  string `json:"miner"`
	Payee                  string `json:"payee"`
	Funder                 string `json:"funder"`
	PricePerByteWei        string `json:"price_per_byte_wei"`
	DepositWei             string `json:"deposit_wei"`
	WithdrawnWei           string `json:"withdrawn_wei"`
	SettledNonce           uint64 `json:"settled_nonce"`
	KeyHash                string `json:"key_hash"`
	ChallengePeriodSeconds int64  `json:"challenge_period_seconds"`
	ClosesAt               string `json:"closes_at,omitempty"`
}
