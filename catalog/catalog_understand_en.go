package catalog

import (
	"fmt"
	"strings"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

func (english) MenuGroup(group string) string {
	switch group {
	case GroupSavings:
		return "Savings"
	case GroupLoans:
		return "Loans"
	case GroupTransactions:
		return "Transactions"
	case GroupAccount:
		return "Account"
	}
	return ""
}

func (english) WhichService(names []string) string {
	return "Which one do you mean?\n" + idNumbered(names) + "\nReply with its number."
}

func (english) NotUnderstoodNear(names []string) string {
	return "Sorry, we did not understand your message. Did you mean:\n" + idNumbered(names) +
		"\nReply with its number, or type *menu* for every service."
}

func (english) ThanksReply() string { return "You're welcome 🙏" }

func (english) ClosePolitely() string {
	return "All right 👍 Type *menu* any time we can help."
}

var enMedia = map[string]string{MediaVoice: "voice notes", MediaSticker: "stickers", MediaVideo: "videos",
	MediaDocument: "documents", MediaLocation: "locations", MediaContact: "contacts"}

func (english) CannotRead(media string, waiting bool) string {
	what := enMedia[media]
	if what == "" {
		what = "messages like that"
	}
	text := fmt.Sprintf("Sorry, we cannot read %s yet. This bot reads text and photos.", what)
	if waiting {
		return text + " Answer the last question by typing, or type *cancel*."
	}
	return text + " Type what you need, for example *my balance*, or *customer service* to talk to staff."
}

func (english) PhotoOutsideFlow() string {
	return "We received your photo, but no service is waiting for one. If it is the proof of a savings deposit, type *deposit*; to verify your KTP, type *verify ktp*."
}

func (english) PINMustBeSix() string {
	return "A PIN is 6 digits. Type your PIN, for example *583920* (this did not count as a wrong try)."
}

func (english) StillWaitingForPIN() string {
	return "All right. Now type your 6-digit PIN to go on."
}

func (english) SetPINToGoOn() string {
	return "Your PIN was reset by staff (or was never set). Set a new PIN now to go on: type 6 digits that are easy for you to remember but hard for others to guess (not your birth date or 123456).\n_Never tell anyone your PIN, not even staff._"
}

func (english) NewPINSetGoingOn() string {
	return "Your new PIN is saved. Going on."
}

func (english) CooperativeInfo(coop string, branch store.Branch, products []store.Product) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\n", coop)
	var savings, loans []string
	var pokok, wajib int64
	for _, p := range products {
		switch p.Kind {
		case store.ProductPokok:
			pokok = p.Settings().Amount
		case store.ProductWajib:
			wajib = p.Settings().Amount
		case store.ProductSukarela, store.ProductTabungan:
			savings = append(savings, fmt.Sprintf("• %s: %s interest a year, opening deposit %s", p.Name, enRate(p.RateBP), parse.Rupiah(p.MinOpening)))
		case store.ProductDeposito:
			savings = append(savings, fmt.Sprintf("• %s: %s interest a year, from %s", p.Name, enRate(p.RateBP), parse.Rupiah(p.MinOpening)))
		case store.ProductPinjaman:
			pp := p.Settings()
			loans = append(loans, fmt.Sprintf("• %s: %s interest a year, up to %s, at most %d months", p.Name, enRate(p.RateBP), parse.Rupiah(pp.MaxAmount), pp.MaxTenor))
		}
	}
	fmt.Fprintf(&b, "\n*Becoming a member*\nSimpanan pokok %s (once) and simpanan wajib %s every month. You need a KTP and to be at least 17.\n", parse.Rupiah(pokok), parse.Rupiah(wajib))
	if len(savings) > 0 {
		b.WriteString("\n*Savings*\n" + strings.Join(savings, "\n") + "\n")
	}
	if len(loans) > 0 {
		b.WriteString("\n*Loans for members*\n" + strings.Join(loans, "\n") + "\n")
	}
	fmt.Fprintf(&b, "\nOffice: %s", branch.Name)
	if branch.Phone != "" {
		fmt.Fprintf(&b, ", phone %s", branch.Phone)
	}
	b.WriteString(".\n\nType *register* to join, or *customer service* to ask a question.")
	return b.String()
}

func (english) SwitchHint(service, keyword string) string {
	return fmt.Sprintf("Looking for *%s*? Type *%s*.", service, keyword)
}

func (english) NotYetMember() string {
	return "This WhatsApp number is not registered as a member yet. Type *menu* for the services open to everyone."
}
