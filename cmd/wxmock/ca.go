package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// runCA is `wxmock ca [-ca-dir DIR]`: it creates the local CA if there is
// none yet and tells how to trust it.
func runCA(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wxmock ca", flag.ContinueOnError)
	dir := fs.String("ca-dir", "", "directory of the local CA, created on first use (default: wxmock in the user's config directory)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: wxmock ca [-ca-dir DIR]\n\nCreates the local CA that wxmock -tls uses, if there is none yet, and prints how to trust it.\n\n")
		fs.PrintDefaults()
	}
	if err := parseSubcommand(fs, args, stderr); err != nil {
		return err
	}
	if *dir == "" {
		*dir = getenv(EnvName("ca-dir"))
	}
	ca, err := loadCA(*dir)
	if err != nil {
		return err
	}
	printTrust(stdout, ca.CertPath())
	return nil
}

// printTrust tells how each kind of client comes to trust the CA in path.
func printTrust(w io.Writer, path string) {
	p := shellQuote(path)
	fmt.Fprintf(w, `wxmock local CA: %s

Trust it in the environment of the tests (wxmock -tls serves a certificate
for api.weixin.qq.com, localhost, 127.0.0.1 and ::1 signed by it):

  export SSL_CERT_FILE=%s        # Go (on Linux), OpenSSL, curl
  export CURL_CA_BUNDLE=%s       # curl, which prefers it to SSL_CERT_FILE
  export REQUESTS_CA_BUNDLE=%s   # Python requests
  export NODE_EXTRA_CA_CERTS=%s  # Node.js

SSL_CERT_FILE, CURL_CA_BUNDLE and REQUESTS_CA_BUNDLE replace the system's CA
bundle: a client that reads them trusts wxmock only and can no longer reach
other HTTPS hosts. That suits CI; elsewhere set them for the tests alone, or
point them at a copy of the system bundle with this file appended.
NODE_EXTRA_CA_CERTS adds to Node's own CAs. Go on macOS and Windows reads only
the system's trust store.

Java (adds the CA to the JDK's cacerts; keytool -delete -alias wxmock removes it):

  keytool -importcert -alias wxmock -file %s -cacerts -storepass changeit -noprompt
`, path, p, p, p, p, p)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	safe := s != "" && !strings.ContainsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r))
	})
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
