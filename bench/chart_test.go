package bench

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwproof/bwproof/protocol"
)

var chartMachine = Machine{CPU: "Test CPU 9000", Cores: 2, OS: "linux", Arch: "amd64", Go: "go1.26.8",
	Gnark: "v0.16.3", Commit: "0123456789ab"}

func chartResults() []ProveResult {
	runs := func(ms ...int) []time.Duration {
		var ds []time.Duration
		for _, m := range ms {
			ds = append(ds, time.Duration(m)*time.Millisecond)
		}
		return ds
	}
	return []ProveResult{
		{Shape: protocol.ShapeFor(16), Constraints: 10_000, Prove: 200e6, ProveRuns: runs(210, 200, 190), VerifyRuns: runs(2, 2, 2)},
		{Shape: protocol.ShapeFor(64), Constraints: 15_000, Prove: 500e6, ProveRuns: runs(480, 500, 560), VerifyRuns: runs(2, 2, 3)},
		{Shape: protocol.ShapeFor(256), Constraints: 33_000, Prove: 1200e6}, // built by hand: one run
	}
}

func TestProveChartPNG(t *testing.T) {
	var b bytes.Buffer
	if err := WriteProveChartAs(&b, chartResults(), ChartPNG, chartMachine); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	// Three stacked panels need a tall image.
	if img.Bounds().Dx() < 500 || img.Bounds().Dy() <= img.Bounds().Dx() {
		t.Fatalf("chart is %v", img.Bounds())
	}
	// The compatible entry point (machine detected here) still writes a PNG.
	b.Reset()
	if err := WriteProveChart(&b, chartResults()[:1]); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&b); err != nil {
		t.Fatal(err)
	}
}

// TestProveChartSVG checks the SVG is XML and carries the panels, axis
// titles and the machine, commit and gnark version as text.
func TestProveChartSVG(t *testing.T) {
	var b bytes.Buffer
	if err := WriteProveChartAs(&b, chartResults(), ChartSVG, chartMachine); err != nil {
		t.Fatal(err)
	}
	var texts []string
	dec := xml.NewDecoder(bytes.NewReader(b.Bytes()))
	inText := false
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	all := strings.Join(texts, "\n")
	for _, want := range []string{
		ChartConstraintsTitle, ChartProveTitle, ChartPerChunkTitle, ChartXAxis,
		"constraints / chunk", "ms / chunk",
		"gnark v0.16.3", "0123456789ab", "Test CPU 9000, 2 cores",
		"625 (10000 total)", // 10000/16: the per-chunk headline is labelled
		"16", "64", "256",   // a tick per window size
	} {
		if !strings.Contains(all, want) {
			t.Errorf("SVG text lacks %q; has:\n%s", want, all)
		}
	}
}

func TestProveRunsCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteProveRunsCSV(&b, chartResults(), chartMachine); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+3+3+1 { // header, one row per run
		t.Fatalf("%d rows:\n%v", len(rows), rows)
	}
	if strings.Join(rows[0], ",") != strings.Join(ProveCSVHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %q", name)
		return -1
	}
	if got := rows[6][col("prove_ns")]; got != "560000000" {
		t.Fatalf("third run of W=64: prove_ns %s", got)
	}
	if got := rows[7][col("chunks")] + "/" + rows[7][col("run")]; got != "256/1" {
		t.Fatalf("last row %s", got)
	}
	if got := rows[1][col("gnark")] + " " + rows[1][col("commit")]; got != "v0.16.3 0123456789ab" {
		t.Fatalf("machine columns %s", got)
	}
}

func TestProveFiles(t *testing.T) {
	dir := t.TempDir()
	paths, err := WriteProveFiles(filepath.Join(dir, "prove-cost.png"), chartResults(), chartMachine)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"prove-cost.png", "prove-cost.svg", "prove-cost.csv"}
	for i, p := range paths {
		if filepath.Base(p) != want[i] {
			t.Fatalf("wrote %v", paths)
		}
		if st, err := os.Stat(p); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", p, err)
		}
	}
}

func TestProveChartRefuses(t *testing.T) {
	bad := map[string][]ProveResult{
		"none":        nil,
		"zero window": {{Shape: protocol.Shape{}, Constraints: 1, Prove: 1}},
	}
	for name, rs := range bad {
		for _, f := range []string{ChartPNG, ChartSVG} {
			if err := WriteProveChartAs(io.Discard, rs, f, chartMachine); !errors.Is(err, ErrChartInput) {
				t.Errorf("%s %s: %v", name, f, err)
			}
		}
		if err := WriteProveRunsCSV(io.Discard, rs, chartMachine); !errors.Is(err, ErrChartInput) {
			t.Errorf("%s csv: %v", name, err)
		}
	}
	if err := WriteProveChartAs(io.Discard, chartResults(), "gif", chartMachine); !errors.Is(err, ErrChartInput) {
		t.Errorf("gif: %v", err)
	}
}

func TestDetectMachine(t *testing.T) {
	m := DetectMachine(t.Context())
	if m.CPU == "" || m.Cores < 1 || m.Commit == "" || !strings.HasPrefix(m.Gnark, "v0.") {
		t.Fatalf("machine %+v", m)
	}
}
