package catalog

// A member's record changed by staff (coop/lifecycle.go, leave.go), told to the member.

func (b *book) PhoneChangedFromHere(maskedNew, branch string) string {
	return b.say("PhoneChangedFromHere", args{"Masked": maskedNew, "Branch": branch})
}
func (b *book) PhoneChangedToHere(name, memberNo, branch string) string {
	return b.say("PhoneChangedToHere", args{"Name": name, "No": memberNo, "Branch": branch})
}
func (b *book) MemberSuspended(reason, branch string) string {
	return b.say("MemberSuspended", args{"Reason": reason, "Branch": branch})
}
func (b *book) MemberReactivated(branch string) string { return b.say("MemberReactivated", branch) }
func (b *book) SuspendedNoMoney(branch string) string  { return b.say("SuspendedNoMoney", branch) }
func (b *book) LeftCooperative(l Leave) string         { return b.say("LeftCooperative", l) }
