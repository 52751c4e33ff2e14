package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"
)

// buildRequest is the one request the harness sends to every server: wxmock's
// POST /promoter/getrole with an empty JSON object, on a kept-alive
// connection. Other servers ignore the token.
func buildRequest(host, token string) []byte {
	body := "{}"
	return []byte("POST /promoter/getrole?access_token=" + token + " HTTP/1.1\r\n" +
		"Host: " + host + "\r\n" +
		"Content-Type: application/json\r\n" +
		"Content-Length: " + strconv.Itoa(len(body)) + "\r\n" +
		"\r\n" + body)
}

// conn is one keep-alive HTTP/1.1 connection that sends the same request
// over and over. It is leaner than net/http's client (no allocation per
// request once warm), so that on a small machine the load generator takes
// as little CPU from the server as it can, as wrk does.
type conn struct {
	addr string
	req  []byte
	nc   net.Conn
	br   *bufio.Reader
}

// do sends the request once and reads the whole answer. A connection the
// server closed or broke is dialled again on the next call.
func (c *conn) do() error {
	if c.nc == nil {
		nc, err := net.DialTimeout("tcp", c.addr, 5*time.Second)
		if err != nil {
			return err
		}
		c.nc = nc
		if c.br == nil {
			c.br = bufio.NewReaderSize(nc, 32<<10)
		} else {
			c.br.Reset(nc)
		}
	}
	if _, err := c.nc.Write(c.req); err != nil {
		c.close()
		return err
	}
	status, keep, err := readResponse(c.br)
	if err != nil {
		c.close()
		return err
	}
	if !keep {
		c.close()
	}
	if status != 200 {
		return fmt.Errorf("status %d", status)
	}
	return nil
}

func (c *conn) close() {
	if c.nc != nil {
		c.nc.Close()
		c.nc = nil
	}
}

// readResponse reads one HTTP/1.x answer from br and discards its body
// (Content-Length or chunked). It returns the status code and whether the
// connection may be used again.
func readResponse(br *bufio.Reader) (status int, keepAlive bool, err error) {
	line, err := br.ReadSlice('\n')
	if err != nil {
		return 0, false, err
	}
	// "HTTP/1.1 200 OK"
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, false, fmt.Errorf("bad status line %q", line)
	}
	keepAlive = line[7] == '1'
	status, err = strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, false, fmt.Errorf("bad status line %q", line)
	}
	length, chunked := int64(-1), false
	for {
		line, err = br.ReadSlice('\n')
		if err != nil {
			return 0, false, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, false, fmt.Errorf("bad header line %q", line)
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			length, err = strconv.ParseInt(string(value), 10, 64)
			if err != nil || length < 0 {
				return 0, false, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			if bytes.EqualFold(value, []byte("close")) {
				keepAlive = false
			} else if bytes.EqualFold(value, []byte("keep-alive")) {
				keepAlive = true
			}
		}
	}
	switch {
	case chunked:
		err = discardChunked(br)
	case length >= 0:
		_, err = br.Discard(int(length))
	default:
		return status, false, errors.New("answer with neither Content-Length nor chunked body")
	}
	if err != nil {
		return 0, false, err
	}
	return status, keepAlive, nil
}

// discardChunked reads and drops a chunked body and its trailer.
func discardChunked(br *bufio.Reader) error {
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r\n")
		if i := bytes.IndexByte(line, ';'); i >= 0 {
			line = line[:i]
		}
		size, err := strconv.ParseInt(string(bytes.TrimSpace(line)), 16, 64)
		if err != nil || size < 0 {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if size == 0 {
			break
		}
		if _, err := br.Discard(int(size) + 2); err != nil {
			return err
		}
	}
	for { // trailer, up to the empty line
		line, err := br.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(bytes.TrimRight(line, "\r\n")) == 0 {
			return nil
		}
	}
}
