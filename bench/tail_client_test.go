package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"strconv"
)

// rawConn is one keep-alive HTTP/1.1 connection sending the same prepared
// request again and again, with no allocation per request once warm: the
// tail benchmark's client leaves as little garbage as it can, so that the
// garbage collections it sees are the server's.
type rawConn struct {
	nc  net.Conn
	br  *bufio.Reader
	req []byte
}

// dialRaw opens a connection to addr that sends req.
func dialRaw(addr string, req []byte) (*rawConn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &rawConn{nc: nc, br: bufio.NewReaderSize(nc, 16<<10), req: req}, nil
}

// rawRequest is a POST of body to target on host with keep-alive.
func rawRequest(host, target, body string) []byte {
	return []byte("POST " + target + " HTTP/1.1\r\nHost: " + host +
		"\r\nContent-Type: application/json\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body)
}

// do sends the request and reads the whole answer, which must be a 200
// with a Content-Length.
func (c *rawConn) do() error {
	if _, err := c.nc.Write(c.req); err != nil {
		return err
	}
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return err
	}
	if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
		return fmt.Errorf("status line %q", line)
	}
	length := -1
	for {
		line, err = c.br.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		if name, value, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(name, []byte("Content-Length")) {
			if length, err = strconv.Atoi(string(bytes.TrimSpace(value))); err != nil {
				return fmt.Errorf("Content-Length %q", value)
			}
		}
	}
	if length < 0 {
		return fmt.Errorf("answer without Content-Length")
	}
	_, err = c.br.Discard(length)
	return err
}

func (c *rawConn) close() { c.nc.Close() }
