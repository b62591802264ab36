package catalog

import "github.com/kopbot/kopbot/store"

// fourEyesMessages are the texts of four eyes (maker-checker) on large money, all for staff.
type fourEyesMessages interface {
	// AdminApprovalWaiting tells the maker their operation waits for a second staff member.
	AdminApprovalWaiting(a store.Approval) string
	AdminApprovals(list []store.Approval) string
	AdminApproval(a store.Approval) string
	AdminApprovalRejected(a store.Approval) string
	// ApprovalDecided tells the maker a checker decided their request (ref: the movement, when approved).
	ApprovalDecided(a store.Approval, ref string) string

	// Confirmations the admin menu asks before the staff member's PIN.
	AdminConfirmDisburse(loanAccount, savingsAccount string, principal int64) string
	AdminConfirmReversal(ref, reason string) string
	AdminConfirmResetPIN(memberNo, name string) string
	// AdminApprovalKind names an approval's operation: Loan disbursement, Reversal...
	AdminApprovalKind(k store.ApprovalKind) string
	// StaffSetPIN asks a staff member without a PIN of their own to choose one.
	StaffSetPIN() string
	// StaffPINLockedUntilReset tells a staff member their PIN stays locked until an admin resets it.
	StaffPINLockedUntilReset() string
	// StaffPINWasReset tells a staff member an admin (by: their name) reset their staff PIN.
	StaffPINWasReset(by string) string
}

func (b *book) AdminApprovalWaiting(a store.Approval) string { return b.say("AdminApprovalWaiting", a) }
func (b *book) AdminApprovals(list []store.Approval) string  { return b.say("AdminApprovals", list) }
func (b *book) AdminApproval(a store.Approval) string        { return b.say("AdminApproval", a) }
func (b *book) AdminApprovalRejected(a store.Approval) string {
	return b.say("AdminApprovalRejected", a)
}
func (b *book) ApprovalDecided(a store.Approval, ref string) string {
	return b.say("ApprovalDecided", args{"A": a, "Ref": ref})
}
func (b *book) AdminConfirmDisburse(loanAccount, savingsAccount string, principal int64) string {
	return b.say("AdminConfirmDisburse", args{"Loan": loanAccount, "Savings": savingsAccount, "Amount": principal})
}
func (b *book) AdminConfirmReversal(ref, reason string) string {
	return b.say("AdminConfirmReversal", args{"Ref": ref, "Reason": reason})
}
func (b *book) AdminConfirmResetPIN(memberNo, name string) string {
	return b.say("AdminConfirmResetPIN", args{"No": memberNo, "Name": name})
}
func (b *book) StaffSetPIN() string { return b.say("StaffSetPIN", nil) }
func (b *book) StaffPINLockedUntilReset() string {
	return b.say("StaffPINLockedUntilReset", nil)
}
func (b *book) StaffPINWasReset(by string) string { return b.say("StaffPINWasReset", args{"By": by}) }
func (b *book) AdminApprovalKind(k store.ApprovalKind) string {
	return b.say("approvalKind", string(k))
}
