package node

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/attest"
	"github.com/bwproof/bwproof/challenge"
	"github.com/bwproof/bwproof/contracts"
	"github.com/bwproof/bwproof/internal/fsutil"
	"github.com/bwproof/bwproof/protocol"
)

// ChannelStatus is one channel as the miner node sees it.
type ChannelStatus struct {
	Channel      protocol.Element `json:"channel"`
	State        string           `json:"state"`
	ClosesAt     time.Time        `json:"closes_at,omitzero"`
	BytesServed  uint64           `json:"bytes_served"` // receipted by the client (latest accepted step)
	PaidWei      *big.Int         `json:"paid_wei"`     // latest voucher's cumulative amount
	Nonce        uint64           `json:"nonce"`        // latest voucher's nonce
	ProvenNonce  uint64           `json:"proven_nonce"` // last proof made by this process
	ProvenBytes  uint64           `json:"proven_bytes"`
	WithdrawnWei *big.Int         `json:"withdrawn_wei"` // on chain
	SettledNonce uint64           `json:"settled_nonce"` // on chain
	RemainingWei *big.Int         `json:"remaining_deposit_wei"`
	Journal      string           `json:"journal,omitempty"` // latest journal phase
	Next         Decision         `json:"next"`              // the next settlement and why
}

// Status is the settler's state and counters (metrics).
type Status struct {
	Channels            []ChannelStatus `json:"channels"`
	Proofs              int             `json:"proofs"`
	Withdrawals         int             `json:"withdrawals"`       // channels withdrawn
	BatchWithdrawals    int             `json:"batch_withdrawals"` // withdrawBatch transactions among them
	GasUsed             uint64          `json:"gas_used"`
	GasWei              *big.Int        `json:"gas_wei"`
	Alarms              int             `json:"alarms"`            // counter: deadline-at-risk alarms raised
	DeadlinesAtRisk     int             `json:"deadlines_at_risk"` // gauge: channels at risk now
	RPCFailures         int             `json:"rpc_failures"`
	VerifierSubmissions int             `json:"verifier_submissions"`
	VerifierFailures    int             `json:"verifier_failures"`
}

// Status returns a snapshot, channels sorted by id.
func (s *Settler) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.status
	out.GasWei = new(big.Int).Set(s.status.GasWei)
	out.Channels = nil
	for _, cs := range s.chans {
		c := *cs
		if jr, ok := s.j.get(c.Channel); ok {
			c.Journal = jr.Phase
		}
		out.Channels = append(out.Channels, c)
	}
	sort.Slice(out.Channels, func(i, j int) bool {
		return out.Channels[i].Channel.String() < out.Channels[j].Channel.String()
	})
	return out
}

func (s *Settler) channelStatus(id protocol.Element, latest *protocol.Step, ch *contracts.Channel) *ChannelStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	cs := s.chans[id]
	if cs == nil {
		cs = &ChannelStatus{Channel: id}
		s.chans[id] = cs
	}
	cs.State, cs.ClosesAt = ch.State.String(), ch.ClosesAt
	cs.WithdrawnWei, cs.SettledNonce, cs.RemainingWei = new(big.Int).Set(ch.Withdrawn), ch.Nonce, ch.Remaining()
	cs.PaidWei = new(big.Int)
	if latest != nil {
		cs.BytesServed, cs.Nonce = latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
		cs.PaidWei.Set(latest.Voucher.CumulativeAmount)
	}
	return cs
}

func (s *Settler) setNext(cs *ChannelStatus, d Decision) {
	s.mu.Lock()
	cs.Next = d
	s.mu.Unlock()
}

// StatusOptions says where a miner node keeps its state, for ReadStatus.
type StatusOptions struct {
	Ledger *challenge.Ledger // the miner's accepted steps (required)
	// StateDir is the settler's state directory (journal, proofs); ""
	// reads none.
	StateDir string
	// Manager, when set, is read for each channel's state on chain, and
	// the next settlement is decided as the settler would with Policy
	// and GasPrice (default the chain's backend).
	Manager  *contracts.Manager
	Policy   AutoSettle
	GasPrice GasPricer
}

// Reasons ReadStatus gives when it cannot decide.
const (
	ReasonChainNotRead = "chain not read"
	ReasonTooLate      = "too late: challenge period over"
)

