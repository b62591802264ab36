package coop

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Bringing in a cooperative's existing members from the spreadsheet they are kept in: one
// validator, for every row of the file, against the file itself and the database.

// ImportColumns are the member columns an import file may have, besides one per savings product.
var ImportColumns = []string{"member_no", "name", "nik", "birth_date", "gender", "phone", "address", "occupation", "joined_at", "ceiling", "wajib_paid_through"}

// RequiredImportColumns are the columns every import file has.
var RequiredImportColumns = []string{"member_no", "name", "nik", "phone"}

// ImportFile is a member import file as a spreadsheet saves it: CSV with a header row,
// separated by ',', ';' (spreadsheets set to Indonesian) or tabs.
type ImportFile struct {
	CSV    []byte
	Branch string    // the branch the members belong to
	Today  time.Time // the cooperative's today: dates are read in its location and none may be after it

	Progress Progress // told how many rows are in, as the import goes
}

// Import is what an import brought in (or, in a dry run rolled back after, would have): the
// rows as read and checked, what each member owes of simpanan wajib today once in (Wajib, by
// row; no account: the zero WajibDue), and the totals.
type Import struct {
	Rows  []store.ImportRow
	Wajib []store.WajibDue
	store.ImportResult
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

func (e *ImportError) Error() string { return e.List(MaxProblemsListed) }

// List is the error's text with at most most problems spelled out (all of them when most < 0),
// the rest counted.
func (e *ImportError) List(most int) string {
	var b strings.Builder
	n := len(e.Problems)
	if n == 1 {
		b.WriteString("1 problem; nothing was imported")
	} else {
		fmt.Fprintf(&b, "%d problems; nothing was imported", n)
	}
	for i, p := range e.Problems {
		if i == most {
			fmt.Fprintf(&b, "\n... and %d more", n-most)
			break
		}
		b.WriteString("\n")
		b.WriteString(p.Error())
	}
	return b.String()
}

// ImportMembers checks f (CheckImport) and, when every row is good, brings its members in
// with their savings accounts, opening balances and simpanan wajib terms (store's
// ImportMembers), dated at. Run it in one transaction: a refused file writes nothing.
func ImportMembers(ctx context.Context, tx *store.Tx, f ImportFile, at time.Time) (Import, error) {
	rows, err := CheckImport(ctx, tx, f)
	if err != nil {
		return Import{}, err
	}
	res, err := tx.ImportMembers(ctx, rows, at, f.Progress.Step)
	if err != nil {
		return Import{}, err
	}
	wajib, err := wajibDueOnImport(ctx, tx, rows, f.Today)
	if err != nil {
		return Import{}, err
	}
	return Import{Rows: rows, Wajib: wajib, ImportResult: res}, nil
}

// CheckImport reads f and checks every row, returning the rows ready to import or an
// *ImportError listing every problem by line and field: a required field missing, a NIK
// that cannot exist (ktp.Parse), a phone (parse.Phone) or a date (parse.Date) that cannot be
// read or a date after today, an amount that is not one, a wajib_paid_through that is not a
// month or exempt (see wajibTerms), and a member number, NIK or phone given twice in the file
// or already someone's in the database (a NIK or phone of someone closed or rejected may come
// back; a member number stays its member's). Each problem says what to write instead. A
// problem with the file as a whole (not text, no header, an unknown or non-savings column, no
// rows) is a plain error. It changes nothing.
func CheckImport(ctx context.Context, tx *store.Tx, f ImportFile) ([]store.ImportRow, error) {
	if _, err := tx.Branch(ctx, f.Branch); err != nil {
		return nil, err
	}
	products, err := tx.Products(ctx)
	if err != nil {
		return nil, err
	}
	file, err := readImportCSV(f.CSV, "member_no,name,nik,phone,...", func(h []string) (importCols, error) { return importHeader(h, products) })
	if err != nil {
		return nil, err
	}
	if len(file.records) == 0 && len(file.problems) == 0 {
		return nil, errors.New("the file has a header but no members")
	}
	known, err := tx.MemberIdentities(ctx)
	if err != nil {
		return nil, fmt.Errorf("check import: %w", err)
	}
	c := newRowChecker(f, file.cols, products, known)
	c.problems = file.problems
	var rows []store.ImportRow
	for _, r := range file.records {
		rows = append(rows, c.row(r.line, r.cells))
	}
	if len(c.problems) > 0 {
		slices.SortStableFunc(c.problems, func(a, b RowProblem) int { return a.Line - b.Line })
		return nil, &ImportError{Problems: c.problems}
	}
	return rows, nil
}

// importCSV is an import file read: its columns, its records, and the problems of records
// that could not be read as rows.
type importCSV struct {
	cols     importCols
	records  []importRecord
	problems []RowProblem
}

type importRecord struct {
	line  int
	cells []string
}

// readImportCSV reads an import file whose header row header reads (columns names the
// columns for staff). A problem with the file as a whole (no header, an unknown column) is
// an error; records that cannot be rows are problems.
func readImportCSV(body []byte, columns string, header func([]string) (importCols, error)) (importCSV, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff")) // spreadsheets write a byte-order mark
	if !utf8.Valid(body) {
		return importCSV{}, errors.New("the file is not UTF-8 text (in the spreadsheet, save as \"CSV UTF-8\")")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = sniffComma(body)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return importCSV{}, fmt.Errorf("the file is empty; the first line must name the columns (%s)", columns)
	}
	if err != nil {
		return importCSV{}, err
	}
	var f importCSV
	if f.cols, err = header(head); err != nil {
		return importCSV{}, err
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return f, nil
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable; say where, and check what was found so far.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				f.problems = append(f.problems, RowProblem{Line: pe.StartLine, Problem: pe.Err.Error() + " (the rest of the file was not read)"})
				return f, nil
			}
			return importCSV{}, err
		}
		line, _ := r.FieldPos(0)
		if blankRecord(rec) {
			continue
		}
		if len(rec) != len(head) {
			f.problems = append(f.problems, RowProblem{Line: line, Problem: fmt.Sprintf("has %d fields but the header has %d; put a value holding the separator in quotes, like \"Jl. Sukajadi No. 12, Bandung\"", len(rec), len(head))})
			continue
		}
		f.records = append(f.records, importRecord{line, rec})
	}
}

