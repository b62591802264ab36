package store

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MemoKind says what a journal transaction is for the people who read it, finer than its
// JournalKind: a setoran may be cash at the counter, a transfer staff verified or simpanan
// wajib paid from savings.
type MemoKind string

// What journal transactions are. The line members and staff read is rendered from these in
// their language (catalog's MemoText); the comments give the Indonesian line.
const (
	MemoCashDeposit    MemoKind = "cash_deposit"    // Setoran tunai (or the staff's note)
	MemoCashWithdrawal MemoKind = "cash_withdrawal" // Penarikan tunai (or the staff's note)
	MemoDisbursement   MemoKind = "disbursement"    // Pencairan pinjaman
	MemoInstallment    MemoKind = "installment"     // Angsuran ke-4 s.d. ke-5
	MemoReversal       MemoKind = "reversal"        // Pembatalan TRX-000064: the staff's reason
	MemoTransfer       MemoKind = "transfer"        // Transfer ke 01******34
	MemoQRIS           MemoKind = "qris"            // QRIS QR-000001
	MemoBankDeposit    MemoKind = "bank_deposit"    // Setoran transfer BCA SET-000001
	MemoBankWithdrawal MemoKind = "bank_withdrawal" // Penarikan ke BCA TRK-000001
	MemoWajibPaid      MemoKind = "wajib_paid"      // Simpanan wajib 01-2026 s.d. 03-2026, paid from savings
	MemoOpeningBalance MemoKind = "opening_balance" // Saldo awal Tabungan Sejahtera, of an import
	MemoLoanOpening    MemoKind = "loan_opening"    // Saldo awal pinjaman Pinjaman Usaha, 3 angsuran sudah dibayar: a running loan brought in
	MemoPokokDeposit   MemoKind = "pokok_deposit"   // Setoran simpanan pokok
	MemoWajibDeposit   MemoKind = "wajib_deposit"   // Setoran simpanan wajib 05-2026
	MemoFirstDeposit   MemoKind = "first_deposit"   // Setoran awal
	MemoPlacement      MemoKind = "placement"       // Penempatan deposito 12 bulan
	MemoLoanFees       MemoKind = "loan_fees"       // Biaya pencairan pinjaman (provisi, administrasi, asuransi)
	MemoWriteOff       MemoKind = "write_off"       // Hapus buku pinjaman: the staff's reason
	MemoBranchOpening  MemoKind = "branch_opening"  // Saldo awal cabang: cash and bank when kopbot's books began
	MemoLeavePayoff    MemoKind = "leave_payoff"    // Pelunasan pinjaman dari simpanan (berhenti dari keanggotaan)
	MemoLeavePayout    MemoKind = "leave_payout"    // Pengembalian simpanan (berhenti dari keanggotaan)
)

// Memo is what a journal transaction is, without words of any language, and the staff's own
// note when they wrote one. The journal keeps Note in its memo column and the rest, as JSON,
// in memo_detail; rows written before hold an Indonesian sentence in memo and no detail,
// and are read back as the kind whose line they are (legacyMemo), or else as a note.
type Memo struct {
	Kind    MemoKind `json:"kind"`
	Ref     string   `json:"ref,omitempty"`     // the document it is about: SET-, TRK-, QR-, or the TRX- it reverses
	Bank    string   `json:"bank,omitempty"`    // the member's bank, for deposits and withdrawals by transfer
	Account string   `json:"account,omitempty"` // the other account of a transfer, masked
	Product string   `json:"product,omitempty"` // the product of an opening balance
	First   int      `json:"first,omitempty"`   // the first installment paid
	Last    int      `json:"last,omitempty"`    // the last installment paid, when more than one
	Months  int      `json:"months,omitempty"`  // a placement's tenor
	From    string   `json:"from,omitempty"`    // the first (or only) month paid, 2026-01
	To      string   `json:"to,omitempty"`      // the last month paid, when more than one
	Year    int      `json:"year,omitempty"`    // the year of an SHU
	Fund    SHUFund  `json:"fund,omitempty"`    // the fund an SHU allocation goes to
	Note    string   `json:"-"`                 // the staff's own words, as written
}

// CashMemo is the memo of cash paid in (MemoCashDeposit) or out (MemoCashWithdrawal) at the
// counter, with the note staff wrote; a note that only repeats the default line is no note.
func CashMemo(kind MemoKind, note string) Memo {
	note = strings.TrimSpace(note)
	if legacyDefaults[note].memo == kind {
		note = ""
	}
	return Memo{Kind: kind, Note: note}
}

// InstallmentMemo is the memo of a payment of installments first to last.
func InstallmentMemo(first, last int) Memo {
	if last == first {
		last = 0
	}
	return Memo{Kind: MemoInstallment, First: first, Last: last}
}

// WajibPaidMemo is the memo of simpanan wajib paid from savings for the months from to to
// (the same month when one is paid).
func WajibPaidMemo(from, to time.Time) Memo {
	m := Memo{Kind: MemoWajibPaid, From: from.Format(monthLayout)}
	if to.Format(monthLayout) != m.From {
		m.To = to.Format(monthLayout)
	}
	return m
}

