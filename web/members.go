package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// The members pages (issue 18, part 3): search, a member's page, the changes a manager
// makes (edit, phone, suspend, reactivate, leave), the statement as a PDF, and the full
// NIK, each view of it audited.

// membersSearchLimit is the most members a search shows.
const membersSearchLimit = 50

// memberMovements is how many of each account's last movements the member page shows.
const memberMovements = 10

func (s *Server) membersRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /members", Role: store.RoleTeller, Handler: s.membersSearch},
		{Pattern: "GET /members/{no}", Role: store.RoleTeller, Handler: s.memberPage},
		{Pattern: "GET /members/{no}/statement", Role: store.RoleTeller, File: true, Handler: s.memberStatement},
		{Pattern: "GET /members/{no}/nik", Role: store.RoleManager, Handler: s.memberNIK},
		{Pattern: "POST /members/{no}/edit", Role: store.RoleManager, Handler: s.memberEdit},
		{Pattern: "POST /members/{no}/phone", Role: store.RoleManager, Handler: s.memberPhone},
		{Pattern: "POST /members/{no}/suspend", Role: store.RoleManager, Handler: s.memberSuspend},
		{Pattern: "POST /members/{no}/reactivate", Role: store.RoleManager, Handler: s.memberReactivate},
		{Pattern: "GET /members/{no}/leave", Role: store.RoleManager, Handler: s.memberLeaveForm},
		{Pattern: "POST /members/{no}/leave", Role: store.RoleManager, Handler: s.memberLeave},
	}
}

// memberRow is one member as the search lists them.
type memberRow struct {
	No, Name, Branch, Phone, NIK, Status string
	Href                                 string
}

type membersView struct {
	layout
	Query   string
	Rows    []memberRow
	Limited bool
}

// membersSearch finds members of the staff member's branches by name, member number,
// phone (as staff type it) or NIK.
func (s *Server) membersSearch(w http.ResponseWriter, r *http.Request) {
	v := membersView{layout: s.layoutFor(r, "members.title"), Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if v.Query == "" {
		s.render(w, r, http.StatusOK, "members.html", v)
		return
	}
	sess, _ := sessionOf(r)
	search := memberSearchOf(v.Query)
	search.Limit = membersSearchLimit + 1
	if sess.Staff.Role != store.RoleAdmin {
		search.Branches = append([]string{}, sess.Staff.Branches...)
	}
	var found []store.Member
	if err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) { found, err = tx.SearchMembers(r.Context(), search); return }); err != nil {
		s.membersFailed(w, r, "Searching members failed", err)
		return
	}
	if len(found) > membersSearchLimit {
		found, v.Limited = found[:membersSearchLimit], true
	}
	for _, m := range found {
		if !sess.Staff.SeesBranch(m.Branch) {
			continue
		}
		v.Rows = append(v.Rows, memberRow{No: m.No, Name: m.Name, Branch: m.Branch, Phone: showPhone(m.Phone), NIK: ktp.Mask(m.NIK),
			Status: v.T["members.status."+string(m.Status)], Href: memberHref(m.No)})
	}
	s.render(w, r, http.StatusOK, "members.html", v)
}

// memberSearchOf reads what staff typed: a name when it has letters, otherwise a number
// tried as a member number, a NIK and a phone number (0812..., +62 812..., 62812...).
func memberSearchOf(q string) store.MemberSearch {
	if strings.ContainsFunc(q, unicode.IsLetter) {
		return store.MemberSearch{Name: q}
	}
	keys := []string{q}
	digits := strings.Map(func(c rune) rune {
		if c >= '0' && c <= '9' {
			return c
		}
		return -1
	}, q)
	if digits != "" {
		keys = append(keys, digits)
		if len(digits) == 7 { // a member number typed without its dot: 0100001
			keys = append(keys, digits[:2]+"."+digits[2:])
		}
	}
	if phone, err := parse.Phone(q); err == nil {
		keys = append(keys, phone)
	}
	return store.MemberSearch{Keys: keys}
}

// memberHref is the member page's path.
func memberHref(no string) string { return "/members/" + url.PathEscape(no) }

// membersFailed answers 500 for an error of the server's, logged, with what was being done.
func (s *Server) membersFailed(w http.ResponseWriter, r *http.Request, doing string, err error) {
	zerolog.Ctx(r.Context()).Error().Err(err).Msg(doing + ".")
	s.errorPage(w, r, http.StatusInternalServerError, s.words(r)["members.failed"], doing+": "+err.Error())
}

// memberOf loads the member of the path's {no} and checks the staff member sees their
// branch: false when it answered (404 for no such member, 403 for another branch's).
func (s *Server) memberOf(w http.ResponseWriter, r *http.Request) (store.Member, bool) {
	no := strings.TrimSpace(r.PathValue("no"))
	var m store.Member
	err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) { m, err = tx.MemberByNo(r.Context(), no); return })
	if errors.Is(err, store.ErrNotFound) || err == nil && m.No == "" {
		t := s.words(r)
		s.errorPage(w, r, http.StatusNotFound, t["members.notfound.title"], strings.ReplaceAll(t["members.notfound.text"], "{no}", no))
		return m, false
	}
	if err != nil {
		s.membersFailed(w, r, "Loading member "+no+" failed", err)
		return m, false
	}
	return m, s.seesBranch(w, r, m.Branch)
}

// memberRefusal is a refusal in the staff member's language, with what to do instead.
func (s *Server) memberRefusal(r *http.Request, refused *coop.Refusal) string {
	_, text, _ := s.refused(r, refused)
	if hint, ok := s.words(r)["members.hint."+string(refused.Code)]; ok {
		text += " " + hint
	}
	return text
}
