// Package material draws the images that the promoter endpoints return in
// base64: a plain QR code (the "qrcode" field of getsharematerial and
// getinvitationmaterial) and a poster that carries one (the "poster" field of
// getinvitationmaterial).
//
// WeChat answers with a mini-program code (the round "sun" code); the mock
// answers with an ordinary QR code instead, because any decoder reads it and a
// test can check that the image really points at the path the mock stored.
//
// The images are flat paletted PNGs: cheap to draw, a few kilobytes in size,
// and deterministic (the same input always gives the same bytes), so golden
// files that embed them stay stable. The package keeps no state and is safe
// for concurrent use.
package material
