package web

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// The cash pages of the back office: the deposits members transferred, to verify with
// their proof photo (/deposits), the withdrawals they asked for, to pay by transfer
// (/withdrawals), and the teller's counter (/teller). Every decision goes through coop, as
// the CLI and the admin menu make it; four eyes may hold a withdrawal, a cash withdrawal or
// a reversal.

func (s *Server) cashRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /deposits", Role: store.RoleTeller, Handler: s.depositsPage},
		{Pattern: "GET /deposits/{id}/proof", Role: store.RoleTeller, File: true, Handler: s.depositProof},
		{Pattern: "POST /deposits/{id}/verify", Role: store.RoleTeller, Handler: s.depositVerify},
		{Pattern: "POST /deposits/{id}/cancel", Role: store.RoleTeller, Handler: s.depositCancel},
		{Pattern: "GET /withdrawals", Role: store.RoleTeller, Handler: s.withdrawalsPage},
		{Pattern: "POST /withdrawals/{id}/pay", Role: store.RoleTeller, Handler: s.withdrawalPay},
		{Pattern: "POST /withdrawals/{id}/reject", Role: store.RoleTeller, Handler: s.withdrawalReject},
		{Pattern: "GET /teller", Role: store.RoleTeller, Handler: s.tellerPage},
		{Pattern: "POST /teller/{op}", Role: store.RoleTeller, Handler: s.tellerPost},
	}
}

// cashFailure is a decision or an operation that failed, shown on the page it came from,
// beside the item it was about, with what was typed.
type cashFailure struct {
	ID     int64  // the request it was about; 0 for the page as a whole
	Msg    string // why, in the staff member's language
	Reason string // the reason typed, kept
	Status int
}

// refusal is err said for staff: a refusal of the cooperative's rules in the staff
// member's language (the message catalog's words) with its HTTP status; anything else is
// a failure of ours (500), said with its error.
func (s *Server) refusal(r *http.Request, err error) cashFailure {
	status, words, ok := s.refused(r, err)
	if !ok {
		zerolog.Ctx(r.Context()).Error().Err(err).Str("path", r.URL.Path).Msg("A cash operation on the back office failed.")
		return cashFailure{Msg: fmt.Sprintf(s.words(r)["cash.failed"], err), Status: http.StatusInternalServerError}
	}
	return cashFailure{Msg: words, Status: status}
}

// requestID reads a deposit's or withdrawal's ID from the path; false when it is not one.
func requestID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// officeReady answers 503 when the server was started without the cooperative's office,
// which every cash page needs.
func (s *Server) officeReady(w http.ResponseWriter, r *http.Request) bool {
	if s.Office != nil && s.DB != nil {
		return true
	}
	t := s.words(r)
	s.errorPage(w, r, http.StatusServiceUnavailable, t["office.unavailable.title"], t["office.unavailable"])
	return false
}

// staffOp is the teller operation of the signed-in staff member under key: the member is
// told in the cooperative's language unless they chose one, times in the server's zone.
func (s *Server) staffOp(r *http.Request, key string) coop.TellerOp {
	sess, _ := sessionOf(r)
	return coop.TellerOp{Key: key, By: coop.StaffAccount(sess.Staff.Username), Lang: s.Office.Language,
		Loc: s.now().Location(), LateFeeBP: s.Office.LateFeeBP}
}

// newFormKey is a fresh one-time key a money form carries: the same form posted twice (a
// double-click, a reload) moves money once.
func newFormKey() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("web: no randomness for a form key: %v", err)) // crypto/rand does not fail on Linux
	}
	return hex.EncodeToString(b)
}

// formKey is the idempotency key of the money form posted for op (deposit, withdraw, ...):
// the form's one-time key, checked, under the teller's kind of key.
func formKey(r *http.Request, op string) (string, bool) {
	k := r.PostFormValue("key")
	if _, err := hex.DecodeString(k); err != nil || len(k) != 24 {
		return "", false
	}
	return store.KeyTeller.Key("web"+op, k), true
}

// flash adds the query of a page's result to path.
func flash(path string, q url.Values) string {
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// refOf reads a document number of kind from the query, as store.Ref prints it; the page
// echoes only that, never what was given.
func refOf(s string, kind store.RefKind) (store.Ref, bool) {
	ref, err := store.ParseRef(strings.TrimSpace(s))
	return ref, err == nil && ref.Kind == kind
}
