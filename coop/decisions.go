package coop

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// Staff actions, shared by the admin menu on WhatsApp and `kopbot members` on the command
// line. Each runs inside the caller's transaction and tells the member what was decided.

// ApproveApplication makes an applicant a member: a member number, and the simpanan pokok
// and wajib accounts opened. by names the staff member ("cli", "wa:6281...").
func ApproveApplication(ctx context.Context, tx *store.Tx, regNo string, by Actor, lang string) (store.Member, error) {
	m, err := tx.MemberByRegNo(ctx, strings.TrimSpace(regNo))
	if err != nil {
		return store.Member{}, err
	}
	if m.Status != store.MemberApplicant {
		return store.Member{}, &Refusal{Code: NotPending, What: "application", Subject: m.RegNo, Status: string(m.Status)}
	}
	if err := nikFreeToApprove(ctx, tx, m); err != nil {
		return store.Member{}, err
	}
	if by, err = decided(ctx, tx, by, AuditApplicationApprove, m.RegNo, m.Branch); err != nil {
		return store.Member{}, err
	}
	no, err := tx.NextMemberNo(ctx, m.Branch)
	if err != nil {
		return store.Member{}, err
	}
	if err := tx.Activate(ctx, m.ID, no); err != nil {
		return store.Member{}, err
	}
	m.No, m.Status = no, store.MemberActive
	products, err := tx.Products(ctx)
	if err != nil {
		return store.Member{}, err
	}
	var pokok, wajib int64
	for _, kind := range []string{store.ProductPokok, store.ProductWajib} {
		p, ok := ProductOfKind(products, kind)
		if !ok {
			continue
		}
		if _, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: m.Branch, MemberID: m.ID, Product: p, Name: p.Name}); err != nil {
			return store.Member{}, err
		}
		if kind == store.ProductPokok {
			pokok = p.Settings().Amount
		} else {
			wajib = p.Settings().Amount
		}
	}
	verified, err := ktpCheckedAtApproval(ctx, tx, m, by)
	if err != nil {
		return store.Member{}, err
	}
	b, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return store.Member{}, err
	}
	return m, Notify(ctx, tx, m.Branch, m.Phone, lang, func(msg catalog.Messages) string {
		return msg.ApplicationApproved(m.Name, no, pokok, wajib, b.Name, verified)
	})
}

// nikFreeToApprove refuses (NIKTaken) an application whose NIK a member already holds. Registration answers
// alike whether or not a NIK is a member's (nobody tests NIKs through it), so an application may carry a
// member's NIK: it is never approved into a second member with it.
func nikFreeToApprove(ctx context.Context, tx *store.Tx, m store.Member) error {
	if m.NIK == "" {
		return nil
	}
	other, err := tx.MemberByNIK(ctx, m.NIK)
	switch {
	case err == nil && other.ID != m.ID && other.Status != store.MemberApplicant:
		return &Refusal{Code: NIKTaken, Subject: ktp.Mask(m.NIK), Other: memberRef(other)}
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	return nil
}

// ktpCheckedAtApproval records the KTP of the applicant m as verified by by, who approved
// them with the KTP photo and data of the application in front of them: the member is not
// asked to verify it all over again. A verification already waiting is the one decided. A
// NIK already verified for another member is left alone (it reports false): verifying it
// on its own flags it to staff.
func ktpCheckedAtApproval(ctx context.Context, tx *store.Tx, m store.Member, by Actor) (bool, error) {
	if m.NIK == "" {
		return false, nil
	}
	if _, err := tx.KTPVerifiedFor(ctx, m.NIK, m.ID); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	v, err := tx.LatestKTP(ctx, m.ID)
	if errors.Is(err, store.ErrNotFound) || err == nil && !v.Open() {
		v, err = tx.CreateKTPVerification(ctx, store.KTPVerification{Branch: m.Branch, MemberID: m.ID, NIK: m.NIK, Name: m.Name,
			BirthDate: m.BirthDate, Verifier: KTPByStaff, Status: store.KTPReview})
	}
	if err != nil {
		return false, fmt.Errorf("record the KTP of %s as checked at approval: %w", m.RegNo, err)
	}
	return true, tx.DecideKTP(ctx, v.ID, store.KTPVerified, "", string(by))
}

// RejectApplication turns an application down; the applicant is told the reason.
func RejectApplication(ctx context.Context, tx *store.Tx, regNo, reason string, by Actor, lang string) (store.Member, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return store.Member{}, errors.New("a rejection needs a reason the applicant can act on")
	}
	m, err := tx.MemberByRegNo(ctx, strings.TrimSpace(regNo))
	if err != nil {
		return store.Member{}, err
	}
	if m.Status != store.MemberApplicant {
		return store.Member{}, &Refusal{Code: NotPending, What: "application", Subject: m.RegNo, Status: string(m.Status)}
	}
	if _, err := decided(ctx, tx, by, AuditApplicationReject, m.RegNo, m.Branch); err != nil {
		return store.Member{}, err
	}
	if err := tx.Reject(ctx, m.ID, reason); err != nil {
		return store.Member{}, err
	}
	b, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return store.Member{}, err
	}
	m.Status, m.Decision = store.MemberRejected, reason
	return m, Notify(ctx, tx, m.Branch, m.Phone, lang, func(msg catalog.Messages) string { return msg.ApplicationRejected(m.RegNo, reason, b.Name) })
}

