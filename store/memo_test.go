package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
)

// A memo is kept as what it is, not as a sentence, and read back as it was posted, with the
// staff's note beside it; journal rows written before memos had kinds (an Indonesian
// sentence, no detail) are read as the kind whose line they are, and anything else as a
// note, so members reading an old statement in English see English where it can be had.
func TestMemoReadBack(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var savings, cash store.Account
	withFixture(t, db, func(f *fixture) {
		savings = f.savings("6281211110021")
		cash = f.system(store.AccountCash)
	})
	jan, mar := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		kind store.JournalKind
		memo store.Memo // as posted
		want store.Memo // as read back
	}{
		{"cash deposit", store.KindCashDeposit, store.CashMemo(store.MemoCashDeposit, " "), store.Memo{Kind: store.MemoCashDeposit}},
		{"cash deposit with a note", store.KindCashDeposit, store.CashMemo(store.MemoCashDeposit, " Titipan arisan "),
			store.Memo{Kind: store.MemoCashDeposit, Note: "Titipan arisan"}},
		{"a note repeating the default line", store.KindCashDeposit, store.CashMemo(store.MemoCashDeposit, "Setoran tunai"), store.Memo{Kind: store.MemoCashDeposit}},
		{"wajib for three months", store.KindCashDeposit, store.WajibPaidMemo(jan, mar), store.Memo{Kind: store.MemoWajibPaid, From: "2026-01", To: "2026-03"}},
		{"wajib for one month", store.KindCashDeposit, store.WajibPaidMemo(mar, mar), store.Memo{Kind: store.MemoWajibPaid, From: "2026-03"}},
		{"transfer by bank", store.KindCashDeposit, store.Memo{Kind: store.MemoBankDeposit, Bank: "BCA", Ref: "SET-000001"},
			store.Memo{Kind: store.MemoBankDeposit, Bank: "BCA", Ref: "SET-000001"}},

		// Rows as the journal held them before: memo only.
		{"old cash deposit", store.KindCashDeposit, store.Memo{Note: "Setoran tunai"}, store.Memo{Kind: store.MemoCashDeposit}},
		{"old cash withdrawal", store.KindCashWithdrawal, store.Memo{Note: "Penarikan tunai"}, store.Memo{Kind: store.MemoCashWithdrawal}},
		{"old staff note", store.KindCashDeposit, store.Memo{Note: "Titipan arisan RT 05"}, store.Memo{Note: "Titipan arisan RT 05"}},
		{"old default line of another kind", store.KindCashWithdrawal, store.Memo{Note: "Setoran tunai"}, store.Memo{Note: "Setoran tunai"}},
		{"old bank deposit", store.KindCashDeposit, store.Memo{Note: "Setoran transfer Bank Mandiri SET-000012"},
			store.Memo{Kind: store.MemoBankDeposit, Bank: "Bank Mandiri", Ref: "SET-000012"}},
		{"old bank withdrawal", store.KindCashWithdrawal, store.Memo{Note: "Penarikan ke BRI TRK-000003"},
			store.Memo{Kind: store.MemoBankWithdrawal, Bank: "BRI", Ref: "TRK-000003"}},
		{"old transfer", store.KindTransfer, store.Memo{Note: "Transfer ke 01******34"}, store.Memo{Kind: store.MemoTransfer, Account: "01******34"}},
		{"old wajib", store.KindCashDeposit, store.Memo{Note: "Simpanan wajib 01-2026 s.d. 03-2026"}, store.Memo{Kind: store.MemoWajibPaid, From: "2026-01", To: "2026-03"}},
		{"old installments", store.KindInstallment, store.Memo{Note: "Angsuran ke-4 s.d. ke-5"}, store.Memo{Kind: store.MemoInstallment, First: 4, Last: 5}},
		{"old reversal", store.KindReversal, store.Memo{Note: "Pembatalan TRX-000064: salah input"},
			store.Memo{Kind: store.MemoReversal, Ref: "TRX-000064", Note: "salah input"}},
		{"old QRIS", store.KindQRIS, store.Memo{Note: "QRIS QR-000007"}, store.Memo{Kind: store.MemoQRIS, Ref: "QR-000007"}},
	}
	for i, c := range cases {
		mustUpdate(t, db, func(tx *store.Tx) error {
			_, _, err := tx.Post(ctx, store.Entry{Key: "memo-" + c.name, Branch: "pusat", Kind: c.kind, Memo: c.memo, AuthorKind: store.AuthorAdmin,
				At: testNow.Add(time.Duration(i) * time.Minute), Postings: []store.Posting{{Account: savings.ID, Amount: 1000}, {Account: cash.ID, Amount: -1000}}})
			return err
		})
	}
	mustView(t, db, func(tx *store.Tx) error {
		ms, err := tx.Movements(ctx, savings, len(cases))
		if err != nil {
			return err
		}
		for i, m := range ms {
			c := cases[len(cases)-1-i]
			if m.Memo != c.want {
				t.Errorf("%s: read back %+v, want %+v", c.name, m.Memo, c.want)
			}
		}
		return nil
	})
}
