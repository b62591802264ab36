package flows

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// Messages is every text a member can see, in one language. Flows never hold text of their own.
type Messages interface {
	// Menu is the main menu; name is the member's name, empty for someone not yet a member.
	Menu(coop, name string, items []string) string
	ServiceName(flow string) string
	NotUnderstood() string
	Cancelled() string
	Help(activeService string) string
	RetryHint() string
	SessionExpired(minutes int) string
	InternalError() string
	Unavailable(service string) string
	NotMember(coop, branch string) string
	StillApplicant() string
	NotActive(branch string) string

	ChooseLanguage() string
	LanguageSet() string

	SavingsList(name string, accounts []store.Account) string
	NoSavings() string
	PickAccount(n int) string
	Movements(a store.Account, ms []store.Movement, loc *time.Location) string

	// Staff decisions, told to the member.
	ApplicationApproved(name, memberNo string, pokok, wajib int64, branch string) string
	ApplicationRejected(regNo, reason, branch string) string
	PINWasReset() string
	LoanApproved(appNo string, amount int64, tenor int, branch string) string
	LoanRejected(appNo, reason string) string
}

var (
	_ Messages = indonesian{}
	_ Messages = english{}
)

// catalog returns the messages of lang, Bahasa Indonesia unless lang is en.
func catalog(lang string) Messages {
	if lang == "en" {
		return english{}
	}
	return indonesian{}
}
