package catalog

import "github.com/kopbot/kopbot/store"

// understandMessages are the texts of understanding members: the menu's groups, "which
// did you mean", small talk, the PIN prompt's answers, and what the cooperative offers.
type understandMessages interface {
	MenuGroup(group string) string
	// WhichService asks which of several services that fit equally well was meant.
	WhichService(names []string) string
	// NotUnderstoodNear says the message was not understood and offers the closest services.
	NotUnderstoodNear(names []string) string
	ThanksReply() string
	// ClosePolitely answers a yes or no when nothing was asked.
	ClosePolitely() string
	PhotoOutsideFlow() string
	// CannotRead says the bot reads text and photos, not what came (MediaVoice...); waiting
	// says a question is still open.
	CannotRead(media string, waiting bool) string
	// NotYetMember tells someone new, who asked for something at once, that they are not a member.
	NotYetMember() string
	// SwitchHint tells a member in the middle of a flow how to switch to the service their
	// answer seemed to ask for: type its keyword.
	SwitchHint(service, keyword string) string

	// At a PIN prompt.
	PINMustBeSix() string
	StillWaitingForPIN() string
	// SetPINToGoOn asks a member without a PIN (staff reset it) to set one now, then goes on.
	SetPINToGoOn() string
	NewPINSetGoingOn() string

	CooperativeInfo(coop string, branch store.Branch, products []store.Product) string
}
