package catalog

// The messages of catalog.go's first part: the menu, help, errors, language.

func (b *book) NotUnderstood() string             { return b.say("NotUnderstood", nil) }
func (b *book) Cancelled() string                 { return b.say("Cancelled", nil) }
func (b *book) Help(activeService string) string  { return b.say("Help", activeService) }
func (b *book) SessionExpired(minutes int) string { return b.say("SessionExpired", minutes) }
func (b *book) NotMember(coop, branch string) string {
	return b.say("NotMember", args{"Coop": coop, "Branch": branch})
}
