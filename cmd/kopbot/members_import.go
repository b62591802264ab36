package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// Bringing in a cooperative's existing members from a CSV file.

// importColumns are the member columns an import file may have, besides one per savings product.
var importColumns = []string{"member_no", "name", "nik", "birth_date", "gender", "phone", "address", "occupation", "joined_at", "ceiling"}

var requiredColumns = []string{"member_no", "name", "nik", "phone"}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

func membersImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	c := newSubcommand("members", "import", "Brings in a cooperative's existing members, with their savings accounts and opening\n"+
		"balances, all or nothing: one bad row and nothing is imported, with every problem listed.\n"+
		"Columns (header row required, any order, any case): member_no, name, nik, phone (required);\n"+
		"birth_date, gender (L/P), address, occupation, joined_at, ceiling; and one per savings\n"+
		"product code (SP, SW, ...) holding that account's opening balance (empty: no account).\n"+
		"A FILE of - reads standard input.", stderr)
	branchID := c.fs.String("branch", "", "`branch` the members belong to (default: the first branch)")
	dryRun := c.fs.Bool("dry-run", false, "check the file and say what would be imported, without importing")
	rest, err := c.parse(args)
	if err != nil {
		return err
	}
	path, err := c.oneArg(rest, "file", "members.csv")
	if err != nil {
		return err
	}
	var body []byte
	if path == "-" {
		body, err = io.ReadAll(stdin)
	} else {
		body, err = os.ReadFile(path)
	}
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	b, err := app.branch(*branchID)
	if err != nil {
		return fmt.Errorf("import: -branch: %w", err)
	}
	loc := app.Config.Location()
	now := app.Now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	var savings []ProductConfig
	for _, p := range app.Config.Products {
		if store.IsSavings(p.Kind) {
			savings = append(savings, p)
		}
	}
	started := time.Now()
	rows, problems, err := readImportCSV(body, b.ID, savings, app.Config.Products, today)
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if len(rows) == 0 && len(problems) == 0 {
		return fmt.Errorf("import %s: the file has a header but no members", path)
	}
	var res store.ImportResult
	err = app.DB.Update(ctx, func(tx *store.Tx) error {
		more, err := tx.CheckImport(ctx, rows)
		if err != nil {
			return err
		}
		if problems = mergeProblems(problems, more); len(problems) > 0 {
			return &store.ImportError{Problems: problems}
		}
		if res, err = tx.ImportMembers(ctx, rows, now); err != nil {
			return err
		}
		if *dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return fmt.Errorf("import %s: %w", path, err)
	}
	msg := "Imported members."
	if *dryRun {
		msg = "Checked a member import file; nothing was imported."
	}
	app.Log.Info().Int("members", res.Members).Int("accounts", res.Accounts).Int64("total", res.Total()).
		Dur("took", time.Since(started)).Str("file", path).Msg(msg)
	return writeImportSummary(stdout, res, b, *dryRun)
}

