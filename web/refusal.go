package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
)

// refusalStatuses are the HTTP statuses of the cooperative's refusals; a code not listed is 422.
var refusalStatuses = map[coop.RefusalCode]int{
	coop.ReasonTooShort:  http.StatusBadRequest,
	coop.NotPending:      http.StatusConflict,
	coop.KTPTaken:        http.StatusConflict,
	coop.NoInvoice:       http.StatusNotFound,
	coop.TransactionUsed: http.StatusConflict,
	coop.InvoicePaid:     http.StatusConflict,
	coop.AmountMismatch:  http.StatusConflict,
	coop.InvoiceExpired:  http.StatusGone,
	coop.OtherBranch:     http.StatusForbidden,
}

func refusalStatus(r *coop.Refusal) int {
	if s, ok := refusalStatuses[r.Code]; ok {
		return s
	}
	return http.StatusUnprocessableEntity
}

// refusalText is a refusal as the web says it: to the payment gateway, and on the admin
// pages (times in loc).
func refusalText(r *coop.Refusal, loc *time.Location) string {
	switch r.Code {
	case coop.ReasonTooShort:
		return fmt.Sprintf("Write a reason of at least %d letters that tells the member what to do, for example: Foto KTP buram, kirim ulang foto yang jelas.", r.Min)
	case coop.NotPending:
		return fmt.Sprintf("%s was already %s by %s at %s; nothing changed", r.Subject, r.Status, r.By, r.At.In(loc).Format("2006-01-02 15:04"))
	case coop.KTPTaken:
		return fmt.Sprintf("%s cannot be approved: NIK %s is already verified for another member; reject it, and look into it with the member", r.Subject, r.Other)
	case coop.NoInvoice:
		return fmt.Sprintf("no invoice %s", r.Subject)
	case coop.TransactionUsed:
		return fmt.Sprintf("transaction %s already paid invoice %s", r.Other, r.Subject)
	case coop.InvoicePaid:
		return fmt.Sprintf("invoice %s was already paid by another transaction", r.Subject)
	case coop.AmountMismatch:
		return fmt.Sprintf("invoice %s is for %d, not %d", r.Subject, r.Max, r.Got)
	case coop.InvoiceExpired:
		return fmt.Sprintf("invoice %s expired at %s", r.Subject, r.At.Format(time.RFC3339))
	}
	return r.Error()
}

// refused is err as the back office's pages say it, in the signed-in staff member's
// language (the catalog's words, the same as the admin menu's), with its HTTP status;
// ok is false when err is no refusal of the cooperative's rules.
func (s *Server) refused(r *http.Request, err error) (status int, words string, ok bool) {
	var refused *coop.Refusal
	if !errors.As(err, &refused) {
		return 0, "", false
	}
	return refusalStatus(refused), catalog.For(s.lang(r)).StaffRefused(refused), true
}
