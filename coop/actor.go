package coop

// Actor is who did something, as the records keep it (decided_by, author_id, released_by):
// staff on WhatsApp by their number, the command line, the admin pages, a member by their
// member number, kopbot itself. It prints as the stored strings always read.
type Actor string

// The actors without a name of their own.
const (
	CLI    Actor = "cli"    // kopbot on the command line, when -by names nobody
	Kopbot Actor = "kopbot" // kopbot itself: a deadline passed, a job ran
)

// Staff is a staff member on WhatsApp, by their phone number (6281...); a decision resolves
// it to their StaffAccount when the number is one's (Resolve).
func Staff(phone string) Actor { return WhatsApp(phone) }

// WhatsApp is whoever wrote from phone on WhatsApp: a member ending their own handover.
func WhatsApp(phone string) Actor { return Actor("wa:" + phone) }

// Member is a member acting on their own request, by their member number (01.00001).
func Member(no string) Actor { return Actor("member:" + no) }

// Web is the admin pages acting for no staff account ("web:setup" creating the first one;
// "web" in records from before staff accounts). A signed-in staff member is StaffAccount.
func Web(user string) Actor {
	if user == "" {
		return "web"
	}
	return Actor("web:" + user)
}

// Named is a staff member as the command line names them (-by), or CLI when it names nobody.
func Named(name string) Actor {
	if name == "" {
		return CLI
	}
	return Actor(name)
}

func (a Actor) String() string { return string(a) }
