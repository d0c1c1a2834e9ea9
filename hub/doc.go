// Package hub forwards conditional vouchers between its inbound and
// outbound channels for a fee and finds routes from announcements.
//
// A route is client → hub 1 → … → hub k → miner. Every hop pays the next
// with a protocol.LaneVoucher on one lane of its channel; all of a
// route's vouchers name the same proof target (the virtual channel id),
// target key hash (the end client's receipt key) and hash lock, so they
// open together on chain or not at all (README "Paying through hubs").
//
// Pieces:
//   - fee math (Fee, Amounts): the amount each leg carries for B bytes,
//     exact in wei, rounded up so no hub under-collects;
//   - Hub: the state machine (routes, reservations of outbound capacity,
//     latest inbound and outbound voucher per lane, bound targets, used
//     hash locks) over a Journal with group commit: a reply leaves only
//     once its record is fsynced, and reopening replays it; NoteWithdrawn
//     shrinks a route's reservation by what the chain paid on its lane,
//     and InboundUpTo finds the inbound voucher a smaller proof covers;
//   - Service: the NATS micro service bwproof-hub with the endpoints
//     route and forward under bwproof.v1.hub.<address>.; a hub forwards
//     to the next hub itself;
//   - announcements (HubAnnouncement, Announcer) and a Directory that
//     checks each one against the chain before routing over it;
//   - Router and Payer: the client side. Router.Setup finds the cheapest
//     route with capacity (trying up to MaxRoutes, keeping each failure's
//     RouteError); Payer.Pay signs the client's voucher for a cumulative
//     byte count and returns the miner-facing voucher of the last hub.
//
// Chain reads go through the Chain interface (ManagerChain reads a
// deployed ChannelManager). The package imports protocol and contracts,
// never challenge or node: the data path builds on it.
package hub
