//go:build linux

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/bwproof/bwproof/demo"
	"github.com/bwproof/bwproof/hub"
	"github.com/bwproof/bwproof/node"
)

// TestHubCLI runs client → hub → miner as processes of the real binary:
// a dev chain, the verifier (the network's NATS), a miner node, and
// `hub serve` opening its channel to the miner by itself (--open). The
// client has one channel, to the hub, and none with the miner: `client
// fetch --via HUB` finds the route in the hub's announcement, pays every
// window through it and gets the object byte-identical. `hub channels
// --json` and `hub routes --json` show the route with the amounts to the
// wei; then the miner node withdraws its lane with the proof and the hub
// claims its inbound lane with no proof of its own, both seen in `hub
// routes`. A mistyped hub flag is a short usage error.
func TestHubCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs five processes")
	}
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	n := &network{t: t, ctx: ctx, dir: t.TempDir(), bin: buildBinary(t)}
	path := func(p ...string) string { return filepath.Join(append([]string{n.dir}, p...)...) }

	// A mistyped flag: one line naming it (with a suggestion) and the hint.
	code, stderr := n.runFail("hub", "serve", "--fee-bas", "1")
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); code != 2 || len(lines) > 3 || !strings.Contains(stderr, "fee-bas") {
		t.Fatalf("hub serve --fee-bas: exit %d, %d lines:\n%s", code, len(lines), stderr)
	}

	rpc, keys, contract := n.devChain()
	hubKey, minerKey, clientKey := path("dev", "dev1.key"), path("dev", "dev2.key"), path("dev", "dev3.key")
	ver := n.serve("verifier", regexp.MustCompile(`serving on (nats://\S+)`),
		"verifier", "serve", "--keys", keys, "--data", path("verifier"), "--listen", "127.0.0.1:0", "--rpc", rpc, "--contract", contract)
	nats := ver.wait()[1]

	// The miner node: it settles every unsettled wei (its lane included).
	const size = 160 << 10
	content := make([]byte, size)
	if _, err := rand.Read(content); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path("object"), content, 0o644); err != nil {
		t.Fatal(err)
	}
	obj := strings.TrimSpace(n.run("miner", "add", "--store", path("miner", "store"), "--chunk-size", "16K", path("object")))
	miner := n.serve("miner", regexp.MustCompile(`miner node (0x[0-9a-fA-F]{40}) listening on (\S+)`),
		"miner", "serve", "--store", path("miner", "store"), "--ledger", path("miner", "ledger"), "--listen", "127.0.0.1:0",
		"--contract", contract, "--rpc", rpc, "--keys", keys, "--key", minerKey, "--nats", nats,
		"--settle-threshold", "1", "--settle-poll", "200ms", "--min-challenge-period", "1h").wait()
	minerEth, minerAddr := miner[1], miner[2]

	// The hub opens its channel to the miner itself and announces every second.
	hubState := path("hub")
	hb := n.serve("hub", regexp.MustCompile(`hub (0x[0-9a-fA-F]{40}) serving on`),
		"hub", "serve", "--state", hubState, "--key", hubKey, "--rpc", rpc, "--contract", contract, "--nats", nats,
		"--fee-base", "1000", "--fee-ppm", "2500", "--announce-every", "1s", "--poll", "200ms",
		"--open", minerEth+":0.01ether:1gwei", "--challenge-period", "2h", "--metrics", "127.0.0.1:0")
	hubEth := hb.wait()[1]
	mm := regexp.MustCompile(`metrics on (\S+)`).FindStringSubmatch(hb.out.String())
	if mm == nil {
		t.Fatalf("hub serve --metrics printed no address:\n%s", hb.out.String())
	}
	if body := getMetrics(t, mm[1]); !strings.Contains(body, "\nbwproof_hub_routes{state=\"live\"} 0") || !strings.Contains(body, "\nbwproof_build_info{") {
		t.Fatalf("hub metrics before any route:\n%s", body)
	}
	outRe := regexp.MustCompile(`outbound channel (0x[0-9a-f]{64}) to ` + minerEth)
	om := outRe.FindStringSubmatch(hb.out.String())
	if om == nil {
		t.Fatalf("hub serve printed no outbound channel to the miner:\n%s", hb.out.String())
	}
	hubMiner := om[1]

	// The client: one channel, to the hub; none with the miner.
	state := path("client")
	n.run("client", "init", "--state", state, "--key", clientKey)
	m := regexp.MustCompile(`(?m)^channel (0x[0-9a-f]{64})$`).FindStringSubmatch(n.run("channel", "open", "--rpc", rpc, "--contract", contract,
		"--key", clientKey, "--miner", hubEth, "--receipt-key", filepath.Join(state, "receipt.key"), "--price", "2gwei",
		"--deposit", "0.01ether", "--challenge-period", "3h"))
	if m == nil {
		t.Fatal("channel open printed no id")
	}
	clientHub := m[1]
	got := path("fetched")
	var fetched clientFetchJSON
	n.runJSON(&fetched, "client", "fetch", "--state", state, "--key", clientKey, "--keys", keys, "--rpc", rpc, "--contract", contract,
		"--nats", nats, "--progress=false", "--via", hubEth, "--miner", minerAddr+"@"+minerEth, "--price", "1gwei",
		"--max-bytes", "160K", obj, "--out", got, "--json")
	if b, err := os.ReadFile(got); err != nil || !bytes.Equal(b, content) {
		t.Fatalf("fetched file differs from the object (err %v): %+v", err, fetched)
	}
	if len(fetched.Routes) != 1 || len(fetched.Routes[0].Hops) != 1 || len(fetched.RouteRefusals) != 0 {
		t.Fatalf("routes %+v, refusals %v", fetched.Routes, fetched.RouteRefusals)
	}
	route := fetched.Routes[0]
	if !strings.EqualFold(route.Hops[0].Hub, hubEth) || route.OwnChannel != clientHub || route.MinerChannel != hubMiner ||
		!strings.EqualFold(route.Miner, minerEth) || fetched.Received != size || len(fetched.Miners) != 1 || !fetched.Miners[0].Completed ||
		fetched.Miners[0].Channel != route.Target {
		t.Fatalf("route %+v, fetch %+v", route, fetched)
	}

	// The hub's view: its channels and the route, to the wei.
	minerWei := new(big.Int).Mul(big.NewInt(size), big.NewInt(1e9))
	fee := hub.Fee{Base: big.NewInt(1000), PPM: 2500}.On(minerWei)
	var st node.HubStatus
	n.runJSON(&st, "hub", "channels", "--state", hubState, "--rpc", rpc, "--json")
	if !strings.EqualFold(st.Hub, hubEth) || st.FeePPM != 2500 || st.FeeBaseWei != "1000" || len(st.Inbound) != 1 || len(st.Outbound) != 1 ||
		st.Inbound[0].ID != clientHub || st.Outbound[0].ID != hubMiner || st.Outbound[0].CommittedWei != minerWei.String() ||
		st.Inbound[0].CommittedWei != new(big.Int).Add(minerWei, fee).String() {
		t.Fatalf("hub channels: %+v (want miner %s, fee %s)", st, minerWei, fee)
	}
	routeOf := func() node.HubRouteStatus {
		var st node.HubStatus
		n.runJSON(&st, "hub", "routes", "--state", hubState, "--rpc", rpc, "--contract", contract, "--json")
		if len(st.Routes) != 1 {
			t.Fatalf("hub routes: %+v", st.Routes)
		}
		return st.Routes[0]
	}
	r := routeOf()
	if r.Target != route.Target || r.InChannel != clientHub || r.OutChannel != hubMiner || r.Bytes != size || r.State != "live" ||
		r.OutWei != minerWei.String() || r.FeeWei != fee.String() || r.InLane != route.OwnLane || r.OutLane != route.MinerLane {
		t.Fatalf("hub route %+v, client's %+v (want out %s, fee %s)", r, route, minerWei, fee)
	}
	if body := getMetrics(t, mm[1]); !strings.Contains(body, "\nbwproof_hub_routes{state=\"live\"} 1") ||
		!strings.Contains(body, fmt.Sprintf("\nbwproof_hub_forwarded_bytes_total %d", size)) {
		t.Fatalf("hub metrics after the fetch:\n%s", body)
	}
	text := n.run("hub", "routes", "--state", hubState, "--rpc", rpc)
	if !strings.Contains(text, "live") || !strings.Contains(text, "1 routes") {
		t.Fatalf("hub routes:\n%s", text)
	}
	t.Logf("hub serve:\n%s\nhub routes:\n%s\nhub channels:\n%s", hb.out.String(), text, n.run("hub", "channels", "--state", hubState, "--rpc", rpc))
	// Settlement on every hop: the miner withdraws its lane with the proof
	// of the client's receipts; the hub then claims its own.
	for r.OutWithdrawnWei != r.OutWei || r.InWithdrawnWei != r.InWei {
		if ctx.Err() != nil {
			t.Fatalf("not settled: %+v", r)
		}
		time.Sleep(500 * time.Millisecond)
		r = routeOf()
	}
	t.Logf("client → hub → miner fetched, shown and settled on both hops in %s", time.Since(started).Round(100*time.Millisecond))
}

