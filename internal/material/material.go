package material

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"

	qrcode "github.com/skip2/go-qrcode"
)

// The side of a QR code image follows the "width" parameter of WeChat's own
// code endpoints (wxacode.createQRCode and wxacode.getUnlimited): 430 px by
// default, at least 280 px and at most 1280 px.
const (
	// DefaultSize is the side in pixels that QRCode uses when asked for 0.
	DefaultSize = 430
	// MinSize is the smallest side QRCode draws; smaller requests are raised
	// to it. With MaxContentBytes of content every module is still 2 px wide.
	MinSize = 280
	// MaxSize is the largest side QRCode draws; larger requests are lowered
	// to it, which also bounds the memory a request can cost.
	MaxSize = 1280
)

// MaxContentBytes bounds the content of a code, in UTF-8 bytes. A mini-program
// path with its query is far shorter (WeChat caps createQRCode's path at 128
// bytes); the bound keeps the symbol at version 26 or below (129 modules with
// the quiet zone), small enough to stay readable at MinSize.
const MaxContentBytes = 1024

// ErrEmptyContent is returned for an empty content: a code that leads nowhere
// is always a caller's bug.
var ErrEmptyContent = errors.New("material: empty QR code content")

// ErrContentTooLong is returned when the content exceeds MaxContentBytes.
var ErrContentTooLong = fmt.Errorf("material: QR code content longer than %d bytes", MaxContentBytes)

// Palette indexes shared by every image of the package. Index 0 is the
// colour a fresh paletted image starts with.
const (
	idxWhite uint8 = iota
	idxBlack
)

// QRCode returns a PNG image, size pixels square, of a QR code that encodes
// content with medium (15%) error correction and a quiet zone of four modules.
// A size of 0 means DefaultSize; other sizes are clamped to [MinSize, MaxSize].
// Modules are a whole number of pixels wide, and what is left over of the side
// is added to the white margin, so every module has the same width.
func QRCode(content string, size int) ([]byte, error) {
	bits, err := bitmap(content)
	if err != nil {
		return nil, err
	}
	side := clampSize(size)
	// Two colours make a 1-bit PNG: six times smaller than an 8-bit one
	// (about 1 KB at DefaultSize) for a fifth more time. See minPalette.
	img := image.NewPaletted(image.Rect(0, 0, side, side), color.Palette{color.White, color.Black})
	drawQR(img, bits, image.Rect(0, 0, side, side))
	return encodePNG(img)
}

// clampSize maps a requested side to the one QRCode draws.
func clampSize(size int) int {
	switch {
	case size == 0:
		return DefaultSize
	case size < MinSize:
		return MinSize
	case size > MaxSize:
		return MaxSize
	}
	return size
}

// bitmap checks content and returns its QR code modules, quiet zone included,
// as bits[y][x] (true is dark).
func bitmap(content string) ([][]bool, error) {
	switch {
	case content == "":
		return nil, ErrEmptyContent
	case len(content) > MaxContentBytes:
		return nil, ErrContentTooLong
	}
	q, err := qrcode.New(content, qrcode.Medium)
	if err != nil {
		return nil, fmt.Errorf("material: encode QR code: %w", err)
	}
	return q.Bitmap(), nil
}

// drawQR draws bits centred in area of img, which must already be white
// there, with square modules as large as area allows (at least 1 px).
func drawQR(img *image.Paletted, bits [][]bool, area image.Rectangle) {
	n := len(bits)
	module := max(min(area.Dx(), area.Dy())/n, 1)
	x0 := area.Min.X + (area.Dx()-module*n)/2
	y0 := area.Min.Y + (area.Dy()-module*n)/2
	for y, row := range bits {
		for x, dark := range row {
			if dark {
				px := x0 + x*module
				py := y0 + y*module
				fill(img, image.Rect(px, py, px+module, py+module), idxBlack)
			}
		}
	}
}

// fill sets every pixel of r (clipped to img) to the palette index idx. It
// writes Pix directly: going through Set would cost a palette lookup a pixel.
func fill(img *image.Paletted, r image.Rectangle, idx uint8) {
	r = r.Intersect(img.Rect)
	if r.Empty() {
		return
	}
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):img.PixOffset(r.Max.X, r.Min.Y)]
	for i := range first {
		first[i] = idx
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(img.Pix[img.PixOffset(r.Min.X, y):], first)
	}
}

// minPalette is the smallest palette image/png writes at 8 bits a pixel. With
// 16 colours or fewer it packs 1, 2 or 4 bits a pixel through an interface
// call per pixel, which for a poster costs more than everything else put
// together (about 2 ms); at 8 bits it copies each row of Pix as it is.
const minPalette = 17

// palette returns colors padded to minPalette entries with copies of the
// first, which no pixel uses, so that the image is written at 8 bits a pixel.
func palette(colors ...color.Color) color.Palette {
	p := make(color.Palette, max(len(colors), minPalette))
	copy(p, colors)
	for i := len(colors); i < len(p); i++ {
		p[i] = colors[0]
	}
	return p
}

// encodePNG encodes img. Paletted images are not filtered, so the compression
// level is the one expensive knob: BestSpeed halves the time of the default
// and costs a few hundred bytes on these flat images.
func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("material: encode PNG: %w", err)
	}
	return buf.Bytes(), nil
}
