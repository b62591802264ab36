package coop

import (
	"fmt"

	"github.com/kopbot/kopbot/loan"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
)

// Rules that front ends check before an operation, moved here from cmd/kopbot.

// The refusals of the checks in this file.
const (
	MerchantQRISInvalid RefusalCode = "merchant_qris_invalid" // a static QRIS payload that does not decode (the decoder's error is wrapped)
	MerchantWithoutQRIS RefusalCode = "merchant_without_qris" // a merchant with no QRIS of their own and none at their branch
)

// CheckMerchantQRIS refuses to make a member a merchant who could not be paid: payments are
// charged on the member's own static QRIS (own, which must decode) or, without one, on their
// branch's (branch).
func CheckMerchantQRIS(own, branch string) error {
	if own != "" {
		if _, err := qris.DecodeQRIS(own); err != nil {
			return fmt.Errorf("%w: %w", &Refusal{Code: MerchantQRISInvalid}, err)
		}
		return nil
	}
	if branch == "" {
		return &Refusal{Code: MerchantWithoutQRIS}
	}
	return nil
}

// SettingProblem is what is wrong with one setting of something a cooperative configures.
type SettingProblem struct {
	Field   string // the setting as the config names it: amount, tenors[0], method...
	Problem string
}

// CheckProduct finds what a product cannot be offered with: a setting its kind needs and
// lacks (simpanan pokok and wajib their amount, a time deposit its tenors, a loan its
// method, longest tenor and largest amount, and a prepayment rule it knows), a kind kopbot does not have, a minimum balance
// an account could not be opened with, or a rate over 100% a year.
func CheckProduct(p store.Product) []SettingProblem {
	var out []SettingProblem
	bad := func(field, format string, args ...any) {
		out = append(out, SettingProblem{Field: field, Problem: fmt.Sprintf(format, args...)})
	}
	s := p.Settings()
	switch p.Kind {
	case store.ProductPokok, store.ProductWajib:
		if s.Amount <= 0 {
			bad("amount", "is missing; simpanan %s needs its amount", p.Kind)
		}
		checkSavingsSettings(s, bad)
	case store.ProductSukarela, store.ProductTabungan:
		checkSavingsSettings(s, bad)
	case store.ProductDeposito:
		if len(s.Tenors) == 0 {
			bad("tenors", "is empty; list the tenors in months, like [3, 6, 12]")
		}
		for j, t := range s.Tenors {
			if t < 1 || t > 120 {
				bad(fmt.Sprintf("tenors[%d]", j), "%d is not a tenor in months (1 to 120)", t)
			}
		}
		switch s.InterestPayout {
		case "", store.PayoutMonthly, store.PayoutMaturity:
		default:
			bad("interest_payout", "%q is not how a time deposit pays interest (write monthly or maturity)", s.InterestPayout)
		}
		if s.EarlyPenaltyBP < 0 || s.EarlyPenaltyBP > 10_000 {
			bad("early_withdrawal_penalty", "%d.%02d%% is not a share of the principal (0%% to 100%%)", s.EarlyPenaltyBP/100, s.EarlyPenaltyBP%100)
		}
	case store.ProductPinjaman:
		switch loan.Method(s.Method) {
		case loan.Flat, loan.Annuity, loan.Declining:
		default:
			bad("method", "%q is not a loan method (write flat, annuity or declining)", s.Method)
		}
		if s.MaxTenor < 1 || s.MaxTenor > 360 {
			bad("max_tenor", "%d is not a tenor in months (1 to 360)", s.MaxTenor)
		}
		if s.MaxAmount <= 0 {
			bad("max_amount", "is missing; write the largest loan, like Rp50.000.000")
		}
		checkLoanFees(s, bad)
		switch s.Prepayment {
		case "", PrepayShortenTenor, PrepayLowerInstallment:
		default:
			bad("prepayment", "%q is not what a partial repayment does (write shorten_tenor or lower_installment)", s.Prepayment)
		}
	default:
		bad("kind", "%q is not a product kind (write pokok, wajib, sukarela, tabungan, deposito or pinjaman)", p.Kind)
	}
	if p.MinBalance > p.MinOpening && p.MinOpening > 0 {
		bad("min_balance", "is more than min_opening; an account could not be opened")
	}
	if p.RateBP > 10000 {
		bad("rate", "%d.%02d%% is more than 100%% a year", p.RateBP/100, p.RateBP%100)
	}
	return out
}

// checkSavingsSettings checks a savings product's interest and fee settings (issue 16).
func checkSavingsSettings(s store.ProductParams, bad func(field, format string, args ...any)) {
	switch s.InterestMethod {
	case "", "daily_balance", "lowest_balance":
	default:
		bad("interest_method", "%q is not an interest method (write daily_balance or lowest_balance)", s.InterestMethod)
	}
	for _, d := range []struct {
		field string
		day   int
	}{{"posting_day", s.PostingDay}, {"fee_day", s.FeeDay}} {
		if d.day < 0 || d.day > 31 {
			bad(d.field, "%d is not a day of the month (write 1 to 31, or 0 for the month's last day)", d.day)
		}
	}
	for _, a := range []struct {
		field  string
		amount int64
	}{{"interest_min_balance", s.InterestMinBalance}, {"monthly_fee", s.MonthlyFee}, {"fee_free_balance", s.FeeFreeBalance}} {
		if a.amount < 0 {
			bad(a.field, "is below zero; write an amount of rupiah, like 0 or Rp5.000")
		}
	}
}

// checkLoanFees checks a loan product's disbursement fees: percentages of the principal that
// leave something to pay out, an administration fee not below zero, and how they are collected.
func checkLoanFees(s store.ProductParams, bad func(field, format string, args ...any)) {
	for _, f := range []struct {
		field string
		bp    int64
	}{{"provisi", s.ProvisiBP}, {"insurance", s.InsuranceBP}} {
		if f.bp < 0 || f.bp >= 10000 {
			bad(f.field, "%d.%02d%% is not a share of the principal (0%% up to under 100%%)", f.bp/100, f.bp%100)
		}
	}
	if s.ProvisiBP+s.InsuranceBP >= 10000 {
		bad("insurance", "with provisi it takes the whole loan")
	}
	if s.AdminFee < 0 {
		bad("admin_fee", "cannot be negative")
	}
	switch s.FeeCollection {
	case "", "deduct", "charge":
	default:
		bad("fee_collection", "%q is not a way to collect the fees (write deduct, from the money paid out, or charge, to savings after it)", s.FeeCollection)
	}
}
