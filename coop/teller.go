package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// Teller operations: money staff move at the counter for a member. Like the decisions in
// decisions.go, each runs inside the caller's transaction; each moves money in one journal
// transaction under the caller's idempotency key, and tells the member with a receipt.
// The same key again moves nothing, tells nobody, and returns the first receipt marked
// Duplicate.

// TellerOp is who asks for a teller operation, and under which key.
type TellerOp struct {
	Key  string // idempotency key of the movement (for a reversal: of the request)
	By   Actor  // the staff member (Staff, Named); with Author member, the paying member's number as the ledger keeps it
	Lang string // the member's language when they have not chosen one
	// Loc is the cooperative's time zone, for receipts.
	Loc *time.Location
	// LateFeeBP is the late fee a day on an overdue installment, in basis points (Rules.LateFeeBP).
	LateFeeBP int64
	// Author is who moves the money: store.AuthorAdmin (the default) or store.AuthorMember
	// when a member pays from WhatsApp.
	Author store.AuthorKind
}

func (op TellerOp) author() store.AuthorKind {
	if op.Author == "" {
		return store.AuthorAdmin
	}
	return op.Author
}

// PaySource is where an installment payment comes from: cash at the counter, or the
// member's savings account.
type PaySource struct {
	Savings string // the savings account number; empty for cash
}

// PayCash is cash paid in at the counter.
var PayCash = PaySource{}

// PayFromSavings debits the member's savings account with the given number.
func PayFromSavings(number string) PaySource { return PaySource{Savings: number} }

// Cash reports whether the payment is made in cash.
func (s PaySource) Cash() bool { return s.Savings == "" }

// Memos of the counter's journal transactions: the cooperative's books, kept in Indonesian

// CashDeposit puts cash paid in at the counter into a member's savings account.
func CashDeposit(ctx context.Context, tx *store.Tx, op TellerOp, accountNumber string, amount int64, memo string) (store.Receipt, error) {
	return cashIn.move(ctx, tx, op, accountNumber, amount, memo)
}

// CashWithdrawal pays cash out of a member's savings account at the counter. What may be
// withdrawn is the balance less what is held less the product's minimum balance; simpanan
// pokok and wajib are not withdrawn while the member stays.
func CashWithdrawal(ctx context.Context, tx *store.Tx, op TellerOp, accountNumber string, amount int64, memo string) (store.Receipt, error) {
	return cashOut.move(ctx, tx, op, accountNumber, amount, memo)
}

// cashMove is cash over the counter, into a member's savings account or out of it.
type cashMove struct {
	kind   store.JournalKind
	memo   store.MemoKind
	verb   string // "deposit into", "withdraw from": in errors
	sign   int64  // +1: into the account, -1: out of it
	usable func(store.Account) error
	within func(context.Context, *store.Tx, store.Account, int64) error // the amount allowed: what a pokok still takes, what may be withdrawn
	told   func(catalog.Messages, store.Receipt) string
}

var (
	cashIn = cashMove{kind: store.KindCashDeposit, memo: store.MemoCashDeposit, verb: "deposit into", sign: 1,
		usable: depositable, within: CheckPokok, told: catalog.Messages.TellerDeposited}
	cashOut = cashMove{kind: store.KindCashWithdrawal, memo: store.MemoCashWithdrawal, verb: "withdraw from", sign: -1,
		usable: spendable, within: func(_ context.Context, _ *store.Tx, a store.Account, amount int64) error {
			return withinWithdrawable(a, amount)
		},
		told: catalog.Messages.TellerWithdrawn}
)

