package store

import (
	"context"
	"fmt"
	"time"
)

// ImportRow is one member of a cooperative's existing books, brought in with their savings accounts.
type ImportRow struct {
	Line     int    // where the row came from (a file's line number), for problems
	Member   Member // Branch, No, NIK, Name and Phone are required; Status is always active
	Openings []Opening
	Wajib    WajibTerms // when simpanan wajib dues start; Opening is taken from the wajib product's opening
}

// Opening is a savings account to open with its opening balance; 0 opens it empty.
type Opening struct {
	Product string // product code: SP, SW, TAB, ...
	Amount  int64
}

// ImportResult says what an import brought in.
type ImportResult struct {
	Members  int
	Accounts int
	Products []ImportTotal // in product order (pokok, wajib, sukarela, tabungan), only products with accounts
}

// ImportTotal is what an import opened on one product.
type ImportTotal struct {
	Code     string
	Name     string
	Accounts int
	Total    int64 // sum of opening balances
}

// Total is the sum of every opening balance.
func (r ImportResult) Total() int64 {
	var t int64
	for _, p := range r.Products {
		t += p.Total
	}
	return t
}

// MemberIdentity is what tells one member (or applicant) from another: what an import
// must not give a second person.
type MemberIdentity struct {
	No, RegNo, NIK, Phone, Name string
	Status                      MemberStatus
}

// MemberIdentities lists every member and applicant, whatever their status, in one query:
// an import of 10,000 rows checks against it instead of querying per row.
func (tx *Tx) MemberIdentities(ctx context.Context) ([]MemberIdentity, error) {
	const q = `SELECT COALESCE(member_no, ''), COALESCE(reg_no, ''), nik, phone, name, status FROM members ORDER BY id`
	return collect(ctx, tx, "list members' identities", q, func(r row) (m MemberIdentity, err error) {
		return m, r.Scan(&m.No, &m.RegNo, &m.NIK, &m.Phone, &m.Name, &m.Status)
	})
}

