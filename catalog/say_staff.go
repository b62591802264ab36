package catalog

import "time"

// Staff decisions told to the member, and staff notices.

func (b *book) ApplicationApproved(name, memberNo string, pokok, wajib int64, branch string, ktpVerified bool) string {
	return b.say("ApplicationApproved", args{"Name": name, "MemberNo": memberNo, "Pokok": pokok, "Wajib": wajib, "Branch": branch, "KTPVerified": ktpVerified})
}
func (b *book) ApplicationRejected(regNo, reason, branch string) string {
	return b.say("ApplicationRejected", args{"RegNo": regNo, "Reason": reason, "Branch": branch})
}
func (b *book) LoanApproved(appNo string, terms Simulation, branch string) string {
	return b.say("LoanApproved", args{"AppNo": appNo, "Terms": terms, "Branch": branch})
}
func (b *book) LoanRejected(appNo, reason string) string {
	return b.say("LoanRejected", args{"AppNo": appNo, "Reason": reason})
}
func (b *book) AdminWhatsAppOutdated(branch, whatsmeow, since string) string {
	return b.say("AdminWhatsAppOutdated", args{"Branch": branch, "Whatsmeow": whatsmeow, "Since": since})
}
func (b *book) AdminQRISLate(ref, member string, amount int64, paidAt, validUntil, arrived time.Time) string {
	return b.say("AdminQRISLate", args{"Ref": ref, "Member": member, "Amount": amount, "PaidAt": paidAt, "ValidUntil": validUntil, "Arrived": arrived})
}