// move moves amount of cash with the account with the given number against the branch's
// cash, and tells the member; a repeat of op returns the first receipt.
func (mv cashMove) move(ctx context.Context, tx *store.Tx, op TellerOp, accountNumber string, amount int64, memo string) (store.Receipt, error) {
	a, err := tellerAccount(ctx, tx, accountNumber)
	if err != nil {
		return store.Receipt{}, err
	}
	if prev, done, err := tellerDone(ctx, tx, op, mv.kind, a.ID); err != nil || done {
		return savingsReceipt(ctx, tx, op, prev, a.ID, true, err)
	}
	if err := mv.usable(a); err != nil {
		return store.Receipt{}, err
	}
	if amount <= 0 {
		return store.Receipt{}, fmt.Errorf("%s %s: the amount must be more than zero", mv.verb, a.Masked())
	}
	if err := mv.within(ctx, tx, a, amount); err != nil {
		return store.Receipt{}, err
	}
	cash, err := tx.SystemAccount(ctx, a.Branch, store.AccountCash)
	if err != nil {
		return store.Receipt{}, err
	}
	r, applied, err := tellerPost(ctx, tx, op, store.Entry{Branch: a.Branch, Kind: mv.kind, Memo: store.CashMemo(mv.memo, memo),
		Postings: []store.Posting{{Account: a.ID, Amount: mv.sign * amount}, {Account: cash.ID, Amount: -mv.sign * amount}}}, a.ID)
	if err != nil || !applied {
		return r, err
	}
	return r, Notify(ctx, tx, a.Branch, r.Member.Phone, op.Lang, func(msg catalog.Messages) string { return mv.told(msg, r) })
}

// LoanDueOn works out what the loan in the account asks for on day today.
//
// Late fee on an installment: its unpaid amount × lateFeeBP/10,000 × the days since its
// due date, rounded half up (as Cek Pinjaman shows it), less the late fees already paid on
// that installment (never below zero).
func LoanDueOn(ctx context.Context, tx *store.Tx, loanAccountNumber string, today time.Time, lateFeeBP int64) (store.LoanDue, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.LoanDue{}, err
	}
	return loanDue(ctx, tx, l, today, lateFeeBP)
}

func loanDue(ctx context.Context, tx *store.Tx, l store.Loan, today time.Time, lateFeeBP int64) (store.LoanDue, error) {
	sched, err := tx.Installments(ctx, l.ID)
	if err != nil {
		return store.LoanDue{}, err
	}
	feesPaid, err := tx.LateFeesPaid(ctx, l.ID)
	if err != nil {
		return store.LoanDue{}, err
	}
	d := store.LoanDue{Loan: l}
	for _, in := range sched {
		unpaid := in.Total() - in.Paid
		if unpaid <= 0 {
			continue
		}
		// Within an installment interest is paid before principal, so what was paid went to interest first.
		interestLeft := in.Interest - min(in.Paid, in.Interest)
		due := store.InstallmentDue{No: in.No, Due: in.Due, Interest: interestLeft, Principal: unpaid - interestLeft}
		if days := catalog.DaysBetween(in.Due, today); days > 0 {
			due.DaysLate = days
			due.LateFee = max(0, (unpaid*lateFeeBP*int64(days)+5_000)/10_000-feesPaid[in.No])
			d.Overdue++
			d.Now += due.Total()
		}
		d.LateFees += due.LateFee
		d.Total += due.Total()
		d.Installments = append(d.Installments, due)
	}
	if d.Overdue == 0 && len(d.Installments) > 0 {
		d.Now = d.Installments[0].Total()
	}
	return d, nil
}

// allocate splits amount over what is due: installment by installment, oldest first, and
// within each its late fee first, then its interest, then its principal.
func allocate(d store.LoanDue, amount int64) []store.InstallmentAllocation {
	var parts []store.InstallmentAllocation
	for _, in := range d.Installments {
		if amount == 0 {
			break
		}
		a := store.InstallmentAllocation{LoanID: d.Loan.ID, No: in.No}
		take := func(owed int64) int64 {
			n := min(amount, owed)
			amount -= n
			return n
		}
		a.LateFee = take(in.LateFee)
		a.Interest = take(in.Interest)
		a.Principal = take(in.Principal)
		if a.Total() > 0 {
			parts = append(parts, a)
		}
	}
	return parts
}

