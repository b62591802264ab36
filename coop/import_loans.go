package coop

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Bringing in the loans running in a cooperative's old books, after its members: kopbot
// makes each loan's schedule again by the product's method, as a disbursement does, marks
// the installments the old books say were paid, and brings the outstanding principal in
// against the branch's equity account, as the members' savings came in.

// LoanImportColumns are the columns of a loan import file; rate may be left out (the product's).
var LoanImportColumns = []string{"member_no", "product", "principal", "tenor", "rate", "disbursed_at", "installments_paid", "outstanding"}

// LoanImportFile is a loan import file: CSV with a header row, as ImportFile.
type LoanImportFile struct {
	CSV    []byte
	Branch string    // the branch whose members' loans these are
	Today  time.Time // the cooperative's today: dates are read in its location and none may be after it
	By     Actor     // who brought them in

	Progress Progress // told how many rows are in, as the import goes
}

// LoanImportRow is one running loan, checked: its member, product and terms, its schedule
// with the first Paid installments marked paid, and the principal it still owes.
type LoanImportRow struct {
	Line        int
	Member      store.Member
	Product     store.Product
	Loan        store.Loan // terms only; the account and ID once imported
	Schedule    []store.Installment
	Paid        int   // installments paid before kopbot
	Outstanding int64 // principal still owed, the schedule's and the old books' alike
	Key         string
}

// Next is the first installment not paid, zero when every one is.
func (r LoanImportRow) Next() store.Installment {
	if r.Paid < len(r.Schedule) {
		return r.Schedule[r.Paid]
	}
	return store.Installment{}
}

// LoanImport is what a loan import brought in (or, in a dry run rolled back after, would have).
type LoanImport struct {
	Rows  []LoanImportRow
	Total int64 // outstanding principal brought in
}

// ImportLoans checks f (CheckLoanImport) and, when every row is good, brings each loan in:
// a loan account opened on its disbursement day, the loan active from that day with its
// schedule (the first installments paid, as migrated: no money moves for them), and the
// outstanding principal posted in one journal transaction per loan (kind opening, key
// import-loan:<member>:<disbursed date>:<principal>): the loan account debited, the
// branch's equity credited. The day's close then grades it by its first unpaid
// installment. Run it in one transaction: a refused file writes nothing.
func ImportLoans(ctx context.Context, tx *store.Tx, f LoanImportFile) (LoanImport, error) {
	rows, err := CheckLoanImport(ctx, tx, f)
	if err != nil {
		return LoanImport{}, err
	}
	total, err := importLoans(ctx, tx, f, rows, 0, len(rows))
	if err != nil {
		return LoanImport{}, err
	}
	f.Progress.Step(len(rows), len(rows))
	return LoanImport{Rows: rows, Total: total}, nil
}

// ImportLoansInBatches is ImportLoans for a file too long for one transaction, as
// ImportMembersInBatches is for members: every row is checked first (one bad row and nothing
// is imported), then the loans go in batch at a time, a transaction each, so members'
// messages are answered in between; a failed batch leaves those before it in and says from
// which line to import the rest.
func ImportLoansInBatches(ctx context.Context, db *store.DB, f LoanImportFile, batch int) (LoanImport, error) {
	var rows []LoanImportRow
	err := db.View(ctx, func(tx *store.Tx) (err error) {
		rows, err = CheckLoanImport(ctx, tx, f)
		return err
	})
	if err != nil {
		return LoanImport{}, err
	}
	res := LoanImport{Rows: rows}
	err = inBatches(ctx, db, rows, batch, func(r LoanImportRow) int { return r.Line }, func(tx *store.Tx, start int, chunk []LoanImportRow) error {
		total, err := importLoans(ctx, tx, f, chunk, start, len(rows))
		res.Total += total
		return err
	})
	f.Progress.Step(len(rows), len(rows))
	return res, err
}

// importLoans brings checked rows in, the first being row start of all, and says the
// outstanding principal they brought.
func importLoans(ctx context.Context, tx *store.Tx, f LoanImportFile, rows []LoanImportRow, start, all int) (int64, error) {
	equity, err := tx.SystemAccount(ctx, f.Branch, store.AccountEquity)
	if err != nil {
		return 0, err
	}
	var total int64
	for i := range rows {
		f.Progress.Step(start+i, all)
		if err := importLoan(ctx, tx, f, equity, &rows[i]); err != nil {
			return 0, fmt.Errorf("import loans: line %d: %w", rows[i].Line, err)
		}
		total += rows[i].Outstanding
	}
	return total, nil
}

