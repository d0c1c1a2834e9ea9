package bench

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// ErrChartInput is wrapped by every refusal of the chart and CSV writers
// to draw results that cannot be drawn (none, or a non-positive window).
var ErrChartInput = errors.New("bench: chart input")

// Chart formats understood by WriteProveChartAs.
const (
	ChartPNG = "png"
	ChartSVG = "svg"
)

// Axis and panel titles, exported so tests (and readers of the SVG) can
// find them.
const (
	ChartXAxis            = "circuit size W (chunks, log scale)"
	ChartConstraintsTitle = "constraints per chunk"
	ChartProveTitle       = "prove time (ms): median, bars min-max across runs"
	ChartPerChunkTitle    = "prove time per chunk (ms)"
)

var (
	chartWidth, chartHeight = 18 * vg.Centimeter, 24 * vg.Centimeter
	colConstraints          = color.RGBA{R: 255, G: 127, B: 14, A: 255}
	colProve                = color.RGBA{R: 31, G: 119, B: 180, A: 255}
	colPerChunk             = color.RGBA{R: 44, G: 160, B: 44, A: 255}
)

// WriteProveChart writes the PNG chart of rs, labelled with this machine
// (DetectMachine). Kept for callers that only want the PNG; WriteProveFiles
// writes the PNG, the SVG and the raw-run CSV together.
func WriteProveChart(w io.Writer, rs []ProveResult) error {
	return WriteProveChartAs(w, rs, ChartPNG, DetectMachine(context.Background()))
}

// WriteProveChartAs draws rs as a vertical stack of three panels sharing
// the x axis (window size): constraints per chunk (the headline cost),
// prove time with its min-max spread across runs, and prove time per
// chunk with the same spread. A header names the machine, commit and
// gnark version. format is ChartPNG or ChartSVG.
func WriteProveChartAs(w io.Writer, rs []ProveResult, format string, m Machine) error {
	if err := checkChartInput(rs); err != nil {
		return err
	}
	var (
		c  vg.CanvasWriterTo
		dc draw.Canvas
	)
	switch format {
	case ChartPNG:
		img := vgimg.New(chartWidth, chartHeight)
		c, dc = vgimg.PngCanvas{Canvas: img}, draw.New(img)
	case ChartSVG:
		svg := vgsvg.New(chartWidth, chartHeight)
		c, dc = svg, draw.New(svg)
	default:
		return fmt.Errorf("%w: format %q (want %s or %s)", ErrChartInput, format, ChartPNG, ChartSVG)
	}
	// The canvas starts transparent; a chart viewed on a dark page needs
	// its own background.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())

	header := proveChartHeader(rs, m)
	sty := plot.New().Title.TextStyle
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	lineH := sty.Height("Mg") * 1.3
	pad := vg.Points(8)
	for i, line := range header {
		if i > 0 {
			sty.Font.Size = vg.Points(9)
		}
		dc.FillText(sty, vg.Point{X: dc.Min.X + pad, Y: dc.Max.Y - pad - vg.Length(i)*lineH}, line)
	}
	body := draw.Crop(dc, 0, 0, 0, -(pad + vg.Length(len(header))*lineH + pad))

	panels, err := proveChartPanels(rs)
	if err != nil {
		return err
	}
	grid := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		grid[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadY: vg.Points(10), PadLeft: pad, PadRight: pad * 2, PadBottom: pad}
	for i, cv := range plot.Align(grid, tiles, body) {
		panels[i].Draw(cv[0])
	}
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("bench: write %s chart: %w", format, err)
	}
	return nil
}

func checkChartInput(rs []ProveResult) error {
	if len(rs) == 0 {
		return fmt.Errorf("%w: no results", ErrChartInput)
	}
	for i, r := range rs {
		if r.Shape.Chunks <= 0 {
			return fmt.Errorf("%w: result %d has window %d", ErrChartInput, i, r.Shape.Chunks)
		}
	}
	return nil
}

// proveChartHeader is the title line, then the context a reader needs to
// compare two charts.
func proveChartHeader(rs []ProveResult, m Machine) []string {
	runs := make([]string, 0, len(rs))
	for _, r := range rs {
		runs = append(runs, strconv.Itoa(len(r.proveRuns())))
	}
	return []string{
		"bwproof ByteCount circuit: Groth16 (BN254) proving cost",
		fmt.Sprintf("machine: %s, %d cores, %s/%s", m.CPU, m.Cores, m.OS, m.Arch),
		fmt.Sprintf("bwproof %s, gnark %s, %s; runs per size: %s", m.Commit, m.Gnark, m.Go, strings.Join(runs, ",")),
	}
}

// spreadXYs is one point per result with a y error bar: median, and the
// distance down to the minimum and up to the maximum.
type spreadXYs struct {
	plotter.XYs
	low, high []float64
}

func (s spreadXYs) YError(i int) (float64, float64) { return s.low[i], s.high[i] }

