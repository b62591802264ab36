package coop_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// A merchant is paid on their own static QRIS or on their branch's; with neither, or with a
// payload that does not decode or is not a QRIS, they cannot be one.
func TestCheckMerchantQRIS(t *testing.T) {
	own, branch := qris.DemoStatic("WARUNG AGUS WIJAYA"), qris.DemoStatic("KOPERASI PUSAT")
	for _, c := range []struct {
		name      string
		own, at   string
		want      coop.RefusalCode // "" for no refusal
		wantCause bool             // the decoder's error is kept
	}{
		{"their own", own, "", "", false},
		{"their own, the branch has one too", own, branch, "", false},
		{"the branch's", "", branch, "", false},
		{"neither", "", "", coop.MerchantWithoutQRIS, false},
		{"a broken payload", "000201010211", branch, coop.MerchantQRISInvalid, true},
		// A valid Thai PromptPay QR (github.com/dtinth/promptpay-qr, index.test.js): not a QRIS,
		// so nobody could pay rupiah on it.
		{"a PromptPay payload", "00020101021129370016A000000677010111011300668012345675802TH530376463046197", branch, coop.MerchantQRISInvalid, false},
	} {
		err := coop.CheckMerchantQRIS(c.own, c.at)
		var r *coop.Refusal
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (!errors.As(err, &r) || r.Code != c.want):
			t.Errorf("%s: %v, want the refusal %s", c.name, err, c.want)
		case c.wantCause:
			if _, decodeErr := qris.Decode(c.own); !strings.Contains(err.Error(), decodeErr.Error()) {
				t.Errorf("%s: %v does not say the decoder's error", c.name, err)
			}
		}
	}
}

// Every product of the demo can be offered; a product missing what its kind needs, or with
// settings no account could live with, cannot, and each setting is named.
func TestCheckProduct(t *testing.T) {
	for _, p := range store.DemoProducts {
		if got := coop.CheckProduct(p.Product()); len(got) != 0 {
			t.Errorf("demo product %s: %v", p.Code, got)
		}
	}
	for _, c := range []struct {
		p    store.DemoProduct
		want string
	}{
		{store.DemoProduct{Code: "SW", Kind: store.ProductWajib}, "amount: is missing; simpanan wajib needs its amount"},
		{store.DemoProduct{Code: "DEP", Kind: store.ProductDeposito}, "tenors: is empty; list the tenors in months, like [3, 6, 12]"},
		{store.DemoProduct{Code: "DEP", Kind: store.ProductDeposito, Settings: store.ProductParams{Tenors: []int{6, 0, 121}}},
			"tenors[1]: 0 is not a tenor in months (1 to 120); tenors[2]: 121 is not a tenor in months (1 to 120)"},
		{store.DemoProduct{Code: "DEP", Kind: store.ProductDeposito, Settings: store.ProductParams{Tenors: []int{6}, InterestPayout: "yearly", EarlyPenaltyBP: 10_001}},
			`interest_payout: "yearly" is not how a time deposit pays interest (write monthly or maturity); early_withdrawal_penalty: 100.01% is not a share of the principal (0% to 100%)`},
		{store.DemoProduct{Code: "PIN", Kind: store.ProductPinjaman, Settings: store.ProductParams{Method: "bunga-berbunga", MaxTenor: 361}},
			`method: "bunga-berbunga" is not a loan method (write flat, annuity or declining); max_tenor: 361 is not a tenor in months (1 to 360); max_amount: is missing; write the largest loan, like Rp50.000.000`},
		{store.DemoProduct{Code: "TAB", Kind: store.ProductTabungan, Settings: store.ProductParams{InterestMethod: "saldo_rata", PostingDay: 32, FeeDay: -1, MonthlyFee: -5_000}},
			`interest_method: "saldo_rata" is not an interest method (write daily_balance or lowest_balance); posting_day: 32 is not a day of the month (write 1 to 31, or 0 for the month's last day); fee_day: -1 is not a day of the month (write 1 to 31, or 0 for the month's last day); monthly_fee: is below zero; write an amount of rupiah, like 0 or Rp5.000`},
		{store.DemoProduct{Code: "SW", Kind: store.ProductWajib, Settings: store.ProductParams{Amount: 50_000, InterestMinBalance: -1, FeeFreeBalance: -1}},
			"interest_min_balance: is below zero; write an amount of rupiah, like 0 or Rp5.000; fee_free_balance: is below zero; write an amount of rupiah, like 0 or Rp5.000"},
		{store.DemoProduct{Code: "PIN", Kind: store.ProductPinjaman, Settings: store.ProductParams{Method: "flat", MaxTenor: 36, MaxAmount: 1_000_000,
			ProvisiBP: 10_000, AdminFee: -1, InsuranceBP: 50, FeeCollection: "potong"}},
			`provisi: 100.00% is not a share of the principal (0% up to under 100%); insurance: with provisi it takes the whole loan; admin_fee: cannot be negative; fee_collection: "potong" is not a way to collect the fees (write deduct, from the money paid out, or charge, to savings after it)`},
		{store.DemoProduct{Code: "PIN", Kind: store.ProductPinjaman, Settings: store.ProductParams{Method: "flat", MaxTenor: 36, MaxAmount: 1_000_000,
			ProvisiBP: 100, AdminFee: 50_000, InsuranceBP: 50, FeeCollection: "charge"}}, ""},
		{store.DemoProduct{Code: "PIN", Kind: store.ProductPinjaman, Settings: store.ProductParams{Method: "flat", MaxTenor: 36, MaxAmount: 50_000_000, Prepayment: "potong_bunga"}},
			`prepayment: "potong_bunga" is not what a partial repayment does (write shorten_tenor or lower_installment)`},
		{store.DemoProduct{Code: "SHM", Kind: "saham"}, `kind: "saham" is not a product kind (write pokok, wajib, sukarela, tabungan, deposito or pinjaman)`},
		{store.DemoProduct{Code: "TAB", Kind: store.ProductTabungan, MinOpening: 50_000, MinBalance: 100_000, RateBP: 10_050},
			"min_balance: is more than min_opening; an account could not be opened; rate: 100.50% is more than 100% a year"},
	} {
		var got []string
		for _, pr := range coop.CheckProduct(c.p.Product()) {
			got = append(got, pr.Field+": "+pr.Problem)
		}
		if strings.Join(got, "; ") != c.want {
			t.Errorf("%s %s: %q, want %q", c.p.Code, c.p.Kind, strings.Join(got, "; "), c.want)
		}
	}
}
