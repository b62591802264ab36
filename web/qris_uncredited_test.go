package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// keepUncredited records a QRIS payment to budi's invoice that was not credited (made after
// its QR expired), as the webhook does, and returns its ID.
func keepUncredited(t *testing.T, s *Server, transaction string) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := s.DB.Update(ctx, func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(ctx, budiPhone)
		if err != nil {
			return err
		}
		accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
		if err != nil {
			return err
		}
		inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-" + transaction, Branch: "pusat", MemberID: m.ID, AccountID: accounts[0].ID,
			Amount: 25_000, ValidUntil: testNow.Add(-time.Hour), CreatedAt: testNow.Add(-2 * time.Hour)})
		if err != nil {
			return err
		}
		if _, err := tx.RecordExpiredPayment(ctx, store.ExpiredPayment{TransactionID: transaction, InvoiceID: inv.ID, Branch: "pusat",
			Amount: 25_000, PayerName: "ANI", Issuer: "GOPAY", PaidAt: testNow.Add(-30 * time.Minute), ReceivedAt: testNow}); err != nil {
			return err
		}
		ps, err := tx.ExpiredPayments(ctx, "pusat")
		for _, p := range ps {
			if p.TransactionID == transaction {
				id = p.ID
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// A manager of the branch sees what waits with why, amount, payer and transaction, and
// settles it with a form: the audit log names them, the dashboard's count goes down, and it
// is listed as settled.
func TestUncreditedListAndSettle(t *testing.T) {
	s := cashServer(t)
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	mira := signIn(t, s, "mira")
	id := keepUncredited(t, s, "T-LATE")
	ID := strconv.FormatInt(id, 10)

	w := getAs(t, s, mira, "/")
	wantBody(t, w, `<a href="/qris-uncredited">Pembayaran QRIS belum dikreditkan</a> <span class="count">1</span>`)
	w = getAs(t, s, mira, "/qris-uncredited")
	wantStatus(t, w, http.StatusOK)
	wantBody(t, w, "QR-T-LATE", "dibayar setelah QR kedaluwarsa", "Rp25.000", "ANI", "GOPAY", "T-LATE",
		testNow.Add(-30*time.Minute).In(s.now().Location()).Format(timeLayout), `action="/qris-uncredited/`+ID+`/settle"`)

	form := withCSRF(url.Values{"how": {"refunded"}, "note": {"refund GoPay 8812"}}, mira.CSRF)
	w = do(t, s, formPost("/qris-uncredited/"+ID+"/settle", form, mira))
	wantStatus(t, w, http.StatusSeeOther)
	wantHeader(t, w, "Location", "/qris-uncredited?settled="+ID)
	wantAudit(t, s, "staff:mira", "qris.settle", "QRIS T-LATE")
	w = getAs(t, s, mira, w.Header().Get("Location"))
	wantBody(t, w, "Pembayaran "+ID+" ditandai selesai", "Tidak ada pembayaran QRIS yang menunggu", "dikembalikan ke pembayar oleh mira",
		"refund GoPay 8812")
	wantNoBody(t, w, `action="/qris-uncredited/`+ID+`/settle"`)
	w = getAs(t, s, mira, "/")
	wantNoBody(t, w, `<a href="/qris-uncredited">Pembayaran QRIS belum dikreditkan</a> <span class="count">1</span>`)

	// Settled once: a second form is refused in words, 409, and the first settlement stays.
	form = withCSRF(url.Values{"how": {"credited"}}, mira.CSRF)
	w = do(t, s, formPost("/qris-uncredited/"+ID+"/settle", form, mira))
	wantStatus(t, w, http.StatusConflict)
	wantBody(t, w, "QRIS T-LATE tidak sedang menunggu keputusan")
}

// A teller, a manager of another branch, a form without how: refused, nothing settled.
func TestUncreditedSettleRefused(t *testing.T) {
	s := cashServer(t)
	addStaff(t, s, "mira", store.RoleManager, "pusat")
	addStaff(t, s, "tari", store.RoleTeller, "pusat")
	addStaff(t, s, "bayu", store.RoleManager, "bogor")
	mira, tari, bayu := signIn(t, s, "mira"), signIn(t, s, "tari"), signIn(t, s, "bayu")
	id := keepUncredited(t, s, "T-LATE")
	target := "/qris-uncredited/" + strconv.FormatInt(id, 10) + "/settle"
	for _, c := range []struct {
		who  string
		post *http.Request
		want int
	}{
		{"pusat's teller", formPost(target, withCSRF(url.Values{"how": {"refunded"}}, tari.CSRF), tari), http.StatusForbidden},
		{"bogor's manager", formPost(target, withCSRF(url.Values{"how": {"refunded"}}, bayu.CSRF), bayu), http.StatusForbidden},
		{"a form without how", formPost(target, withCSRF(nil, mira.CSRF), mira), http.StatusBadRequest},
		{"an unknown payment", formPost("/qris-uncredited/999/settle", withCSRF(url.Values{"how": {"refunded"}}, mira.CSRF), mira), http.StatusNotFound},
	} {
		if w := do(t, s, c.post); w.Code != c.want {
			t.Errorf("%s: %d, want %d", c.who, w.Code, c.want)
		}
	}
	if w := getAs(t, s, tari, "/qris-uncredited"); w.Code != http.StatusForbidden {
		t.Errorf("a teller opening the page: %d, want 403", w.Code)
	}
	w := getAs(t, s, bayu, "/qris-uncredited")
	wantNoBody(t, w, "T-LATE")
	w = getAs(t, s, tari, "/")
	wantNoBody(t, w, "/qris-uncredited")
	var p store.ExpiredPayment
	if err := s.DB.View(context.Background(), func(tx *store.Tx) (err error) { p, err = tx.ExpiredPaymentByID(context.Background(), id); return }); err != nil {
		t.Fatal(err)
	}
	if p.Settled.How != "" {
		t.Errorf("refused forms settled the payment: %+v", p.Settled)
	}
}
