package flows

import "github.com/kopbot/kopbot/coop"

// Office is the cooperative's office as the runner's config describes it: what the KTP
// checker, the photo pruner, the jobs and the QRIS settlement run with.
func (r *Runner) Office() *coop.Office {
	return &coop.Office{DB: r.DB, Now: r.Now, Language: r.Language, Location: r.Location, Admins: r.Admins, MediaDir: r.MediaDir,
		LateFeeBP: r.Rules.LateFeeBP, Books: r.Rules.Books, KTPAttempts: r.Rules.KTPAttempts, KTPBackoff: r.Rules.KTPBackoff, FourEyes: r.Rules.FourEyes,
		Cooperative: r.Cooperative, DefaultCeiling: r.Rules.DefaultCeiling}
}
