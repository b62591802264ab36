package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// memberStatement downloads the member's statement (rekening koran) as the PDF that
// `kopbot members statement` writes: every account of theirs, or the one asked
// (?account=), from the first day to the last, both included (default: the last month).
func (s *Server) memberStatement(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberOf(w, r)
	if !ok {
		return
	}
	t, q := s.words(r), r.URL.Query()
	now := s.now()
	from, end, ok := memberStatementDays(q.Get("from"), q.Get("to"), now)
	if !ok {
		s.errorPage(w, r, http.StatusBadRequest, t["members.statement.title"], t["members.statement.baddays"])
		return
	}
	var st coop.MemberStatement
	err := s.DB.View(r.Context(), func(tx *store.Tx) (err error) {
		st, err = coop.StatementOf(r.Context(), tx, s.membersCooperative(), m, from, end, now)
		return err
	})
	if err != nil {
		s.membersFailed(w, r, "Gathering the statement of member "+m.No+" failed", err)
		return
	}
	which := "semua"
	if account := strings.TrimSpace(q.Get("account")); account != "" {
		kept := st.Accounts[:0]
		for _, a := range st.Accounts {
			if a.Account.Number == account {
				kept = append(kept, a)
			}
		}
		if len(kept) == 0 {
			s.errorPage(w, r, http.StatusNotFound, t["members.statement.title"], t["members.statement.noaccount"])
			return
		}
		st.Accounts, which = kept, strings.ReplaceAll(coop.LastFour(account), "*", "x")
	}
	pdf, err := coop.StatementPDF(st, s.lang(r), now.Location())
	if err != nil {
		s.membersFailed(w, r, "Writing the statement of member "+m.No+" failed", err)
		return
	}
	name := fmt.Sprintf("rekening-koran-%s-%s-%s-%s.pdf", m.No, which, from.Format("20060102"), end.Add(-time.Nanosecond).Format("20060102"))
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.Write(pdf)
}

// memberStatementDays reads the statement's first and last days (2026-11-01), both included, as
// the period's first instant and its end (midnight after the last day, or now when sooner);
// empty, the last month up to today. False when a day is not one or the period is empty.
func memberStatementDays(fromText, toText string, now time.Time) (from, end time.Time, ok bool) {
	loc := now.Location()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	from, end = today.AddDate(0, -1, 0), now
	var err error
	if fromText = strings.TrimSpace(fromText); fromText != "" {
		if from, err = time.ParseInLocation(time.DateOnly, fromText, loc); err != nil {
			return from, end, false
		}
	}
	if toText = strings.TrimSpace(toText); toText != "" {
		last, err := time.ParseInLocation(time.DateOnly, toText, loc)
		if err != nil {
			return from, end, false
		}
		end = last.AddDate(0, 0, 1)
	}
	if end.After(now) {
		end = now
	}
	return from, end, end.After(from)
}

// membersCooperative is the cooperative's name for a statement's heading.
func (s *Server) membersCooperative() string {
	if s.Office == nil {
		return ""
	}
	return s.Office.Cooperative
}

// memberNIKView is member_nik.html's data: the member's full NIK, beside their KTP photo.
type memberNIKView struct {
	layout
	No, Name, Href, NIK, Birth string
	KTPNo, KTPPhoto            string
}

// memberNIK shows a manager the member's full NIK, to compare with the KTP photo; every
// view is in the audit log, and the view is written before the page shows the NIK.
func (s *Server) memberNIK(w http.ResponseWriter, r *http.Request) {
	m, ok := s.memberOf(w, r)
	if !ok {
		return
	}
	sess, _ := sessionOf(r)
	v := memberNIKView{layout: s.layoutFor(r, "members.nik.title"), No: m.No, Name: m.Name, Href: memberHref(m.No), NIK: memberGroupNIK(m.NIK)}
	if !m.BirthDate.IsZero() {
		v.Birth = m.BirthDate.Format(time.DateOnly)
	}
	err := s.DB.Update(r.Context(), func(tx *store.Tx) error {
		if err := coop.Audit(r.Context(), tx, coop.StaffAccount(sess.Staff.Username), coop.AuditNIKView, m.No, m.Branch, ""); err != nil {
			return err
		}
		k, err := tx.LatestKTP(r.Context(), m.ID)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err == nil && k.KTPPhoto != "" {
			v.KTPNo, v.KTPPhoto = k.No(), fmt.Sprintf("/ktp/%d/photo/ktp", k.ID)
		}
		return err
	})
	if err != nil {
		s.membersFailed(w, r, "Recording the view of member "+m.No+"'s NIK failed; the NIK is not shown", err)
		return
	}
	s.render(w, r, http.StatusOK, "member_nik.html", v)
}

// memberGroupNIK writes a NIK in groups of four, as easier to compare with a KTP: 3204 1234 5678 0001.
func memberGroupNIK(nik string) string {
	var b strings.Builder
	for i, c := range nik {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}
