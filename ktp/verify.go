package ktp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"time"
)

// Request is what a verifier is asked about one KTP.
type Request struct {
	ReferenceID string // ours, unique per call: the aggregator echoes it and bills by it
	NIK         string
	Name        string
	BirthDate   time.Time
}

// Match is a verifier's answer: whether each field agrees with the population register (Dukcapil).
type Match struct {
	NIK       bool `json:"nik"`
	Name      bool `json:"name"`
	BirthDate bool `json:"birth_date"`
}

// Full reports whether every field matched.
func (m Match) Full() bool { return m.NIK && m.Name && m.BirthDate }

// Verifier checks a KTP's data against the population register.
type Verifier interface {
	Verify(ctx context.Context, req Request) (Match, error)
}

// CallError is a call to the verifier that gave no answer. Temporary ones (a timeout, the
// connection, 429 or 5xx) are worth trying again later; the rest (bad credentials, a request
// the aggregator refuses) are not.
type CallError struct {
	Status    int // the HTTP status, 0 when there was no response
	Temporary bool
	Err       error
}

func (e *CallError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("ktp verifier: HTTP %d: %v", e.Status, e.Err)
	}
	return "ktp verifier: " + e.Err.Error()
}

func (e *CallError) Unwrap() error { return e.Err }

// Temporary reports whether err is worth trying again later.
func Temporary(err error) bool {
	var ce *CallError
	return errors.As(err, &ce) && ce.Temporary
}

// HTTP is a Dukcapil aggregator reached over HTTPS: it POSTs
//
//	{"reference_id": "...", "nik": "...", "name": "...", "birth_date": "1990-08-17"}
//
// with "Authorization: Bearer APIKey" and reads back
//
//	{"reference_id": "...", "match": {"nik": true, "name": true, "birth_date": false}}
//
// One call is one attempt; the caller decides when to try again.
type HTTP struct {
	URL     string
	APIKey  string
	Timeout time.Duration // bounds one call; 10s when zero
	Client  *http.Client  // http.DefaultClient when nil
}

var _ Verifier = (*HTTP)(nil)

// Verify makes one call.
func (h *HTTP) Verify(ctx context.Context, req Request) (Match, error) {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	body, err := json.Marshal(struct {
		ReferenceID string `json:"reference_id"`
		NIK         string `json:"nik"`
		Name        string `json:"name"`
		BirthDate   string `json:"birth_date"`
	}{req.ReferenceID, req.NIK, req.Name, req.BirthDate.Format(time.DateOnly)})
	if err != nil {
		return Match{}, &CallError{Err: err}
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, h.URL, bytes.NewReader(body))
	if err != nil {
		return Match{}, &CallError{Err: err}
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")
	hreq.Header.Set("Authorization", "Bearer "+h.APIKey)
	client := h.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(hreq)
	if err != nil {
		// The request never got an answer: a timeout, a refused or dropped connection.
		return Match{}, &CallError{Temporary: true, Err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return Match{}, &CallError{Status: resp.StatusCode, Temporary: true, Err: fmt.Errorf("read answer: %w", err)}
	}
	if resp.StatusCode != http.StatusOK {
		temporary := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
		return Match{}, &CallError{Status: resp.StatusCode, Temporary: temporary, Err: fmt.Errorf("%s", snippet(raw))}
	}
	var ans struct {
		ReferenceID string `json:"reference_id"`
		Match       *Match `json:"match"`
	}
	if err := json.Unmarshal(raw, &ans); err != nil || ans.Match == nil {
		return Match{}, &CallError{Status: resp.StatusCode, Temporary: true, Err: fmt.Errorf("unreadable answer %q", snippet(raw))}
	}
	if ans.ReferenceID != "" && ans.ReferenceID != req.ReferenceID {
		return Match{}, &CallError{Status: resp.StatusCode, Err: fmt.Errorf("answer is for reference %q, not %q", ans.ReferenceID, req.ReferenceID)}
	}
	return *ans.Match, nil
}

// snippet is the start of an answer body, for an error that names what came back.
// Sixteen-digit runs are masked: an aggregator may echo the NIK, and errors are logged.
func snippet(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) > 200 {
		b = b[:200]
	}
	return MaskAll(string(b))
}

var nikRun = regexp.MustCompile(`\d{16}`)

// MaskAll masks every run of sixteen digits in s, as a NIK: for text from elsewhere that is
// about to be logged or stored.
func MaskAll(s string) string { return nikRun.ReplaceAllStringFunc(s, Mask) }
