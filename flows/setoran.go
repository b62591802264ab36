package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
)

// depositMaxAge is how long after a transfer a member may still report it here; older
// transfers go to the counter, where staff can look further back in the bank statement.
const depositMaxAge = 30 // days

type setoranData struct {
	Accounts []string `json:"accounts,omitempty"` // savings account numbers offered
	Account  string   `json:"account,omitempty"`
	Amount   int64    `json:"amount,omitempty"`
	Date     string   `json:"date,omitempty"` // the transfer's day, 2006-01-02
	Bank     string   `json:"bank,omitempty"`
	Sender   string   `json:"sender,omitempty"` // the name on the sending account
	Proof    string   `json:"proof,omitempty"`  // the proof photo, when the member sent it first
}

// setoran lets a member report a deposit made by bank transfer (Setoran Simpanan, "Mandiri"):
// the savings account, amount, transfer date, sending bank and name, and a photo of the
// proof. It waits as Belum Diverifikasi until staff find it on the branch's bank account;
// until then the member may cancel it here.
func setoran(ctx context.Context, c *Convo[setoranData], m store.Member, in Input) Result {
	today := c.Now.In(c.Loc)
	switch c.Step {
	case "":
		c.Data = setoranData{}
		if in.Image != "" {
			// The proof came first ("ini bukti transfer saya"): keep it and ask the rest.
			c.Data.Proof = in.Image
			res := askDepositAccount(ctx, c, m)
			c.Data.Proof = in.Image
			return res.prefixed(c.Msg.ProofKept())
		}
		pending, err := c.Tx.DepositRequests(ctx, store.RequestPending, m.ID, -1)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("choose", c.Msg.SetoranStart(len(pending), c.BankAccounts()))
	case "choose":
		return c.newOrCancel(c.option(c.Msg.SetoranOptions()), func() Result { return askDepositAccount(ctx, c, m) }, flowSetoranCancel)
	case "account":
		return c.pickAccount(ctx, m, c.Data.Accounts, &c.Data.Account, c.Msg.AskDepositAmount)
	case "amount":
		amount, err := c.Amount(in.Text)
		if err != nil {
			return c.Retry(c.Msg.BadAmount())
		}
		if res, ok := pokokTakes(ctx, c, m, amount); !ok {
			return res
		}
		c.Data.Amount = amount
		return c.Ask("date", c.Msg.AskTransferDate(today))
	case "date":
		day, err := c.Date(in.Text)
		if err != nil {
			return c.Retry(c.Msg.BadTransferDate(today))
		}
		midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, c.Loc)
		if day.After(midnight) {
			return c.Retry(c.Msg.TransferDateInFuture(today))
		}
		if oldest := midnight.AddDate(0, 0, -depositMaxAge); day.Before(oldest) {
			return c.Retry(c.Msg.TransferDateTooOld(oldest))
		}
		c.Data.Date = day.Format(time.DateOnly)
		return c.Ask("bank", c.Msg.AskSenderBank(bankNames()))
	case "bank", "bank-other":
		bank, res, ok := c.readBank(in.Text)
		if !ok {
			return res
		}
		c.Data.Bank = bank
		return c.Ask("sender", c.Msg.AskSenderName())
	case "sender":
		name, ok := holderName(in.Text)
		if !ok {
			return c.Retry(c.Msg.BadHolderName())
		}
		c.Data.Sender = name
		if c.Data.Proof != "" {
			return submitDeposit(ctx, c, m, in, c.Data.Proof)
		}
		return c.Ask("proof", c.Msg.AskProofPhoto())
	case "proof":
		if in.Image == "" {
			return c.Retry(c.Msg.NeedProofPhoto())
		}
		return submitDeposit(ctx, c, m, in, in.Image)
	case "pending", "cancel":
		// Cancelling's steps before it was a flow of its own (a session kept across an upgrade).
		return c.Switch(flowSetoranCancel)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// askDepositAccount offers every active savings account of the member that takes money: a
// transfer may pay simpanan pokok (until paid in full) and wajib as well as voluntary savings.
func askDepositAccount(ctx context.Context, c *Convo[setoranData], m store.Member) Result {
	var takesErr error
	offer, numbers, err := c.savingsOffered(ctx, m, func(a store.Account) bool {
		takes, err := coop.Takes(ctx, c.Tx, a)
		takesErr = errors.Join(takesErr, err)
		return a.Status == store.AccountActive && takes
	})
	if err = errors.Join(err, takesErr); err != nil {
		return c.Fail(err)
	}
	c.Data.Accounts = numbers
	return c.askAccount(offer, &c.Data.Account, c.Msg.NoSavings(), c.Msg.ChooseDepositAccount, c.Msg.AskDepositAmount)
}

// pokokTakes asks again for an amount more than the simpanan pokok picked still takes.
func pokokTakes(ctx context.Context, c *Convo[setoranData], m store.Member, amount int64) (Result, bool) {
	a, err := c.ownAccount(ctx, m, c.Data.Account)
	if err != nil {
		return c.Fail(err), false
	}
	err = coop.CheckPokok(ctx, c.Tx, a, amount)
	if refused, ok := asRefusal(err); ok && refused.Code == coop.PokokPaid {
		return c.Retry(c.Msg.PokokTakesAtMost(refused.Max)), false
	} else if err != nil {
		return c.Fail(err), false
	}
	return Result{}, true
}

// holderName reads the name on a bank account: a person's, or a business's (digits and
// & allowed, as in "CV Maju 2 & Co").
func holderName(text string) (string, bool) {
	s := strings.Join(strings.Fields(text), " ")
	letters := 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r) || strings.ContainsRune(" .,'-&()/", r):
		default:
			return "", false
		}
	}
	if letters < 3 || utf8.RuneCountInString(s) > 100 {
		return "", false
	}
	return properName(s), true
}