// WajibDepositMemo is the memo of simpanan wajib for month paid in cash.
func WajibDepositMemo(month time.Time) Memo {
	return Memo{Kind: MemoWajibDeposit, From: month.Format(monthLayout)}
}

const monthLayout = "2006-01"

// detail is what the journal's memo_detail column holds: empty for a memo of no kind.
func (m Memo) detail() (string, error) {
	if m.Kind == "" {
		return "", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("memo %s: %w", m.Kind, err)
	}
	return string(b), nil
}

// memoOf reads a journal row's memo and memo_detail back.
func memoOf(kind JournalKind, memo, detail string) (Memo, error) {
	if detail == "" {
		return legacyMemo(kind, memo), nil
	}
	var m Memo
	if err := json.Unmarshal([]byte(detail), &m); err != nil {
		return Memo{}, fmt.Errorf("memo detail %q: %w", detail, err)
	}
	m.Note = memo
	return m, nil
}

// legacyDefaults are the Indonesian lines journal rows held before memos had kinds, for
// the kinds whose line was always the same, with the journal kind they were written with.
var legacyDefaults = map[string]struct {
	journal JournalKind
	memo    MemoKind
}{
	"Setoran tunai":          {KindCashDeposit, MemoCashDeposit},
	"Penarikan tunai":        {KindCashWithdrawal, MemoCashWithdrawal},
	"Pencairan pinjaman":     {KindDisbursement, MemoDisbursement},
	"Setoran simpanan pokok": {KindCashDeposit, MemoPokokDeposit},
	"Setoran awal":           {KindCashDeposit, MemoFirstDeposit},
}

// legacyLines read the Indonesian lines the code wrote before memos had kinds, so old rows
// render in the reader's language too. What matches none of them is a staff note.
var legacyLines = []struct {
	kind JournalKind
	re   *regexp.Regexp
	memo func(s []string) Memo
}{
	{KindTransfer, regexp.MustCompile(`^Transfer ke (\S+)$`), func(s []string) Memo { return Memo{Kind: MemoTransfer, Account: s[1]} }},
	{KindQRIS, regexp.MustCompile(`^QRIS (QR-\d+)$`), func(s []string) Memo { return Memo{Kind: MemoQRIS, Ref: s[1]} }},
	{KindCashDeposit, regexp.MustCompile(`^Setoran transfer (.+) (SET-\d+)$`), func(s []string) Memo { return Memo{Kind: MemoBankDeposit, Bank: s[1], Ref: s[2]} }},
	{KindCashWithdrawal, regexp.MustCompile(`^Penarikan ke (.+) (TRK-\d+)$`), func(s []string) Memo { return Memo{Kind: MemoBankWithdrawal, Bank: s[1], Ref: s[2]} }},
	{KindReversal, regexp.MustCompile(`^Pembatalan ((?:TRX|TRF)-\d+): (.*)$`), func(s []string) Memo { return Memo{Kind: MemoReversal, Ref: s[1], Note: s[2]} }},
	{KindInstallment, regexp.MustCompile(`^Angsuran ke-(\d+)(?: s\.d\. ke-(\d+))?$`), func(s []string) Memo { return InstallmentMemo(atoi(s[1]), atoi(s[2])) }},
	{KindCashDeposit, regexp.MustCompile(`^Simpanan wajib (\d\d)-(\d{4})(?: s\.d\. (\d\d)-(\d{4}))?$`), func(s []string) Memo {
		m := Memo{Kind: MemoWajibPaid, From: s[2] + "-" + s[1]}
		if s[3] != "" {
			m.To = s[4] + "-" + s[3]
		}
		return m
	}},
	{KindCashDeposit, regexp.MustCompile(`^Setoran simpanan wajib (\d\d)-(\d{4})$`), func(s []string) Memo { return Memo{Kind: MemoWajibDeposit, From: s[2] + "-" + s[1]} }},
	{KindOpening, regexp.MustCompile(`^Saldo awal (.+)$`), func(s []string) Memo { return Memo{Kind: MemoOpeningBalance, Product: s[1]} }},
	{KindPlacement, regexp.MustCompile(`^Penempatan deposito (\d+) bulan$`), func(s []string) Memo { return Memo{Kind: MemoPlacement, Months: atoi(s[1])} }},
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// legacyMemo reads a memo written before memos had kinds.
func legacyMemo(kind JournalKind, memo string) Memo {
	if memo == "" {
		return Memo{}
	}
	if d, ok := legacyDefaults[memo]; ok && d.journal == kind {
		return Memo{Kind: d.memo}
	}
	if kind == KindInstallment && memo == "Angsuran" {
		return Memo{Kind: MemoInstallment}
	}
	for _, l := range legacyLines {
		if l.kind != kind {
			continue
		}
		if s := l.re.FindStringSubmatch(memo); s != nil {
			return l.memo(s)
		}
	}
	return Memo{Note: memo}
}
