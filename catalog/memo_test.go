package catalog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// Each kind of journal transaction reads in Indonesian exactly as the journal's memo did
// when it was stored as a sentence (statements members saw before read the same), and in
// English without Indonesian words but the products' own names; a staff note reads as written.
func TestMemoText(t *testing.T) {
	cases := []struct {
		memo   store.Memo
		id, en string
	}{
		{store.Memo{Kind: store.MemoCashDeposit}, "Setoran tunai", "Cash deposit"},
		{store.Memo{Kind: store.MemoCashDeposit, Note: "Titipan arisan"}, "Titipan arisan", "Titipan arisan"},
		{store.Memo{Kind: store.MemoCashWithdrawal}, "Penarikan tunai", "Cash withdrawal"},
		{store.Memo{Kind: store.MemoDisbursement}, "Pencairan pinjaman", "Loan disbursement"},
		{store.Memo{Kind: store.MemoInstallment}, "Angsuran", "Installment"},
		{store.InstallmentMemo(4, 4), "Angsuran ke-4", "Installment 4"},
		{store.InstallmentMemo(4, 5), "Angsuran ke-4 s.d. ke-5", "Installments 4 to 5"},
		{store.Memo{Kind: store.MemoReversal, Ref: "TRX-000064", Note: "salah input"}, "Pembatalan TRX-000064: salah input", "Reversal of TRX-000064: salah input"},
		{store.Memo{Kind: store.MemoTransfer, Account: "01******34"}, "Transfer ke 01******34", "Transfer to 01******34"},
		{store.Memo{Kind: store.MemoQRIS, Ref: "QR-000007"}, "QRIS QR-000007", "QRIS QR-000007"},
		{store.Memo{Kind: store.MemoBankDeposit, Bank: "BCA", Ref: "SET-000001"}, "Setoran transfer BCA SET-000001", "Deposit by transfer, BCA SET-000001"},
		{store.Memo{Kind: store.MemoBankWithdrawal, Bank: "BRI", Ref: "TRK-000003"}, "Penarikan ke BRI TRK-000003", "Withdrawal to BRI TRK-000003"},
		{store.Memo{Kind: store.MemoWajibPaid, From: "2026-01"}, "Simpanan wajib 01-2026", "Simpanan wajib 01-2026"},
		{store.Memo{Kind: store.MemoWajibPaid, From: "2026-01", To: "2026-03"}, "Simpanan wajib 01-2026 s.d. 03-2026", "Simpanan wajib 01-2026 to 03-2026"},
		{store.Memo{Kind: store.MemoOpeningBalance, Product: "Simpanan Wajib"}, "Saldo awal Simpanan Wajib", "Opening balance Simpanan Wajib"},
		{store.Memo{Kind: store.MemoPokokDeposit}, "Setoran simpanan pokok", "Simpanan pokok deposit"},
		{store.Memo{Kind: store.MemoWajibDeposit, From: "2026-05"}, "Setoran simpanan wajib 05-2026", "Simpanan wajib deposit 05-2026"},
		{store.Memo{Kind: store.MemoFirstDeposit}, "Setoran awal", "First deposit"},
		{store.Memo{Kind: store.MemoPlacement, Months: 12}, "Penempatan deposito 12 bulan", "Time deposit placed for 12 months"},
		{store.MonthMemo(store.MemoInterest, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)), "Bunga 11-2026", "Interest 11-2026"},
		{store.MonthMemo(store.MemoInterestTax, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)), "Pajak bunga 11-2026", "Tax on interest 11-2026"},
		{store.MonthMemo(store.MemoFee, time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)), "Biaya administrasi 11-2026", "Administration fee 11-2026"},
		{store.Memo{Kind: store.MemoFeeArrears}, "Tunggakan biaya administrasi", "Administration fees owed"},
		{store.Memo{Kind: store.MemoLoanFees}, "Biaya pencairan pinjaman", "Loan disbursement fees"},
		{store.Memo{Kind: store.MemoWriteOff, Note: "macet sejak 2025"}, "Hapus buku pinjaman: macet sejak 2025", "Loan written off: macet sejak 2025"},
		{store.Memo{Kind: store.MemoPayoff}, "Pelunasan pinjaman", "Loan paid off early"},
		{store.Memo{Kind: store.MemoBranchOpening}, "Saldo awal cabang", "Branch opening balances"},
		{store.Memo{Kind: store.MemoLoanOpening, Product: "Pinjaman Produktif", First: 3}, "Saldo awal pinjaman Pinjaman Produktif, 3 angsuran sudah dibayar",
			"Opening balance of loan Pinjaman Produktif, 3 installments paid before"},
		{store.Memo{Kind: store.MemoPartialRepayment}, "Pelunasan sebagian pinjaman", "Partial early loan repayment"},
		{store.Memo{Kind: store.MemoDepositInterest, Account: "01******12"}, "Bunga deposito 01******12", "Time deposit interest 01******12"},
		{store.Memo{Kind: store.MemoDepositPayout, Account: "01******12"}, "Pencairan deposito 01******12", "Time deposit paid out 01******12"},
		{store.Memo{Kind: store.MemoDepositBreak, Account: "01******12"}, "Pencairan deposito sebelum jatuh tempo 01******12", "Time deposit withdrawn before maturity 01******12"},
		{store.Memo{Kind: store.MemoSHU, Year: 2026}, "SHU tahun 2026", "SHU 2026"},
		{store.Memo{Kind: store.MemoSHUFund, Year: 2026, Fund: store.FundEducation}, "SHU 2026: dana pendidikan", "SHU 2026: education fund"},
		{store.Memo{Kind: store.MemoSHUFund, Year: 2026, Fund: store.FundRegion}, "SHU 2026: dana pembangunan daerah kerja", "SHU 2026: regional development fund"},
		{store.Memo{Kind: store.MemoSHUFund, Year: 2026, Fund: store.FundReserve}, "SHU 2026: dana cadangan", "SHU 2026: reserve fund"},
		{store.Memo{Note: "Setoran transfer lama"}, "Setoran transfer lama", "Setoran transfer lama"}, // an old row's note, as written
	}
	indonesian := []string{"Setoran", "Penarikan", "Pencairan", "Angsuran", "Pembatalan", "ke ", "s.d.", "Saldo awal", "Penempatan", "bulan", "Pelunasan", "pinjaman"}
	for _, c := range cases {
		if got := catalog.MemoText("id", c.memo); got != c.id {
			t.Errorf("%+v in Indonesian: %q, want %q", c.memo, got, c.id)
		}
		got := catalog.MemoText("en", c.memo)
		if got != c.en {
			t.Errorf("%+v in English: %q, want %q", c.memo, got, c.en)
		}
		if c.memo.Kind == "" || c.memo.Note != "" {
			continue // the staff's words, in whatever language they wrote them
		}
		for _, w := range indonesian {
			if strings.Contains(got, w) {
				t.Errorf("%+v in English says %q: %q", c.memo, w, got)
			}
		}
	}
}