// ReadStatus builds a miner node's status from its files (ledger, journal,
// proofs) and, with a Manager, the chain, without a running node: per
// channel the bytes served, paid, proven and withdrawn, and the next
// settlement and why; the proofs made, withdrawals and gas spent in all.
func ReadStatus(ctx context.Context, opts StatusOptions) (Status, error) {
	st := Status{GasWei: new(big.Int)}
	if opts.Ledger == nil {
		return st, fmt.Errorf("%w: status needs a ledger", ErrConfig)
	}
	latestRec := map[protocol.Element]JournalRecord{}
	proven := map[protocol.Element]*attest.Attestation{}
	if opts.StateDir != "" {
		err := replayJournal(filepath.Join(opts.StateDir, "settler.journal"), func(r JournalRecord) {
			if r.Phase == PhaseDone && r.TxHash != (common.Hash{}) {
				st.Withdrawals++
				st.GasUsed += r.GasUsed
				if g, ok := new(big.Int).SetString(r.GasWei, 10); ok {
					st.GasWei.Add(st.GasWei, g)
				}
			}
			if cur, ok := latestRec[r.Channel]; !ok || r.Nonce > cur.Nonce || (r.Nonce == cur.Nonce && phaseRank(r.Phase) >= phaseRank(cur.Phase)) {
				latestRec[r.Channel] = r
			}
		})
		if err != nil {
			return st, err
		}
		if proven, st.Proofs, err = readProofs(filepath.Join(opts.StateDir, "proofs")); err != nil {
			return st, err
		}
	}
	ids, err := opts.Ledger.Channels()
	if err != nil {
		return st, err
	}
	var now time.Time
	var gas *big.Int
	if m := opts.Manager; m != nil {
		h, err := m.Chain().Backend().HeaderByNumber(ctx, nil)
		if err != nil {
			return st, fmt.Errorf("%w: head: %w", ErrChainUnavailable, err)
		}
		now = time.Unix(int64(h.Time), 0).UTC()
		gp := opts.GasPrice
		if gp == nil {
			gp = m.Chain().Backend()
		}
		gas, _ = gp.SuggestGasPrice(ctx) // unknown: the decision says so
	}
	for _, id := range ids {
		latest, err := opts.Ledger.Latest(id)
		if err != nil {
			return st, err
		}
		cs := ChannelStatus{Channel: id, State: "unknown", PaidWei: new(big.Int)}
		if latest != nil {
			cs.BytesServed, cs.Nonce = latest.Receipt.CumulativeBytes, latest.Voucher.Nonce
			cs.PaidWei.Set(latest.Voucher.CumulativeAmount)
		}
		if a := proven[id]; a != nil {
			cs.ProvenNonce, cs.ProvenBytes = a.Nonce(), a.CumulativeBytes()
		}
		if r, ok := latestRec[id]; ok {
			cs.Journal = r.Phase
			if r.Phase == PhaseDone {
				cs.SettledNonce = r.Nonce
			}
		}
		cs.Next = Decision{Reason: ReasonChainNotRead}
		if m := opts.Manager; m != nil {
			ch, err := m.Channel(ctx, id)
			if err != nil {
				return st, fmt.Errorf("%w: channel %s: %w", ErrChainUnavailable, id, err)
			}
			cs.State, cs.ClosesAt = ch.State.String(), ch.ClosesAt
			cs.WithdrawnWei, cs.SettledNonce, cs.RemainingWei = new(big.Int).Set(ch.Withdrawn), ch.Nonce, ch.Remaining()
			cs.Next = nextSettlement(opts.Policy, latest, ch, now, gas)
		}
		st.Channels = append(st.Channels, cs)
	}
	sort.Slice(st.Channels, func(i, j int) bool { return st.Channels[i].Channel.String() < st.Channels[j].Channel.String() })
	return st, nil
}

// nextSettlement is what the settler would decide for the channel now.
func nextSettlement(p AutoSettle, latest *protocol.Step, ch *contracts.Channel, now time.Time, gas *big.Int) Decision {
	if latest == nil || ch.Nonce >= latest.Voucher.Nonce {
		return Decision{Reason: ReasonNothingUnsettled, Unsettled: new(big.Int), Now: now}
	}
	unsettled := new(big.Int).Sub(latest.Voucher.CumulativeAmount, ch.Withdrawn)
	if ch.State == contracts.StateClosed || (ch.State == contracts.StateClosing && !now.Before(ch.ClosesAt)) {
		return Decision{Reason: ReasonTooLate, Unsettled: unsettled, Now: now}
	}
	return p.Decide(unsettled, ch, now, gas)
}

// readProofs returns, per channel, the proof of the highest nonce in a
// settler's proofs directory, and how many proofs it holds.
func readProofs(dir string) (map[protocol.Element]*attest.Attestation, int, error) {
	out := map[protocol.Element]*attest.Attestation{}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return out, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	n := 0
	for _, e := range ents {
		if !e.Type().IsRegular() || !strings.HasSuffix(e.Name(), ".att") {
			continue
		}
		b, err := fsutil.ReadFileLimit(filepath.Join(dir, e.Name()), attest.MaxAttestationSize)
		if err != nil {
			continue // not one of ours
		}
		a, err := attest.DecodeAttestation(b)
		if err != nil {
			continue
		}
		n++
		if cur := out[a.ChannelID()]; cur == nil || a.Nonce() > cur.Nonce() {
			out[a.ChannelID()] = a
		}
	}
	return out, n, nil
}