// TestDemoViaHubCLI runs `bwproof demo --via-hub --json` with small keys:
// it exits 0, the per-hop table goes to stderr and the summary's hops add
// up to the wei.
func TestDemoViaHubCLI(t *testing.T) {
	code, out, errs := runCLI(t, "demo", "--via-hub", "--window", "4", "--size", "102400", "--chunk", "16384", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	var sum demo.ViaHubSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !strings.Contains(errs, "all checks passed") || !strings.Contains(errs, "payer → payee") {
		t.Fatalf("stages:\n%s", errs)
	}
	if !sum.FileIdentical || sum.Bytes != 102400 || len(sum.Hubs) != demo.DefaultViaHubs || len(sum.Hops) != demo.DefaultViaHubs+1 {
		t.Fatalf("summary %+v", sum)
	}
	if err := sum.CheckAmounts(); err != nil {
		t.Fatal(err)
	}
	// A bad hub count is a usage error.
	if code, _, errs := runCLI(t, "demo", "--via-hub=9"); code != 2 {
		t.Fatalf("--via-hub=9: exit %d\n%s", code, errs)
	}
}

// TestHubFlagsRefused: hub serve, hub channels and client fetch --via
// refuse bad flags with a usage error (exit 2) before they dial anything.
func TestHubFlagsRefused(t *testing.T) {
	dir := t.TempDir()
	hub1 := "0x00000000000000000000000000000000000000a1"
	serve := []string{"hub", "serve", "--state", dir, "--rpc", "http://127.0.0.1:1", "--contract", hub1}
	obj := strings.Repeat("ab", 32)
	fetch := []string{"client", "fetch", "--state", dir, obj, "--out", filepath.Join(dir, "out"), "--rpc", "http://127.0.0.1:1",
		"--contract", hub1, "--keys", dir, "--nats", "nats://127.0.0.1:1", "--max-bytes", "1M", "--miner", "127.0.0.1:1@" + hub1}
	for _, args := range [][]string{
		append(serve, "--fee-ppm", "1000001"),                                                        // more than the whole amount
		append(serve, "--fee-base", "lots"),                                                          // not an amount
		append(serve, "--open", hub1+":1ether"),                                                      // not PEER:DEPOSIT:PRICE
		append(serve, "--open", "0xnot:1ether:1gwei"),                                                // not an address
		append(serve, "--open", hub1+":0:1gwei"),                                                     // no deposit
		append(serve, "--open", hub1+":1ether:1gwei,"+hub1+":1ether:1"),                              // twice
		append(serve, "--min-out-remaining", "3m", "--expiry-delta", "2m"),                           // no time left to claim
		append(serve, "--out-channel", "0xzz"),                                                       // not an id
		{"hub", "serve", "--state", dir, "--contract", hub1},                                         // no --rpc
		{"hub", "channels", "--state", dir},                                                          // no --rpc
		append(fetch, "--via", "0xnot"),                                                              // not an address
		append(fetch, "--via", hub1+","+hub1),                                                        // twice
		append(fetch, "--via", "any", "--deposit", "1ether"),                                         // direct channels only
		append(fetch, "--via", hub1, "--channel", "127.0.0.1:1=0x01"),                                // not HUB=ID
		append(fetch, "--via", hub1, "--channel", "0x00000000000000000000000000000000000000b2=0x01"), // not in --via
		append(fetch, "--via", hub1, "--max-bytes", "0"),                                             // no budget
		append(fetch, "--via", hub1, "--nats", ""),                                                   // no hub network
		append(fetch, "--via", hub1, "--miner", "127.0.0.1:1"),                                       // the miner's address is needed
		append(fetch, "--via", hub1, "--route-lifetime", "1s"),                                       // too short
	} {
		if code, out, errs := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
	// hub channels on a directory hub serve never used: unreadable input.
	if code, _, errs := runCLI(t, "hub", "channels", "--state", filepath.Join(dir, "none"), "--rpc", "http://127.0.0.1:1"); code != 3 {
		t.Errorf("hub channels on a missing state: exit %d\n%s", code, errs)
	}
	if err := os.WriteFile(filepath.Join(dir, hubConfigFile), []byte(`{"hub": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := runCLI(t, "hub", "routes", "--state", dir, "--rpc", "http://127.0.0.1:1"); code != 3 || !strings.Contains(errs, "hub.json") {
		t.Errorf("hub routes on a broken hub.json: exit %d\n%s", code, errs)
	}
}

// FuzzHubConfig: hub.json is read back by hub channels/routes; whatever it
// holds, parsing neither panics nor accepts what it cannot write again.
func FuzzHubConfig(f *testing.F) {
	good, _ := json.Marshal(hubConfig{Hub: "0x00000000000000000000000000000000000000a1", ChainID: "1337",
		Contract: "0x00000000000000000000000000000000000000c1", FeeBaseWei: "1000", FeePPM: 2500, ExpiryDeltaSeconds: 120,
		OutChannels: []string{"0x" + strings.Repeat("0", 62) + "07"}, KeyFile: "/tmp/hub.key"})
	f.Add(good)
	f.Add([]byte(`{"hub":"0x00000000000000000000000000000000000000a1","contract":"0x00000000000000000000000000000000000000c1","fee_base_wei":"-1"}`))
	f.Add([]byte(`{"out_channels":["0xff"]}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxHubConfigFile {
			return // the reader refuses larger files before parsing
		}
		c, fee, out, err := parseHubConfig(b)
		if err != nil {
			return
		}
		if fee.Base == nil || fee.Base.Sign() < 0 || fee.PPM > hub.PPM || len(out) != len(c.OutChannels) || len(out) > maxHubOutChans {
			t.Fatalf("accepted %q: fee %v, %d channels", b, fee, len(out))
		}
		again, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := parseHubConfig(again); err != nil {
			t.Fatalf("accepted %q, but not its own encoding: %v", b, err)
		}
	})
}
