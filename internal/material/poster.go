package material

import (
	"image"
	"image/color"
)

// The poster is a portrait card in the 5:8 shape of a phone screen shared in
// a chat, kept small because encoding costs time in proportion to its area
// (600x960 took about 2 ms, 480x768 takes 1.5). It has no text: the mock has
// no fonts, and the QR code is what a test or a scanner reads.
const (
	// PosterWidth is the width of a poster in pixels.
	PosterWidth = 480
	// PosterHeight is the height of a poster in pixels.
	PosterHeight = 768
)

// Poster layout, in pixels. The QR code gets 288 px square, quiet zone
// included: a typical bind path (74 bytes, a version 5 symbol of 45 modules
// with its quiet zone) gets 6 px modules, and even MaxContentBytes of content
// (129 modules) gets 2 px ones.
const (
	headerHeight = 160
	footerHeight = 40
	cardSide     = 288
	cardMargin   = 16
)

// Palette indexes of a poster, after idxWhite and idxBlack.
const (
	idxAccent uint8 = iota + idxBlack + 1
	idxTint
)

// PosterSpec describes a poster. The zero value of every field but QRContent
// is usable.
type PosterSpec struct {
	// QRContent is what the poster's QR code encodes, typically the
	// mini-program path of the promoter binding page. It follows QRCode's
	// rules: not empty, at most MaxContentBytes.
	QRContent string
	// Accent colours the header and footer bands; the body is a light tint
	// of it. Its alpha is ignored (a poster is opaque), except that the zero
	// value means AccentFor(0).
	Accent color.RGBA
}

// AccentFor picks an accent from a small fixed palette (WeUI's brand, blue,
// orange, red, purple and indigo), so that posters of different roles, say
// AccentFor(roleID), look different while staying deterministic.
func AccentFor(seed uint32) color.RGBA {
	accents := [...]color.RGBA{
		{R: 0x07, G: 0xC1, B: 0x60, A: 0xFF},
		{R: 0x10, G: 0xAE, B: 0xFF, A: 0xFF},
		{R: 0xFA, G: 0x9D, B: 0x3B, A: 0xFF},
		{R: 0xFA, G: 0x51, B: 0x51, A: 0xFF},
		{R: 0x64, G: 0x67, B: 0xF0, A: 0xFF},
		{R: 0x14, G: 0x85, B: 0xEE, A: 0xFF},
	}
	return accents[seed%uint32(len(accents))]
}

// Poster returns a PosterWidth x PosterHeight PNG: an accent header band with
// two white bars where a title would be, a tinted body, an accent footer band,
// and in the middle of the body a white card with the QR code of
// spec.QRContent. It returns the same errors as QRCode for a bad QRContent.
func Poster(spec PosterSpec) ([]byte, error) {
	bits, err := bitmap(spec.QRContent)
	if err != nil {
		return nil, err
	}
	accent := spec.Accent
	if accent == (color.RGBA{}) {
		accent = AccentFor(0)
	}
	accent.A = 0xFF
	img := image.NewPaletted(image.Rect(0, 0, PosterWidth, PosterHeight),
		palette(color.White, color.Black, accent, tint(accent)))

	fill(img, image.Rect(0, 0, PosterWidth, headerHeight), idxAccent)
	fill(img, image.Rect(40, 56, 328, 84), idxWhite)
	fill(img, image.Rect(40, 100, 250, 116), idxWhite)
	fill(img, image.Rect(0, headerHeight, PosterWidth, PosterHeight-footerHeight), idxTint)
	fill(img, image.Rect(0, PosterHeight-footerHeight, PosterWidth, PosterHeight), idxAccent)

	bodyMidY := (headerHeight + PosterHeight - footerHeight) / 2
	qr := image.Rect(0, 0, cardSide, cardSide).Add(image.Pt((PosterWidth-cardSide)/2, bodyMidY-cardSide/2))
	fill(img, qr.Inset(-cardMargin), idxWhite)
	drawQR(img, bits, qr)
	return encodePNG(img)
}

// tint mixes c with seven parts of white: light enough for a body that must
// not compete with the code, still recognisably the accent.
func tint(c color.RGBA) color.RGBA {
	mix := func(v uint8) uint8 { return uint8(int(v) + (0xFF-int(v))*7/8) }
	return color.RGBA{R: mix(c.R), G: mix(c.G), B: mix(c.B), A: 0xFF}
}
