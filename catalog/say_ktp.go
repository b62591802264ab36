package catalog

import (
	"strings"
	"time"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// The messages of catalog_ktp.go: Verifikasi KTP, the services that need a verified KTP, and
// staff's review. A status ({{.Status}}) is KTPNone, KTPWaiting or KTPRejected: "belum",
// "menunggu", "ditolak".

func (b *book) KTPIntro(selfie bool) string           { return b.say("KTPIntro", selfie) }
func (b *book) KTPStatusVerified(at time.Time) string { return b.say("KTPStatusVerified", at) }
func (b *book) KTPStatusWaiting(no string, since time.Time) string {
	return b.say("KTPStatusWaiting", args{"No": no, "Since": since})
}
func (b *book) KTPStatusRejected(no, reason string) string {
	return b.say("KTPStatusRejected", args{"No": no, "Reason": reason})
}
func (b *book) KTPNIKNotRecord(branch string) string { return b.say("KTPNIKNotRecord", branch) }

// KTPGenderNotRecord: nikGender is "L" or "P".
func (b *book) KTPGenderNotRecord(nikGender string) string {
	return b.say("KTPGenderNotRecord", nikGender)
}
func (b *book) KTPNIKTaken(branch string) string       { return b.say("KTPNIKTaken", branch) }
func (b *book) KTPBirthNotRecord(branch string) string { return b.say("KTPBirthNotRecord", branch) }
func (b *book) KTPSummary(nik, name string, birth time.Time, selfie bool) string {
	return b.say("KTPSummary", args{"NIK": nik, "Name": name, "Birth": birth, "Selfie": selfie})
}
func (b *book) KTPSubmittedChecking(no string) string { return b.say("KTPSubmittedChecking", no) }
func (b *book) KTPSubmittedReview(no, branch string) string {
	return b.say("KTPSubmittedReview", args{"No": no, "Branch": branch})
}
func (b *book) KTPVerifiedNotice(no, name string) string {
	return b.say("KTPVerifiedNotice", args{"No": no, "Name": name})
}
func (b *book) KTPRejectedNotice(no, name, reason string) string {
	return b.say("KTPRejectedNotice", args{"No": no, "Name": name, "Reason": reason})
}
func (b *book) KTPToReviewNotice(no, branch string) string {
	return b.say("KTPToReviewNotice", args{"No": no, "Branch": branch})
}
func (b *book) KTPRequired(service, status string) string {
	return b.say("KTPRequired", args{"Service": service, "Status": status})
}
func (b *book) KTPTransferAbove(limit, left int64, status string) string {
	return b.say("KTPTransferAbove", args{"Limit": limit, "Left": left, "Status": status})
}

// KTPNote says a verification's note in words: its Kind is mismatch (Fields: nik, name,
// birth_date), unreachable (Arg: the tries) or refused (Arg: the HTTP status).
func (b *book) KTPNote(note string) string {
	kind, arg, _ := strings.Cut(note, ":")
	return b.say("KTPNote", args{"Kind": kind, "Arg": arg, "Fields": strings.Split(arg, ",")})
}
func (b *book) AdminKTPDuplicate(maskedNIK string, m, holder store.Member) string {
	return b.say("AdminKTPDuplicate", args{"MaskedNIK": maskedNIK, "Member": m, "Holder": holder})
}

// AdminKTPToReview and AdminKTPDetail show staff the NIK masked (MaskedNIK) and the note in
// words (Note, KTPNote's text: empty when there is nothing to say).
func (b *book) AdminKTPToReview(v store.KTPVerification, m store.Member, note string) string {
	return b.say("AdminKTPToReview", args{"V": v, "Member": m, "MaskedNIK": ktp.Mask(v.NIK), "Note": b.KTPNote(note)})
}
func (b *book) AdminKTPList(vs []store.KTPVerification, names []string, loc *time.Location) string {
	return b.say("AdminKTPList", args{"List": vs, "Names": names, "Loc": loc})
}
func (b *book) AdminKTPDetail(v store.KTPVerification, m store.Member, loc *time.Location) string {
	return b.say("AdminKTPDetail", args{"V": v, "Member": m, "MaskedNIK": ktp.Mask(v.NIK), "Note": b.KTPNote(v.Note), "Loc": loc})
}
func (b *book) AdminKTPPhotoCaption(no string, selfie bool) string {
	return b.say("AdminKTPPhotoCaption", args{"No": no, "Selfie": selfie})
}
func (b *book) AdminKTPApproved(no, name string) string {
	return b.say("AdminKTPApproved", args{"No": no, "Name": name})
}
func (b *book) AdminKTPRejected(no, name string) string {
	return b.say("AdminKTPRejected", args{"No": no, "Name": name})
}
func (b *book) AdminKTPTaken(no string) string { return b.say("AdminKTPTaken", no) }
