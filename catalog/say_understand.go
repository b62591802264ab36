package catalog

import "github.com/kopbot/kopbot/store"

// The messages of catalog_understand.go: the menu's groups, "which did you mean", small
// talk, the PIN prompt's answers, and what the cooperative offers.

// MenuGroup names group: GroupSavings, GroupLoans, GroupTransactions or GroupAccount
// ("simpanan", "pinjaman", "transaksi", "akun").
func (b *book) MenuGroup(group string) string           { return b.say("MenuGroup", group) }
func (b *book) WhichService(names []string) string      { return b.say("WhichService", names) }
func (b *book) NotUnderstoodNear(names []string) string { return b.say("NotUnderstoodNear", names) }

// CannotRead: Media is one of MediaVoice... ("voice", "sticker", "video", "document",
// "location", "contact").
func (b *book) CannotRead(media string, waiting bool) string {
	return b.say("CannotRead", args{"Media": media, "Waiting": waiting})
}
func (b *book) SwitchHint(service, keyword string) string {
	return b.say("SwitchHint", args{"Service": service, "Keyword": keyword})
}

// CooperativeInfo sorts the products for the template: Pokok and Wajib are what joining
// asks for, Savings the savings and time deposit products, Loans the loan products.
func (b *book) CooperativeInfo(coop string, branch store.Branch, products []store.Product) string {
	var savings, loans []store.Product
	var pokok, wajib int64
	for _, p := range products {
		switch p.Kind {
		case store.ProductPokok:
			pokok = p.Settings().Amount
		case store.ProductWajib:
			wajib = p.Settings().Amount
		case store.ProductSukarela, store.ProductTabungan, store.ProductDeposito:
			savings = append(savings, p)
		case store.ProductPinjaman:
			loans = append(loans, p)
		}
	}
	return b.say("CooperativeInfo", args{"Coop": coop, "Branch": branch, "Pokok": pokok, "Wajib": wajib, "Savings": savings, "Loans": loans})
}
