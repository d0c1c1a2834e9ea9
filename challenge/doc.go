// Package challenge is the data path: content store, wire protocol, miner
// server, fetching client, probes and step-by-step payment.
//
// A miner serves content-addressed objects (protocol.ObjectID, SHA-256
// Merkle tree over fixed-size chunks) over TCP. Every chunk travels with a
// header and Merkle path signed by the miner, so the client checks each chunk
// against the object id alone and holds third-party evidence when a chunk is
// wrong. The client probes the miner with fresh challenges (possession of a
// chunk of the current window, round-trip latency) and, after each window,
// pays with a voucher and a receipt (a protocol.Step). The miner stops
// sending once the channel's unpaid bytes would exceed its credit limit, and
// the client stops paying and fails over to another miner as soon as data or
// a probe is wrong, so neither side risks more than one window.
//
// Every client is a stranger until it pays. The miner counts unpaid bytes
// per channel across connections (reconnecting yields no new credit), per
// client key across the channels not verified on chain
// (MinerOptions.CheckChannel), and across all of those together
// (MinerOptions.MaxUnpaid); it reads only the frames a client sends, each
// within its own size limit; it caps connections in total and per remote
// address; a connection's credit starts at CreditLimit and grows with the
// client's payments while the credit, not the path, holds the sender back
// (MinerOptions.MaxCredit; within MaxUnpaid for unverified channels and
// the deposit for on-chain ones), so long fast paths get the credit their
// bandwidth-delay product needs; a channel whose connection ended owing
// nothing starts its next connection from the same address at the credit
// that one earned (within the same bounds), as TCP caches a path's window;
// and it closes a session
// that goes ProgressTimeout without an accepted payment, whatever probes
// it sends. On a streaming connection the miner keeps little unsent in the
// kernel (TCP_NOTSENT_LOWAT on Linux), so probe answers and
// acknowledgements do not queue behind megabytes of chunks; the client
// sends its Close right behind its last payment, so the last
// acknowledgement and the miner's Close come back in one round trip; with
// ClientOptions.LingerFinalAck, Fetch does not wait for that round trip
// (the data is verified and the payment durable and sent): the session
// collects the acknowledgement in the background (FetchResult.Linger),
// and the channel's next session waits for it.
//
// A payment is accepted only if it pays for the window this connection
// sent and passes the one voucher check (protocol.CheckStep), the same one
// the ledger (protocol.CheckAdvance), attest and the node layer apply, so
// a stale nonce is protocol.ErrStaleNonce wherever it is refused. With
// CheckChannel backed by the chain (node.ChainChannels), the miner serves
// only channels the chain backs, never sends more than their deposit
// covers beyond the latest voucher, and asks again after every payment: a
// channel closed or emptied under a running session stops before its next
// chunk. Refusals carry a reason (Refusal, RefusalReason) that the error
// frame takes to the client.
//
// The client is as careful with its money. It pays a window only after it
// verified every chunk of it and its probes were answered, checks each
// voucher with protocol.CheckVoucher before it signs it away, and, with
// ClientOptions.ChainState (node.ClientChannels reads the ChannelManager),
// never signs beyond the channel's deposit: its lookahead closes a window
// at the deposit, a view of the chain older than ChainMaxAge is read
// again before the next voucher (a channel closed under a running session
// stops it in order), and when the deposit runs short it either tops up
// (ClientOptions.TopUp, only when told to: a fixed amount or what the
// rest of the object costs) or stops with a *protocol.InsufficientFundsError
// that names the shortfall. Its PaymentRecord keeps the channels and steps
// it signed, so a later fetch continues a channel where it left off.
//
// A client with no channel to the miner pays through hubs
// (ClientOptions.Route): a virtual session, whose channel id is a virtual
// channel id (protocol.VirtualChannelID of client, miner and a fresh
// salt), opens with a VirtualHello binding it to the on-chain channel and
// lane that pay the miner and to the route's hash lock (with its
// preimage), and pays each window with a LanePayment: the usual step over
// the vcid and the miner-facing protocol.LaneVoucher of the last hub. The
// miner refuses a vcid served before under another binding and a lane
// that pays another vcid, judges every lane voucher with
// protocol.CheckLaneVoucher against the lane terms CheckChannel gives
// (ChannelCheck.Lane), credits what the lane voucher pays, and keeps it
// beside its step (Ledger.AppendLane) for the settler's withdrawLane.
//
// The miner keeps every accepted step on disk (Ledger), fsynced before it
// acknowledges the voucher, in the form the attest package proves from. A
// channel enters the ledger with its first accepted step: hellos alone
// write nothing.
package challenge