func proveChartPanels(rs []ProveResult) ([]*plot.Plot, error) {
	n := len(rs)
	perChunk := make(plotter.XYs, n)
	perChunkLabels := make([]string, n)
	prove := spreadXYs{XYs: make(plotter.XYs, n), low: make([]float64, n), high: make([]float64, n)}
	provePC := spreadXYs{XYs: make(plotter.XYs, n), low: make([]float64, n), high: make([]float64, n)}
	ticks := make(plot.ConstantTicks, 0, n)
	minX, maxX := math.Inf(1), math.Inf(-1)
	for i, r := range rs {
		x, w := float64(r.Shape.Chunks), float64(r.Shape.Chunks)
		minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		ticks = append(ticks, plot.Tick{Value: x, Label: strconv.Itoa(r.Shape.Chunks)})
		perChunk[i] = plotter.XY{X: x, Y: r.PerChunk()}
		perChunkLabels[i] = fmt.Sprintf("%.0f (%d total)", r.PerChunk(), r.Constraints)
		lo, mid, hi := r.ProveSpread()
		prove.XYs[i] = plotter.XY{X: x, Y: ms(mid)}
		prove.low[i], prove.high[i] = ms(mid)-ms(lo), ms(hi)-ms(mid)
		provePC.XYs[i] = plotter.XY{X: x, Y: ms(mid) / w}
		provePC.low[i], provePC.high[i] = (ms(mid)-ms(lo))/w, (ms(hi)-ms(mid))/w
	}

	newPanel := func(title, yLabel string) *plot.Plot {
		p := plot.New()
		p.Title.Text = title
		p.Y.Label.Text = yLabel
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = ticks
		// A margin of half an octave each side keeps the end points and
		// their labels off the frame.
		p.X.Min, p.X.Max = minX/1.6, maxX*1.6
		p.Y.Min = 0 // costs compared by eye need a zero baseline
		p.Add(plotter.NewGrid())
		return p
	}
	line := func(p *plot.Plot, xys plotter.XYer, c color.Color) error {
		l, s, err := plotter.NewLinePoints(xys)
		if err != nil {
			return err
		}
		l.Color, s.Color = c, c
		l.Width = vg.Points(1.5)
		s.Shape = draw.CircleGlyph{}
		p.Add(l, s)
		return nil
	}

	pc := newPanel(ChartConstraintsTitle, "constraints / chunk")
	if err := line(pc, perChunk, colConstraints); err != nil {
		return nil, fmt.Errorf("bench: chart: %w", err)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: perChunk, Labels: perChunkLabels})
	if err != nil {
		return nil, fmt.Errorf("bench: chart: %w", err)
	}
	labels.Offset = vg.Point{X: vg.Points(-20), Y: vg.Points(6)}
	pc.Add(labels)

	spread := func(title, yLabel string, xys spreadXYs, c color.Color) (*plot.Plot, error) {
		p := newPanel(title, yLabel)
		if err := line(p, xys, c); err != nil {
			return nil, err
		}
		bars, err := plotter.NewYErrorBars(xys)
		if err != nil {
			return nil, err
		}
		bars.Color = c
		p.Add(bars)
		return p, nil
	}
	pt, err := spread(ChartProveTitle, "ms", prove, colProve)
	if err != nil {
		return nil, fmt.Errorf("bench: chart: %w", err)
	}
	ppc, err := spread(ChartPerChunkTitle, "ms / chunk", provePC, colPerChunk)
	if err != nil {
		return nil, fmt.Errorf("bench: chart: %w", err)
	}
	ppc.X.Label.Text = ChartXAxis
	return []*plot.Plot{pc, pt, ppc}, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// ProveCSVHeader is the first row of WriteProveRunsCSV.
var ProveCSVHeader = []string{
	"chunks", "probes", "constraints", "constraints_per_chunk", "run", "prove_ns", "verify_ns",
	"setup_ns", "proof_bytes", "peak_heap_bytes", "cpu", "cores", "os", "arch", "go", "gnark", "commit",
}

// WriteProveRunsCSV writes one row per proving run (not per window size),
// so the spread the chart summarises can be recomputed. The machine is
// repeated on every row: each row stands alone when files are concatenated.
func WriteProveRunsCSV(w io.Writer, rs []ProveResult, m Machine) error {
	if err := checkChartInput(rs); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(ProveCSVHeader); err != nil {
		return fmt.Errorf("bench: write csv: %w", err)
	}
	for _, r := range rs {
		for i, p := range r.proveRuns() {
			verify := ""
			if i < len(r.VerifyRuns) {
				verify = strconv.FormatInt(int64(r.VerifyRuns[i]), 10)
			} else if len(r.ProveRuns) == 0 && r.Verify > 0 {
				verify = strconv.FormatInt(int64(r.Verify), 10)
			}
			row := []string{
				strconv.Itoa(r.Shape.Chunks), strconv.Itoa(r.Shape.Probes), strconv.Itoa(r.Constraints),
				strconv.FormatFloat(r.PerChunk(), 'f', 2, 64), strconv.Itoa(i + 1),
				strconv.FormatInt(int64(p), 10), verify, strconv.FormatInt(int64(r.Setup), 10),
				strconv.Itoa(r.ProofBytes), strconv.FormatUint(r.PeakHeap, 10),
				m.CPU, strconv.Itoa(m.Cores), m.OS, m.Arch, m.Go, m.Gnark, m.Commit,
			}
			if err := cw.Write(row); err != nil {
				return fmt.Errorf("bench: write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("bench: write csv: %w", err)
	}
	return nil
}

// WriteProveFiles writes the chart as PNG and SVG and the raw runs as CSV
// next to each other: path's extension (if any) is replaced by .png, .svg
// and .csv. It returns the paths written.
func WriteProveFiles(path string, rs []ProveResult, m Machine) ([]string, error) {
	if err := checkChartInput(rs); err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(path, filepath.Ext(path))
	writers := []struct {
		ext   string
		write func(io.Writer) error
	}{
		{".png", func(w io.Writer) error { return WriteProveChartAs(w, rs, ChartPNG, m) }},
		{".svg", func(w io.Writer) error { return WriteProveChartAs(w, rs, ChartSVG, m) }},
		{".csv", func(w io.Writer) error { return WriteProveRunsCSV(w, rs, m) }},
	}
	var written []string
	for _, wr := range writers {
		name := base + wr.ext
		if err := writeFile(name, wr.write); err != nil {
			return written, err
		}
		written = append(written, name)
	}
	return written, nil
}

func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}