// importLoan brings one checked loan in.
func importLoan(ctx context.Context, tx *store.Tx, f LoanImportFile, equity store.Account, r *LoanImportRow) error {
	start := r.Loan.Start
	acct, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: f.Branch, MemberID: r.Member.ID, Product: r.Product, Name: r.Product.Name, At: start})
	if err != nil {
		return err
	}
	r.Loan.Account = acct
	if r.Loan, err = tx.CreateLoan(ctx, r.Loan, r.Schedule); err != nil {
		return err
	}
	_, _, err = tx.Post(ctx, store.Entry{Key: r.Key, Branch: f.Branch, Kind: store.KindOpening,
		Memo:       store.Memo{Kind: store.MemoLoanOpening, Product: r.Product.Name, First: r.Paid},
		AuthorKind: store.AuthorAdmin, AuthorID: f.By.String(), At: tx.Now(),
		Postings: []store.Posting{{Account: acct.ID, Amount: -r.Outstanding}, {Account: equity.ID, Amount: r.Outstanding}}}) // a loan is an asset: a debit
	if err != nil {
		return fmt.Errorf("post the outstanding principal of %s: %w", acct.Masked(), err)
	}
	r.Loan.Account, err = tx.AccountByNumber(ctx, acct.Number)
	return err
}

// CheckLoanImport reads f and checks every row, returning the loans ready to import or an
// *ImportError listing every problem by line and field, each saying what to write instead:
// a member number of no active member of the branch (members are imported first), a
// product that is not a loan product, a principal, tenor, rate, date or count that cannot
// be read, installments paid that leave nothing owed, an outstanding principal that is not
// what the schedule leaves after the installments paid (both figures said), and a loan
// given twice in the file or brought in already. It changes nothing.
func CheckLoanImport(ctx context.Context, tx *store.Tx, f LoanImportFile) ([]LoanImportRow, error) {
	if _, err := tx.Branch(ctx, f.Branch); err != nil {
		return nil, err
	}
	products, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	file, err := readImportCSV(f.CSV, strings.Join(LoanImportColumns, ","), loanImportHeader)
	if err != nil {
		return nil, err
	}
	if len(file.records) == 0 && len(file.problems) == 0 {
		return nil, errors.New("the file has a header but no loans")
	}
	c := &loanChecker{f: f, cols: file.cols, lineOfKey: map[string]int{}, problems: file.problems}
	for _, p := range products {
		if p.Kind == store.ProductPinjaman {
			c.products = append(c.products, p)
		}
	}
	var rows []LoanImportRow
	for _, r := range file.records {
		row, ok, err := c.row(ctx, tx, r.line, r.cells)
		if err != nil {
			return nil, fmt.Errorf("check loan import: line %d: %w", r.line, err)
		}
		if ok {
			rows = append(rows, row)
		}
	}
	if len(c.problems) > 0 {
		slices.SortStableFunc(c.problems, func(a, b RowProblem) int { return a.Line - b.Line })
		return nil, &ImportError{Problems: c.problems}
	}
	return rows, nil
}

// loanImportHeader reads a loan import file's header: the columns in any order and case,
// every one but rate required.
func loanImportHeader(header []string) (importCols, error) {
	col := importCols{}
	var errs []error
	for i, h := range header {
		key := strings.ToLower(strings.TrimSpace(h))
		switch first, dup := col[key]; {
		case !slices.Contains(LoanImportColumns, key):
			errs = append(errs, fmt.Errorf("line 1, column %d: %q is not a column of a loan import; the columns are %s",
				i+1, strings.TrimSpace(h), strings.Join(LoanImportColumns, ", ")))
		case dup:
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is also column %d", i+1, key, first+1))
		default:
			col[key] = i
		}
	}
	for _, req := range LoanImportColumns {
		if _, ok := col[req]; !ok && req != "rate" {
			errs = append(errs, fmt.Errorf("line 1: the header has no %s column (required: every column but rate)", req))
		}
	}
	return col, errors.Join(errs...)
}

