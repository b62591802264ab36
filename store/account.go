package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Account kinds: members' accounts and the cooperative's own.
const (
	AccountSavings        = "savings"
	AccountDeposit        = "deposit"
	AccountLoan           = "loan"
	AccountCash           = "cash"
	AccountBank           = "bank"
	AccountQRISSettlement = "qris_settlement"
	AccountSuspense       = "suspense"
	AccountEquity         = "equity"
	AccountIncome         = "income" // loan interest and late fees

	// The books' own accounts (issue 16): each branch has one of each.
	AccountInterestExpense  = "interest_expense"  // interest paid on savings and time deposits
	AccountTaxPayable       = "tax_payable"       // tax withheld from members' interest, owed to the state
	AccountFeeIncome        = "fee_income"        // administration fees, loan fees, early-withdrawal penalties
	AccountFeeReceivable    = "fee_receivable"    // fees charged that an account could not pay yet
	AccountInsurancePayable = "insurance_payable" // loan insurance premiums, owed to the insurer
)

// AccountStatus says whether money may move on an account.
type AccountStatus string

// Account statuses: postings touch active accounts only.
const (
	AccountActive AccountStatus = "active"
	AccountFrozen AccountStatus = "frozen"
	AccountClosed AccountStatus = "closed"
)

// Side is a side of the ledger: an account's normal balance is on one of them.
type Side string

// The ledger's sides: credit for what the cooperative owes, debit for what it owns.
const (
	Credit Side = "C"
	Debit  Side = "D"
)

// systemSerials fixes the serial of each of a branch's own accounts, so their numbers are stable.
var systemSerials = map[string]int{
	AccountCash: 1, AccountBank: 2, AccountQRISSettlement: 3, AccountSuspense: 4, AccountEquity: 5, AccountIncome: 6,
	AccountInterestExpense: 7, AccountTaxPayable: 8, AccountFeeIncome: 9, AccountFeeReceivable: 10, AccountInsurancePayable: 11,
	AccountSHUDistributed: 50, AccountReserve: 51, // SHU's (store/shu.go); its funds' accounts follow, from 52
}

// normalSide says which sign a healthy balance of each kind has: credit for what the
// cooperative owes (savings, deposits, equity, income), debit for what it owns.
func normalSide(kind string) Side {
	switch kind {
	case AccountSavings, AccountDeposit, AccountEquity, AccountIncome, AccountSuspense,
		AccountTaxPayable, AccountFeeIncome, AccountInsurancePayable, AccountReserve, AccountSHUFund:
		return Credit
	}
	return Debit
}

// Account is one ledger account.
type Account struct {
	ID          int64
	Number      string
	Branch      string
	MemberID    int64 // 0 for the cooperative's own accounts
	ProductCode string
	ProductKind string
	ProductName string
	MinBalance  int64 // the product's minimum balance, for savings
	Kind        string
	Normal      Side
	Name        string
	Balance     int64 // signed sum of postings, credit positive
	Held        int64 // reserved for pending withdrawals
	Status      AccountStatus
	OpenedAt    time.Time
}

// Amount is the balance as people read it: what a member has in savings, what a borrower still owes.
func (a Account) Amount() int64 {
	if a.Normal == Debit {
		return -a.Balance
	}
	return a.Balance
}

// Available is what can be spent from the account now: the balance less what is held
// and, for savings, the product's minimum balance.
func (a Account) Available() int64 {
	if a.Kind == AccountSavings {
		return max(a.Amount()-a.Held-a.MinBalance, 0)
	}
	return a.Amount() - a.Held
}

// Masked shows only the ends of the account number, for logs: 01******34.
func (a Account) Masked() string { return MaskNumber(a.Number) }

// MaskNumber keeps the first two and last two characters of an account number or NIK-like string.
func MaskNumber(s string) string {
	if len(s) <= 4 {
		return "****"
	}
	b := []byte(s)
	for i := 2; i < len(b)-2; i++ {
		b[i] = '*'
	}
	return string(b)
}

