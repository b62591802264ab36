package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/rs/zerolog"
)

// timeLayout is how every time on the pages is shown, in the server's time zone.
const timeLayout = "2006-01-02 15:04"

// stateWords is how a state looks on the pages: a badge label, its colour class,
// and what it means in plain words.
type stateWords struct {
	Label, Class, Words string
}

// canPair reports whether pairing makes sense now: a code is showing, or the branch
// has no working device. A connected branch must be logged out from its phone first.
func canPair(b BranchStatus) bool {
	switch b.State {
	case "unpaired", "connecting", "logged_out":
		return true
	}
	return b.QR != ""
}

// branchView is one branch as the templates show it.
type branchView struct {
	stateWords
	ID, Name, State string
	Problem         string
	Detail          string
	Href            string
	PairAction      string
	Phone           string
	Since           string
	Queued, Failed  int
	LastFailure     string
	QRSrc           string // the QR image URL, empty when no code is showing
	CanPair         bool
	NeedsRefresh    bool
	QRPaused        bool // codes are paused: the page offers to show them, and does not reload by itself
}

func newBranchView(b BranchStatus, t *text, loc *time.Location) branchView {
	href := "/branches/" + url.PathEscape(b.ID)
	v := branchView{
		stateWords:   t.words(b, loc),
		ID:           b.ID,
		Name:         b.Name,
		State:        b.State,
		Problem:      b.Problem,
		Detail:       b.Detail,
		Href:         href,
		PairAction:   href + "/pair-phone",
		Phone:        showPhone(b.Phone),
		Queued:       b.OutboxQueued,
		Failed:       b.OutboxFailed,
		LastFailure:  b.LastFailure,
		CanPair:      canPair(b),
		NeedsRefresh: (b.State == "unpaired" || b.State == "connecting" || b.QR != "") && !b.QRPaused,
		QRPaused:     b.QRPaused,
	}
	if v.Name == "" {
		v.Name = b.ID
	}
	if !b.Since.IsZero() {
		v.Since = b.Since.In(loc).Format(timeLayout)
	}
	if b.QR != "" {
		// The query changes with the code, so no browser shows a stale image.
		sum := sha256.Sum256([]byte(b.QR))
		v.QRSrc = href + "/qr.png?t=" + hex.EncodeToString(sum[:6])
	}
	return v
}

// showPhone writes an international number without "+" (6281234567890) with one.
func showPhone(p string) string {
	if p == "" || strings.HasPrefix(p, "+") || strings.ContainsFunc(p, func(c rune) bool { return c < '0' || c > '9' }) {
		return p
	}
	return "+" + p
}

type branchesView struct {
	layout
	Branches []branchView
	Now      string
	Zone     string
}

func (s *Server) branchesPage(w http.ResponseWriter, r *http.Request) {
	now := s.now()
	l := s.pageLayout(r, "")
	l.Title = l.Words().Branches
	v := branchesView{
		layout: l,
		Now:    now.Format(timeLayout),
		Zone:   now.Format("MST (UTC-07:00)"),
	}
	sess, _ := sessionOf(r)
	for _, b := range s.status(r.Context()) {
		if sess.Staff.SeesBranch(b.ID) {
			v.Branches = append(v.Branches, newBranchView(b, l.Words(), now.Location()))
		}
	}
	s.render(w, r, http.StatusOK, "branches.html", v)
}

type branchPageView struct {
	layout
	B          branchView
	PairError  string
	PairDetail string // the technical detail of PairError, folded away
	PhoneValue string
}

func (s *Server) branchPage(w http.ResponseWriter, r *http.Request) {
	b, ok := s.branch(r.Context(), r.PathValue("id"))
	if !ok {
		s.unknownBranch(w, r)
		return
	}
	if !s.seesBranch(w, r, b.ID) {
		return
	}
	l := s.pageLayout(r, "")
	v := newBranchView(b, l.Words(), s.now().Location())
	// Someone opened the page (its own reloads say auto=1): an unpaired branch whose codes
	// paused after unscanned rounds fetches fresh ones, which the next reload shows.
	if r.URL.Query().Get("auto") == "" && s.Branches != nil && (b.State == "unpaired" || b.State == "logged_out") {
		s.Branches.WantQR(r.Context(), b.ID)
		if b.QRPaused {
			v.NeedsRefresh = true
		}
	}
	l.Title, l.Refresh = v.Name, v.NeedsRefresh
	s.render(w, r, http.StatusOK, "branch.html", branchPageView{layout: l, B: v})
}

