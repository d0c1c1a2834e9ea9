// Package relay carries any application's traffic through a miner acting
// as an exit: a SOCKS5 / HTTP CONNECT proxy on the client (Proxy), an exit
// with an egress policy on the miner (Exit, Policy), and every byte in both
// directions metered into the same windows, vouchers, receipts and ledger
// as the data path (challenge), so that attest proves a relay session with
// the same ByteCount circuit and it withdraws through the same contract.
//
// One TCP connection per client and exit carries a session: the client's
// hello names the channel (challenge.ChannelInfo) and the quality floor
// (Terms), and then many application streams are multiplexed over it
// (open, data, fin, reset frames), each with its own flow-control window
// so that one slow stream never stalls the others.
//
// Every data frame is a chunk: its leaf (protocol.ChunkLeaf) is its length
// and ChunkDigest, a SHA-256 over the direction, its sequence number in
// that direction, the stream and the bytes. Downstream, the exit states
// each chunk's sequence number, digest and its running byte count; the
// client recomputes the digest over what it actually received and counts
// the bytes itself. Upstream, the exit echoes the digest of every chunk it
// forwarded; the client pays only for chunks whose echo matches its own
// digest. A window is any interleaving of a prefix of each direction's
// unpaid chunks (digests are unique, so the exit matches a window against
// what it received and sent without ambiguity), with possession probes the
// exit answered from its own record of the chunk. A wrong digest, a gap
// in a sequence, data on a finished stream, a count above the client's, a
// wrong or late probe answer, or a relay below the session's quality floor
// (Terms.MinRate by throughput probe, Terms.MaxLatency by latency probe)
// stops the session before its current window is paid: the client reports
// the exit and moves to the next one.
//
// The data path never waits for the disk or a payment round trip: the
// exit checks a payment in its reader and stores it (fsync) on its own
// goroutine, acknowledging it and freeing its downstream credit once it
// is on disk (upstream credit is freed when it is checked, as the client
// frees it when it sends it); the client records acknowledgements on its
// own goroutine and pays a window while the next fills, so a transfer
// stops only when a direction's unpaid bytes reach the exit's credit. A
// chunk is read from the destination straight into a pooled frame
// buffer, hashed in place and written with the frames queued with it in
// one writev; the client reads frames on one goroutine and checks them
// on another, and a checked chunk's buffer goes to its stream as it is.
// Memory per session is bounded by the stream windows (the client holds
// at most twice Terms.StreamWindow per stream: a chunk below half a
// MaxChunk is copied out of its frame buffer; the exit queues at most
// ExitOptions.StreamWindow upstream bytes per stream), inQueue frames
// between the client's reader and checker, and maxUnstored checked steps.
//
// The exit shares the miner's listener (Listener tells the two protocols
// apart by their first byte) and its ledger (challenge.Ledger), so `miner
// export`, `attest prove`, the settler and `channel withdraw` work
// unchanged on relay sessions.
package relay