// PayInstallments takes a payment on the loan in the account, in cash or from the
// borrower's savings. amount 0 pays exactly what is due today: every overdue installment
// with its late fees, or else the next installment. More than everything the loan still
// owes is refused. The payment goes, installment by installment, oldest first, to the late
// fee, then the interest, then the principal; late fees and interest to the branch's
// income, principal to the loan account. A loan with nothing left to pay becomes paid.
func PayInstallments(ctx context.Context, tx *store.Tx, op TellerOp, loanAccountNumber string, from PaySource, amount int64, today time.Time) (store.Payment, error) {
	l, err := tellerLoan(ctx, tx, loanAccountNumber)
	if err != nil {
		return store.Payment{}, err
	}
	// A payment of late fees and interest only does not touch the loan account: match by the schedule.
	if prev, done, err := tellerDone(ctx, tx, op, store.KindInstallment, 0); err != nil || done {
		if err != nil {
			return store.Payment{}, err
		}
		pay, err := paymentOf(ctx, tx, op, prev, true, today)
		if err == nil && pay.Loan.ID != l.Account.ID {
			err = &Refusal{Code: KeyUsed, Subject: op.Key, Other: fmt.Sprintf("%s, a payment on another loan", store.JournalRef(prev.ID))}
		}
		return pay, err
	}
	if err := disbursedLoan(ctx, tx, l); err != nil {
		return store.Payment{}, err
	}
	due, err := loanDue(ctx, tx, l, today, op.LateFeeBP)
	if err != nil {
		return store.Payment{}, err
	}
	switch {
	case due.Total == 0:
		return store.Payment{}, &Refusal{Code: NothingOwed, Subject: l.Account.Masked()}
	case amount < 0:
		return store.Payment{}, fmt.Errorf("pay loan %s: the amount must be more than zero", l.Account.Masked())
	case amount == 0:
		amount = due.Now
	case amount > due.Total:
		return store.Payment{}, &Refusal{Code: Overpayment, Subject: l.Account.Masked(), Got: amount, Max: due.Total}
	}
	var source store.Account
	if from.Cash() {
		if source, err = tx.SystemAccount(ctx, l.Account.Branch, store.AccountCash); err != nil {
			return store.Payment{}, err
		}
	} else {
		if source, err = tellerAccount(ctx, tx, from.Savings); err != nil {
			return store.Payment{}, err
		}
		if err := spendable(source); err != nil {
			return store.Payment{}, err
		}
		if source.MemberID != l.Account.MemberID {
			return store.Payment{}, &Refusal{Code: OtherMember, Subject: source.Masked()}
		}
		if err := withinWithdrawable(source, amount); err != nil {
			return store.Payment{}, err
		}
	}
	parts := allocate(due, amount)
	var toIncome, toLoan int64
	for _, a := range parts {
		toIncome += a.LateFee + a.Interest
		toLoan += a.Principal
	}
	postings := []store.Posting{{Account: source.ID, Amount: -amount}}
	if toIncome > 0 {
		income, err := tx.SystemAccount(ctx, l.Account.Branch, store.AccountIncome)
		if err != nil {
			return store.Payment{}, err
		}
		postings = append(postings, store.Posting{Account: income.ID, Amount: toIncome})
	}
	if toLoan > 0 {
		postings = append(postings, store.Posting{Account: l.Account.ID, Amount: toLoan})
	}
	r, applied, err := tellerPost(ctx, tx, op, store.Entry{Branch: l.Account.Branch, Kind: store.KindInstallment,
		Memo: installmentMemo(parts), Postings: postings}, l.Account.ID)
	if err != nil {
		return store.Payment{}, err
	}
	p, err := tx.PostedByID(ctx, r.JournalID)
	if err != nil {
		return store.Payment{}, err
	}
	if !applied {
		return paymentOf(ctx, tx, op, p, true, today)
	}
	for _, a := range parts {
		if err := tx.PayInstallment(ctx, l.ID, a.No, a.Interest+a.Principal, p.At); err != nil {
			return store.Payment{}, err
		}
	}
	if err := tx.RecordAllocations(ctx, p.ID, parts); err != nil {
		return store.Payment{}, err
	}
	if after, err := loanDue(ctx, tx, l, today, op.LateFeeBP); err != nil {
		return store.Payment{}, err
	} else if len(after.Installments) == 0 {
		if err := tx.SetLoanStatus(ctx, l.ID, store.LoanPaid); err != nil {
			return store.Payment{}, err
		}
	}
	pay, err := paymentOf(ctx, tx, op, p, false, today)
	if err != nil {
		return store.Payment{}, err
	}
	return pay, Notify(ctx, tx, l.Account.Branch, pay.Member.Phone, op.Lang, func(msg catalog.Messages) string { return msg.TellerInstallmentPaid(pay) })
}