func (s *Server) unknownBranch(w http.ResponseWriter, r *http.Request) {
	t := layout{Lang: s.lang(r)}.Words()
	s.errorPage(w, r, http.StatusNotFound, t.NoSuchBranch, fmt.Sprintf(t.NoSuchBranchText, r.PathValue("id")))
}

type pairCodeView struct {
	layout
	B     branchView
	Code  string
	Phone string
}

// invalidInput is how the bot marks a PairPhone error as a mistake in what staff
// typed (answered 400); any other error is the server's (500). Duck-typed, so the
// bot need not import this package.
type invalidInput interface {
	InvalidInput() bool
}

// unreachable is how the bot marks a PairPhone error as WhatsApp not being reachable at
// all (answered 503, in plain words), so staff are not told the number was wrong.
type unreachable interface {
	Unreachable() bool
}

func (s *Server) pairPhone(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	b, ok := s.branch(ctx, id)
	if !ok {
		s.unknownBranch(w, r)
		return
	}
	if !s.seesBranch(w, r, b.ID) {
		return
	}
	l := s.pageLayout(r, "")
	t := l.Words()
	v := newBranchView(b, t, s.now().Location())
	l.Here = v.Href // this page answers a form: the language button goes back to the branch
	phone := strings.TrimSpace(r.PostFormValue("phone"))
	fail := func(status int, msg, detail string) {
		// No refresh: reloading a page that answered a POST would send the form again.
		l.Title = v.Name
		s.render(w, r, status, "branch.html", branchPageView{layout: l, B: v, PairError: msg, PairDetail: detail, PhoneValue: phone})
	}
	if msg := t.checkPhone(phone); msg != "" {
		fail(http.StatusBadRequest, msg, "")
		return
	}
	if b.Problem == "unreachable" {
		fail(http.StatusServiceUnavailable, t.CannotReachForCode, b.Detail)
		return
	}

	log := zerolog.Ctx(ctx).With().Str("branch", id).Logger()
	code, err := s.Branches.PairPhone(ctx, id, phone)
	if err != nil {
		var bad invalidInput
		var gone unreachable
		switch {
		case errors.As(err, &gone) && gone.Unreachable():
			log.Warn().Err(err).Msg("Staff asked for a phone pairing code while WhatsApp cannot be reached.")
			fail(http.StatusServiceUnavailable, t.CannotReachForCode, err.Error())
		case errors.As(err, &bad) && bad.InvalidInput():
			fail(http.StatusBadRequest, t.NumberRefused+err.Error(), "")
		default:
			log.Error().Err(err).Msg("Pairing a branch by phone code failed.")
			fail(http.StatusInternalServerError, t.CodeFailed, err.Error())
		}
		return
	}
	log.Info().Msg("Staff asked for a phone pairing code.")
	l.Title = t.PairCodeFor + " " + v.Name
	s.render(w, r, http.StatusOK, "paircode.html", pairCodeView{layout: l, B: v, Code: formatPairCode(code), Phone: phone})
}

// checkPhone catches what is plainly not a phone number before asking WhatsApp;
// the bot reads the number itself, in whatever common form staff type it.
func (t *text) checkPhone(phone string) string {
	if phone == "" {
		return t.PhoneMissing + t.PhoneExample
	}
	digits := 0
	for _, c := range phone {
		switch {
		case '0' <= c && c <= '9':
			digits++
		case strings.ContainsRune(" +-().", c):
		default:
			return fmt.Sprintf(t.NotAPhone, phone) + t.PhoneExample
		}
	}
	if digits < 8 || digits > 15 {
		return fmt.Sprintf(t.PhoneDigits, phone) + t.PhoneExample
	}
	return ""
}

// formatPairCode shows an 8-character code as ABCD-EFGH, however the bot wrote it.
func formatPairCode(code string) string {
	c := strings.ToUpper(strings.Map(func(r rune) rune {
		if r == '-' || unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code))
	if len(c) != 8 {
		return code
	}
	return c[:4] + "-" + c[4:]
}