// importCols maps a column name (lower case; product codes as configured) to its index.
type importCols map[string]int

// get is the cell of column name, trimmed, without the apostrophe a spreadsheet keeps in
// front of a number typed as text ('3204011708900001, '081234567890).
func (c importCols) get(rec []string, name string) string {
	i, ok := c[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rec[i]), "'"))
}

// importHeader reads the header row: member columns in any order and case, and one column
// per savings product.
func importHeader(header []string, products []store.Product) (importCols, error) {
	col := importCols{}
	var errs []error
	var codes []string
	for _, p := range products {
		if store.IsSavings(p.Kind) {
			codes = append(codes, p.Code)
		}
	}
	for i, h := range header {
		name := strings.TrimSpace(h)
		key := strings.ToLower(name)
		j := slices.IndexFunc(products, func(p store.Product) bool { return strings.EqualFold(p.Code, name) })
		switch {
		case slices.Contains(ImportColumns, key):
			// a member column
		case j >= 0 && store.IsSavings(products[j].Kind):
			key = products[j].Code
		case j >= 0:
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is %s, a %s product; only savings products can be imported (%s)",
				i+1, products[j].Code, products[j].Name, products[j].Kind, strings.Join(codes, ", ")))
			continue
		default:
			if name == "" {
				name = "(empty)"
			}
			errs = append(errs, fmt.Errorf("line 1, column %d: %q is not a column kopbot knows; the columns are %s, and one per savings product: %s",
				i+1, name, strings.Join(ImportColumns, ", "), strings.Join(codes, ", ")))
			continue
		}
		if first, dup := col[key]; dup {
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is also column %d", i+1, name, first+1))
			continue
		}
		col[key] = i
	}
	for _, req := range RequiredImportColumns {
		if _, ok := col[req]; !ok {
			errs = append(errs, fmt.Errorf("line 1: the header has no %s column (required: %s)", req, strings.Join(RequiredImportColumns, ", ")))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return col, nil
}

// rowChecker checks the rows of one file in order, remembering where each member number,
// NIK and phone was first seen.
type rowChecker struct {
	cols    importCols
	savings []store.Product // the savings products with a column, in product order
	wajib   *store.Product  // the simpanan wajib product, nil when the cooperative has none
	branch  string
	today   time.Time

	byNo, byNIK, byPhone            map[string]store.MemberIdentity // in the database
	lineOfNo, lineOfNIK, lineOfPhon map[string]int                  // in the file

	problems []RowProblem
}

func newRowChecker(f ImportFile, cols importCols, products []store.Product, known []store.MemberIdentity) *rowChecker {
	c := &rowChecker{cols: cols, branch: f.Branch, today: f.Today,
		byNo: map[string]store.MemberIdentity{}, byNIK: map[string]store.MemberIdentity{}, byPhone: map[string]store.MemberIdentity{},
		lineOfNo: map[string]int{}, lineOfNIK: map[string]int{}, lineOfPhon: map[string]int{}}
	for _, p := range products {
		if _, ok := cols[p.Code]; ok && store.IsSavings(p.Kind) {
			c.savings = append(c.savings, p)
		}
		if p.Kind == store.ProductWajib && c.wajib == nil {
			c.wajib = &p
		}
	}
	for _, m := range known {
		if m.No != "" {
			c.byNo[m.No] = m
		}
		// Someone who left or was turned down may come back with the same NIK and phone, as the phone index allows.
		if m.Status == store.MemberClosed || m.Status == store.MemberRejected {
			continue
		}
		if m.NIK != "" {
			c.byNIK[m.NIK] = m
		}
		c.byPhone[m.Phone] = m
	}
	return c
}

func (c *rowChecker) bad(line int, field, format string, args ...any) {
	c.problems = append(c.problems, RowProblem{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
}

// row checks one record; the member it returns holds every value that was good.
func (c *rowChecker) row(line int, rec []string) store.ImportRow {
	m := store.Member{Branch: c.branch, Status: store.MemberActive, JoinedAt: c.today}
	m.No = c.memberNo(line, c.cols.get(rec, "member_no"))
	m.Name = c.name(line, c.cols.get(rec, "name"))
	m.NIK = c.nik(line, c.cols.get(rec, "nik"))
	m.Phone = c.phone(line, c.cols.get(rec, "phone"))
	if d, ok := c.date(line, "birth_date", c.cols.get(rec, "birth_date"), "1990-08-17 or 17-08-1990"); ok {
		m.BirthDate = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	}
	m.Gender = c.gender(line, c.cols.get(rec, "gender"))
	m.Address = c.text(line, "address", c.cols.get(rec, "address"))
	m.Occupation = c.text(line, "occupation", c.cols.get(rec, "occupation"))
	if d, ok := c.date(line, "joined_at", c.cols.get(rec, "joined_at"), "2019-03-01 or 01-03-2019"); ok {
		m.JoinedAt = d
	}
	if v := c.cols.get(rec, "ceiling"); v != "" {
		if n, err := amountOrZero(v); err != nil {
			c.bad(line, "ceiling", "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000", clipCell(v), parseReason(err))
		} else {
			m.Ceiling = n
		}
	}
	r := store.ImportRow{Line: line, Member: m, Openings: c.openings(line, rec)}
	r.Wajib = c.wajibTerms(line, c.cols.get(rec, "wajib_paid_through"), m.JoinedAt, r.Openings)
	return r
}

// memberNo checks a member number: present, one word, and no one else's.
func (c *rowChecker) memberNo(line int, v string) string {
	switch {
	case v == "":
		c.bad(line, "member_no", "is empty; write the member's number in the old books, like 01.00101")
		return ""
	case len(v) > 32 || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' }):
		c.bad(line, "member_no", "%q is not a member number (at most 32 characters, no spaces)", clipCell(v))
		return ""
	}
	c.unique(line, "member_no", v, fmt.Sprintf("%q", v), "is already taken by", "give this member another number", c.lineOfNo, c.byNo)
	return v
}

// unique checks that the value v of field (shown to staff as shown) is on no earlier line
// of the file (lines) and no member's in the database (taken, said as whose, with what to do:
// fix), and remembers its line.
func (c *rowChecker) unique(line int, field, v, shown, whose, fix string, lines map[string]int, taken map[string]store.MemberIdentity) {
	first, dup := lines[v]
	switch {
	case dup:
		c.bad(line, field, "%s is also on line %d; remove one of the two lines, or correct one of them", shown, first)
	case taken[v] != store.MemberIdentity{}:
		c.bad(line, field, "%s %s %s; %s", shown, whose, identityOf(taken[v]), fix)
	default:
		lines[v] = line
	}
}

func (c *rowChecker) name(line int, v string) string {
	v = outsideCell(v, 100)
	switch {
	case v == "":
		c.bad(line, "name", "is empty; write the member's name as on their KTP")
	case utf8.RuneCountInString(v) > 100:
		c.bad(line, "name", "is longer than 100 characters; shorten it")
	default:
		return v
	}
	return ""
}

// outsideCell is a cell of text that members and staff will read (a name, an address), cleaned once here
// by parse.OutsideText: line breaks and runs of spaces made one space, control and formatting characters
// (bidi overrides, zero-width) dropped. Cut one past most, so that a longer cell is refused, not shortened.
func outsideCell(v string, most int) string {
	return parse.OutsideText(v, most+1)
}

// whatToWrite says what belongs in a required column of digits.
var whatToWrite = map[string]string{
	"nik":   "write the 16 digits of the NIK on the member's KTP",
	"phone": "write the member's WhatsApp number, like 0812-3456-7890",
}

// typedAsText reports whether the cell of a column of digits holds them as typed: it is not
// empty, and no spreadsheet made a number of it (then the column must be exported as text).
func (c *rowChecker) typedAsText(line int, field, v string) bool {
	if v == "" {
		c.bad(line, field, "is empty; %s", whatToWrite[field])
		return false
	}
	if turnedIntoNumber(v) {
		c.bad(line, field, "%q was turned into a number by a spreadsheet; format the %s column as text and export again", clipCell(v), field)
		return false
	}
	return true
}

// nik checks a NIK as WhatsApp registration does (ktp.Parse), and that it is no one else's.
// Problems show it masked.
func (c *rowChecker) nik(line int, v string) string {
	if !c.typedAsText(line, "nik", v) {
		return ""
	}
	n, err := ktp.Parse(v, c.today)
	if err != nil {
		var bad *ktp.Error
		if errors.As(err, &bad) && bad.Part != "length" && bad.Part != "digits" {
			c.bad(line, "nik", "%s is not a NIK: %s; copy it again from the KTP", quoteNIK(v), bad.Msg)
		} else {
			c.bad(line, "nik", "%s is not 16 digits; copy the 16 digits from the KTP", quoteNIK(v))
		}
		return ""
	}
	c.unique(line, "nik", n.Number, ktp.Mask(n.Number), "already belongs to", "check it against the KTP: a member already in kopbot is not imported again", c.lineOfNIK, c.byNIK)
	return n.Number
}

// phone reads a phone number in any common form (parse.Phone) and checks it is no one else's.
func (c *rowChecker) phone(line int, v string) string {
	if !c.typedAsText(line, "phone", v) {
		return ""
	}
	p, err := parse.Phone(v)
	if err != nil {
		c.bad(line, "phone", "%q is not a phone number (%s); write it like 0812-3456-7890", clipCell(v), parseReason(err))
		return ""
	}
	c.unique(line, "phone", p, p, "already belongs to", "write this member's own WhatsApp number", c.lineOfPhon, c.byPhone)
	return p
}

// date reads an optional date (parse.Date, day first), which may not be after today.
func (c *rowChecker) date(line int, field, v, example string) (time.Time, bool) {
	if v == "" {
		return time.Time{}, false
	}
	d, err := parse.Date(v, c.today.Location())
	switch {
	case err != nil:
		c.bad(line, field, "%q is not a date (%s); write it like %s", clipCell(v), parseReason(err), example)
	case d.After(c.today):
		c.bad(line, field, "%s is in the future; write the day it was", v)
	default:
		return d, true
	}
	return time.Time{}, false
}

func (c *rowChecker) gender(line int, v string) string {
	switch strings.ToLower(v) {
	case "":
		return ""
	case "l", "laki-laki", "laki laki", "pria":
		return "L"
	case "p", "perempuan", "wanita":
		return "P"
	}
	c.bad(line, "gender", "%q is not L or P; write L (laki-laki) or P (perempuan), or leave it empty", clipCell(v))
	return ""
}

// text is an optional free-text field, cleaned like a name.
func (c *rowChecker) text(line int, field, v string) string {
	v = outsideCell(v, 200)
	if utf8.RuneCountInString(v) > 200 {
		c.bad(line, field, "is longer than 200 characters; shorten it")
		return ""
	}
	return v
}

// openings are the savings accounts a row opens: an empty cell opens none, any amount (0 too) one.
func (c *rowChecker) openings(line int, rec []string) []store.Opening {
	var out []store.Opening
	for _, p := range c.savings {
		v := c.cols.get(rec, p.Code)
		if v == "" {
			continue
		}
		n, err := amountOrZero(v)
		if err != nil {
			c.bad(line, p.Code, "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000, or 0 to open the account empty", clipCell(v), parseReason(err))
			continue
		}
		out = append(out, store.Opening{Product: p.Code, Amount: n})
	}
	return out
}

// identityOf names someone already in the database, for a problem.
func identityOf(m store.MemberIdentity) string {
	if m.No != "" {
		return fmt.Sprintf("member %s %s (%s)", m.No, m.Name, m.Status)
	}
	return fmt.Sprintf("application %s %s (%s)", m.RegNo, m.Name, m.Status)
}

// turnedIntoNumber reports a long number a spreadsheet wrote in scientific notation (3.27301E+15).
func turnedIntoNumber(v string) bool {
	return strings.ContainsAny(v, "eE") && strings.ContainsAny(v, "+.,")
}

// amountOrZero is parse.Amount, which refuses zero, plus zero written as 0, Rp0, 0,00 or -.
func amountOrZero(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(strings.TrimPrefix(t, "rp"), ".")
	if strings.Trim(t, "0.,- ") == "" {
		return 0, nil
	}
	return parse.Amount(s)
}

// parseReason is a parse error without its `what "input": ` prefix, which the caller says better.
func parseReason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, `": `); i >= 0 {
		return msg[i+3:]
	}
	return msg
}

// sniffComma picks the separator of the header line: spreadsheets set to Indonesian write ';'.
func sniffComma(body []byte) rune {
	first, _, _ := bytes.Cut(body, []byte("\n"))
	best, n := ',', bytes.Count(first, []byte(","))
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(first, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// quoteNIK quotes a malformed NIK, masking it when it is long enough to be nearly someone's real one.
func quoteNIK(s string) string {
	if len(s) < 9 {
		return strconv.Quote(s)
	}
	return strconv.Quote(ktp.Mask(clipCell(s)))
}

// clipCell keeps problem messages readable when a cell holds a paragraph.
func clipCell(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
