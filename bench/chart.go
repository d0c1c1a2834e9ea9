package bench

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// WriteProveChart draws prove time (left axis, blue) and constraints
// (right axis, orange) against window size (log2 x axis) as a PNG.
func WriteProveChart(w io.Writer, rs []ProveResult) error {
	if len(rs) == 0 {
		return fmt.Errorf("chart: no results")
	}
	const W, H, left, right, top, bottom = 720, 420, 80, 90, 40, 60
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	black := color.RGBA{40, 40, 40, 255}
	blue := color.RGBA{31, 119, 180, 255}
	orange := color.RGBA{255, 127, 14, 255}
	grey := color.RGBA{220, 220, 220, 255}

	minX, maxX := math.Log2(float64(rs[0].Shape.Chunks)), math.Log2(float64(rs[len(rs)-1].Shape.Chunks))
	if maxX == minX {
		maxX = minX + 1
	}
	var maxT, maxC float64
	for _, r := range rs {
		maxT = math.Max(maxT, float64(r.Prove.Milliseconds()))
		maxC = math.Max(maxC, float64(r.Constraints))
	}
	maxT, maxC = niceCeil(maxT), niceCeil(maxC)
	px := func(wc int) int {
		return left + int((math.Log2(float64(wc))-minX)/(maxX-minX)*float64(W-left-right))
	}
	py := func(v, vmax float64) int { return H - bottom - int(v/vmax*float64(H-top-bottom)) }

	for i := 0; i <= 4; i++ { // grid and axis labels
		y := py(float64(i)*maxT/4, maxT)
		line(img, left, y, W-right, y, grey)
		text(img, 8, y+4, fmt.Sprintf("%.0f ms", float64(i)*maxT/4), blue)
		text(img, W-right+6, y+4, strconv.FormatFloat(float64(i)*maxC/4/1000, 'f', -1, 64)+"k", orange)
	}
	line(img, left, H-bottom, W-right, H-bottom, black)
	line(img, left, top, left, H-bottom, black)
	line(img, W-right, top, W-right, H-bottom, black)
	for _, r := range rs {
		x := px(r.Shape.Chunks)
		line(img, x, H-bottom, x, H-bottom+5, black)
		text(img, x-10, H-bottom+20, fmt.Sprint(r.Shape.Chunks), black)
	}
	series := func(val func(ProveResult) float64, vmax float64, c color.RGBA) {
		for i, r := range rs {
			x, y := px(r.Shape.Chunks), py(val(r), vmax)
			dot(img, x, y, c)
			if i > 0 {
				q := rs[i-1]
				thick(img, px(q.Shape.Chunks), py(val(q), vmax), x, y, c)
			}
		}
	}
	series(func(r ProveResult) float64 { return float64(r.Constraints) }, maxC, orange)
	series(func(r ProveResult) float64 { return float64(r.Prove.Milliseconds()) }, maxT, blue)
	text(img, left, 20, "bwproof ByteCount: Groth16 prove time (blue) and constraints (orange)", black)
	text(img, W/2-60, H-15, "window size W (chunks, log scale)", black)
	return png.Encode(w, img)
}

func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v {
			return m * p
		}
	}
	return 10 * p
}

func text(img *image.RGBA, x, y int, s string, c color.Color) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func line(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		img.Set(x0, y0, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func thick(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	for d := -1; d <= 1; d++ {
		line(img, x0, y0+d, x1, y1+d, c)
	}
}

func dot(img *image.RGBA, x, y int, c color.Color) {
	for i := -3; i <= 3; i++ {
		for j := -3; j <= 3; j++ {
			if i*i+j*j <= 9 {
				img.Set(x+i, y+j, c)
			}
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
