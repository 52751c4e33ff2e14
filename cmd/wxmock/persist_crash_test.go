package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/wxmock/wxmock/internal/fixtures"
	"github.com/wxmock/wxmock/internal/persist"
	"github.com/wxmock/wxmock/internal/sim"
)

// crashApp is the appid of the n-th app the crash test's client creates.
func crashApp(n int) string { return fmt.Sprintf("wx9%015d", n) }

// crashApps is how many of the client's apps st holds; it fails the test
// unless they are exactly the first n, as a snapshot of one moment is.
func crashApps(t *testing.T, st *sim.State) int {
	t.Helper()
	n := 0
	for _, a := range st.Apps {
		if strings.HasPrefix(a.AppID, "wx9") {
			n++
			if a.AppID != crashApp(n) {
				t.Fatalf("app %s where %s was due: not a snapshot of one moment", a.AppID, crashApp(n))
			}
		}
	}
	return n
}

// buildWxmock builds the real binary.
func buildWxmock(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "wxmock")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestPersistSurvivesSIGKILL kills wxmock at random points while a client
// keeps changing its state and it saves all the time. Each time, the file
// holds a whole snapshot, and the next start loads exactly it: never less
// than it loaded the time before, never a torn mix, never nothing.
func TestPersistSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wxmock and kills it many times")
	}
	t.Parallel()
	bin := buildWxmock(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "wxmock.json")
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill points drawn with seed %d", seed)
	rnd := rand.New(rand.NewPCG(seed, seed))
	// A state of a few MB makes a save last long enough to be killed in.
	args := []string{"-addr", "127.0.0.1:0", "-persist", path, "-snapshot-interval", "5ms", "-freeze-clock",
		"-state", crashState(t, dir), "-log-level", "warn"}
	client := &http.Client{Timeout: 5 * time.Second}
	// The budget is generous: on a loaded 2-core machine (CI runs every
	// package at once) a start of the few-MB state can take seconds.
	const iterations, budget, atLeast = 20, 90 * time.Second, 5
	started, loaded, sent, midSave := time.Now(), 0, 0, 0
	i := 0
	for ; i < iterations && time.Since(started) < budget; i++ {
		var onDisk *persist.Snapshot
		if i > 0 {
			var err error
			if onDisk, err = persist.Read(path); err != nil || onDisk == nil {
				t.Fatalf("kill %d: the file is not a whole snapshot: %v", i, err)
			}
		}
		p := startExe(t, bin, nil, args...)
		addr := p.addr
		var st sim.State
		if err := getJSON(client, "http://"+addr+"/__wxmock/state", &st); err != nil {
			t.Fatalf("start %d: %v\n%s", i, err, p.stderr.String())
		}
		n := crashApps(t, &st)
		if onDisk != nil {
			if diff := cmp.Diff(onDisk.State, &st); diff != "" {
				t.Fatalf("start %d loaded another state than the file's (-file +loaded):\n%s", i, diff)
			}
		}
		if n < loaded || n > sent {
			t.Fatalf("start %d loaded %d of the client's apps, want %d to %d", i, n, loaded, sent)
		}
		loaded = n
		// The client creates the next apps until the kill.
		var acked atomic.Int64
		stop := make(chan struct{})
		done := make(chan struct{})
		next := n
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				default:
				}
				next++
				body := fmt.Sprintf(`{"appid":%q,"name":"crash %d"}`, crashApp(next), next)
				res, err := client.Post("http://"+addr+"/__wxmock/apps", "application/json", strings.NewReader(body))
				if err != nil {
					return
				}
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK {
					return
				}
				acked.Add(1)
				// A pause bounds how far the state grows over the kills.
				time.Sleep(time.Millisecond)
			}
		}()
		time.Sleep(time.Duration(rnd.IntN(300)) * time.Millisecond)
		if err := p.cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		<-p.exit
		close(stop)
		<-done
		sent = next // the last request may have been committed, unanswered
		if stale, _ := filepath.Glob(filepath.Join(dir, ".wxmock.json.tmp-*")); len(stale) > 0 {
			midSave++
		}
		if acked.Load() == 0 && i > 0 {
			t.Logf("kill %d: came before the client's first answer", i)
		}
	}
	if i < atLeast {
		t.Errorf("only %d kills within %v, want at least %d", i, budget, atLeast)
	}
	if loaded == 0 {
		t.Error("no start loaded any of the client's apps: the saves never happened")
	}
	t.Logf("%d kills, %d of them during a save; the last start loaded %d apps", i, midSave, loaded)
}

// crashState writes the default state with a legacy store of about 3 MB.
func crashState(t *testing.T, dir string) string {
	t.Helper()
	st, err := fixtures.DefaultState()
	if err != nil {
		t.Fatal(err)
	}
	st.LegacyStores = append(st.LegacyStores, sim.LegacyStore{AppID: fixtures.DefaultAppID, PoiID: "271262077",
		MapID: "3183744", UpgradeStatus: sim.UpgradeForbidden, BaseInfo: map[string]any{"business_name": strings.Repeat("店", 1<<20)}})
	data, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "seed-state.json")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// getJSON fetches url and decodes its JSON answer.
func getJSON(c *http.Client, url string, v any) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d: %s", url, res.StatusCode, body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