func installmentMemo(parts []store.InstallmentAllocation) store.Memo {
	if len(parts) == 0 {
		return store.Memo{Kind: store.MemoInstallment}
	}
	return store.InstallmentMemo(parts[0].No, parts[len(parts)-1].No)
}

// loanPaymentOf reads a payment on a loan posted as p: the receipt with the loan, what was
// paid and the savings it came from (none for cash), and its split over the schedule.
func loanPaymentOf(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, duplicate bool) (store.Receipt, []store.InstallmentAllocation, error) {
	r := receiptOf(p, op, duplicate)
	for _, l := range p.Lines {
		switch {
		case l.Account.Kind == store.AccountLoan:
			r.Loan = l.Account
		case l.Amount < 0:
			r.Amount = -l.Amount
			if l.Account.Kind == store.AccountSavings {
				r.Account = l.Account
			}
		}
	}
	parts, err := tx.Allocations(ctx, p.ID)
	return r, parts, err
}

// paymentOf reads back what the installment payment posted as p did, from its postings and
// its allocations over the schedule, and where the loan stands on day today.
func paymentOf(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, duplicate bool, today time.Time) (store.Payment, error) {
	var pay store.Payment
	var err error
	var loanID int64
	if pay.Receipt, pay.Parts, err = loanPaymentOf(ctx, tx, op, p, duplicate); err != nil {
		return store.Payment{}, err
	}
	for _, a := range pay.Parts {
		pay.LateFees += a.LateFee
		pay.Interest += a.Interest
		pay.Principal += a.Principal
		loanID = a.LoanID
	}
	parts := pay.Parts
	var l store.Loan
	switch {
	case len(parts) > 0:
		l, err = tx.LoanByID(ctx, loanID)
	case pay.Loan.ID != 0:
		l, err = tx.LoanByAccount(ctx, pay.Loan.Number)
	default:
		err = fmt.Errorf("journal %s is not an installment payment", p.Key)
	}
	if err != nil {
		return store.Payment{}, err
	}
	pay.Loan = l.Account
	pay.Remaining = l.Account.Amount()
	sched, err := tx.Installments(ctx, l.ID)
	if err != nil {
		return store.Payment{}, err
	}
	for _, a := range parts {
		for _, in := range sched {
			if in.No == a.No && in.Paid >= in.Total() {
				pay.Cleared = append(pay.Cleared, in.No)
			}
		}
	}
	pay.Settled = l.Status == store.LoanPaid
	if !pay.Settled {
		due, err := loanDue(ctx, tx, l, today, op.LateFeeBP)
		if err != nil {
			return store.Payment{}, err
		}
		if len(due.Installments) > 0 {
			pay.Next = due.Installments[0]
		}
		if due.Overdue > 0 {
			pay.Overdue, pay.Arrears = due.Overdue, due.Now
		}
	}
	if pay.Member, err = tx.MemberByID(ctx, l.Account.MemberID); err != nil {
		return store.Payment{}, err
	}
	return pay, nil
}

