package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// A branch's work lists hold its own members' items only, oldest first, at most the
// limit, with each member's name; decided items are not listed.
func TestWorkListsAreTheBranchsOwn(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	var loanProduct store.Product
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, store.Branch{ID: "bogor", Code: "02", Name: "Cabang Bogor"}); err != nil {
			return err
		}
		var err error
		if loanProduct, err = tx.SyncProduct(ctx, store.Product{Code: "PIN", Kind: store.ProductPinjaman, Name: "Pinjaman", RateBP: 1200}); err != nil {
			return err
		}
		for i, b := range []string{"pusat", "bogor", "pusat", "pusat", "bogor"} {
			m, err := tx.CreateMember(ctx, store.Member{Branch: b, RegNo: fmt.Sprintf("REG-%06d", i+1), NIK: fmt.Sprintf("320401170890%04d", i+1),
				Name: fmt.Sprintf("Anggota %d", i+1), Phone: fmt.Sprintf("62812000100%02d", i+1), Status: store.MemberApplicant})
			if err != nil {
				return err
			}
			if _, err := tx.CreateLoanApplication(ctx, store.LoanApplication{MemberID: m.ID, Product: loanProduct, Amount: 1_000_000 * int64(i+1), TenorMonths: 12}); err != nil {
				return err
			}
		}
		return nil
	})
	mustView(t, db, func(tx *store.Tx) error {
		apps, err := tx.ApplicantsOf(ctx, "pusat", 2)
		if err != nil {
			return err
		}
		if len(apps) != 2 || apps[0].Name != "Anggota 1" || apps[1].Name != "Anggota 3" {
			t.Errorf("pusat's applicants, at most 2: %+v", apps)
		}
		loans, err := tx.PendingLoanApplicationsOf(ctx, "bogor", 10)
		if err != nil {
			return err
		}
		if len(loans) != 2 || loans[0].Name != "Anggota 2" || loans[1].Name != "Anggota 5" || loans[1].Item.Amount != 5_000_000 {
			t.Errorf("bogor's loan applications: %+v", loans)
		}
		return nil
	})
}
