package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// qrisRoutes are the QRIS payments not credited: listed, and settled by hand. Deciding what
// becomes of a payer's money is a manager's, like the other money decisions.
func (s *Server) qrisRoutes() []staffRoute {
	return []staffRoute{
		{Pattern: "GET /qris-uncredited", Role: store.RoleManager, Handler: s.uncreditedPage},
		{Pattern: "POST /qris-uncredited/{id}/settle", Role: store.RoleManager, Handler: s.uncreditedSettle},
	}
}

// uncreditedItem is one QRIS payment not credited as qris_uncredited.html shows it.
type uncreditedItem struct {
	store.ExpiredPayment
	Why, Money, Paid, Received string
	How, By, At                string // its settlement, in words; How is "" while it waits
}

// uncreditedView is what qris_uncredited.html shows.
type uncreditedView struct {
	layout
	Items   []uncreditedItem // those waiting first, then those settled
	Waiting int
	Done    string // what the last form did
	Error   string // why the last form was refused
}

// uncreditedPage lists the QRIS payments not credited of the staff member's branches.
func (s *Server) uncreditedPage(w http.ResponseWriter, r *http.Request) {
	v := uncreditedView{layout: s.layoutFor(r, "qris.title")}
	if id, err := strconv.ParseInt(r.URL.Query().Get("settled"), 10, 64); err == nil {
		v.Done = fmt.Sprintf(v.T["qris.settled"], id)
	}
	s.showUncredited(w, r, http.StatusOK, v)
}

// showUncredited fills v with the payments not credited the staff member sees and renders it.
func (s *Server) showUncredited(w http.ResponseWriter, r *http.Request, status int, v uncreditedView) {
	ctx := r.Context()
	sess, _ := sessionOf(r)
	var ps []store.ExpiredPayment
	if err := s.DB.View(ctx, func(tx *store.Tx) (err error) { ps, err = tx.ExpiredPayments(ctx, ""); return }); err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Msg("Listing the QRIS payments not credited failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Listing the QRIS payments not credited failed: "+err.Error())
		return
	}
	loc := s.now().Location()
	for _, p := range ps {
		if !sess.Staff.SeesBranch(p.Branch) {
			continue
		}
		it := uncreditedItem{ExpiredPayment: p, Why: v.T["qris.why."+p.Reason], Money: parse.Rupiah(p.Amount),
			Paid: p.PaidAt.In(loc).Format(timeLayout), Received: p.ReceivedAt.In(loc).Format(timeLayout)}
		if p.Settled.How == "" {
			v.Waiting++
		} else {
			it.How, it.By, it.At = v.T["qris.how."+string(p.Settled.How)], strings.TrimPrefix(p.Settled.By, "staff:"), p.Settled.At.In(loc).Format(timeLayout)
		}
		v.Items = append(v.Items, it)
	}
	s.render(w, r, status, "qris_uncredited.html", v)
}

// uncreditedSettle records how a payment not credited was settled (POST
// /qris-uncredited/{id}/settle: how, note), for a manager of its branch (403 otherwise), and
// answers with the list saying what happened; a payment settled before is refused (409).
func (s *Server) uncreditedSettle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := uncreditedView{layout: s.layoutFor(r, "qris.title")}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	var p store.ExpiredPayment
	if err == nil {
		err = s.DB.View(ctx, func(tx *store.Tx) (err error) { p, err = tx.ExpiredPaymentByID(ctx, id); return })
	}
	if err != nil {
		v.Error = fmt.Sprintf(v.T["qris.nosuch"], strconv.Quote(r.PathValue("id")))
		s.showUncredited(w, r, http.StatusNotFound, v)
		return
	}
	if !s.seesBranch(w, r, p.Branch) {
		return
	}
	how := store.SettleHow(r.PostFormValue("how"))
	if !how.Valid() {
		v.Error = v.T["qris.pickhow"]
		s.showUncredited(w, r, http.StatusBadRequest, v)
		return
	}
	sess, _ := sessionOf(r)
	err = s.DB.Update(ctx, func(tx *store.Tx) error {
		_, err := coop.SettleUncreditedQRIS(ctx, tx, coop.StaffAccount(sess.Staff.Username), id, how, r.PostFormValue("note"))
		return err
	})
	if status, words, refused := s.refused(r, err); refused {
		v.Error = words
		s.showUncredited(w, r, status, v)
		return
	} else if err != nil {
		zerolog.Ctx(ctx).Error().Err(err).Int64("payment", id).Msg("Settling a QRIS payment not credited failed.")
		s.errorPage(w, r, http.StatusInternalServerError, v.Title, "Nothing changed: "+err.Error())
		return
	}
	zerolog.Ctx(ctx).Info().Int64("payment", id).Str("how", string(how)).Msg("Staff settled a QRIS payment not credited on the admin page.")
	http.Redirect(w, r, "/qris-uncredited?"+url.Values{"settled": {strconv.FormatInt(id, 10)}}.Encode(), http.StatusSeeOther)
}
