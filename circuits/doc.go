// Package circuits holds bwproof's gnark circuits: ByteCount, which proves
// that a client signed a receipt for a cumulative byte count at a voucher
// nonce, that the last window's chunk lengths add up to it, and that the
// window's probes were answered from the chunks they named; and Batch, which
// proves K channels' latest receipts at once with ByteCount's guarantees
// per slot (the shared Slot gadget) and one packed public input per
// channel, for ChannelManager.withdrawBatch.
package circuits