// Reverse undoes the journal transaction with the given key (or reference, TRX-000123): a
// new journal transaction, keyed "reversal:" and the original's key, posts every posting
// of the original negated; the original is never edited. An installment payment also comes
// off the schedule. A transaction is reversed once; a reversal is not reversed (post the
// movement again instead). op.Key identifies the request: the same request again is
// answered with its receipt, marked Duplicate.
func Reverse(ctx context.Context, tx *store.Tx, op TellerOp, journalKey, reason string) (store.Receipt, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Receipt{}, errors.New("a reversal needs a reason: the member is told why")
	}
	if strings.TrimSpace(op.Key) == "" {
		return store.Receipt{}, errors.New("reverse: an idempotency key is required")
	}
	if strings.TrimSpace(string(op.By)) == "" {
		return store.Receipt{}, errors.New("reverse: say which staff member reverses it")
	}
	orig, err := tx.PostedByKey(ctx, strings.TrimSpace(journalKey))
	if errors.Is(err, store.ErrNotFound) {
		if ref, perr := store.ParseRef(journalKey); perr == nil && ref.Kind == store.RefJournal {
			orig, err = tx.PostedByID(ctx, ref.N)
		}
	}
	if errors.Is(err, store.ErrNotFound) {
		return store.Receipt{}, &Refusal{Code: NoJournal, Subject: strings.TrimSpace(journalKey)}
	}
	if err != nil {
		return store.Receipt{}, err
	}
	origRef := store.JournalRef(orig.ID).String()
	switch prev, err := tx.ReversalByRequest(ctx, op.Key); {
	case err == nil && prev.OriginalID == orig.ID:
		p, err := tx.PostedByID(ctx, prev.ReversalID)
		if err != nil {
			return store.Receipt{}, err
		}
		return reversalReceipt(ctx, tx, op, p, origRef, orig, true)
	case err == nil:
		return store.Receipt{}, &Refusal{Code: KeyUsed, Subject: op.Key, Other: "the reversal of " + store.JournalRef(prev.OriginalID).String()}
	case !errors.Is(err, store.ErrNotFound):
		return store.Receipt{}, err
	}
	if orig.Kind == store.KindReversal {
		return store.Receipt{}, &Refusal{Code: IsReversal, Subject: origRef}
	}
	if _, err := tx.ReversalBy(ctx, orig.ID); err == nil {
		return store.Receipt{}, &Refusal{Code: IsReversal, Subject: origRef}
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Receipt{}, err
	}
	if prev, err := tx.ReversalOf(ctx, orig.ID); err == nil {
		return store.Receipt{}, &Refusal{Code: AlreadyReversed, Subject: origRef, Other: store.JournalRef(prev.ReversalID).String()}
	} else if !errors.Is(err, store.ErrNotFound) {
		return store.Receipt{}, err
	}
	undoSchedule, why, err := reversible(ctx, tx, orig)
	if err != nil {
		return store.Receipt{}, fmt.Errorf("reverse %s: %w", origRef, err)
	}
	if why != "" {
		return store.Receipt{}, &Refusal{Code: CannotReverse, Subject: origRef, Status: why}
	}
	// Taking back what went into savings obeys the same limit as a withdrawal: the ledger
	// never lets savings fall below what is held or the product's minimum balance.
	for _, l := range orig.Lines {
		if l.Account.Kind == store.AccountSavings && l.Amount > 0 {
			if err := withinWithdrawable(l.Account, l.Amount); err != nil {
				return store.Receipt{}, fmt.Errorf("reverse %s: %w", origRef, err)
			}
		}
	}
	postings := make([]store.Posting, len(orig.Lines))
	for i, l := range orig.Lines {
		postings[i] = store.Posting{Account: l.Account.ID, Amount: -l.Amount}
	}
	id, applied, err := tx.Post(ctx, store.Entry{Key: store.KeyReversal.Key(orig.Key), Branch: orig.Branch, Kind: store.KindReversal,
		Memo: store.Memo{Kind: store.MemoReversal, Ref: origRef, Note: reason}, AuthorKind: op.author(), AuthorID: string(op.By), Postings: postings})
	if err != nil {
		return store.Receipt{}, fmt.Errorf("reverse %s: %w", origRef, err)
	}
	if !applied {
		return store.Receipt{}, fmt.Errorf("reverse %s: a journal transaction with the key %q exists but is not recorded as its reversal", origRef, store.KeyReversal.Key(orig.Key))
	}
	if err := tx.RecordReversal(ctx, store.JournalReversal{OriginalID: orig.ID, ReversalID: id, RequestKey: op.Key, Reason: reason}); err != nil {
		return store.Receipt{}, err
	}
	p, err := tx.PostedByID(ctx, id)
	if err != nil {
		return store.Receipt{}, err
	}
	if undoSchedule {
		if _, err := tx.UndoAllocations(ctx, orig.ID, id, p.At); err != nil {
			return store.Receipt{}, err
		}
	}
	if err := undoDisbursement(ctx, tx, orig); err != nil {
		return store.Receipt{}, err
	}
	r, err := reversalReceipt(ctx, tx, op, p, origRef, orig, false)
	if err != nil {
		return store.Receipt{}, err
	}
	if err := auditTeller(ctx, tx, op, store.Receipt{Ref: origRef, Kind: store.KindReversal, Member: store.Member{Branch: orig.Branch}}); err != nil {
		return store.Receipt{}, err
	}
	// Each member whose accounts moved is told, once, with their own accounts only.
	told := map[int64]bool{}
	for _, l := range r.Lines {
		memberID := l.Account.MemberID
		if memberID == 0 || told[memberID] {
			continue
		}
		told[memberID] = true
		var mine []store.PostedLine
		for _, o := range r.Lines {
			if o.Account.MemberID == memberID {
				mine = append(mine, o)
			}
		}
		m, err := tx.MemberByID(ctx, memberID)
		if err != nil {
			return store.Receipt{}, err
		}
		if err := Notify(ctx, tx, l.Account.Branch, m.Phone, op.Lang, func(msg catalog.Messages) string { return msg.TellerReversed(r, mine, reason) }); err != nil {
			return store.Receipt{}, err
		}
	}
	return r, nil
}