// ResetPIN clears a member's PIN after they forgot it; they set a new one on their next
// PIN-protected step.
func ResetPIN(ctx context.Context, tx *store.Tx, member store.Member, by Actor, lang string) error {
	if err := tx.SetPIN(ctx, member.ID, ""); err != nil {
		return err
	}
	if _, err := decided(ctx, tx, by, AuditPINReset, member.No, member.Branch); err != nil {
		return err
	}
	return Notify(ctx, tx, member.Branch, member.Phone, lang, func(msg catalog.Messages) string { return msg.PINWasReset() })
}

// DecideLoanApplication approves or rejects a member's loan request; the member is told.
func DecideLoanApplication(ctx context.Context, tx *store.Tx, id int64, approve bool, reason string, by Actor, lang string) (store.LoanApplication, error) {
	a, err := tx.LoanApplication(ctx, id)
	if err != nil {
		return a, err
	}
	if a.Status != store.ApplicationPending {
		return a, &Refusal{Code: NotPending, What: "loan application", Subject: a.No(), Status: string(a.Status)}
	}
	status, action := store.ApplicationApproved, AuditLoanApprove
	if !approve {
		status, action = store.ApplicationRejected, AuditLoanReject
		if strings.TrimSpace(reason) == "" {
			return a, errors.New("a rejection needs a reason the member can act on")
		}
	}
	m, err := tx.MemberByID(ctx, a.MemberID)
	if err != nil {
		return a, err
	}
	if by, err = decided(ctx, tx, by, action, a.No(), m.Branch); err != nil {
		return a, err
	}
	if err := tx.DecideLoanApplication(ctx, id, status, strings.TrimSpace(reason), string(by)); err != nil {
		return a, err
	}
	a.Status, a.Reason = status, strings.TrimSpace(reason)
	b, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return a, err
	}
	var terms catalog.Simulation
	if approve {
		// The loan is approved, with no schedule and no money out: the teller disburses it
		// at the akad (kopbot teller disburse), and the schedule runs from that day.
		acct, err := tx.OpenAccount(ctx, store.OpenAccount{Branch: m.Branch, MemberID: m.ID, Product: a.Product, Name: a.Product.Name})
		if err != nil {
			return a, err
		}
		if terms, err = Simulate(a.Product, a.Amount, a.TenorMonths, tx.Now()); err != nil {
			return a, err
		}
		if _, err := tx.CreateLoan(ctx, store.Loan{Account: acct, Principal: a.Amount, RateBP: a.Product.RateBP, Method: string(terms.Method),
			TenorMonths: a.TenorMonths, Start: tx.Now()}, nil); err != nil {
			return a, err
		}
		a.LoanAccount = acct.Number
	}
	return a, Notify(ctx, tx, m.Branch, m.Phone, lang, func(msg catalog.Messages) string {
		if approve {
			return msg.LoanApproved(a.No(), terms, b.Name)
		}
		return msg.LoanRejected(a.No(), a.Reason)
	})
}

// ProductOfKind is the first of products of the given kind (simpanan pokok, wajib...).
func ProductOfKind(products []store.Product, kind string) (store.Product, bool) {
	for _, p := range products {
		if p.Kind == kind {
			return p, true
		}
	}
	return store.Product{}, false
}