// ImportMembers brings a cooperative's existing members in as active members, opening the
// savings accounts each row lists. Each opening balance is posted from the branch's equity
// account (kind "opening", key "import:<member no>:<product code>"), so the ledger balances.
// It writes what it is given: the rows are checked before (coop.CheckImport, which lists
// every problem of a file); the database's own constraints still refuse a member number or
// a phone taken twice. Run it in one transaction: a failure part way leaves the caller's
// transaction to roll back.
//
// Accounts and opening entries are dated at; members keep their own JoinedAt (at when zero).
// A row's simpanan wajib terms are kept with its member, the balance brought in on the wajib
// product as what paid the months through PaidThrough. progress, when not nil, is told every
// hundred rows and at the end how many rows are in.
func (tx *Tx) ImportMembers(ctx context.Context, rows []ImportRow, at time.Time, progress func(done, total int)) (ImportResult, error) {
	if at.IsZero() {
		at = tx.now
	}
	products, err := tx.Products(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	byCode := map[string]Product{}
	order := map[string]int{}
	for i, p := range products {
		byCode[p.Code] = p
		order[p.Code] = i
	}
	totals := make([]ImportTotal, len(products))
	for i, p := range products {
		totals[i] = ImportTotal{Code: p.Code, Name: p.Name}
	}
	equity := map[string]Account{}
	numbers := &accountNumbers{codes: map[string]string{}, last: map[string]int{}}
	// Thousands of rows: prepare the inserts once rather than on every row (Post prepares its own).
	const qMember = `INSERT INTO members (branch_id, member_no, nik, name, birth_date, gender, address, occupation, phone, status,
			joined_at, created_at, ceiling, wajib_paid_through, wajib_exempt, wajib_opening)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	insertMember, err := tx.tx.PrepareContext(ctx, qMember)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	defer insertMember.Close()
	const qAccount = `INSERT INTO accounts (number, branch_id, member_id, product_id, kind, normal, name, opened_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
	insertAccount, err := tx.tx.PrepareContext(ctx, qAccount)
	if err != nil {
		return ImportResult{}, fmt.Errorf("import: %w", err)
	}
	defer insertAccount.Close()

	var res ImportResult
	for i, r := range rows {
		if progress != nil && i%100 == 0 {
			progress(i, len(rows))
		}
		m := r.Member
		m.Status, m.RegNo = MemberActive, ""
		if m.JoinedAt.IsZero() {
			m.JoinedAt = at
		}
		birth := ""
		if !m.BirthDate.IsZero() {
			birth = m.BirthDate.Format(dateLayout)
		}
		w := r.Wajib
		w.Opening = 0
		for _, o := range r.Openings {
			if p, ok := byCode[o.Product]; ok && p.Kind == ProductWajib && !w.PaidThrough.IsZero() {
				w.Opening += o.Amount
			}
		}
		err := insertMember.QueryRowContext(ctx, m.Branch, m.No, m.NIK, m.Name, birth, m.Gender, m.Address, m.Occupation, m.Phone,
			m.Status, unix(m.JoinedAt), unix(tx.now), m.Ceiling, monthText(w.PaidThrough), w.Exempt, w.Opening).Scan(&m.ID)
		if err != nil {
			return ImportResult{}, fmt.Errorf("import line %d: create member %s: %w", r.Line, m.No, err)
		}
		res.Members++
		eq, ok := equity[m.Branch]
		if !ok {
			if eq, err = tx.SystemAccount(ctx, m.Branch, AccountEquity); err != nil {
				return ImportResult{}, fmt.Errorf("import line %d: %w", r.Line, err)
			}
			equity[m.Branch] = eq
		}
		for _, o := range r.Openings {
			p, ok := byCode[o.Product]
			if !ok || !IsSavings(p.Kind) {
				return ImportResult{}, fmt.Errorf("import line %d: %s is not a savings product", r.Line, o.Product)
			}
			number, err := numbers.next(ctx, tx, m.Branch, p)
			if err != nil {
				return ImportResult{}, fmt.Errorf("import line %d: %w", r.Line, err)
			}
			var accountID int64
			err = insertAccount.QueryRowContext(ctx, number, m.Branch, m.ID, p.ID, AccountSavings, normalSide(AccountSavings), p.Name, unix(at)).Scan(&accountID)
			if err != nil {
				return ImportResult{}, fmt.Errorf("import line %d: open account %s: %w", r.Line, MaskNumber(number), err)
			}
			res.Accounts++
			t := &totals[order[p.Code]]
			t.Accounts++
			t.Total += o.Amount
			if o.Amount == 0 {
				continue
			}
			key := KeyImport.Key(m.No, p.Code)
			_, applied, err := tx.Post(ctx, Entry{Key: key, Branch: m.Branch, Kind: KindOpening, Memo: Memo{Kind: MemoOpeningBalance, Product: p.Name},
				AuthorKind: AuthorAdmin, AuthorID: "cli:import", At: at,
				Postings: []Posting{{Account: accountID, Amount: o.Amount}, {Account: eq.ID, Amount: -o.Amount}}})
			if err != nil {
				return ImportResult{}, fmt.Errorf("import line %d: opening balance of %s: %w", r.Line, p.Code, err)
			}
			if !applied {
				// Member numbers are unique, so only a journal kept from an earlier life of this number gets here.
				return ImportResult{}, fmt.Errorf("import line %d: opening balance %s was already posted once; the journal and the members disagree", r.Line, key)
			}
		}
	}
	if progress != nil {
		progress(len(rows), len(rows))
	}
	for _, t := range totals {
		if t.Accounts > 0 {
			res.Products = append(res.Products, t)
		}
	}
	return res, nil
}

// accountNumbers hands out account numbers for an import without asking the database
// for the highest serial on every account (a scan of every account each time).
type accountNumbers struct {
	codes map[string]string // branch -> its code
	last  map[string]int    // prefix (branch code + product number) -> last serial used
}

func (n *accountNumbers) next(ctx context.Context, tx *Tx, branch string, p Product) (string, error) {
	if p.ID < 1 || p.ID > 99 {
		return "", fmt.Errorf("open account: product %s has number %d; account numbers hold products 1 to 99", p.Code, p.ID)
	}
	code, ok := n.codes[branch]
	if !ok {
		b, err := tx.Branch(ctx, branch)
		if err != nil {
			return "", err
		}
		code = b.Code
		n.codes[branch] = code
	}
	prefix := code + fmt.Sprintf("%02d", p.ID)
	last, ok := n.last[prefix]
	if !ok {
		var err error
		if last, err = tx.lastAccountSerial(ctx, prefix); err != nil {
			return "", err
		}
	}
	if last >= 99999 {
		return "", fmt.Errorf("account numbers for branch %s product %s are exhausted", branch, p.Code)
	}
	n.last[prefix] = last + 1
	return withCheckDigit(prefix + fmt.Sprintf("%05d", last+1)), nil
}
