package challenge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/big"
	"net"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/bwproof/bwproof/protocol"
)

const benchSize = 32 << 20

// BenchmarkRawCopy is the baseline: the same bytes over loopback TCP with
// no protocol at all.
func BenchmarkRawCopy(b *testing.B) {
	data := content(benchSize, 10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { c.Write(data); c.Close() }()
		}
	}()
	b.SetBytes(benchSize)
	for b.Loop() {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, benchSize)
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}

// BenchmarkFetch is a full honest transfer: verified chunks, probes,
// a signed step per window, fsynced on both sides.
func BenchmarkFetch(b *testing.B) {
	for _, bc := range []struct {
		name   string
		chunk  uint32
		window int
		probes int
	}{
		{"chunk=64K/window=64/probes=all", 64 << 10, 64, 0},
		{"chunk=64K/window=64/probes=none", 64 << 10, 64, -1},
		{"chunk=16K/window=64/probes=all", 16 << 10, 64, 0},
		{"chunk=256K/window=16/probes=all", 256 << 10, 16, 0},
	} {
		b.Run(bc.name, func(b *testing.B) {
			data := content(benchSize, 11)
			store, id := storeWith(b, data, bc.chunk)
			m := startMiner(b, store, "", "", nil, func(o *MinerOptions) { o.CreditLimit = 64 << 20 })
			c := newClient(b, "", func(o *ClientOptions) {
				o.Shape = protocol.ShapeFor(bc.window)
				o.Probes = bc.probes
				o.WindowBytes = uint64(bc.window) * uint64(bc.chunk)
			})
			b.SetBytes(benchSize)
			var probes, windows int
			out := &memWriterAt{buf: make([]byte, benchSize)}
			for b.Loop() {
				res, err := c.Fetch(context.Background(), id, []string{m.addr}, out)
				if err != nil {
					b.Fatal(err)
				}
				probes, windows = res.ProbesPassed, res.Vouchers
			}
			b.ReportMetric(float64(probes)/float64(windows), "probes/window")
		})
	}
}

type memWriterAt struct{ buf []byte }

func (m *memWriterAt) WriteAt(p []byte, off int64) (int, error) {
	return copy(m.buf[off:], p), nil
}

// The per-chunk and per-window costs the transfer is made of.
func BenchmarkChunkDigest(b *testing.B) {
	data := content(64<<10, 12)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sha256.Sum256(data)
	}
}

func BenchmarkProbe(b *testing.B) {
	data := content(64<<10, 13)
	leaf := protocol.ChunkLeaf{Length: uint32(len(data)), Digest: sha256.Sum256(data)}
	ch, _ := protocol.NewChallenge()
	b.Run("field-answer", func(b *testing.B) {
		for b.Loop() {
			protocol.ProbeAnswer(ch, leaf)
		}
	})
	b.Run("byte-answer-64K", func(b *testing.B) {
		for b.Loop() {
			ByteAnswer(ch, data)
		}
	})
}

func BenchmarkChunkHeader(b *testing.B) {
	data := content(4<<20, 14)
	store, id := storeWith(b, data, 64<<10)
	obj, _ := store.Open(id)
	key := newKey(b)
	path, _ := obj.Path(3)
	sc := &protocol.SignedChunk{Header: protocol.ChunkHeader{Object: id, ObjectSize: obj.Size, ChunkSize: obj.ChunkSize,
		Index: 3, Length: obj.ChunkLen(3), Digest: obj.Digests[3]}, Path: path}
	b.Run("sign", func(b *testing.B) {
		for b.Loop() {
			sc.Sign(key)
		}
	})
	b.Run("verify-path", func(b *testing.B) {
		for b.Loop() {
			if !sc.PathValid() {
				b.Fatal("path")
			}
		}
	})
	b.Run("recover-signer", func(b *testing.B) {
		for b.Loop() {
			sc.Signer()
		}
	})
}

func BenchmarkStep(b *testing.B) {
	for _, w := range []int{4, 64} {
		shape := protocol.ShapeFor(w)
		key, rk := newKey(b), mustReceiptKey(b)
		info := ChannelInfo{ID: protocol.ElementFromUint64(1), Domain: protocol.ChainDomain{ChainID: big.NewInt(1)}}
		sess, err := protocol.SimulateSession(protocol.SimulateOptions{Shape: shape, Bytes: uint64(w) << 16,
			ChunkSize: 64 << 10, ChannelID: info.ID, Domain: info.Domain, Client: key, ReceiptKey: rk})
		if err != nil {
			b.Fatal(err)
		}
		st := &sess.Steps[0]
		b.Run(fmt.Sprintf("sign/window=%d", w), func(b *testing.B) {
			for b.Loop() {
				protocol.SignStep(shape, info.ID, 1, protocol.Element{}, 0, st.Window, big.NewInt(1), info.Domain, key, rk)
			}
		})
		b.Run(fmt.Sprintf("check/window=%d", w), func(b *testing.B) {
			for b.Loop() {
				if err := st.Check(shape); err != nil {
					b.Fatal(err)
				}
				st.Voucher.Signer(info.Domain)
			}
		})
		// The channel's receipt key decoded once (protocol.KeyVerifier).
		kv, err := protocol.NewKeyVerifier(rk.Public())
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("check-key/window=%d", w), func(b *testing.B) {
			for b.Loop() {
				if err := st.CheckWith(shape, kv); err != nil {
					b.Fatal(err)
				}
				st.Voucher.Signer(info.Domain)
			}
		})
		// What the miner runs: the one check (protocol.CheckStep, voucher
		// signer included) with the cached key and the probe answers it
		// computed when it answered them.
		known := protocol.ProbeAnswers{}
		for _, p := range st.Window.Probes {
			known[p.Challenge] = p.Answer
		}
		vc := protocol.VoucherContext{Terms: protocol.ChannelTerms{ID: info.ID, Client: crypto.PubkeyToAddress(key.PublicKey),
			PricePerByte: big.NewInt(1), Domain: info.Domain, ReceiptKey: rk.Public()}, Receipts: kv, Answers: known}
		b.Run(fmt.Sprintf("check-miner/window=%d", w), func(b *testing.B) {
			for b.Loop() {
				if err := protocol.CheckStep(st, shape, vc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("sign-client/window=%d", w), func(b *testing.B) {
			for b.Loop() {
				protocol.SignStepAnswered(shape, info.ID, 1, protocol.Element{}, 0, st.Window, known, big.NewInt(1), info.Domain, key, rk)
			}
		})
	}
}

// BenchmarkDurableAppend is the fsync'd write of one step (per window, on
// the miner, before its acknowledgement).
func BenchmarkDurableAppend(b *testing.B) {
	dir := b.TempDir()
	step := bytes.Repeat([]byte{1}, 3000)
	i := 0
	for b.Loop() {
		i++
		if err := writeFileAtomic(filepath.Join(dir, fmt.Sprint(i)), step); err != nil {
			b.Fatal(err)
		}
	}
}
