package node

import (
	"math/big"
	"sort"
	"time"

	"github.com/bwproof/bwproof/contracts"
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
	Withdrawals         int             `json:"withdrawals"`
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