// reversible says why orig cannot be reversed ("" when it can), and whether its reversal
// must also take an installment payment off the schedule. A movement on a loan is reversed
// only when the schedule can follow: an installment payment made here, with no later one
// standing on the same loan; a disbursement, with nothing paid on the loan yet.
func reversible(ctx context.Context, tx *store.Tx, orig store.Posted) (undoSchedule bool, why string, err error) {
	switch orig.Kind {
	case store.KindWriteOff:
		return false, "a loan written off stays written off", nil
	case store.KindPrepayment:
		return false, "an early repayment rewrote the loan's schedule, which a reversal cannot restore", nil
	}
	if orig.Kind == store.KindInstallment {
		parts, err := tx.Allocations(ctx, orig.ID)
		if err != nil {
			return false, "", err
		}
		if len(parts) > 0 {
			later, err := tx.PaymentsAfter(ctx, parts[0].LoanID, orig.ID)
			if err != nil {
				return false, "", err
			}
			if len(later) > 0 {
				return false, fmt.Sprintf("a later payment on the same loan stands; reverse %s first", store.JournalRef(later[len(later)-1])), nil
			}
			return true, "", nil
		}
	}
	for _, l := range orig.Lines {
		switch l.Account.Kind {
		case store.AccountDeposit:
			return false, "it moved a time deposit, which is closed through its own procedure", nil
		case store.AccountLoan:
			if orig.Kind != store.KindDisbursement {
				return false, "it moved a loan without a record of the installments it paid (only disbursements and payments taken with kopbot teller can be reversed)", nil
			}
			loan, err := tx.LoanByAccount(ctx, l.Account.Number)
			if err != nil {
				return false, "", err
			}
			sched, err := tx.Installments(ctx, loan.ID)
			if err != nil {
				return false, "", err
			}
			for _, in := range sched {
				if in.Paid > 0 {
					return false, "installments were paid on the loan since; reverse those payments first", nil
				}
			}
			if why, err := feesStanding(ctx, tx, orig); err != nil || why != "" {
				return false, why, err
			}
		}
	}
	return false, "", nil
}

// tellerAccount looks up an account by its number as staff type it (spaces, dots and dashes allowed).
func tellerAccount(ctx context.Context, tx *store.Tx, number string) (store.Account, error) {
	n := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(number))
	if !store.ValidAccountNumber(n) {
		return store.Account{}, &Refusal{Code: BadAccountNumber, Subject: number}
	}
	a, err := tx.AccountByNumber(ctx, n)
	if errors.Is(err, store.ErrNotFound) {
		return store.Account{}, &Refusal{Code: NoSuchAccount, Subject: store.MaskNumber(n)}
	}
	return a, err
}

