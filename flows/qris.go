package flows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopbot/kopbot/coop"
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
func terimaQRIS(ctx context.Context, c *Convo[terimaQRISData], m store.Member, in Input) Result {
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
		caption := c.Msg.QRISInvoice(coop.MerchantName(static), inv.Amount, inv.Ref, note, inv.ValidUntil.In(c.Loc))
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
	img, err := qris.PNG(payload, qrPixels)
	if err != nil {
		return "", fmt.Errorf("QR image of %s: %w", ref, err)
	}
	path, err := writeMedia(dir, "qris", ref+".png", img)
	if err != nil {
		return "", fmt.Errorf("QR image of %s: %w", ref, err)
	}
	return path, nil
}

// writeMedia writes an image kopbot sends to dir/sub/name and returns its path.
func writeMedia(dir, sub, name string, data []byte) (string, error) {
	if dir == "" {
		return "", errors.New("no media directory to write the image to")
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, store.PrivateDirMode); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, store.PrivateFileMode); err != nil {
		return "", err
	}
	return path, nil
}