func writeImportSummary(w io.Writer, res store.ImportResult, b BranchConfig, dryRun bool) error {
	if dryRun {
		fmt.Fprintf(w, "Dry run: the file is good and nothing was imported. It would import %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	} else {
		fmt.Fprintf(w, "Imported %s into %s (%s), with %s:\n",
			countOf(res.Members, "member", "members"), b.ID, b.Name, countOf(res.Accounts, "savings account", "savings accounts"))
	}
	// Text left, counts and money right, as on a ledger sheet.
	type line struct{ code, name, count, total string }
	lines := []line{}
	for _, p := range res.Products {
		lines = append(lines, line{p.Code, p.Name, countOf(p.Accounts, "account", "accounts"), parse.Rupiah(p.Total)})
	}
	lines = append(lines, line{"", "Total opening balance", "", parse.Rupiah(res.Total())})
	var wc, wn, wk, wt int
	for _, l := range lines {
		wc, wn = max(wc, len(l.code)), max(wn, utf8.RuneCountInString(l.name))
		wk, wt = max(wk, len(l.count)), max(wt, len(l.total))
	}
	for _, l := range lines {
		if _, err := fmt.Fprintf(w, "  %-*s  %-*s  %*s  %*s\n", wc, l.code, wn, l.name, wk, l.count, wt, l.total); err != nil {
			return err
		}
	}
	if !dryRun && res.Total() > 0 {
		fmt.Fprintln(w, "Opening balances are posted from the branch's equity account (journal kind \"opening\").")
	}
	return nil
}

// mergeProblems puts the store's problems after the file's, by line, dropping a second
// problem with a field the file's check already named for that line.
func mergeProblems(file, db []store.RowProblem) []store.RowProblem {
	type key struct {
		line  int
		field string
	}
	seen := map[key]bool{}
	for _, p := range file {
		seen[key{p.Line, p.Field}] = true
	}
	out := slices.Clone(file)
	for _, p := range db {
		if !seen[key{p.Line, p.Field}] {
			out = append(out, p)
		}
	}
	slices.SortStableFunc(out, func(a, b store.RowProblem) int { return a.Line - b.Line })
	return out
}

// readImportCSV reads an import file. A problem with the file as a whole (no header, an
// unknown column) is an error; problems with rows are listed, every one, with the rows
// read as well as they could be so the database check can still find duplicates.
func readImportCSV(body []byte, branch string, savings, all []ProductConfig, today time.Time) ([]store.ImportRow, []store.RowProblem, error) {
	body = bytes.TrimPrefix(body, []byte("\ufeff")) // spreadsheets write a byte-order mark
	if !utf8.Valid(body) {
		return nil, nil, errors.New("the file is not UTF-8 text (in the spreadsheet, save as \"CSV UTF-8\")")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma = sniffComma(body)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, errors.New("the file is empty; the first line must name the columns (member_no,name,nik,phone,...)")
	}
	if err != nil {
		return nil, nil, err
	}
	col, err := importHeader(header, savings, all)
	if err != nil {
		return nil, nil, err
	}

	var rows []store.ImportRow
	var problems []store.RowProblem
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// A broken quote leaves the rest of the file unreadable; say where, with what was found so far.
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				problems = append(problems, store.RowProblem{Line: pe.StartLine, Problem: pe.Err.Error() + " (the rest of the file was not read)"})
				return rows, problems, nil
			}
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		if len(rec) != len(header) {
			problems = append(problems, store.RowProblem{Line: line, Problem: fmt.Sprintf("has %d fields but the header has %d", len(rec), len(header))})
			continue
		}
		row, rowProblems := importRow(line, rec, col, branch, savings, today)
		rows = append(rows, row)
		problems = append(problems, rowProblems...)
	}
	return rows, problems, nil
}

// importCols maps a column name (lower case; product codes as configured) to its index.
type importCols map[string]int

