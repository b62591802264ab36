package catalog

import (
	"time"

	"github.com/kopbot/kopbot/store"
)

// ktpMessages are the texts of Verifikasi KTP, of the services that need a verified KTP,
// and of staff's review.
type ktpMessages interface {
	KTPIntro(selfie bool) string
	KTPStatusVerified(at time.Time) string
	KTPStatusWaiting(no string, since time.Time) string
	KTPStatusRejected(no, reason string) string
	KTPNIKNotRecord(branch string) string
	KTPGenderNotRecord(nikGender string) string
	KTPNIKTaken(branch string) string
	KTPAskName() string
	KTPBirthNotRecord(branch string) string
	KTPAskSelfie() string
	KTPNeedSelfie() string
	KTPSummary(nik, name string, birth time.Time, selfie bool) string
	KTPSubmittedChecking(no string) string
	KTPSubmittedReview(no, branch string) string

	// Told later, when the decision is made.
	KTPVerifiedNotice(no, name string) string
	KTPRejectedNotice(no, name, reason string) string
	KTPToReviewNotice(no, branch string) string

	// Services that need a verified KTP; status is belum, menunggu or ditolak.
	KTPRequired(service, status string) string
	KTPLoanApplication() string
	KTPTransferAbove(limit, left int64, status string) string

	// Staff.
	KTPNote(note string) string
	AdminKTPDuplicate(maskedNIK string, m, holder store.Member) string
	AdminKTPToReview(v store.KTPVerification, m store.Member, note string) string
	AdminKTPList(vs []store.KTPVerification, names []string, loc *time.Location) string
	AdminKTPDetail(v store.KTPVerification, m store.Member, loc *time.Location) string
	AdminKTPPhotoCaption(no string, selfie bool) string
	AdminKTPApproved(no, name string) string
	AdminKTPRejected(no, name string) string
	AdminKTPTaken(no string) string
}