const accountColumns = `a.id, a.number, a.branch_id, COALESCE(a.member_id, 0), COALESCE(p.code, ''), COALESCE(p.kind, ''), COALESCE(p.name, ''),
	COALESCE(p.min_balance, 0), a.kind, a.normal, a.name, a.balance, a.held, a.status, a.opened_at`

const accountFrom = ` FROM accounts a LEFT JOIN products p ON p.id = a.product_id`

func scanAccount(row row) (Account, error) {
	var a Account
	var opened int64
	err := row.Scan(&a.ID, &a.Number, &a.Branch, &a.MemberID, &a.ProductCode, &a.ProductKind, &a.ProductName,
		&a.MinBalance, &a.Kind, &a.Normal, &a.Name, &a.Balance, &a.Held, &a.Status, &opened)
	a.OpenedAt = fromUnix(opened)
	return a, err
}

// OpenAccount is what it takes to open a member's account.
type OpenAccount struct {
	Branch   string
	MemberID int64
	Product  Product
	Name     string
	At       time.Time
}

// OpenAccount creates a member's savings, deposit or loan account with a fresh number.
func (tx *Tx) OpenAccount(ctx context.Context, o OpenAccount) (Account, error) {
	kind := AccountSavings
	switch o.Product.Kind {
	case ProductDeposito:
		kind = AccountDeposit
	case ProductPinjaman:
		kind = AccountLoan
	}
	b, err := tx.Branch(ctx, o.Branch)
	if err != nil {
		return Account{}, err
	}
	// Product numbers 01-99 sit in the account number; 00 is the cooperative's own accounts.
	if o.Product.ID < 1 || o.Product.ID > 99 {
		return Account{}, fmt.Errorf("open account: product %s has number %d; account numbers hold products 1 to 99", o.Product.Code, o.Product.ID)
	}
	prefix := b.Code + fmt.Sprintf("%02d", o.Product.ID)
	last, err := tx.lastAccountSerial(ctx, prefix)
	if err != nil {
		return Account{}, err
	}
	if last >= 99999 {
		return Account{}, fmt.Errorf("account numbers for branch %s product %s are exhausted", o.Branch, o.Product.Code)
	}
	number := withCheckDigit(prefix + fmt.Sprintf("%05d", last+1))
	at := o.At
	if at.IsZero() {
		at = tx.now
	}
	return tx.insertAccount(ctx, Account{Number: number, Branch: o.Branch, MemberID: o.MemberID, Kind: kind, Name: o.Name, OpenedAt: at}, o.Product.ID)
}

// lastAccountSerial is the highest serial used among the account numbers that start with
// prefix (branch and product), 0 when none: numbers are ten digits, so the unique index on
// them finds it in one step, however many accounts there are.
func (tx *Tx) lastAccountSerial(ctx context.Context, prefix string) (int, error) {
	const q = `SELECT number FROM accounts WHERE number BETWEEN ? AND ? ORDER BY number DESC LIMIT 1`
	var number string
	err := tx.queryRow(ctx, q, prefix+"000000", prefix+"999999").Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("next account number for %s: %w", prefix, err)
	}
	serial, err := strconv.Atoi(number[len(prefix) : len(number)-1])
	if err != nil {
		return 0, fmt.Errorf("next account number for %s: last number %q: %w", prefix, number, err)
	}
	return serial, nil
}

func (tx *Tx) insertAccount(ctx context.Context, a Account, productID int64) (Account, error) {
	const q = `INSERT INTO accounts (number, branch_id, member_id, product_id, kind, normal, name, opened_at)
		VALUES (?, ?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?) RETURNING id`
	a.Normal = normalSide(a.Kind)
	a.Status = AccountActive
	if err := tx.queryRow(ctx, q, a.Number, a.Branch, a.MemberID, productID, a.Kind, a.Normal, a.Name, unix(a.OpenedAt)).Scan(&a.ID); err != nil {
		return Account{}, fmt.Errorf("open account %s: %w", MaskNumber(a.Number), err)
	}
	return a, nil
}

