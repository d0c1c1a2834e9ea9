package fsutil

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestReadFileLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := os.WriteFile(p, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, limit := range []int64{5, 6, 1 << 20} {
		b, err := ReadFileLimit(p, limit)
		if err != nil || string(b) != "hello" {
			t.Fatalf("limit %d: %q, %v", limit, b, err)
		}
	}
	_, err := ReadFileLimit(p, 4)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 5 || tl.Limit != 4 || tl.Path != p || !errors.Is(err, ErrTooLarge) {
		t.Fatalf("limit 4: %v", err)
	}
	if _, err := ReadFileLimit(filepath.Join(dir, "missing"), 10); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	if _, err := ReadFileLimit(dir, 10); err == nil {
		t.Fatal("a directory was read")
	}
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFileLimit(empty, 0); err != nil || len(b) != 0 {
		t.Fatalf("empty: %q %v", b, err)
	}
}

// A 1 GiB sparse file is refused from its size alone: nothing close to its
// size is allocated.
func TestReadFileLimitSparse(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sparse")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFileLimit(p, 4096)
	runtime.ReadMemStats(&after)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 1<<30 {
		t.Fatalf("sparse file: %v", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 1<<20 {
		t.Fatalf("allocated %d bytes to refuse a 1 GiB file", d)
	}
}

// A device that reports no size is still cut at limit+1 bytes.
func TestReadFileLimitUnsized(t *testing.T) {
	_, err := ReadFileLimit("/dev/zero", 1000)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Size != 1001 {
		t.Fatalf("/dev/zero: %v", err)
	}
}