// tellerLoan looks up the loan held in the account with the given number.
func tellerLoan(ctx context.Context, tx *store.Tx, number string) (store.Loan, error) {
	a, err := tellerAccount(ctx, tx, number)
	if err != nil {
		return store.Loan{}, err
	}
	l, err := tx.LoanByAccount(ctx, a.Number)
	if errors.Is(err, store.ErrNotFound) {
		return store.Loan{}, &Refusal{Code: NoLoan, Subject: a.Masked(), Status: a.Kind}
	}
	return l, err
}

// depositable checks that money may be paid into the account.
func depositable(a store.Account) error {
	if a.Kind != store.AccountSavings {
		return &Refusal{Code: NotSavings, Subject: a.Masked(), Status: a.Kind}
	}
	if a.Status != store.AccountActive {
		return &Refusal{Code: AccountInactive, Subject: a.Masked(), Status: string(a.Status)}
	}
	return nil
}

// spendable checks that money may be taken out of the account, or paid into it for spending.
func spendable(a store.Account) error {
	if err := depositable(a); err != nil {
		return err
	}
	if a.ProductKind == store.ProductPokok || a.ProductKind == store.ProductWajib {
		return &Refusal{Code: LockedSavings, Subject: a.Masked()}
	}
	return nil
}

// withinWithdrawable refuses taking more than balance - held - the product's minimum balance.
func withinWithdrawable(a store.Account, amount int64) error {
	if amount > a.Available() {
		return &Refusal{Code: OverWithdrawable, Subject: a.Masked(), Got: amount, Max: a.Available(), Balance: a.Amount(), Held: a.Held, Min: a.MinBalance}
	}
	return nil
}

// paidOut reports whether the loan's money went out: a standing disbursement, or a loan
// brought in owing something already (imported without a disbursement of its own).
func paidOut(ctx context.Context, tx *store.Tx, l store.Loan) (bool, error) {
	if l.Account.Balance != 0 {
		return true, nil
	}
	return tx.Disbursed(ctx, l.Account.ID)
}

// disbursedLoan checks that the loan is active and its money went out: what a payment on it needs.
func disbursedLoan(ctx context.Context, tx *store.Tx, l store.Loan) error {
	if l.Status == store.LoanApproved {
		return &Refusal{Code: NotDisbursed, Subject: l.Account.Masked()}
	}
	if err := activeLoan(l); err != nil {
		return err
	}
	switch out, err := paidOut(ctx, tx, l); {
	case err != nil:
		return err
	case !out:
		return &Refusal{Code: NotDisbursed, Subject: l.Account.Masked()}
	}
	return nil
}

func activeLoan(l store.Loan) error {
	if l.Status != store.LoanActive {
		return &Refusal{Code: LoanNotActive, Subject: l.Account.Masked(), Status: string(l.Status)}
	}
	if l.Account.Status != store.AccountActive {
		return &Refusal{Code: AccountInactive, Subject: l.Account.Masked(), Status: string(l.Account.Status)}
	}
	return nil
}

// tellerDone returns the journal transaction an earlier run of the same request posted
// under op.Key, if there is one. A key used for another kind of movement, or on another
// account (unless accountID is 0), is refused rather than taken as done.
func tellerDone(ctx context.Context, tx *store.Tx, op TellerOp, kind store.JournalKind, accountID int64) (store.Posted, bool, error) {
	if strings.TrimSpace(op.Key) == "" {
		return store.Posted{}, false, errors.New("an idempotency key is required")
	}
	if strings.TrimSpace(string(op.By)) == "" {
		return store.Posted{}, false, errors.New("say which staff member moves the money")
	}
	p, err := tx.PostedByKey(ctx, op.Key)
	if errors.Is(err, store.ErrNotFound) {
		return store.Posted{}, false, nil
	}
	if err != nil {
		return store.Posted{}, false, err
	}
	if _, ok := p.Line(accountID); !ok && accountID != 0 || p.Kind != kind {
		return store.Posted{}, false, &Refusal{Code: KeyUsed, Subject: op.Key, Other: fmt.Sprintf("%s, a %s", store.JournalRef(p.ID), p.Kind)}
	}
	return p, true, nil
}