// SystemAccount returns the branch's own account of the given kind (cash, bank, ...), creating it on first use.
func (tx *Tx) SystemAccount(ctx context.Context, branch, kind string) (Account, error) {
	serial, ok := systemSerials[kind]
	if !ok {
		return Account{}, fmt.Errorf("%q is not a kind of the cooperative's own accounts", kind)
	}
	return tx.ownAccount(ctx, branch, kind, serial, kind+" "+branch)
}

// ownAccount returns the branch's own account with serial, creating it of kind with name on first use.
func (tx *Tx) ownAccount(ctx context.Context, branch, kind string, serial int, name string) (Account, error) {
	b, err := tx.Branch(ctx, branch)
	if err != nil {
		return Account{}, err
	}
	number := withCheckDigit(b.Code + "00" + fmt.Sprintf("%05d", serial))
	a, err := tx.AccountByNumber(ctx, number)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return a, err
	}
	return tx.insertAccount(ctx, Account{Number: number, Branch: branch, Kind: kind, Name: name, OpenedAt: tx.now}, 0)
}

// AccountByNumber returns the account with the given number.
func (tx *Tx) AccountByNumber(ctx context.Context, number string) (Account, error) {
	const q = `SELECT ` + accountColumns + accountFrom + ` WHERE a.number = ?`
	a, err := scanAccount(tx.queryRow(ctx, q, number))
	if errors.Is(err, sql.ErrNoRows) {
		return Account{}, fmt.Errorf("account %s: %w", MaskNumber(number), ErrNotFound)
	}
	if err != nil {
		return Account{}, fmt.Errorf("load account %s: %w", MaskNumber(number), err)
	}
	return a, nil
}

// EveryAccountOfMember lists all the member's accounts of every kind, closed ones too
// (a statement shows what moved on them): savings, time deposits, then loans.
func (tx *Tx) EveryAccountOfMember(ctx context.Context, memberID int64) ([]Account, error) {
	const q = `SELECT ` + accountColumns + accountFrom + ` WHERE a.member_id = ?
		ORDER BY CASE a.kind WHEN 'savings' THEN 0 WHEN 'deposit' THEN 1 ELSE 2 END,
			CASE p.kind WHEN 'pokok' THEN 0 WHEN 'wajib' THEN 1 WHEN 'sukarela' THEN 2 ELSE 3 END, a.number`
	return collect(ctx, tx, fmt.Sprintf("list every account of member %d", memberID), q, scanAccount, memberID)
}

// AccountsOfMember returns the member's accounts of one kind (savings, deposit, loan),
// simpanan pokok and wajib first, then by number.
func (tx *Tx) AccountsOfMember(ctx context.Context, memberID int64, kind string) ([]Account, error) {
	const q = `SELECT ` + accountColumns + accountFrom + ` WHERE a.member_id = ? AND a.kind = ? AND a.status != 'closed'
		ORDER BY CASE p.kind WHEN 'pokok' THEN 0 WHEN 'wajib' THEN 1 WHEN 'sukarela' THEN 2 ELSE 3 END, a.number`
	return collect(ctx, tx, fmt.Sprintf("list accounts of member %d", memberID), q, scanAccount, memberID, kind)
}

// withCheckDigit appends a Luhn check digit, so a mistyped account number is caught before any lookup.
func withCheckDigit(digits string) string {
	return digits + strconv.Itoa(luhnDigit(digits))
}

// ValidAccountNumber reports whether s is ten digits with a correct check digit.
func ValidAccountNumber(s string) bool {
	if len(s) != 10 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return luhnDigit(s[:9]) == int(s[9]-'0')
}

func luhnDigit(digits string) int {
	sum := 0
	double := true
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}
