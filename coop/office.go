package coop

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// Office is the cooperative as the work outside a member's message sees it (the KTP
// checker, the photo pruner, the scheduled jobs, the QRIS webhook, notices to staff): its
// database, clock, language, time zone, admins, media directory and rules. serve, chat and
// the other commands hold one (App.Office), built from the runner's config by flows.Runner.Office.
type Office struct {
	DB       *store.DB
	Now      func() time.Time
	Language string         // the default language: id or en
	Location *time.Location // the cooperative's time zone
	// Admins are each branch's admin phone numbers.
	Admins map[string][]string
	// MediaDir is where kopbot keeps images; only files inside it are ever deleted.
	MediaDir string
	// LateFeeBP is the late fee a day on an overdue installment, in basis points.
	LateFeeBP int64
	// Books are the rules of interest tax and loan grades the day's close applies.
	Books Books
	// KTPAttempts are the calls to the KTP aggregator before staff review a KTP instead;
	// DefaultKTPAttempts when 0.
	KTPAttempts int
	// KTPBackoff is the wait after the first failed call, doubling after each; DefaultKTPBackoff when 0.
	KTPBackoff time.Duration
	// FourEyes says which operations wait for a second staff member.
	FourEyes FourEyes
	// Cooperative is the cooperative's name as members know it (a statement's heading).
	Cooperative string
	// DefaultCeiling is the installment ceiling of members without one of their own.
	DefaultCeiling int64
}

func (o *Office) lang(chosen string) string {
	if chosen != "" {
		return chosen
	}
	if o.Language != "" {
		return o.Language
	}
	return "id"
}

func (o *Office) location() *time.Location {
	if o.Location != nil {
		return o.Location
	}
	return time.Local
}
