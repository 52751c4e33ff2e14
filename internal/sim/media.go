package sim

import (
	"bytes"
	"path"
	"strings"

	memdb "github.com/hashicorp/go-memdb"
)

// Media is an uploaded temporary asset (临时素材): what the store API's
// mediaid arguments name.
type Media struct {
	AppID     string `json:"appid"`
	MediaID   string `json:"media_id"`
	Type      string `json:"type"`   // image, voice, video or thumb
	Format    string `json:"format"` // jpg, png, gif, mp3, amr or mp4
	Size      int64  `json:"size"`
	CreatedAt int64  `json:"created_at"`
}

// MediaTTL is how long a temporary asset lives: three days (REFERENCE.md,
// "Tokens and media").
const MediaTTL = 3 * 24 * 3600

// mediaRule is what one upload type accepts (REFERENCE.md: image 10 MB
// png/jpeg/jpg/gif, voice 2 MB amr/mp3, video 10 MB mp4, thumb 64 KB jpg).
type mediaRule struct {
	maxSize int64
	formats []string
}

var mediaRules = map[string]mediaRule{
	"image": {10 << 20, []string{"jpg", "png", "gif"}},
	"voice": {2 << 20, []string{"mp3", "amr"}},
	"video": {10 << 20, []string{"mp4"}},
	"thumb": {64 << 10, []string{"jpg"}},
}

// MediaType reports whether the upload takes typ, so a caller can answer
// 40004 before it reads the file.
func MediaType(typ string) bool {
	_, ok := mediaRules[typ]
	return ok
}

// Media upload errors (WeChat's global codes; 40006 keeps WeChat's spelling).
var (
	ErrInvalidFileType = &APIError{40005, "invalid file type"}
	ErrInvalidSize     = &APIError{40006, "invalid meida size"}
	ErrInvalidMediaID  = &APIError{40007, "invalid media_id"}
	ErrMediaMissing    = &APIError{41005, "media data missing"}
)

// MediaUpload is one file of POST /cgi-bin/media/upload.
type MediaUpload struct {
	Type     string
	Filename string
	Head     []byte // the first bytes of the file, for its format
	Size     int64
}

// AddMedia stores an upload: 40004 for an unknown type, 41005 for an empty
// file, 40006 for one too large, 40005 for a format the type does not take.
// The format is read from the file's first bytes, as a server must (a
// client's file name and Content-Type are only claims); a file whose bytes
// name no known format falls back to its extension, so tests may upload
// small stand-ins.
func (s *Sim) AddMedia(appid string, up MediaUpload) (Media, error) {
	rule, ok := mediaRules[up.Type]
	if !ok {
		return Media{}, ErrInvalidMediaType
	}
	if up.Size == 0 {
		return Media{}, ErrMediaMissing
	}
	if up.Size > rule.maxSize {
		return Media{}, ErrInvalidSize
	}
	format := sniffFormat(up.Head)
	if format == "" {
		format = strings.TrimPrefix(strings.ToLower(path.Ext(up.Filename)), ".")
		if format == "jpeg" {
			format = "jpg"
		}
	}
	if !contains(rule.formats, format) {
		return Media{}, ErrInvalidFileType
	}
	m := Media{AppID: appid, MediaID: s.rnd.String(64, alphaToken), Type: up.Type, Format: format, Size: up.Size, CreatedAt: s.Now().Unix()}
	err := s.write(func(txn *memdb.Txn) error {
		if err := pruneMediaTxn(txn, appid, m.CreatedAt); err != nil {
			return err
		}
		return txn.Insert(tableMedia, &m)
	})
	return m, err
}

// sniffFormat names a file's format by its magic bytes, or "".
func sniffFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		return "jpg"
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(head, []byte("GIF87a")), bytes.HasPrefix(head, []byte("GIF89a")):
		return "gif"
	case bytes.HasPrefix(head, []byte("#!AMR")):
		return "amr"
	case bytes.HasPrefix(head, []byte("ID3")), len(head) > 1 && head[0] == 0xff && head[1]&0xe0 == 0xe0:
		return "mp3"
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return "mp4"
	}
	return ""
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// mediaValidTxn returns the app's live media with id, or nil when it is
// unknown, another app's, or older than three days.
func mediaValidTxn(txn *memdb.Txn, appid, id string, now int64) (*Media, error) {
	m, err := first[Media](txn, tableMedia, indexID, id)
	if err != nil || m == nil {
		return nil, err
	}
	if m.AppID != appid || now >= m.CreatedAt+MediaTTL {
		return nil, nil
	}
	return m, nil
}

// pruneMediaTxn forgets the app's media that expired a day or more ago.
func pruneMediaTxn(txn *memdb.Txn, appid string, now int64) error {
	ms, err := all[Media](txn, tableMedia, indexApp, appid)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if now >= m.CreatedAt+MediaTTL+24*3600 {
			if err := txn.Delete(tableMedia, m); err != nil {
				return err
			}
		}
	}
	return nil
}
