package catalog

import (
	"fmt"
	"strings"
	"time"
)

// enWhen says when t is, seen from now: "today at 13:00", "tomorrow at 08:00", "Monday at 08:00".
func enWhen(t, now time.Time) string {
	clock := "at " + t.Format("15:04")
	switch {
	case SameDay(now, t):
		return "today " + clock
	case SameDay(now.AddDate(0, 0, 1), t):
		return "tomorrow " + clock
	case t.Sub(now) < 7*24*time.Hour:
		return t.Weekday().String() + " " + clock
	}
	return enDate(t) + " " + clock
}

// enDuration writes 30m as "30 minutes", 1h30m as "1 hour 30 minutes".
func enDuration(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return plural(m, "minute")
	case m == 0:
		return plural(h, "hour")
	}
	return plural(h, "hour") + " " + plural(m, "minute")
}

func enWho(w HandoverWho) string {
	switch {
	case w.Name != "" && w.MemberNo != "":
		return fmt.Sprintf("%s (%s)", w.Name, w.MemberNo)
	case w.Name != "" && w.RegNo != "":
		return fmt.Sprintf("%s (applicant %s)", w.Name, w.RegNo)
	case w.Name != "":
		return w.Name
	}
	return "not a member"
}

func (english) HandoverStarted(p HandoverPromise) string {
	var b strings.Builder
	fmt.Fprintf(&b, "All right, we have passed your message on to the staff of %s. ", p.Branch)
	if p.Within > 0 {
		fmt.Fprintf(&b, "A staff member will reply in this chat within %s.", enDuration(p.Within))
	} else {
		fmt.Fprintf(&b, "The office is closed now; a staff member will reply in this chat from %s.", enWhen(p.Opens, p.Now))
	}
	if p.OfficePhone != "" {
		fmt.Fprintf(&b, " You can also call the office on %s.", p.OfficePhone)
	}
	b.WriteString("\n\nWhile you wait, the bot does not answer your messages. Type *menu* at any time to go back to the bot.\n" +
		"Staff never ask for your PIN: do not give it to anyone.")
	return b.String()
}

func (english) HandoverNoStaff(branch, officePhone string) string {
	if officePhone != "" {
		return fmt.Sprintf("Sorry, the staff of %s cannot be reached on WhatsApp yet. Please call the office on %s, or come to %s.\n\nType *menu* for the bot's services.", branch, officePhone, branch)
	}
	return fmt.Sprintf("Sorry, the staff of %s cannot be reached on WhatsApp yet. Please come to %s.\n\nType *menu* for the bot's services.", branch, branch)
}

func enHandoverBody(b *strings.Builder, n HandoverNotice) {
	fmt.Fprintf(b, "From: %s\nPhone: +%s\nSince: %s\n\nLast messages:\n", enWho(n.Who), n.Phone, enWhen(n.Since, n.Now))
	if len(n.Recent) == 0 {
		b.WriteString("(none)\n")
	}
	for _, r := range n.Recent {
		at := r.At.In(n.Now.Location())
		stamp := at.Format("15:04")
		if !SameDay(n.Now, at) {
			stamp = enDate(at) + " " + stamp
		}
		text := r.Text
		if r.Photo {
			text = strings.TrimSpace("[photo] " + text)
		}
		fmt.Fprintf(b, "%s  %s\n", stamp, text)
	}
}

func (english) HandoverToStaff(n HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Someone asks for a person*\n")
	enHandoverBody(&b, n)
	fmt.Fprintf(&b, "\nReply from the branch's WhatsApp (the branch phone): this member's chat is there. The bot does not answer them until handed back, at the latest until %s.\n"+
		"Done? Hand them back to the bot: type *admin*, then *13*, or `kopbot handover release %s`.", enWhen(n.Until, n.Now), n.Phone)
	return b.String()
}

func (english) HandoverBackToBot() string {
	return "All right, the bot is answering you again. The staff have been told."
}

func (english) HandoverLeftByMember(who HandoverWho, phone string) string {
	return fmt.Sprintf("%s, +%s, chose to go back to the bot. The bot answers them again; no need to hand them back.", enWho(who), phone)
}

func (english) HandoverReleased() string {
	return "Your chat with our staff is over. The bot is answering you again: type *menu* to see the services."
}

func (english) HandoverTimedOut(branch, officePhone string) string {
	s := fmt.Sprintf("Sorry, the staff of %s have not been able to reply yet. The bot is answering you again: type *menu* to see the services.\n\nTo talk to a person again, type *talk to a person*", branch)
	if officePhone != "" {
		s += " or call the office on " + officePhone
	}
	return s + "."
}

func (english) AdminHandoverList(hs []HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Chats waiting for staff*\n")
	for i, h := range hs {
		fmt.Fprintf(&b, "%d. %s · +%s · since %s\n", i+1, enWho(h.Who), h.Phone, enWhen(h.Since, h.Now))
	}
	b.WriteString("\nReply with a number to see the messages and hand the chat back to the bot.")
	return b.String()
}

func (english) AdminHandoverDetail(n HandoverNotice) string {
	var b strings.Builder
	b.WriteString("*Chat waiting for staff*\n")
	enHandoverBody(&b, n)
	fmt.Fprintf(&b, "\nThe bot keeps quiet for this member until %s at the latest.\n\n1. Hand back to the bot (the member is told)\n2. Leave it, staff are still helping", enWhen(n.Until, n.Now))
	return b.String()
}

func (english) AdminHandoverReleased(who HandoverWho, phone string) string {
	return fmt.Sprintf("%s, +%s, is handed back to the bot and has been told.", enWho(who), phone)
}

func (english) AdminHandoverKept() string {
	return "All right, staff keep this chat; the bot stays quiet for it. Type *admin* for the staff menu."
}

func (english) AdminHandoverGone(phone string) string {
	return fmt.Sprintf("The chat with +%s no longer waits for staff (it is back with the bot). Type *admin* for the staff menu.", phone)
}
