package fsutil

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrTooLarge is wrapped by every *TooLargeError.
var ErrTooLarge = errors.New("file too large")

// TooLargeError reports a file longer than the reader's limit. Size is the
// size the file reported, or Limit+1 when it grew while being read.
type TooLargeError struct {
	Path  string
	Limit int64
	Size  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %d bytes, the limit is %d", e.Path, e.Size, e.Limit)
}

// Unwrap makes errors.Is(err, ErrTooLarge) hold.
func (e *TooLargeError) Unwrap() error { return ErrTooLarge }

// ReadFileLimit reads path whole if it holds at most limit bytes, and
// returns a *TooLargeError otherwise. The size is checked from the file's
// metadata before any byte is read, and the read itself stops at limit+1
// bytes, so a file that grows (or a device or pipe that reports no size)
// cannot make it read more.
func ReadFileLimit(path string, limit int64) ([]byte, error) {
	if limit < 0 {
		limit = 0
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return nil, &TooLargeError{Path: path, Limit: limit, Size: st.Size()}
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	// The stat size is only a hint (the file can change), so allocate by it
	// but never past the limit, and read at most limit+1 bytes.
	hint := st.Size()
	if hint <= 0 || hint > limit {
		hint = min(limit, 512)
	}
	buf := make([]byte, 0, hint+1)
	b, err := readAllInto(io.LimitReader(f, limit+1), buf)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if int64(len(b)) > limit {
		return nil, &TooLargeError{Path: path, Limit: limit, Size: int64(len(b))}
	}
	return b, nil
}

// readAllInto is io.ReadAll starting from buf's capacity.
func readAllInto(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
