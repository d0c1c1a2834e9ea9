// Package testnats starts a real in-process NATS server for tests (no
// auth, loopback, a free port), so that the packages whose tests talk
// over NATS need no mock and no external server.
package testnats
