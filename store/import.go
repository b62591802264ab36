package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ImportRow is one member of a cooperative's existing books, brought in with their savings accounts.
type ImportRow struct {
	Line     int    // where the row came from (a file's line number), for problems
	Member   Member // Branch, No, NIK, Name and Phone are required; Status is always active
	Openings []Opening
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

// RowProblem is what is wrong with one field of one row.
type RowProblem struct {
	Line    int
	Field   string // the column, empty for the row as a whole
	Problem string
}

func (p RowProblem) Error() string {
	if p.Field == "" {
		return fmt.Sprintf("line %d: %s", p.Line, p.Problem)
	}
	return fmt.Sprintf("line %d, %s: %s", p.Line, p.Field, p.Problem)
}

// MaxProblemsListed is how many problems ImportError spells out; the rest are counted.
const MaxProblemsListed = 50

// ImportError lists every problem found in the rows; nothing was imported.
type ImportError struct {
	Problems []RowProblem
}

func (e *ImportError) Error() string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		b.WriteString("1 problem; nothing was imported")
	} else {
		fmt.Fprintf(&b, "%d problems; nothing was imported", n)
	}
	for i, p := range e.Problems {
		if i == MaxProblemsListed {
			fmt.Fprintf(&b, "\n... and %d more", n-MaxProblemsListed)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// existingMember is what CheckImport needs to know of a member already in the database.
type existingMember struct {
	no, regNo, name string
	status          MemberStatus
}

func (m existingMember) String() string {
	if m.no != "" {
		return fmt.Sprintf("member %s %s (%s)", m.no, m.name, m.status)
	}
	return fmt.Sprintf("application %s %s (%s)", m.regNo, m.name, m.status)
}

// CheckImport finds every problem that would stop ImportMembers: missing or malformed
// required fields, unknown or non-savings products, and member numbers, NIKs and phones
// that appear twice in rows or already belong to someone in the database. It changes nothing.
func (tx *Tx) CheckImport(ctx context.Context, rows []ImportRow) ([]RowProblem, error) {
	var problems []RowProblem
	bad := func(line int, field, format string, args ...any) {
		problems = append(problems, RowProblem{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
	}

	products, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	byCode := map[string]Product{}
	for _, p := range products {
		byCode[p.Code] = p
	}
	branches := map[string]bool{}

	// Members already in the database, read once: a 10,000-row import must not query per row.
	// NIKs and phones count only for people still with the cooperative, as the phone index does.
	const q = `SELECT COALESCE(member_no, ''), COALESCE(reg_no, ''), nik, phone, name, status FROM members`
	dbRows, err := tx.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("check import: list members: %w", err)
	}
	byNo, byNIK, byPhone := map[string]existingMember{}, map[string]existingMember{}, map[string]existingMember{}
	for dbRows.Next() {
		var m existingMember
		var nik, phone string
		if err := dbRows.Scan(&m.no, &m.regNo, &nik, &phone, &m.name, &m.status); err != nil {
			dbRows.Close()
			return nil, fmt.Errorf("check import: list members: %w", err)
		}
		if m.no != "" {
			byNo[m.no] = m
		}
		if m.status == MemberClosed || m.status == MemberRejected {
			continue
		}
		if nik != "" {
			byNIK[nik] = m
		}
		byPhone[phone] = m
	}
	dbRows.Close()
	if err := dbRows.Err(); err != nil {
		return nil, fmt.Errorf("check import: list members: %w", err)
	}

	lineOfNo, lineOfNIK, lineOfPhone := map[string]int{}, map[string]int{}, map[string]int{}
	for _, r := range rows {
		m := r.Member
		if m.Branch == "" {
			bad(r.Line, "branch", "is empty")
		} else if _, seen := branches[m.Branch]; !seen {
			_, err := tx.Branch(ctx, m.Branch)
			branches[m.Branch] = err == nil
			if err != nil && !errors.Is(err, ErrNotFound) {
				return nil, err
			}
		}
		if m.Branch != "" && !branches[m.Branch] {
			bad(r.Line, "branch", "%q is not a branch", m.Branch)
		}

		firstNo, dupNo := lineOfNo[m.No]
		switch {
		case m.No == "":
			bad(r.Line, "member_no", "is empty")
		case dupNo:
			bad(r.Line, "member_no", "%q is also on line %d", m.No, firstNo)
		case byNo[m.No] != existingMember{}:
			bad(r.Line, "member_no", "%q is already taken by %s", m.No, byNo[m.No])
		}
		if m.No != "" && !dupNo {
			lineOfNo[m.No] = r.Line
		}

		if strings.TrimSpace(m.Name) == "" {
			bad(r.Line, "name", "is empty")
		}

		firstNIK, dupNIK := lineOfNIK[m.NIK]
		switch {
		case m.NIK == "":
			bad(r.Line, "nik", "is empty")
		case !isDigits(m.NIK, 16):
			bad(r.Line, "nik", "%s is not 16 digits", quoteNIK(m.NIK))
		case dupNIK:
			bad(r.Line, "nik", "%s is also on line %d", MaskNIK(m.NIK), firstNIK)
		case byNIK[m.NIK] != existingMember{}:
			bad(r.Line, "nik", "%s already belongs to %s", MaskNIK(m.NIK), byNIK[m.NIK])
		}
		if m.NIK != "" && !dupNIK {
			lineOfNIK[m.NIK] = r.Line
		}

		firstPhone, dupPhone := lineOfPhone[m.Phone]
		switch {
		case m.Phone == "":
			bad(r.Line, "phone", "is empty")
		case !strings.HasPrefix(m.Phone, "62") || !isDigits(m.Phone, len(m.Phone)) || len(m.Phone) < 10 || len(m.Phone) > 15:
			bad(r.Line, "phone", "%q is not a phone number in the form 6281234567890", m.Phone)
		case dupPhone:
			bad(r.Line, "phone", "%s is also on line %d", m.Phone, firstPhone)
		case byPhone[m.Phone] != existingMember{}:
			bad(r.Line, "phone", "%s already belongs to %s", m.Phone, byPhone[m.Phone])
		}
		if m.Phone != "" && !dupPhone {
			lineOfPhone[m.Phone] = r.Line
		}

		if m.Gender != "" && m.Gender != "L" && m.Gender != "P" {
			bad(r.Line, "gender", "%q is not L or P", m.Gender)
		}
		if m.Ceiling < 0 {
			bad(r.Line, "ceiling", "is negative")
		}

		seen := map[string]bool{}
		for _, o := range r.Openings {
			p, ok := byCode[o.Product]
			switch {
			case !ok:
				bad(r.Line, o.Product, "is not a product")
			case !IsSavings(p.Kind):
				bad(r.Line, o.Product, "%s is a %s product; only savings can be imported", p.Name, p.Kind)
			case seen[o.Product]:
				bad(r.Line, o.Product, "is given twice")
			case o.Amount < 0:
				bad(r.Line, o.Product, "opening balance is negative")
			}
			seen[o.Product] = true
		}
	}
	return problems, nil
}

// ImportMembers brings a cooperative's existing members in as active members, opening the
// savings accounts each row lists. Each opening balance is posted from the branch's equity
// account (kind "opening", key "import:<member no>:<product code>"), so the ledger balances.
// It checks everything first (CheckImport) and writes nothing when any row is wrong,
// returning an *ImportError. Run it in one transaction: a failure part way leaves the
// caller's transaction to roll back.
//
// Accounts and opening entries are dated at; members keep their own JoinedAt (at when zero).
func (tx *Tx) ImportMembers(ctx context.Context, rows []ImportRow, at time.Time) (ImportResult, error) {
	if at.IsZero() {
		at = tx.now
	}
	problems, err := tx.CheckImport(ctx, rows)
	if err != nil {
		return ImportResult{}, err
	}
	if len(problems) > 0 {
		return ImportResult{}, &ImportError{Problems: problems}
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
			joined_at, created_at, ceiling)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
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
	for _, r := range rows {
		m := r.Member
		m.Status, m.RegNo = MemberActive, ""
		if m.JoinedAt.IsZero() {
			m.JoinedAt = at
		}
		birth := ""
		if !m.BirthDate.IsZero() {
			birth = m.BirthDate.Format(dateLayout)
		}
		err := insertMember.QueryRowContext(ctx, m.Branch, m.No, m.NIK, m.Name, birth, m.Gender, m.Address, m.Occupation, m.Phone,
			m.Status, unix(m.JoinedAt), unix(tx.now), m.Ceiling).Scan(&m.ID)
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
			p := byCode[o.Product]
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

// quoteNIK quotes a malformed NIK for a problem message, masking its middle when it is
// long enough to be nearly someone's real NIK.
func quoteNIK(s string) string {
	if len(s) < 9 {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q", MaskNIK(s))
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
