package challenge

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

// ReportLog records misbehavior reports, signed by the reporter's key, as
// files DIR/<unix nanos>-<kind>.report holding protocol.Report encodings:
// the form the verifier service takes. OnReport, when set, also gets each
// report (e.g. to forward it to the verifier).
type ReportLog struct {
	dir      string
	key      *ecdsa.PrivateKey
	OnReport func(protocol.Report)
	mu       sync.Mutex
	last     int64
}

// OpenReportLog opens (creating) a report directory; key signs reports.
func OpenReportLog(dir string, key *ecdsa.PrivateKey) (*ReportLog, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: report log needs a signing key", ErrConfig)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("%w: reports: %w", ErrStore, err)
	}
	return &ReportLog{dir: dir, key: key}, nil
}

// Dir returns the report directory.
func (l *ReportLog) Dir() string { return l.dir }

// Record signs r (setting Reporter, and Time if zero) and stores it.
func (l *ReportLog) Record(r *protocol.Report) error {
	if r.Time == 0 {
		r.Time = uint64(time.Now().Unix())
	}
	if len(r.Detail) > protocol.MaxReportDetail {
		r.Detail = r.Detail[:protocol.MaxReportDetail]
	}
	if err := r.Sign(l.key); err != nil {
		return err
	}
	l.mu.Lock()
	n := max(time.Now().UnixNano(), l.last+1) // unique, ordered names
	l.last = n
	l.mu.Unlock()
	name := fmt.Sprintf("%020d-%s.report", n, r.Kind)
	if err := writeFileAtomic(filepath.Join(l.dir, name), r.Encode()); err != nil {
		return fmt.Errorf("%w: report: %w", ErrStore, err)
	}
	if l.OnReport != nil {
		l.OnReport(*r)
	}
	return nil
}

// LoadReports reads the reports in dir, oldest first.
func LoadReports(dir string) ([]protocol.Report, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStore, err)
	}
	var names []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".report") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out []protocol.Report
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrStore, err)
		}
		r, err := protocol.DecodeReport(b)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrStore, n, err)
		}
		out = append(out, r)
	}
	return out, nil
}
