package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// handoverMessages are the texts of a member asking for a person: what the member is
// promised, what the branch's admins are told, and handing the member back to the bot.
type handoverMessages interface {
	HandoverStarted(p HandoverPromise) string
	HandoverNoStaff(branch, officePhone string) string
	HandoverToStaff(n HandoverNotice) string
	HandoverBackToBot() string // above the menu, when the member wrote "menu" or "bot"
	HandoverLeftByMember(who HandoverWho, phone string) string
	HandoverReleased() string
	HandoverTimedOut(branch, officePhone string) string

	// The admin menu's chats waiting for staff.
	AdminHandoverList(hs []HandoverNotice) string
	AdminHandoverDetail(n HandoverNotice) string
	AdminHandoverReleased(who HandoverWho, phone string) string
	AdminHandoverKept() string
	AdminHandoverGone(phone string) string
}

// HandoverPromise is what a member who asked for a person is told to expect.
type HandoverPromise struct {
	Branch      string        // the branch's name
	OfficePhone string        // as people dial it; empty when the branch has none in config
	Within      time.Duration // inside office hours: staff answer within this; 0 outside them
	Opens       time.Time     // outside office hours: when the office opens next
	Now         time.Time     // local time
}

// HandoverWho is who asked for a person: all empty for someone who is not a member.
type HandoverWho struct {
	Name     string
	MemberNo string
	RegNo    string // an applicant's registration number
}

// HandoverNotice is what staff are shown of a member who asked for a person.
type HandoverNotice struct {
	Who    HandoverWho
	Phone  string // 6281234567890: staff may see it
	Since  time.Time
	Until  time.Time // the bot answers the member again from then on
	Now    time.Time
	Recent []store.RecentText // oldest first, digits masked, none typed at a PIN prompt
}

// The template functions of handover's texts (funcs_id.go, funcs_en.go), the same in every
// language: the words are the templates'.

// moment is a time seen from another (now), to say when it is: Day is "today", "tomorrow",
// "week" (within the coming week: say its weekday) or "" (later: say its date).
type moment struct {
	T   time.Time
	Day string
}

func momentOf(t, now time.Time) moment {
	switch {
	case SameDay(now, t):
		return moment{t, "today"}
	case SameDay(now.AddDate(0, 0, 1), t):
		return moment{t, "tomorrow"}
	case t.Sub(now) < 7*24*time.Hour:
		return moment{t, "week"}
	}
	return moment{t, ""}
}

// hoursMinutes splits d into whole hours and the minutes left over.
func hoursMinutes(d time.Duration) struct{ H, M int } {
	return struct{ H, M int }{int(d / time.Hour), int(d % time.Hour / time.Minute)}
}
