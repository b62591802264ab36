package catalog

import (
	"fmt"

	"github.com/kopbot/kopbot/store"
)

// MemoText is the line a journal transaction shows a reader of lang ("id", "en"): what it
// is in their words, or the staff's note as written.
func MemoText(lang string, m store.Memo) string {
	if lang == "en" {
		return enMemo(m)
	}
	return idMemo(m)
}

// idMemo is a journal transaction's line in Indonesian: the memos the journal held before
// they had kinds, word for word.
func idMemo(m store.Memo) string {
	switch m.Kind {
	case store.MemoCashDeposit:
		return orNote(m.Note, "Setoran tunai")
	case store.MemoCashWithdrawal:
		return orNote(m.Note, "Penarikan tunai")
	case store.MemoDisbursement:
		return "Pencairan pinjaman"
	case store.MemoInstallment:
		switch {
		case m.First == 0:
			return "Angsuran"
		case m.Last == 0:
			return fmt.Sprintf("Angsuran ke-%d", m.First)
		}
		return fmt.Sprintf("Angsuran ke-%d s.d. ke-%d", m.First, m.Last)
	case store.MemoReversal:
		return fmt.Sprintf("Pembatalan %s: %s", m.Ref, m.Note)
	case store.MemoTransfer:
		return "Transfer ke " + m.Account
	case store.MemoQRIS:
		return "QRIS " + m.Ref
	case store.MemoBankDeposit:
		return fmt.Sprintf("Setoran transfer %s %s", m.Bank, m.Ref)
	case store.MemoBankWithdrawal:
		return fmt.Sprintf("Penarikan ke %s %s", m.Bank, m.Ref)
	case store.MemoWajibPaid:
		if m.To == "" {
			return "Simpanan wajib " + memoMonth(m.From)
		}
		return fmt.Sprintf("Simpanan wajib %s s.d. %s", memoMonth(m.From), memoMonth(m.To))
	case store.MemoOpeningBalance:
		return "Saldo awal " + m.Product
	case store.MemoPokokDeposit:
		return "Setoran simpanan pokok"
	case store.MemoWajibDeposit:
		return "Setoran simpanan wajib " + memoMonth(m.From)
	case store.MemoFirstDeposit:
		return "Setoran awal"
	case store.MemoPlacement:
		return fmt.Sprintf("Penempatan deposito %d bulan", m.Months)
	}
	return m.Note
}

// enMemo is a journal transaction's line in English.
func enMemo(m store.Memo) string {
	switch m.Kind {
	case store.MemoCashDeposit:
		return orNote(m.Note, "Cash deposit")
	case store.MemoCashWithdrawal:
		return orNote(m.Note, "Cash withdrawal")
	case store.MemoDisbursement:
		return "Loan disbursement"
	case store.MemoInstallment:
		switch {
		case m.First == 0:
			return "Installment"
		case m.Last == 0:
			return fmt.Sprintf("Installment %d", m.First)
		}
		return fmt.Sprintf("Installments %d to %d", m.First, m.Last)
	case store.MemoReversal:
		return fmt.Sprintf("Reversal of %s: %s", m.Ref, m.Note)
	case store.MemoTransfer:
		return "Transfer to " + m.Account
	case store.MemoQRIS:
		return "QRIS " + m.Ref
	case store.MemoBankDeposit:
		return fmt.Sprintf("Deposit by transfer, %s %s", m.Bank, m.Ref)
	case store.MemoBankWithdrawal:
		return fmt.Sprintf("Withdrawal to %s %s", m.Bank, m.Ref)
	case store.MemoWajibPaid:
		if m.To == "" {
			return "Simpanan wajib " + memoMonth(m.From)
		}
		return fmt.Sprintf("Simpanan wajib %s to %s", memoMonth(m.From), memoMonth(m.To))
	case store.MemoOpeningBalance:
		return "Opening balance " + m.Product
	case store.MemoPokokDeposit:
		return "Simpanan pokok deposit"
	case store.MemoWajibDeposit:
		return "Simpanan wajib deposit " + memoMonth(m.From)
	case store.MemoFirstDeposit:
		return "First deposit"
	case store.MemoPlacement:
		return fmt.Sprintf("Time deposit placed for %d months", m.Months)
	}
	return m.Note
}

func orNote(note, line string) string {
	if note != "" {
		return note
	}
	return line
}

// memoMonth shows a memo's month as members write it, in either language: 01-2026.
func memoMonth(yyyymm string) string {
	if len(yyyymm) != len("2026-01") {
		return yyyymm
	}
	return yyyymm[5:] + "-" + yyyymm[:4]
}
