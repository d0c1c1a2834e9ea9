package challenge

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"

	"github.com/bwproof/bwproof/protocol"
)

// ChannelInfo is what client and miner agree on for one payment channel.
// Channels are off-chain records here; the contracts side opens them on
// chain and can fill this struct from the contract's state.
type ChannelInfo struct {
	ID           protocol.Element
	Client       common.Address     // signs vouchers
	Miner        common.Address     // receives them; zero until the client learns it at hello
	ReceiptKey   protocol.PublicKey // signs receipts; its Hash() is the proof's last public input
	PricePerByte *big.Int           // wei per byte
	Domain       protocol.ChainDomain
	Shape        protocol.Shape
	// Virtual, set for a virtual session (ID is then the vcid), binds it
	// to its paying lane. It is not part of the encoding: the virtual
	// hello carries it, the miner's ledger keeps it beside the terms.
	Virtual *VirtualBinding
}

// maxPriceBits keeps price × bytes (bytes < 2^64) inside a uint256 amount.
const maxPriceBits = 192

// Check refuses values the protocol cannot carry.
func (c *ChannelInfo) Check() error {
	switch {
	case !c.ID.Valid():
		return fmt.Errorf("%w: channel id not a field element", ErrChannel)
	case c.PricePerByte == nil || c.PricePerByte.Sign() < 0 || c.PricePerByte.BitLen() > maxPriceBits:
		return fmt.Errorf("%w: price per byte out of range", ErrChannel)
	case c.Domain.ChainID == nil || c.Domain.ChainID.Sign() < 0 || c.Domain.ChainID.BitLen() > 256:
		return fmt.Errorf("%w: chain id out of range", ErrChannel)
	}
	if err := c.Shape.Check(); err != nil {
		return fmt.Errorf("%w: %w", ErrChannel, err)
	}
	if _, err := c.ReceiptKey.Hash(); err != nil {
		return fmt.Errorf("%w: receipt key: %w", ErrChannel, err)
	}
	return nil
}

// Equal reports whether two infos name the same channel terms.
func (c *ChannelInfo) Equal(o *ChannelInfo) bool {
	return c.ID == o.ID && c.Client == o.Client && c.Miner == o.Miner && c.ReceiptKey == o.ReceiptKey &&
		c.PricePerByte.Cmp(o.PricePerByte) == 0 && c.Domain.ChainID.Cmp(o.Domain.ChainID) == 0 &&
		c.Domain.Contract == o.Domain.Contract && c.Shape == o.Shape
}

// channelInfoSize is the exact size of an encoded ChannelInfo.
const channelInfoSize = 32 + 20 + 20 + 32 + 32 + 32 + 20 + 4 + 4

func (c *ChannelInfo) encode(b *buf) {
	b.fixed(c.ID[:])
	b.fixed(c.Client[:])
	b.fixed(c.Miner[:])
	b.fixed(c.ReceiptKey[:])
	b.uint256(c.PricePerByte)
	b.uint256(c.Domain.ChainID)
	b.fixed(c.Domain.Contract[:])
	b.u32(uint32(c.Shape.Chunks))
	b.u32(uint32(c.Shape.Probes))
}

func decodeChannelInfo(c *cursor) ChannelInfo {
	var ci ChannelInfo
	ci.ID = c.element("channel id")
	c.fixed(ci.Client[:], "client address")
	c.fixed(ci.Miner[:], "miner address")
	c.fixed(ci.ReceiptKey[:], "receipt key")
	ci.PricePerByte = c.uint256("price per byte")
	ci.Domain.ChainID = c.uint256("chain id")
	c.fixed(ci.Domain.Contract[:], "contract")
	w, p := c.u32("window chunks"), c.u32("window probes")
	if c.err == nil && (w > protocol.MaxWindowChunks || p > protocol.MaxWindowProbes) {
		c.fail("window shape %d×%d too large", w, p)
	}
	ci.Shape = protocol.Shape{Chunks: int(w), Probes: int(p)}
	return ci
}

// Encode returns the channel info's binary form (as in a hello frame).
func (c *ChannelInfo) Encode() []byte {
	b := make(buf, 0, channelInfoSize)
	c.encode(&b)
	return b
}

// DecodeChannelInfo decodes what Encode wrote and checks it.
func DecodeChannelInfo(data []byte) (ChannelInfo, error) {
	c := newCursor(data, "channel info")
	ci := decodeChannelInfo(c)
	if err := c.finish(); err != nil {
		return ChannelInfo{}, err
	}
	if err := ci.Check(); err != nil {
		return ChannelInfo{}, err
	}
	return ci, nil
}
