package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// A branch's running loans come in after its members: the dry run lists each loan with its
// next installment, the import posts what each owes, loans show tells it, the ledger check
// holds, and the same file again is refused by line.
func TestLoansImport(t *testing.T) {
	config := writeConfig(t, "log:\n  level: warn\n  format: json\n")
	mustCmd(t, config, "members import", "testdata/members_example.csv")
	file := filepath.Join(t.TempDir(), "loans.csv")
	body := "member_no,product,principal,tenor,rate,disbursed_at,installments_paid,outstanding\n" +
		"01.00101,PIN,12.000.000,12,,2026-09-05,3,9.000.000\n" +
		"01.00102,PIN,5.000.000,10,18%,2026-05-20,2,4.000.000\n"
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	out := mustCmd(t, config, "loans import", "-dry-run", file)
	wantContains(t, "dry run", out,
		"LINE  MEMBER    NAME           PRODUCT  LOAN   PAID  OUTSTANDING  NEXT DUE    NEXT AMOUNT\n",
		"2     01.00101  Ahmad Hidayat  PIN      (new)  3/12  Rp9.000.000  2027-01-05  Rp1.120.000\n",
		"3     01.00102  Nur Aisyah     PIN      (new)  2/10  Rp4.000.000  2026-08-20  Rp575.000\n",
		"Dry run: the file is good and nothing was imported. It would bring in 2 loans of pusat (Kantor Pusat) owing Rp13.000.000.\n")
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		loans, err := tx.LoansOf(ctx, "pusat", store.LoanActive)
		if len(loans) != 0 {
			t.Errorf("%d loans after a dry run", len(loans))
		}
		return err
	})

	out = mustCmd(t, config, "loans import", "-by", "ana", file)
	wantContains(t, "import", out, "Imported 2 loans of pusat (Kantor Pusat) owing Rp13.000.000, posted against the branch's equity account")
	var number string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, err := tx.MemberByNo(ctx, "01.00102")
		if err != nil {
			return err
		}
		loans, err := tx.LoansOfMember(ctx, m.ID)
		if len(loans) == 1 {
			number = loans[0].Account.Number
		}
		return err
	})
	wantContains(t, "loans show", mustCmd(t, config, "loans show", number),
		"Terms             Rp5.000.000 over 10 months, flat 18% a year\n",
		"Status            active; disbursed 2026-05-20 00:00\n",
		"Owed              Rp4.000.000 principal; 2 of 10 installments paid\n",
		"Next installment  3, due 2026-08-20: Rp575.000\n")
	wantContains(t, "ledger check", mustCmd(t, config, "ledger check"), "checks hold.")

	_, err := kopbotCmd(t, config, "loans import", file)
	wantError(t, "the same file twice", err, "2 problems; nothing was imported",
		"line 2: this loan was brought in already, on ", " by ana (TRX-", "); remove the line",
		"line 3: this loan was brought in already")
}
