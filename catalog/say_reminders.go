package catalog

import "time"

// The messages of catalog_reminders.go: the scheduled reminders, the staff digest, and
// "stop pengingat" / "mulai pengingat".

func (b *book) ReminderInstallmentDue(r InstallmentReminder) string {
	return b.say("ReminderInstallmentDue", r)
}

// ReminderOverdue: Total is what is to pay, arrears and late fees.
func (b *book) ReminderOverdue(r OverdueReminder) string {
	return b.say("ReminderOverdue", struct {
		OverdueReminder
		Total int64
	}{r, r.Arrears + r.LateFees})
}
func (b *book) ReminderMaturity(r MaturityReminder) string { return b.say("ReminderMaturity", r) }

// ReminderWajib: This is this month, the last of Months.
func (b *book) ReminderWajib(r WajibReminder) string {
	return b.say("ReminderWajib", struct {
		WajibReminder
		This time.Time
	}{r, r.Months[len(r.Months)-1]})
}

// StaffDigest: a call's kind is worded by its base (kindBase: installment-due-3d is
// installment-due).
func (b *book) StaffDigest(d Digest) string         { return b.say("StaffDigest", d) }
func (b *book) RemindersStopped(name string) string { return b.say("RemindersStopped", name) }
func (b *book) RemindersResumed(name string) string { return b.say("RemindersResumed", name) }