func (c importCols) get(rec []string, name string) string {
	i, ok := c[name]
	if !ok {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

func importHeader(header []string, savings, all []ProductConfig) (importCols, error) {
	col := importCols{}
	var errs []error
	var codes []string
	for _, p := range savings {
		codes = append(codes, p.Code)
	}
	for i, h := range header {
		name := strings.TrimSpace(h)
		key := strings.ToLower(name)
		if slices.Contains(importColumns, key) {
			// a member column
		} else if j := slices.IndexFunc(savings, func(p ProductConfig) bool { return strings.EqualFold(p.Code, name) }); j >= 0 {
			key = savings[j].Code
		} else if j := slices.IndexFunc(all, func(p ProductConfig) bool { return strings.EqualFold(p.Code, name) }); j >= 0 {
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is %s, a %s product; only savings products can be imported (%s)",
				i+1, all[j].Code, all[j].Name, all[j].Kind, strings.Join(codes, ", ")))
			continue
		} else {
			if name == "" {
				name = "(empty)"
			}
			errs = append(errs, fmt.Errorf("line 1, column %d: %q is not a column kopbot knows; the columns are %s, and one per savings product: %s",
				i+1, name, strings.Join(importColumns, ", "), strings.Join(codes, ", ")))
			continue
		}
		if j, dup := col[key]; dup {
			errs = append(errs, fmt.Errorf("line 1, column %d: %s is also column %d", i+1, name, j+1))
			continue
		}
		col[key] = i
	}
	for _, req := range requiredColumns {
		if _, ok := col[req]; !ok {
			errs = append(errs, fmt.Errorf("line 1: the header has no %s column (required: %s)", req, strings.Join(requiredColumns, ", ")))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return col, nil
}

// importRow reads one record; the member it returns holds every value that was good.
func importRow(line int, rec []string, col importCols, branch string, savings []ProductConfig, today time.Time) (store.ImportRow, []store.RowProblem) {
	var problems []store.RowProblem
	bad := func(field, format string, args ...any) {
		problems = append(problems, store.RowProblem{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	loc := today.Location()
	m := store.Member{Branch: branch, Status: store.MemberActive, JoinedAt: today}

	if v := col.get(rec, "member_no"); v == "" {
		bad("member_no", "is empty")
	} else if len(v) > 32 || strings.ContainsFunc(v, func(r rune) bool { return r <= ' ' }) {
		bad("member_no", "%q is not a member number (at most 32 characters, no spaces)", clip(v))
	} else {
		m.No = v
	}

	if v := strings.Join(strings.Fields(col.get(rec, "name")), " "); v == "" {
		bad("name", "is empty")
	} else if utf8.RuneCountInString(v) > 100 {
		bad("name", "is longer than 100 characters")
	} else {
		m.Name = v
	}

	nik := strings.ReplaceAll(col.get(rec, "nik"), " ", "")
	switch {
	case nik == "":
		bad("nik", "is empty")
	case strings.ContainsAny(nik, "eE") && strings.ContainsAny(nik, "+.,"):
		bad("nik", "%q was turned into a number by a spreadsheet; format the nik column as text and export again", clip(nik))
	case !allDigits(nik) || len(nik) != 16:
		bad("nik", "%s is not 16 digits", quoteNIK(nik))
	default:
		m.NIK = nik
	}

	if v := col.get(rec, "phone"); v == "" {
		bad("phone", "is empty")
	} else if strings.ContainsAny(v, "eE") && strings.ContainsAny(v, "+.,") {
		bad("phone", "%q was turned into a number by a spreadsheet; format the phone column as text and export again", clip(v))
	} else if p, err := parse.Phone(v); err != nil {
		bad("phone", "%q is not a phone number (%s)", clip(v), reason(err))
	} else {
		m.Phone = p
	}

	if v := col.get(rec, "birth_date"); v != "" {
		if d, err := parse.Date(v, loc); err != nil {
			bad("birth_date", "%q is not a date (%s); write it like 1990-08-17 or 17-08-1990", clip(v), reason(err))
		} else if d.After(today) {
			bad("birth_date", "%s is in the future", v)
		} else {
			m.BirthDate = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		}
	}

	if v := col.get(rec, "gender"); v != "" {
		switch strings.ToLower(v) {
		case "l", "laki-laki", "laki laki", "pria":
			m.Gender = "L"
		case "p", "perempuan", "wanita":
			m.Gender = "P"
		default:
			bad("gender", "%q is not L or P", clip(v))
		}
	}

	for _, f := range []struct {
		name string
		to   *string
	}{{"address", &m.Address}, {"occupation", &m.Occupation}} {
		v := strings.Join(strings.Fields(col.get(rec, f.name)), " ")
		if utf8.RuneCountInString(v) > 200 {
			bad(f.name, "is longer than 200 characters")
			continue
		}
		*f.to = v
	}

	if v := col.get(rec, "joined_at"); v != "" {
		if d, err := parse.Date(v, loc); err != nil {
			bad("joined_at", "%q is not a date (%s); write it like 2019-03-01 or 01-03-2019", clip(v), reason(err))
		} else if d.After(today) {
			bad("joined_at", "%s is in the future", v)
		} else {
			m.JoinedAt = d
		}
	}

	if v := col.get(rec, "ceiling"); v != "" {
		if n, err := amountOrZero(v); err != nil {
			bad("ceiling", "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000", clip(v), reason(err))
		} else {
			m.Ceiling = n
		}
	}

	var openings []store.Opening
	for _, p := range savings {
		i, ok := col[p.Code]
		if !ok {
			continue
		}
		v := strings.TrimSpace(rec[i])
		if v == "" {
			continue
		}
		n, err := amountOrZero(v)
		if err != nil {
			bad(p.Code, "%q is not an amount of rupiah (%s); write it like 1500000 or 1.500.000, or 0 to open the account empty", clip(v), reason(err))
			continue
		}
		openings = append(openings, store.Opening{Product: p.Code, Amount: n})
	}
	return store.ImportRow{Line: line, Member: m, Openings: openings}, problems
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

// reason is a parse error without its `what "input": ` prefix, which the caller says better.
func reason(err error) string {
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

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// quoteNIK quotes a malformed NIK, masking it when it is long enough to be nearly someone's real one.
func quoteNIK(s string) string {
	if len(s) < 9 {
		return strconv.Quote(s)
	}
	return strconv.Quote(store.MaskNIK(clip(s)))
}

// clip keeps problem messages readable when a cell holds a paragraph.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	i := 40
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
