package catalog

import (
	"fmt"

	"github.com/kopbot/kopbot/parse"
)

func (english) ApplicationApproved(name, memberNo string, pokok, wajib int64, branch string) string {
	return fmt.Sprintf("Congratulations, %s! Your application is approved. Your member number: *%s*.\n\n"+
		"Your simpanan pokok and simpanan wajib accounts are open. Please pay simpanan pokok %s (once) and simpanan wajib %s (every month) at %s.\n\n"+
		"Type *menu* to see the services. Set your PIN with *Change PIN* before making transactions.",
		name, memberNo, parse.Rupiah(pokok), parse.Rupiah(wajib), branch)
}

func (english) ApplicationRejected(regNo, reason, branch string) string {
	return fmt.Sprintf("Sorry, application %s could not be approved.\nReason: %s\n\nPlease correct it and apply again by typing *registration*, or contact %s.", regNo, reason, branch)
}

func (english) PINWasReset() string {
	return "Your PIN was reset by the cooperative's staff. Set a new one with *Change PIN*, or when a service asks for your PIN.\n\nIf you did not ask for this, contact the cooperative at once."
}

func (english) LoanApproved(appNo string, amount int64, tenor int, branch string) string {
	return fmt.Sprintf("Loan application %s for %s over %d months is *approved*. Please come to %s with your KTP to sign and receive it.", appNo, parse.Rupiah(amount), tenor, branch)
}

func (english) LoanRejected(appNo, reason string) string {
	return fmt.Sprintf("Sorry, loan application %s could not be approved.\nReason: %s", appNo, reason)
}

func (english) AdminWhatsAppOutdated(branch, whatsmeow, since string) string {
	return fmt.Sprintf("kopbot notice for branch %s: since %s WhatsApp refuses this kopbot's WhatsApp library (whatsmeow %s) as outdated, so members are not answered. kopbot tries again every hour; ask whoever runs kopbot to upgrade it (README, \"Upgrading whatsmeow\"). If you read this after the problem was fixed, it is old news.", branch, since, whatsmeow)
}