// tellerPost posts e under op's key and author, and returns the receipt for the member's
// account with the given ID.
func tellerPost(ctx context.Context, tx *store.Tx, op TellerOp, e store.Entry, accountID int64) (store.Receipt, bool, error) {
	e.Key, e.AuthorKind, e.AuthorID = op.Key, op.author(), string(op.By)
	id, applied, err := tx.Post(ctx, e)
	if err != nil {
		return store.Receipt{}, false, fmt.Errorf("%s: %w", catalog.MemoText("en", store.Memo{Kind: e.Memo.Kind}), err)
	}
	p, err := tx.PostedByID(ctx, id)
	if err != nil {
		return store.Receipt{}, false, err
	}
	r, err := savingsReceipt(ctx, tx, op, p, accountID, !applied, nil)
	if err == nil && applied {
		err = auditTeller(ctx, tx, op, r)
	}
	return r, applied, err
}

// auditTeller records a counter movement staff made in the audit log (a member paying
// from WhatsApp is no staff decision), naming the account it was on, masked.
func auditTeller(ctx context.Context, tx *store.Tx, op TellerOp, r store.Receipt) error {
	if op.author() != store.AuthorAdmin {
		return nil
	}
	subject := r.Ref
	switch {
	case r.Loan.Number != "":
		subject = r.Loan.Masked()
	case r.Account.Number != "":
		subject = r.Account.Masked()
	}
	_, err := decidedWith(ctx, tx, op.By, AuditTeller+AuditAction(r.Kind), subject, r.Member.Branch, r.Ref)
	return err
}

func receiptOf(p store.Posted, op TellerOp, duplicate bool) store.Receipt {
	at := p.At
	if op.Loc != nil {
		at = at.In(op.Loc)
	}
	return store.Receipt{Ref: store.JournalRef(p.ID).String(), JournalID: p.ID, Key: p.Key, Kind: p.Kind, Memo: p.Memo, At: at, Duplicate: duplicate}
}

// savingsReceipt is the receipt of a movement on the member's account with the given ID.
func savingsReceipt(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, accountID int64, duplicate bool, err error) (store.Receipt, error) {
	if err != nil {
		return store.Receipt{}, err
	}
	r := receiptOf(p, op, duplicate)
	l, _ := p.Line(accountID)
	r.Account, r.Amount = l.Account, l.Amount
	if r.Amount < 0 {
		r.Amount = -r.Amount
	}
	if l.Account.Kind == store.AccountLoan {
		r.Account, r.Loan = store.Account{}, l.Account
	}
	if l.Account.MemberID != 0 {
		if r.Member, err = tx.MemberByID(ctx, l.Account.MemberID); err != nil {
			return store.Receipt{}, err
		}
	}
	return r, nil
}

func disbursementReceipt(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, l store.Loan, duplicate bool) (store.Receipt, error) {
	r := receiptOf(p, op, duplicate)
	for _, line := range p.Lines {
		switch {
		case line.Account.ID == l.Account.ID:
			r.Loan, r.Amount = line.Account, -line.Amount
		case line.Account.Kind == store.AccountSavings:
			r.Account = line.Account
		}
	}
	var err error
	r.Member, err = tx.MemberByID(ctx, l.Account.MemberID)
	return r, err
}

func reversalReceipt(ctx context.Context, tx *store.Tx, op TellerOp, p store.Posted, origRef string, orig store.Posted, duplicate bool) (store.Receipt, error) {
	r := receiptOf(p, op, duplicate)
	r.Reverses, r.Lines = origRef, p.Lines
	for _, l := range orig.Lines {
		if l.Amount > 0 {
			r.Amount += l.Amount
		}
	}
	for _, l := range p.Lines {
		if l.Account.MemberID != 0 && r.Member.ID == 0 {
			m, err := tx.MemberByID(ctx, l.Account.MemberID)
			if err != nil {
				return store.Receipt{}, err
			}
			r.Member = m
		}
	}
	return r, nil
}