// loanChecker checks the rows of one loan file in order.
type loanChecker struct {
	f         LoanImportFile
	cols      importCols
	products  []store.Product // the loan products
	lineOfKey map[string]int  // where each loan was first seen in the file
	problems  []RowProblem
}

func (c *loanChecker) bad(line int, field, format string, args ...any) {
	c.problems = append(c.problems, RowProblem{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
}

// row checks one record; ok is false when a problem was found in it.
func (c *loanChecker) row(ctx context.Context, tx *store.Tx, line int, rec []string) (LoanImportRow, bool, error) {
	had := len(c.problems)
	r := LoanImportRow{Line: line}
	var err error
	if r.Member, err = c.member(ctx, tx, line, c.cols.get(rec, "member_no")); err != nil {
		return r, false, err
	}
	r.Product = c.product(line, c.cols.get(rec, "product"))
	principal := c.amount(line, "principal", c.cols.get(rec, "principal"), "the principal as disbursed, like 10000000 or 10.000.000")
	tenor := c.count(line, "tenor", c.cols.get(rec, "tenor"), 1, 600, "the loan's months, like 12")
	rateBP := c.rate(line, c.cols.get(rec, "rate"), r.Product)
	start := c.date(line, c.cols.get(rec, "disbursed_at"))
	paid := c.count(line, "installments_paid", c.cols.get(rec, "installments_paid"), 0, max(tenor-1, 0),
		"how many installments the member has paid, 0 for none")
	outstanding := c.amount(line, "outstanding", c.cols.get(rec, "outstanding"), "the principal still owed per the old books, like 7500000")
	if len(c.problems) > had {
		return r, false, nil
	}
	method := loan.Method(r.Product.Settings().Method)
	terms, err := simulate(r.Product, method, rateBP, principal, tenor, start)
	if err != nil {
		c.bad(line, "", "kopbot cannot make its schedule (%v); check principal, tenor and rate", err)
		return r, false, nil
	}
	r.Loan = store.Loan{Principal: principal, RateBP: rateBP, Method: string(terms.Method), TenorMonths: tenor, Start: start}
	r.Schedule, r.Paid, r.Outstanding = installmentsOf(terms.Schedule), paid, principal
	for i := range paid {
		in := &r.Schedule[i]
		in.Paid, in.PaidAt = in.Total(), in.Due // paid as migrated: on its due day, or today when paid ahead
		if in.PaidAt.After(c.f.Today) {
			in.PaidAt = c.f.Today
		}
		r.Outstanding -= in.Principal
	}
	if r.Outstanding != outstanding {
		c.bad(line, "outstanding", "the old books say %s but kopbot's schedule (%s, %d months at %s a year by %s) leaves %s after %d installments paid; "+
			"check the principal, tenor, rate, disbursement date and installments paid against the old loan card, or correct the old books' figure",
			parse.Rupiah(outstanding), parse.Rupiah(principal), tenor, rateText(rateBP), terms.Method, parse.Rupiah(r.Outstanding), paid)
		return r, false, nil
	}
	r.Key = store.KeyImportLoan.Key(r.Member.No, start.Format(time.DateOnly), strconv.FormatInt(principal, 10))
	ok, err := c.unseen(ctx, tx, line, r.Key)
	return r, ok, err
}

// unseen checks a loan is not on an earlier line and was not brought in before.
func (c *loanChecker) unseen(ctx context.Context, tx *store.Tx, line int, key string) (bool, error) {
	if first, dup := c.lineOfKey[key]; dup {
		c.bad(line, "", "the same loan (member, disbursement date and principal) is also on line %d; remove one of the two lines", first)
		return false, nil
	}
	c.lineOfKey[key] = line
	done, err := tx.PostedByKey(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	c.bad(line, "", "this loan was brought in already, on %s by %s (%s); remove the line", done.At.In(c.f.Today.Location()).Format("2006-01-02 15:04"),
		done.AuthorID, store.JournalRef(done.ID))
	return false, nil
}

// member is the active member of the branch numbered v.
func (c *loanChecker) member(ctx context.Context, tx *store.Tx, line int, v string) (store.Member, error) {
	if v == "" {
		c.bad(line, "member_no", "is empty; write the borrower's member number, like 01.00101")
		return store.Member{}, nil
	}
	m, err := tx.MemberByNo(ctx, v)
	switch {
	case errors.Is(err, store.ErrNotFound):
		c.bad(line, "member_no", "no member is numbered %q; import the members first (kopbot members import), or correct the number", clipCell(v))
	case err != nil:
		return store.Member{}, err
	case m.Branch != c.f.Branch:
		c.bad(line, "member_no", "%s %s is a member of branch %s; import their loans with -branch %s", m.No, m.Name, m.Branch, m.Branch)
	case m.Status != store.MemberActive:
		c.bad(line, "member_no", "%s %s is %s, not active; reactivate them first, or leave the line out", m.No, m.Name, m.Status)
	}
	return m, nil
}

// product is the loan product coded v.
func (c *loanChecker) product(line int, v string) store.Product {
	codes := make([]string, len(c.products))
	for i, p := range c.products {
		if strings.EqualFold(p.Code, v) {
			return p
		}
		codes[i] = p.Code
	}
	c.bad(line, "product", "%q is not a loan product; write one of %s", clipCell(v), strings.Join(codes, ", "))
	return store.Product{}
}

func (c *loanChecker) amount(line int, field, v, what string) int64 {
	n, err := amountOrZero(v)
	switch {
	case v == "":
		c.bad(line, field, "is empty; write %s", what)
	case err != nil:
		c.bad(line, field, "%q is not an amount of rupiah (%s); write %s", clipCell(v), parseReason(err), what)
	case n == 0:
		c.bad(line, field, "is 0; a loan that owes nothing is not brought in: leave the line out")
	default:
		return n
	}
	return 0
}

// count is a whole number from lo to hi.
func (c *loanChecker) count(line int, field, v string, lo, hi int, what string) int {
	n, err := strconv.Atoi(v)
	switch {
	case v == "":
		c.bad(line, field, "is empty; write %s", what)
	case err != nil:
		c.bad(line, field, "%q is not a whole number; write %s", clipCell(v), what)
	case n < lo || n > hi:
		c.bad(line, field, "%d is not from %d to %d; write %s (a loan with every installment paid is not brought in)", n, lo, hi, what)
	default:
		return n
	}
	return 0
}

// rate is the loan's yearly rate in basis points: the product's when v is empty.
func (c *loanChecker) rate(line int, v string, p store.Product) int64 {
	if v == "" {
		return p.RateBP
	}
	bp, ok := readRateBP(v)
	if !ok {
		c.bad(line, "rate", "%q is not a yearly rate; write it like 18 or 18%% or 1,5%%, or leave it empty for the product's", clipCell(v))
	}
	return bp
}

// date is the disbursement day, which may not be after today.
func (c *loanChecker) date(line int, v string) time.Time {
	d, err := parse.Date(v, c.f.Today.Location())
	switch {
	case v == "":
		c.bad(line, "disbursed_at", "is empty; write the day the loan was paid out, like 2026-03-09 or 09-03-2026")
	case err != nil:
		c.bad(line, "disbursed_at", "%q is not a date (%s); write it like 2026-03-09 or 09-03-2026", clipCell(v), parseReason(err))
	case d.After(c.f.Today):
		c.bad(line, "disbursed_at", "%s is in the future; write the day the loan was paid out", v)
	default:
		return calendarDayIn(d, c.f.Today.Location())
	}
	return time.Time{}
}

// readRateBP reads a yearly rate written as 18, 18%, 1.5% or 1,5% into basis points.
func readRateBP(v string) (int64, bool) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	whole, frac, _ := strings.Cut(strings.ReplaceAll(v, ",", "."), ".")
	w, err := strconv.Atoi(whole)
	if err != nil || w < 0 || w > 100 || len(frac) > 2 {
		return 0, false
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi((frac + "0")[:2]); err != nil {
			return 0, false
		}
	}
	return int64(w*100 + f), true
}

// rateText is basis points as a percentage: 1850 is 18.5%.
func rateText(bp int64) string {
	if bp%100 == 0 {
		return fmt.Sprintf("%d%%", bp/100)
	}
	return strings.TrimRight(fmt.Sprintf("%d.%02d", bp/100, bp%100), "0") + "%"
}
