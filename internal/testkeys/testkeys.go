package testkeys

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// entry is one key set, made at most once.
type entry struct {
	once sync.Once
	val  any
	err  error
}

// slot names an entry: the caller's key and the result type, so two
// helpers that pick the same key (a shape, say) for different key kinds
// do not collide.
type slot struct {
	typ reflect.Type
	key any
}

var (
	mu      sync.Mutex
	entries = map[slot]*entry{}
)

// Shared returns what setup returns for key, running setup once per test
// binary for each key and result type; tests running in parallel that ask
// for the same key wait for the one setup. A failed setup fails every test
// that asks, with the same error. key must be comparable (a shape, a
// string, a struct of both).
//
// setup gets a context that is never cancelled: the keys outlive the test
// that happened to ask first, so they must not be tied to its t.Context.
func Shared[V any](t testing.TB, key any, setup func(context.Context) (V, error)) V {
	t.Helper()
	s := slot{typ: reflect.TypeFor[V](), key: key}
	mu.Lock()
	e, ok := entries[s]
	if !ok {
		e = &entry{}
		entries[s] = e
	}
	mu.Unlock()
	e.once.Do(func() { e.val, e.err = setup(context.Background()) })
	if e.err != nil {
		t.Fatalf("testkeys: setup %v: %v", key, e.err)
	}
	return e.val.(V)
}

// Circuit is a compiled R1CS with its Groth16 keys.
type Circuit struct {
	CS constraint.ConstraintSystem
	PK groth16.ProvingKey
	VK groth16.VerifyingKey
}

// Groth16 compiles circuit over BN254 to R1CS and runs gnark's Groth16
// setup, once per test binary for each key; key names the circuit and its
// size (the circuit value itself is a template, not comparable).
func Groth16(t testing.TB, key any, circuit frontend.Circuit) *Circuit {
	t.Helper()
	return Shared(t, key, func(context.Context) (*Circuit, error) {
		cs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, circuit)
		if err != nil {
			return nil, fmt.Errorf("compile: %w", err)
		}
		pk, vk, err := groth16.Setup(cs)
		if err != nil {
			return nil, fmt.Errorf("groth16 setup: %w", err)
		}
		return &Circuit{CS: cs, PK: pk, VK: vk}, nil
	})
}
