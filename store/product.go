package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// Product kinds. The first four are savings (simpanan and tabungan).
const (
	ProductPokok    = "pokok"    // simpanan pokok: paid once on joining
	ProductWajib    = "wajib"    // simpanan wajib: paid every month
	ProductSukarela = "sukarela" // simpanan sukarela: voluntary savings
	ProductTabungan = "tabungan" // a savings account product
	ProductDeposito = "deposito" // time deposit
	ProductPinjaman = "pinjaman" // loan
)

// IsSavings reports whether kind is one of the savings kinds.
func IsSavings(kind string) bool {
	switch kind {
	case ProductPokok, ProductWajib, ProductSukarela, ProductTabungan:
		return true
	}
	return false
}

// Product is a savings, deposit or loan product, as configured.
type Product struct {
	ID         int64
	Code       string
	Kind       string
	Name       string
	MinOpening int64
	MinBalance int64
	RateBP     int64  // yearly rate in basis points: 350 is 3.5% a year
	Params     string // JSON of kind-specific settings
}

// ProductParams are a product's kind-specific settings, kept as JSON in Product.Params.
type ProductParams struct {
	Amount    int64  `json:"amount"`     // pokok and wajib: the fixed amount
	Tenors    []int  `json:"tenors"`     // deposito: the tenors offered, in months
	Method    string `json:"method"`     // pinjaman: flat, annuity or declining
	MaxTenor  int    `json:"max_tenor"`  // pinjaman: the longest tenor, in months
	MaxAmount int64  `json:"max_amount"` // pinjaman

	// Savings interest (issue 16): how it is worked out and when it is posted.
	InterestMethod     string `json:"interest_method"`      // daily_balance (the default) or lowest_balance
	InterestMinBalance int64  `json:"interest_min_balance"` // a day (or month) below this earns nothing
	PostingDay         int    `json:"posting_day"`          // day of the month interest is posted; 0: the month's last day
	// Savings fees.
	MonthlyFee     int64 `json:"monthly_fee"`      // the administration fee a month
	FeeDay         int   `json:"fee_day"`          // day of the month the fee is charged; 0: the month's last day
	FeeFreeBalance int64 `json:"fee_free_balance"` // accounts holding at least this on the fee day pay none; 0: none exempt
	// Time deposits.
	InterestPayout string `json:"interest_payout"`  // monthly (to a savings account) or maturity
	EarlyPenaltyBP int64  `json:"early_penalty_bp"` // early withdrawal penalty, basis points of the principal
	// Loans: fees at disbursement and what a partial repayment does.
	ProvisiBP     int64  `json:"provisi_bp"`     // provisi, basis points of the principal
	AdminFee      int64  `json:"admin_fee"`      // administration fee, rupiah
	InsuranceBP   int64  `json:"insurance_bp"`   // credit life insurance premium, basis points of the principal
	FeeCollection string `json:"fee_collection"` // deduct (from the money paid out, the default) or charge (to savings)
	Prepayment    string `json:"prepayment"`     // shorten_tenor (the default) or lower_installment
}

// Settings reads p's kind-specific settings; unreadable ones (config sync writes them, so
// never in practice) read as zeros.
func (p Product) Settings() ProductParams {
	var pp ProductParams
	_ = json.Unmarshal([]byte(p.Params), &pp)
	return pp
}

// JSON is p as Product.Params keeps it: every key, zeros included.
func (p ProductParams) JSON() string {
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // numbers, strings and a slice of numbers always marshal
	}
	return string(b)
}

const productColumns = `id, code, kind, name, min_opening, min_balance, rate_bp, params`

func scanProduct(row row) (Product, error) {
	var p Product
	err := row.Scan(&p.ID, &p.Code, &p.Kind, &p.Name, &p.MinOpening, &p.MinBalance, &p.RateBP, &p.Params)
	return p, err
}

// SyncProduct inserts or updates a product by its code and returns it with its ID.
func (tx *Tx) SyncProduct(ctx context.Context, p Product) (Product, error) {
	const q = `INSERT INTO products (code, kind, name, min_opening, min_balance, rate_bp, params) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (code) DO UPDATE SET kind = excluded.kind, name = excluded.name, min_opening = excluded.min_opening,
			min_balance = excluded.min_balance, rate_bp = excluded.rate_bp, params = excluded.params
		RETURNING id`
	if p.Params == "" {
		p.Params = "{}"
	}
	if err := tx.queryRow(ctx, q, p.Code, p.Kind, p.Name, p.MinOpening, p.MinBalance, p.RateBP, p.Params).Scan(&p.ID); err != nil {
		return Product{}, fmt.Errorf("sync product %s: %w", p.Code, err)
	}
	return p, nil
}

// ProductByCode returns the product with the given code.
func (tx *Tx) ProductByCode(ctx context.Context, code string) (Product, error) {
	const q = `SELECT ` + productColumns + ` FROM products WHERE code = ?`
	p, err := scanProduct(tx.queryRow(ctx, q, code))
	if errors.Is(err, sql.ErrNoRows) {
		return Product{}, fmt.Errorf("product %s: %w", code, ErrNotFound)
	}
	if err != nil {
		return Product{}, fmt.Errorf("load product %s: %w", code, err)
	}
	return p, nil
}

// Products returns every product, savings first, then deposits and loans.
func (tx *Tx) Products(ctx context.Context) ([]Product, error) {
	const q = `SELECT ` + productColumns + ` FROM products
		ORDER BY CASE kind WHEN 'pokok' THEN 0 WHEN 'wajib' THEN 1 WHEN 'sukarela' THEN 2 WHEN 'tabungan' THEN 3 WHEN 'deposito' THEN 4 ELSE 5 END, id`
	return collect(ctx, tx, "list products", q, scanProduct)
}
