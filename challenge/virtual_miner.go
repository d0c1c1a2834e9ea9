package challenge

import (
	"fmt"
	"math/big"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// Refusal reasons of virtual sessions.
const (
	// ReasonVirtualReused: the vcid was served before with another
	// binding, or is a direct channel (a vcid serves one session).
	ReasonVirtualReused = "virtual_channel_reused"
	// ReasonLaneBound: the paying lane already pays another vcid.
	ReasonLaneBound = "lane_bound"
	// ReasonNoChain: the miner cannot check a paying channel (no
	// CheckChannel, or it gave no lane terms).
	ReasonNoChain = "virtual_needs_chain"
)

func (m *Miner) lockLane(b *VirtualBinding) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := laneKey{b.Paying, b.Lane}
	if m.lanes[k] {
		return false
	}
	m.lanes[k] = true
	return true
}

func (m *Miner) unlockLane(b *VirtualBinding) {
	m.mu.Lock()
	delete(m.lanes, laneKey{b.Paying, b.Lane})
	m.mu.Unlock()
}

// checkVirtualHello checks a virtual hello's binding (its vcid is the
// client's, this miner's and the salt's; the preimage opens the hash
// lock), puts it in info and locks the paying lane against concurrent
// sessions. info.Miner is this miner already.
func (mc *minerConn) checkVirtualHello(info *ChannelInfo, virt *VirtualBinding) error {
	if mc.m.opts.CheckChannel == nil {
		return &refused{ReasonNoChain, fmt.Errorf("%w: this miner cannot check paying channels", ErrChannel)}
	}
	if err := CheckVirtual(info, virt); err != nil {
		return err
	}
	info.Virtual = virt
	if !mc.m.lockLane(virt) {
		return fmt.Errorf("%w: lane %d of channel %s", ErrBusy, virt.Lane, virt.Paying)
	}
	return nil
}

// sameBinding refuses, from the ledger, a vcid served before under
// another binding, a direct hello for a vcid (or a virtual one for a
// direct channel), and a paying lane bound to another vcid. A session
// resumed with its own binding passes.
func (mc *minerConn) sameBinding(info *ChannelInfo) error {
	l := mc.m.opts.Ledger
	b, ok, err := l.Virtual(info.ID)
	if err != nil {
		return err
	}
	v := info.Virtual
	switch {
	case v == nil && ok:
		return &refused{ReasonVirtualReused, fmt.Errorf("%w: channel %s is a virtual session", ErrChannel, info.ID)}
	case v == nil:
		return nil
	case ok && !b.Equal(v):
		return &refused{ReasonVirtualReused, fmt.Errorf("%w: virtual channel %s was served on lane %d of %s", ErrChannel, info.ID, b.Lane, b.Paying)}
	case ok:
		return nil
	}
	if _, known, err := l.Channel(info.ID); err != nil {
		return err
	} else if known {
		return &refused{ReasonVirtualReused, fmt.Errorf("%w: channel %s is a direct channel", ErrChannel, info.ID)}
	}
	holder, bound, err := l.LaneHolder(v.Paying, v.Lane)
	if err != nil {
		return err
	}
	if bound && holder != info.ID {
		return &refused{ReasonLaneBound, fmt.Errorf("%w: lane %d of channel %s pays virtual channel %s", ErrChannel, v.Lane, v.Paying, holder)}
	}
	return nil
}

// admitVirtual takes the paying lane's terms from the channel check and
// returns how many bytes what the lane may still reach covers.
func (mc *minerConn) admitVirtual(info *ChannelInfo, check *ChannelCheck) (uint64, error) {
	if check.Lane == nil || !check.OnChain {
		return 0, &refused{ReasonNoChain, fmt.Errorf("%w: the channel check gave no paying lane", ErrChannel)}
	}
	check.Chain = nil // the vcid is on no chain
	lv, err := mc.m.opts.Ledger.LatestLane(info.ID)
	if err != nil {
		return 0, err
	}
	var paid *big.Int
	if lv != nil {
		paid = lv.CumulativeAmount
	}
	return coveredBytes(check.Deposit, paid, info.PricePerByte), nil
}

// checkLane judges a virtual session's lane voucher with the one lane
// voucher check (protocol.CheckLaneVoucher): on the paying channel and
// lane as the chain has them, for this session's vcid and receipt key,
// the route's hash lock, at least the miner's price, within the deposit
// next to what the miner holds on the channel's other lanes, with time to
// claim before it expires and before a close could end. It must not pay
// for more bytes than the step's receipt signs.
func (mc *minerConn) checkLane(st *protocol.Step, lv *protocol.LaneVoucher) error {
	mc.mu.Lock()
	lt, at, prev := mc.lane, mc.laneAt, mc.lastLane
	mc.mu.Unlock()
	if lt == nil {
		return &refused{ReasonNoChain, fmt.Errorf("%w: no paying lane terms", ErrChannel)}
	}
	b := mc.virt
	c := protocol.LaneContext{Terms: lt.Terms, Lane: b.Lane, Target: mc.info.ID, TargetKeyHash: mc.keyHash,
		HashLock: b.HashLock, MinPrice: mc.info.PricePerByte, Accept: mc.m.opts.Domain, Chain: lt.Chain,
		ChainLane: lt.ChainLane, Committed: lt.Committed, MinRemaining: lt.MinRemaining,
		// Block time as read, advanced by the wall clock since.
		Now: lt.Now.Add(time.Since(at))}
	c.Terms.Miner = mc.m.addr
	if prev != nil {
		c.Prev = protocol.LaneState{Nonce: prev.Nonce, Amount: prev.CumulativeAmount, Bytes: prev.CumulativeBytes}
	}
	if err := protocol.CheckLaneVoucher(lv, c); err != nil {
		return fmt.Errorf("lane voucher: %w", err)
	}
	if lv.CumulativeBytes > st.Receipt.CumulativeBytes {
		return fmt.Errorf("lane voucher for %d bytes, the receipt signs %d", lv.CumulativeBytes, st.Receipt.CumulativeBytes)
	}
	return nil
}
