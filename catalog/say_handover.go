package catalog

// The messages of catalog_handover.go: a member asking for a person. Their templates share
// parts: handoverWho (who asked), handoverWhen (a time seen from another, "besok pukul
// 08.00", from the function moment), handoverDuration, and handoverBody (what staff see
// of the chat).

func (b *book) HandoverStarted(p HandoverPromise) string { return b.say("HandoverStarted", p) }
func (b *book) HandoverNoStaff(branch, officePhone string) string {
	return b.say("HandoverNoStaff", args{"Branch": branch, "OfficePhone": officePhone})
}
func (b *book) HandoverToStaff(n HandoverNotice) string { return b.say("HandoverToStaff", n) }
func (b *book) HandoverLeftByMember(who HandoverWho, phone string) string {
	return b.say("HandoverLeftByMember", args{"Who": who, "Phone": phone})
}
func (b *book) HandoverTimedOut(branch, officePhone string) string {
	return b.say("HandoverTimedOut", args{"Branch": branch, "OfficePhone": officePhone})
}
func (b *book) AdminHandoverList(hs []HandoverNotice) string {
	return b.say("AdminHandoverList", hs)
}
func (b *book) AdminHandoverDetail(n HandoverNotice) string {
	return b.say("AdminHandoverDetail", n)
}
func (b *book) AdminHandoverReleased(who HandoverWho, phone string) string {
	return b.say("AdminHandoverReleased", args{"Who": who, "Phone": phone})
}
func (b *book) AdminHandoverGone(phone string) string {
	return b.say("AdminHandoverGone", phone)
}
