package coop

import (
	"context"
	"errors"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// What happened in a period: the daily journal, the tellers' cash, members joining and
// leaving, QRIS takings.

const dayTime = "02-01-2006 15:04"

// JournalLine is one posting of a journal transaction.
type JournalLine struct {
	Account       string // the account number
	Name          string // the member's name and the account's product, or the cooperative's own account
	Debit, Credit int64
}

// JournalEntry is one journal transaction as the daily journal lists it.
type JournalEntry struct {
	Ref    string // TRX-000123
	Posted store.Posted
	Memo   string // in the staff's language
	Author string
	Lines  []JournalLine
}

// Journal is the daily journal (jurnal harian): every journal transaction of the period with
// its lines, oldest first. Its debits equal its credits.
type Journal struct {
	Period          Period
	Entries         []JournalEntry
	Debits, Credits int64
}

// ReportJournal lists the period's journal transactions, memos in lang, telling progress
// how many of them it has read.
func ReportJournal(ctx context.Context, tx *store.Tx, p Period, lang string, progress Progress) (Journal, error) {
	total, err := tx.JournalCount(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return Journal{}, err
	}
	j := Journal{Period: p}
	names := map[int64]string{}
	err = tx.EachJournal(ctx, p.Branch, p.start(), p.end(), func(posted store.Posted) error {
		e := JournalEntry{Ref: store.JournalRef(posted.ID).String(), Posted: posted, Memo: catalog.MemoText(lang, posted.Memo),
			Author: authorName(posted.AuthorKind, posted.AuthorID)}
		for _, l := range posted.Lines {
			name, err := accountName(ctx, tx, l.Account, names)
			if err != nil {
				return err
			}
			debit, credit := sides(l.Amount)
			e.Lines = append(e.Lines, JournalLine{Account: l.Account.Number, Name: name, Debit: debit, Credit: credit})
			j.Debits, j.Credits = j.Debits+debit, j.Credits+credit
		}
		j.Entries = append(j.Entries, e)
		progress.Step(len(j.Entries), total)
		return nil
	})
	return j, err
}

// accountName is how the journal names an account: the member and the product, or the
// cooperative's own account by its place in the statements. names remembers members' names.
func accountName(ctx context.Context, tx *store.Tx, a store.Account, names map[int64]string) (string, error) {
	if a.MemberID == 0 {
		_, name := placeOf(store.AccountTotal{Kind: a.Kind, Own: true, Normal: a.Normal})
		return name, nil
	}
	member, ok := names[a.MemberID]
	if !ok {
		m, err := tx.MemberByID(ctx, a.MemberID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return "", err
		}
		member, names[a.MemberID] = m.Name, m.Name
	}
	return member + ", " + a.ProductName, nil
}

// authorKinds are who moves money, as the reports name them.
var authorKinds = map[store.AuthorKind]string{
	store.AuthorMember: "anggota", store.AuthorAdmin: "petugas", store.AuthorJob: "jadwal",
	store.AuthorGateway: "gateway", store.AuthorSystem: "sistem",
}

func authorName(kind store.AuthorKind, id string) string {
	name := authorKinds[kind]
	if name == "" {
		name = string(kind)
	}
	if id == "" {
		return name
	}
	return name + " " + id
}

// Table is the journal for printing: one row per posting, the transaction's columns on its first.
func (j Journal) Table() Table {
	t := Table{Title: "Jurnal harian", Period: j.Period.String(),
		Columns: columns("Waktu*", "Bukti*", "Jenis*", "Keterangan*", "Oleh*", "Rekening", "Nama rekening", "Debit", "Kredit")}
	loc := j.Period.From.Location()
	for i, e := range j.Entries {
		for _, l := range e.Lines {
			t.Rows = append(t.Rows, Row{Group: i + 1, Cells: []Cell{Text(e.Posted.At.In(loc).Format(dayTime)), Text(e.Ref), Text(string(e.Posted.Kind)),
				Text(e.Memo), Text(e.Author), Text(l.Account), Text(l.Name), Money(l.Debit), Money(l.Credit)}})
		}
	}
	t.total(Text("Jumlah"), textf("%d transaksi", len(j.Entries)), Text(""), Text(""), Text(""), Text(""), Text(""), Money(j.Debits), Money(j.Credits))
	t.Notes = append(t.Notes, balancedNote(j.Debits == j.Credits, "Debit dan kredit sama.", "Debit dan kredit TIDAK sama: jalankan kopbot ledger check."))
	return t
}

// TellerLine is the cash one author moved in the period.
type TellerLine struct {
	Author   string
	Journals int
	In, Out  int64
}

// Net is the cash the author took in less what they paid out.
func (l TellerLine) Net() int64 { return l.In - l.Out }

// TellerReport is the teller report (laporan kas teller): per person at the counter (and
// per job or gateway that moved the cash account), cash in, cash out and the difference,
// with the cash account's balance before and after the period: Opening + In - Out = Closing.
type TellerReport struct {
	Period           Period
	Lines            []TellerLine
	In, Out          int64
	Opening, Closing int64 // the cash account(s), debit positive
}

// ReportTeller is the teller report of the period.
func ReportTeller(ctx context.Context, tx *store.Tx, p Period) (TellerReport, error) {
	byAuthor, err := tx.CashByAuthor(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return TellerReport{}, err
	}
	totals, err := tx.AccountTotals(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return TellerReport{}, err
	}
	r := TellerReport{Period: p}
	for _, c := range byAuthor {
		name := authorName(c.AuthorKind, c.AuthorID)
		if c.Opening {
			// Cash the branch had before kopbot's books began, not taken in at the counter.
			name = "Saldo awal dibukukan (" + name + ")"
		}
		r.Lines = append(r.Lines, TellerLine{Author: name, Journals: c.Journals, In: c.In, Out: c.Out})
		r.In, r.Out = r.In+c.In, r.Out+c.Out
	}
	for _, t := range totals {
		if t.Own && t.Kind == store.AccountCash {
			r.Opening, r.Closing = r.Opening-t.Opening, r.Closing-t.Closing()
		}
	}
	return r, nil
}

// Table is the teller report for printing.
func (r TellerReport) Table() Table {
	t := Table{Title: "Laporan kas teller", Period: r.Period.String(), Columns: columns("Petugas", "Transaksi", "Kas masuk", "Kas keluar", "Selisih")}
	t.line(Text("Saldo kas awal"), Text(""), Text(""), Text(""), Money(r.Opening))
	for _, l := range r.Lines {
		t.line(Text(l.Author), Count(l.Journals), Money(l.In), Money(l.Out), Money(l.Net()))
	}
	t.total(Text("Jumlah"), Text(""), Money(r.In), Money(r.Out), Money(r.In-r.Out))
	t.total(Text("Saldo kas akhir"), Text(""), Text(""), Text(""), Money(r.Closing))
	t.Notes = append(t.Notes, balancedNote(r.Opening+r.In-r.Out == r.Closing, "Saldo awal + masuk - keluar = saldo akhir.",
		"Saldo awal + masuk - keluar TIDAK sama dengan saldo akhir: jalankan kopbot ledger check."))
	return t
}

// MemberReport is members joining and leaving in the period, and how many there were
// before and after it: AtStart + joined - left = AtEnd.
type MemberReport struct {
	Period         Period
	Joined, Left   []store.Member
	AtStart, AtEnd int
}

// ReportMembers is who joined and who left in the period.
func ReportMembers(ctx context.Context, tx *store.Tx, p Period) (MemberReport, error) {
	r := MemberReport{Period: p}
	var err error
	if r.Joined, err = tx.MembersJoined(ctx, p.Branch, p.start(), p.end()); err != nil {
		return MemberReport{}, err
	}
	if r.Left, err = tx.MembersLeft(ctx, p.Branch, p.start(), p.end()); err != nil {
		return MemberReport{}, err
	}
	if r.AtStart, err = tx.MembersAt(ctx, p.Branch, p.start()); err != nil {
		return MemberReport{}, err
	}
	r.AtEnd, err = tx.MembersAt(ctx, p.Branch, p.end())
	return r, err
}

// Table is the members report for printing.
func (r MemberReport) Table() Table {
	t := Table{Title: "Anggota masuk dan keluar", Period: r.Period.String(), Columns: columns("Keterangan", "Tanggal", "No. anggota", "Nama", "Anggota")}
	loc := r.Period.From.Location()
	t.line(Text("Anggota awal periode"), Text(""), Text(""), Text(""), Count(r.AtStart))
	for _, m := range r.Joined {
		t.line(Text("Masuk"), Text(m.JoinedAt.In(loc).Format("02-01-2006")), Text(m.No), Text(m.Name), Text(""))
	}
	for _, m := range r.Left {
		t.line(Text("Keluar"), Text(m.LeftAt.In(loc).Format("02-01-2006")), Text(m.No), Text(m.Name), Text(""))
	}
	t.total(Text("Masuk"), Text(""), Text(""), Text(""), Count(len(r.Joined)))
	t.total(Text("Keluar"), Text(""), Text(""), Text(""), Count(len(r.Left)))
	t.total(Text("Anggota akhir periode"), Text(""), Text(""), Text(""), Count(r.AtEnd))
	return t
}

// QRISReport is the QRIS takings per merchant member in the period, the most first.
type QRISReport struct {
	Period    Period
	Merchants []store.MerchantTakings
	Payments  int
	Total     int64
}

// ReportQRIS is the QRIS takings of the period.
func ReportQRIS(ctx context.Context, tx *store.Tx, p Period) (QRISReport, error) {
	ms, err := tx.TakingsByMerchant(ctx, p.Branch, p.start(), p.end())
	if err != nil {
		return QRISReport{}, err
	}
	r := QRISReport{Period: p, Merchants: ms}
	for _, m := range ms {
		r.Payments, r.Total = r.Payments+m.Payments, r.Total+m.Total
	}
	return r, nil
}

// Table is the QRIS report for printing.
func (r QRISReport) Table() Table {
	t := Table{Title: "Penerimaan QRIS per merchant", Period: r.Period.String(), Columns: columns("No. anggota", "Nama", "Pembayaran", "Jumlah")}
	for _, m := range r.Merchants {
		t.line(Text(m.Member.No), Text(m.Member.Name), Count(m.Payments), Money(m.Total))
	}
	t.total(Text("Jumlah"), textf("%d merchant", len(r.Merchants)), Count(r.Payments), Money(r.Total))
	return t
}
