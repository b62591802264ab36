package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// handoversLimit is the most open chats listed for one branch, oldest first.
const handoversLimit = 100

// handoverText is one of a chat's last incoming texts as staff are shown it: the store
// keeps them with digits masked and nothing typed at a PIN prompt.
type handoverText struct {
	At, Text string
	Photo    bool
}

// handoverItem is one chat handed to staff as handovers.html shows it.
type handoverItem struct {
	ID                  int64
	Name, MemberNo      string // empty when the sender is not a member
	RegNo               string // an applicant's registration number
	Phone, BranchName   string
	Since, Until        string
	ByStaff             bool // staff took the chat over from the branch's phone
	Recent              []handoverText
	ReleaseAction, Anch string
}

type handoversView struct {
	layout
	Done, Error string
	Chats       []handoverItem
}

func (s *Server) handoversPage(w http.ResponseWriter, r *http.Request) {
	done := ""
	if phone := r.URL.Query().Get("released"); phone != "" {
		done = fmt.Sprintf(s.words(r)["queues.ho.released"], showPhone(onlyDigits(phone)))
	}
	s.showHandovers(w, r, http.StatusOK, done, "")
}

// onlyDigits keeps the digits of s: a phone number echoed from the query is never more.
func onlyDigits(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// showHandovers renders the chats waiting for a person at the staff member's branches.
func (s *Server) showHandovers(w http.ResponseWriter, r *http.Request, status int, done, fail string) {
	v := handoversView{layout: s.layoutFor(r, "queues.ho.title"), Done: done, Error: fail}
	if fail != "" {
		v.layout.Here = "/handovers"
	}
	now := s.now()
	ok := s.eachSeenBranch(w, r, v.Title, "Listing chats handed to staff failed.", func(b BranchStatus) error {
		chats, err := s.handoversOf(r.Context(), b.ID)
		for _, c := range chats {
			v.Chats = append(v.Chats, newHandoverItem(c.Handover, c.recent, b.Name, now.Location()))
		}
		return err
	})
	if ok {
		s.render(w, r, status, "handovers.html", v)
	}
}

// handover is an open chat and its last incoming texts.
type handover struct {
	store.Handover
	recent store.RecentTexts
}

func (s *Server) handoversOf(ctx context.Context, branch string) ([]handover, error) {
	var out []handover
	err := s.DB.View(ctx, func(tx *store.Tx) error {
		hs, err := tx.OpenHandovers(ctx, branch, handoversLimit)
		if err != nil {
			return err
		}
		for _, h := range hs {
			recent, err := tx.RecentOf(ctx, h.Branch, h.Phone)
			if err != nil {
				return err
			}
			out = append(out, handover{Handover: h, recent: recent})
		}
		return nil
	})
	return out, err
}

func newHandoverItem(h store.Handover, recent store.RecentTexts, branchName string, loc *time.Location) handoverItem {
	it := handoverItem{
		ID: h.ID, Name: h.Name, MemberNo: h.MemberNo, RegNo: h.RegNo, Phone: showPhone(h.Phone), BranchName: branchName,
		Since: h.Started.In(loc).Format(timeLayout), Until: h.Deadline.In(loc).Format(timeLayout),
		ByStaff:       h.StartedBy == store.StartedByStaff,
		ReleaseAction: "/handovers/" + url.PathEscape(h.Branch) + "/" + url.PathEscape(h.Phone) + "/release",
		Anch:          fmt.Sprintf("chat-%d", h.ID),
	}
	for _, t := range recent.List() {
		it.Recent = append(it.Recent, handoverText{At: t.At.In(loc).Format(timeLayout), Text: t.Text, Photo: t.Photo})
	}
	return it
}

// handoverRelease hands the chat in the path back to the bot (coop.ReleaseHandover, as the
// admin menu does); the member is told the bot answers again.
func (s *Server) handoverRelease(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	branch, phone := r.PathValue("branch"), r.PathValue("phone")
	if !s.seesBranch(w, r, branch) {
		return
	}
	sess, _ := sessionOf(r)
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := coop.ReleaseHandover(ctx, tx, branch, phone, coop.StaffAccount(sess.Staff.Username), s.memberLang())
		return err
	})
	t := s.words(r)
	if errors.Is(err, store.ErrNotFound) {
		s.showHandovers(w, r, http.StatusConflict, "", fmt.Sprintf(t["queues.ho.gone"], showPhone(onlyDigits(phone))))
		return
	}
	if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Str("branch", branch).Msg("Handing a chat back to the bot failed.")
		s.showHandovers(w, r, http.StatusInternalServerError, "", t["queues.failed"]+err.Error())
		return
	}
	zerolog.Ctx(ctx).Info().Str("branch", branch).Msg("Staff handed a chat back to the bot on the admin page.")
	s.wake()
	http.Redirect(w, r, "/handovers?"+url.Values{"released": {phone}}.Encode(), http.StatusSeeOther)
}
