package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// DefaultInvoiceValidity is how long a QRIS invoice may be paid when the Runner does not say.
const DefaultInvoiceValidity = 15 * time.Minute

// QRISMax is the most one QRIS payment may be, by Bank Indonesia's rule for QRIS.
const QRISMax = 10_000_000

type terimaQRISData struct {
	Amount int64 `json:"amount,omitempty"`
}

// terimaQRIS lets a merchant member show a dynamic QRIS for an amount: the payer scans it,
// the payment gateway tells kopbot (QRISPaid) and the member's tabungan is credited.
func terimaQRIS(ctx context.Context, c *Convo[terimaQRISData], in Input) Result {
	m, err := c.Member(ctx)
	if err != nil {
		return c.Fail(err)
	}
	merchant, static, err := c.Tx.Merchant(ctx, m.ID)
	if err != nil {
		return c.Fail(err)
	}
	if static == "" {
		static = c.c.runner.BranchQRIS[in.Branch] // a merchant without a QRIS of their own takes payments on the branch's
	}
	if !merchant || static == "" {
		branch, err := c.Branch(ctx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Done(c.Msg.NotMerchant(branch.Name))
	}
	switch c.Step {
	case "":
		c.Data = terimaQRISData{}
		return c.Ask("amount", c.Msg.AskQRISAmount())
	case "amount":
		amount, err := c.Amount(in.Text)
		if err != nil || amount <= 0 {
			return c.Retry(c.Msg.BadAmount())
		}
		if amount > QRISMax {
			return c.Retry(c.Msg.QRISAmountTooLarge(QRISMax))
		}
		c.Data.Amount = amount
		return c.Ask("note", c.Msg.AskQRISNote())
	case "note":
		note := strings.TrimSpace(in.Text)
		if note == "-" {
			note = ""
		}
		if len([]rune(note)) > 100 {
			return c.Retry(c.Msg.QRISNoteTooLong(100))
		}
		account, ok, err := merchantAccount(ctx, c.Tx, m.ID)
		if err != nil {
			return c.Fail(err)
		}
		if !ok {
			return c.Done(c.Msg.NoTabunganForQRIS())
		}
		p, err := qris.Decode(static)
		if err != nil {
			return c.Fail(fmt.Errorf("member %s merchant QRIS: %w", m.No, err))
		}
		ref, err := c.Tx.NextInvoiceRef(ctx)
		if err != nil {
			return c.Fail(err)
		}
		dyn, err := p.Dynamic(c.Data.Amount, qris.DynamicOptions{ReferenceLabel: ref})
		if err != nil {
			return c.Fail(fmt.Errorf("invoice %s: %w", ref, err))
		}
		payload := qris.Encode(dyn)
		validity := c.c.runner.InvoiceValidity
		if validity <= 0 {
			validity = DefaultInvoiceValidity
		}
		inv, err := c.Tx.CreateInvoice(ctx, store.Invoice{Ref: ref, Branch: account.Branch, MemberID: m.ID, AccountID: account.ID,
			Amount: c.Data.Amount, Note: note, Payload: payload, ValidUntil: c.Now.Add(validity), CreatedAt: c.Now})
		if err != nil {
			return c.Fail(err)
		}
		path, err := writeQRPNG(c.c.runner.MediaDir, ref, payload)
		if err != nil {
			return c.Fail(err)
		}
		name := p.Value("59")
		caption := c.Msg.QRISInvoice(name, inv.Amount, inv.Ref, note, inv.ValidUntil.In(c.Loc))
		return c.Done().WithImage(path, caption)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// merchantAccount is the member's active Tabungan, which QRIS payments are credited to.
func merchantAccount(ctx context.Context, tx *store.Tx, memberID int64) (store.Account, bool, error) {
	accounts, err := tx.AccountsOfMember(ctx, memberID, store.AccountSavings)
	if err != nil {
		return store.Account{}, false, err
	}
	for _, a := range accounts {
		if a.ProductKind == store.ProductTabungan && a.Status == store.AccountActive {
			return a, true, nil
		}
	}
	return store.Account{}, false, nil
}

// qrPixels is about how wide an invoice's QR image is.
const qrPixels = 600

// writeQRPNG draws payload (level M, ~600 px with its quiet zone) to dir/qris/REF.png.
func writeQRPNG(dir, ref, payload string) (string, error) {
	if dir == "" {
		return "", errors.New("no media directory to write the QR image to")
	}
	img, err := qris.PNG(payload, qrPixels)
	if err != nil {
		return "", fmt.Errorf("QR image of %s: %w", ref, err)
	}
	dir = filepath.Join(dir, "qris")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("QR image of %s: %w", ref, err)
	}
	path := filepath.Join(dir, ref+".png")
	if err := os.WriteFile(path, img, 0o640); err != nil {
		return "", fmt.Errorf("QR image of %s: %w", ref, err)
	}
	return path, nil
}

// QRISPayment is the payment gateway's notice that an invoice was paid.
type QRISPayment struct {
	Reference     string `json:"reference"`
	Amount        int64  `json:"amount"`
	PaidAt        string `json:"paid_at"` // RFC3339
	PayerName     string `json:"payer_name"`
	Issuer        string `json:"issuer"`
	TransactionID string `json:"transaction_id"`
}

// QRISPaid settles one signed notice from the payment gateway (the web server checked the
// signature): the invoice is marked paid, the member's account credited from the branch's
// QRIS settlement account and a receipt queued to the member, all in one transaction. The
// same transaction id again answers 200 and credits nothing more.
func (r *Runner) QRISPaid(ctx context.Context, body []byte) (status int, message string) {
	var p QRISPayment
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return http.StatusBadRequest, "malformed JSON: " + err.Error()
	}
	paidAt, err := time.Parse(time.RFC3339, p.PaidAt)
	switch {
	case p.Reference == "":
		return http.StatusBadRequest, "reference is missing"
	case p.TransactionID == "":
		return http.StatusBadRequest, "transaction_id is missing"
	case p.Amount <= 0:
		return http.StatusBadRequest, "amount must be greater than zero"
	case err != nil:
		return http.StatusBadRequest, "paid_at is not an RFC3339 time"
	}
	status, message = http.StatusInternalServerError, "internal error"
	err = r.DB.Update(ctx, func(tx *store.Tx) error {
		if prev, err := tx.InvoiceByTransaction(ctx, p.TransactionID); err == nil {
			if prev.Ref != p.Reference {
				status, message = http.StatusConflict, fmt.Sprintf("transaction %s already paid invoice %s", p.TransactionID, prev.Ref)
				return nil
			}
			status, message = http.StatusOK, fmt.Sprintf("invoice %s already paid by transaction %s", prev.Ref, p.TransactionID)
			return nil
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		inv, err := tx.InvoiceByRef(ctx, p.Reference)
		if errors.Is(err, store.ErrNotFound) {
			status, message = http.StatusNotFound, fmt.Sprintf("no invoice %s", p.Reference)
			return nil
		}
		if err != nil {
			return err
		}
		now := r.Now()
		switch {
		case inv.Status == store.InvoicePaid:
			status, message = http.StatusConflict, fmt.Sprintf("invoice %s was already paid by another transaction", inv.Ref)
			return nil
		case inv.Amount != p.Amount:
			status, message = http.StatusConflict, fmt.Sprintf("invoice %s is for %d, not %d", inv.Ref, inv.Amount, p.Amount)
			return nil
		case inv.Expired(now):
			if inv.Status == store.InvoicePending {
				if err := tx.MarkInvoiceExpired(ctx, inv.ID); err != nil {
					return err
				}
			}
			status, message = http.StatusGone, fmt.Sprintf("invoice %s expired at %s", inv.Ref, inv.ValidUntil.Format(time.RFC3339))
			return nil
		}
		settlement, err := tx.SystemAccount(ctx, inv.Branch, store.AccountQRISSettlement)
		if err != nil {
			return err
		}
		if _, _, err := tx.Post(ctx, store.Entry{Key: store.KeyQRIS.Key(p.TransactionID), Branch: inv.Branch, Kind: store.KindQRIS,
			Memo: store.Memo{Kind: store.MemoQRIS, Ref: inv.Ref}, AuthorKind: store.AuthorGateway, AuthorID: p.Issuer, At: paidAt,
			Postings: []store.Posting{{Account: settlement.ID, Amount: -inv.Amount}, {Account: inv.AccountID, Amount: inv.Amount}}}); err != nil {
			return err
		}
		if err := tx.MarkInvoicePaid(ctx, inv.ID, p.TransactionID, p.PayerName, p.Issuer, paidAt); err != nil {
			return err
		}
		m, err := tx.MemberByID(ctx, inv.MemberID)
		if err != nil {
			return err
		}
		account, err := accountByID(ctx, tx, inv.MemberID, inv.AccountID)
		if err != nil {
			return err
		}
		at := paidAt.In(r.location())
		if err := notify(ctx, tx, inv.Branch, m.Phone, r.lang(""), func(msg catalog.Messages) string {
			return msg.QRISReceived(inv.Ref, inv.Amount, p.PayerName, p.Issuer, account.Number, account.Amount(), at)
		}); err != nil {
			return err
		}
		status, message = http.StatusOK, fmt.Sprintf("invoice %s paid", inv.Ref)
		return nil
	})
	if err != nil {
		return http.StatusInternalServerError, "could not settle the payment: " + err.Error()
	}
	return status, message
}

// accountByID finds one of a member's savings accounts by id.
func accountByID(ctx context.Context, tx *store.Tx, memberID, id int64) (store.Account, error) {
	accounts, err := tx.AccountsOfMember(ctx, memberID, store.AccountSavings)
	if err != nil {
		return store.Account{}, err
	}
	for _, a := range accounts {
		if a.ID == id {
			return a, nil
		}
	}
	return store.Account{}, fmt.Errorf("account %d of member %d: %w", id, memberID, store.ErrNotFound)
}