// pickRequest reads a choice from a list of request numbers (SET-000001): its position, or
// the number itself as the member types it (set-1, SET000001).
func (c *Convo[T]) pickRequest(refs []string, parseNo func(string) (int64, error)) (int64, bool) {
	text := c.c.in.Text
	if ref, ok := c.pickFrom(refs); ok {
		id, err := parseNo(ref)
		return id, err == nil
	}
	if !strings.ContainsFunc(text, unicode.IsLetter) {
		return 0, false // a bare number is a position in the list, and it was not one
	}
	id, err := parseNo(text)
	if err != nil {
		return 0, false
	}
	for _, r := range refs {
		if listed, err := parseNo(r); err == nil && listed == id {
			return id, true
		}
	}
	return 0, false
}

// tellAdminsPhoto sends every admin of the branch a photo with a caption in their language:
// a deposit's proof, so they can match it with the bank statement without asking for it.
func (c *Convo[T]) tellAdminsPhoto(ctx context.Context, path string, caption func(catalog.Messages) string) error {
	admins, err := c.c.runner.admins(ctx, c.Tx, c.c.in.Branch)
	if err != nil {
		return err
	}
	for _, phone := range admins {
		s, err := c.Tx.Session(ctx, c.c.in.Branch, phone)
		if err != nil {
			return err
		}
		lang := c.c.runner.lang(s.Lang)
		if _, err := c.Tx.Enqueue(ctx, store.OutMessage{Branch: c.c.in.Branch, To: phone, Transport: s.Transport, Address: s.Address,
			Text: caption(catalog.For(lang)), ImagePath: path, InMessageID: coop.CauseOf(ctx)}); err != nil {
			return err
		}
	}
	return nil
}

// submitDeposit records the deposit the member described, with its proof photo, and tells
// the branch's admins with the photo.
func submitDeposit(ctx context.Context, c *Convo[setoranData], m store.Member, in Input, proof string) Result {
	a, err := c.ownAccount(ctx, m, c.Data.Account)
	if err != nil {
		return c.Fail(err)
	}
	if a.Status != store.AccountActive {
		return c.Done(c.Msg.AccountNotActive(a.Number))
	}
	day, err := time.ParseInLocation(time.DateOnly, c.Data.Date, c.Loc)
	if err != nil {
		return c.Fail(fmt.Errorf("transfer date %q kept in the session: %w", c.Data.Date, err))
	}
	d, err := c.Tx.CreateDepositRequest(ctx, store.DepositRequest{Branch: in.Branch, MemberID: m.ID, Account: a, Amount: c.Data.Amount,
		TransferDate: day, SenderBank: c.Data.Bank, SenderName: c.Data.Sender, ProofPhoto: proof})
	if err != nil {
		return c.Fail(err)
	}
	if err := c.tellAdminsPhoto(ctx, proof, func(msg catalog.Messages) string { return msg.AdminNewDeposit(d, m) }); err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = setoranData{}
	return c.Done(c.Msg.DepositSubmitted(d, branch.Name))
}
