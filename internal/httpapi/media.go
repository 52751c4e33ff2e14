package httpapi

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"strings"

	"github.com/wxmock/wxmock/internal/sim"
)

// maxUpload bounds an upload's body: the largest media type takes 10 MB,
// and a multipart envelope adds a little.
const maxUpload = 10<<20 + 64<<10

type mediaBody struct {
	Type         string `json:"type"`
	MediaID      string `json:"media_id,omitempty"`
	ThumbMediaID string `json:"thumb_media_id,omitempty"`
	CreatedAt    int64  `json:"created_at"`
}

// uploadMedia answers POST /cgi-bin/media/upload?type=...: the multipart
// field "media" (REFERENCE.md, "Tokens and media"); a thumb answers
// thumb_media_id instead of media_id.
func (s *Server) uploadMedia(c *call) (any, error) {
	typ, _ := c.body.str("type")
	up := sim.MediaUpload{Type: typ}
	if err := readMediaPart(c, &up); err != nil {
		return nil, err
	}
	m, err := s.sim.AddMedia(c.appid, up)
	if err != nil {
		return nil, err
	}
	out := mediaBody{Type: m.Type, CreatedAt: m.CreatedAt}
	if m.Type == "thumb" {
		out.ThumbMediaID = m.MediaID
	} else {
		out.MediaID = m.MediaID
	}
	return out, nil
}

// readMediaPart finds the part named "media" and measures it, keeping its
// first bytes; 41005 when there is none, 47001 for a body that is not
// multipart.
func readMediaPart(c *call, up *sim.MediaUpload) error {
	if !sim.MediaType(up.Type) {
		return sim.ErrInvalidMediaType
	}
	mt, params, err := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		c.note("body is not multipart/form-data")
		return sim.ErrMediaMissing
	}
	lr := &io.LimitedReader{R: c.r.Body, N: maxUpload + 1}
	mr := multipart.NewReader(lr, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return sim.ErrMediaMissing
		}
		if err != nil {
			c.note("multipart body: %v", err)
			return sim.ErrMediaMissing
		}
		if part.FormName() != mediaField {
			continue
		}
		up.Filename = part.FileName()
		head := make([]byte, 512)
		n, _ := io.ReadFull(part, head)
		rest, err := io.Copy(io.Discard, part)
		if lr.N <= 0 {
			// The body ran past the largest upload there is: too large,
			// whatever its type (its multipart ending was never read).
			return sim.ErrInvalidSize
		}
		if err != nil {
			c.note("media part: %v", err)
			return sim.ErrMediaMissing
		}
		up.Head, up.Size = head[:n], int64(n)+rest
		c.entry.Request = clipString("(multipart: media " + up.Filename + ")")
		return nil
	}
}
