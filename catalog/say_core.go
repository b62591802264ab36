package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// The messages of catalog.go's first part: the menu, help, errors, language.

func (b *book) Help(activeService string) string  { return b.say("Help", activeService) }
func (b *book) SessionExpired(minutes int) string { return b.say("SessionExpired", minutes) }
func (b *book) NotMember(coop, branch string) string {
	return b.say("NotMember", args{"Coop": coop, "Branch": branch})
}

func (b *book) Menu(coop, name string, member bool, groups []MenuGroup) string {
	return b.say("Menu", args{"Coop": coop, "Name": name, "Member": member, "Groups": groups})
}
func (b *book) ServiceName(flow string) string    { return b.say("ServiceName", flow) }
func (b *book) Unavailable(service string) string { return b.say("Unavailable", service) }
func (b *book) NotActive(branch string) string    { return b.say("NotActive", branch) }
func (b *book) PickAccount(n int) string          { return b.say("PickAccount", n) }

func (b *book) SavingsList(name string, accounts []store.Account) string {
	var total int64
	for _, a := range accounts {
		total += a.Amount()
	}
	return b.say("SavingsList", args{"Name": name, "Accounts": accounts, "Total": total})
}

func (b *book) Movements(a store.Account, ms []store.Movement, now time.Time) string {
	return b.say("Movements", args{"Account": a, "Movements": ms, "Now": now})
}
