package material_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/wxmock/wxmock/internal/material"
)

// bindPath is the page WeChat's promoter docs send a new promoter to.
const bindPath = "pages/bindPromoter/bindPromoter?appid=wx0123456789abcdef&role=2&openType=2"

// decodePNG decodes a PNG and checks its bounds.
func decodePNG(t *testing.T, b []byte, want image.Rectangle) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png.Decode: %v", err)
	}
	if diff := cmp.Diff(want, img.Bounds()); diff != "" {
		t.Fatalf("bounds mismatch (-want +got):\n%s", diff)
	}
	return img
}

// readQR finds and decodes the one QR code in img. go-qrcode writes no ECI
// header, so the reader is told the content is UTF-8, as WeChat assumes.
func readQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatalf("NewBinaryBitmapFromImage: %v", err)
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_CHARACTER_SET: "UTF-8"}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("decode QR code: %v", err)
	}
	return res.GetText()
}

func TestQRCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		size    int
		want    int // side of the image
	}{
		{name: "ascii", content: "hello", size: 300, want: 300},
		{name: "bind path", content: bindPath, size: 430, want: 430},
		{name: "url", content: "https://wxaurl.cn/bQx4Yz0Ab1c?promoter_share=AbC_123-xyz", size: 512, want: 512},
		{name: "chinese", content: "推广员邀请：欢迎加入！role=2&name=张三", size: 600, want: 600},
		{name: "zero is default", content: bindPath, size: 0, want: material.DefaultSize},
		{name: "below min", content: bindPath, size: 100, want: material.MinSize},
		{name: "negative", content: bindPath, size: -5, want: material.MinSize},
		{name: "min", content: bindPath, size: material.MinSize, want: material.MinSize},
		{name: "max", content: bindPath, size: material.MaxSize, want: material.MaxSize},
		{name: "above max", content: bindPath, size: 5000, want: material.MaxSize},
		{name: "longest ascii at min", content: strings.Repeat("a/b?c=1&", material.MaxContentBytes/8), size: material.MinSize, want: material.MinSize},
		{name: "longest chinese at min", content: strings.Repeat("码", material.MaxContentBytes/3), size: material.MinSize, want: material.MinSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := material.QRCode(tt.content, tt.size)
			if err != nil {
				t.Fatalf("QRCode: %v", err)
			}
			img := decodePNG(t, b, image.Rect(0, 0, tt.want, tt.want))
			if diff := cmp.Diff(tt.content, readQR(t, img)); diff != "" {
				t.Errorf("content mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPoster(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		spec       material.PosterSpec
		wantAccent color.RGBA
	}{
		{name: "bind path", spec: material.PosterSpec{QRContent: bindPath, Accent: material.AccentFor(2)}, wantAccent: material.AccentFor(2)},
		{name: "zero accent is default", spec: material.PosterSpec{QRContent: bindPath}, wantAccent: material.AccentFor(0)},
		{name: "alpha ignored", spec: material.PosterSpec{QRContent: "hello", Accent: color.RGBA{R: 0x20, G: 0x40, B: 0x60}}, wantAccent: color.RGBA{R: 0x20, G: 0x40, B: 0x60, A: 0xFF}},
		{name: "black accent", spec: material.PosterSpec{QRContent: "hello", Accent: color.RGBA{A: 0xFF}}, wantAccent: color.RGBA{A: 0xFF}},
		{name: "chinese", spec: material.PosterSpec{QRContent: "推广员邀请：欢迎加入！", Accent: material.AccentFor(4)}, wantAccent: material.AccentFor(4)},
		{name: "longest", spec: material.PosterSpec{QRContent: strings.Repeat("码", material.MaxContentBytes/3), Accent: material.AccentFor(1)}, wantAccent: material.AccentFor(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := material.Poster(tt.spec)
			if err != nil {
				t.Fatalf("Poster: %v", err)
			}
			if len(b) > 30<<10 {
				t.Errorf("poster is %d bytes, want at most 30 KiB", len(b))
			}
			img := decodePNG(t, b, image.Rect(0, 0, material.PosterWidth, material.PosterHeight))
			if diff := cmp.Diff(tt.spec.QRContent, readQR(t, img)); diff != "" {
				t.Errorf("content mismatch (-want +got):\n%s", diff)
			}
			corners := []image.Point{{0, 0}, {material.PosterWidth - 1, material.PosterHeight - 1}}
			for _, p := range corners {
				got := color.RGBAModel.Convert(img.At(p.X, p.Y))
				if diff := cmp.Diff(color.Color(tt.wantAccent), got); diff != "" {
					t.Errorf("colour at %v mismatch (-want +got):\n%s", p, diff)
				}
			}
		})
	}
}

func TestContentErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
		want    error
	}{
		{name: "empty", content: "", want: material.ErrEmptyContent},
		{name: "one byte too long", content: strings.Repeat("a", material.MaxContentBytes+1), want: material.ErrContentTooLong},
		{name: "chinese counts bytes", content: strings.Repeat("码", material.MaxContentBytes/3+1), want: material.ErrContentTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if b, err := material.QRCode(tt.content, 0); !errors.Is(err, tt.want) || b != nil {
				t.Errorf("QRCode = %d bytes, %v; want nil, %v", len(b), err, tt.want)
			}
			if b, err := material.Poster(material.PosterSpec{QRContent: tt.content}); !errors.Is(err, tt.want) || b != nil {
				t.Errorf("Poster = %d bytes, %v; want nil, %v", len(b), err, tt.want)
			}
		})
	}
}

// TestDeterministic checks that the same input gives the same bytes (golden
// files embed the images) and that different accents give different posters.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	qr := func() []byte {
		b, err := material.QRCode(bindPath, 0)
		if err != nil {
			t.Fatalf("QRCode: %v", err)
		}
		return b
	}
	if diff := cmp.Diff(qr(), qr()); diff != "" {
		t.Errorf("QRCode bytes differ between calls (-first +second):\n%s", diff)
	}
	poster := func(seed uint32) []byte {
		b, err := material.Poster(material.PosterSpec{QRContent: bindPath, Accent: material.AccentFor(seed)})
		if err != nil {
			t.Fatalf("Poster: %v", err)
		}
		return b
	}
	if diff := cmp.Diff(poster(1), poster(1)); diff != "" {
		t.Errorf("Poster bytes differ between calls (-first +second):\n%s", diff)
	}
	if bytes.Equal(poster(1), poster(2)) {
		t.Error("posters with different accents are equal")
	}
}

func TestAccentFor(t *testing.T) {
	t.Parallel()
	seen := map[color.RGBA]uint32{}
	for seed := range uint32(6) {
		c := material.AccentFor(seed)
		if c.A != 0xFF {
			t.Errorf("AccentFor(%d) = %v, want opaque", seed, c)
		}
		if prev, ok := seen[c]; ok {
			t.Errorf("AccentFor(%d) = AccentFor(%d) = %v", seed, prev, c)
		}
		seen[c] = seed
	}
	if diff := cmp.Diff(material.AccentFor(0), material.AccentFor(6)); diff != "" {
		t.Errorf("palette does not wrap after 6 (-want +got):\n%s", diff)
	}
}

func BenchmarkQRCode(b *testing.B) {
	for b.Loop() {
		if _, err := material.QRCode(bindPath, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoster(b *testing.B) {
	spec := material.PosterSpec{QRContent: bindPath, Accent: material.AccentFor(2)}
	for b.Loop() {
		if _, err := material.Poster(spec); err != nil {
			b.Fatal(err)
		}
	}
}
