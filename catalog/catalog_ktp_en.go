package catalog

import (
	"fmt"
	"strings"
	"time"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

var enKTPStatus = map[string]string{KTPNone: "not verified yet", KTPWaiting: "being checked", KTPRejected: "rejected"}

func (english) KTPIntro(selfie bool) string {
	what := "your NIK, name and birth date as on your KTP, then a photo of your KTP"
	if selfie {
		what += ", and a selfie holding the KTP"
	}
	return "*KTP verification*\nYour KTP status: not verified yet.\n\nWe need " + what + ". They are matched against the population register (Dukcapil) and checked by staff; the photos are deleted once a decision is made."
}
func (english) KTPStatusVerified(at time.Time) string {
	return fmt.Sprintf("*KTP verification*\nYour KTP status: *verified* since %s. Nothing more to do.", enDate(at))
}
func (english) KTPStatusWaiting(no string, since time.Time) string {
	return fmt.Sprintf("*KTP verification*\nYour KTP status: *waiting*. Request %s (sent %s) is being checked; we will tell you on this WhatsApp.", no, enDate(since))
}
func (english) KTPStatusRejected(no, reason string) string {
	return fmt.Sprintf("*KTP verification*\nYour KTP status: *rejected* (%s).\nReason: %s\n\nPut that right and send your KTP details again now.", no, reason)
}
func (english) KTPNIKNotRecord(branch string) string {
	return fmt.Sprintf("That NIK is not the one on your membership record. Type the NIK exactly as on your KTP. If our record is wrong, contact %s.", branch)
}
func (english) KTPGenderNotRecord(nikGender string) string {
	g := "a man"
	if nikGender == "P" {
		g = "a woman"
	}
	return fmt.Sprintf("That NIK belongs to %s, which does not match your membership record. Check the 16 digits on your KTP again.", g)
}
func (english) KTPNIKTaken(branch string) string {
	return fmt.Sprintf("That NIK is already registered to another member, so we cannot verify it for this number. Staff have been told; please visit %s with your original KTP.", branch)
}
func (english) KTPAskName() string { return "Type your full name *exactly as on your KTP*." }
func (english) KTPBirthNotRecord(branch string) string {
	return fmt.Sprintf("The birth date on your KTP differs from our membership record, so the verification cannot go on. Please visit %s with your original KTP to correct the record.", branch)
}
func (english) KTPAskSelfie() string {
	return "Send a selfie holding your KTP beside your face: both your face and the KTP clearly visible."
}
func (english) KTPNeedSelfie() string {
	return "We need a *photo* of you holding your KTP. Send it as an image (camera icon)."
}
func (english) KTPSummary(nik, name string, birth time.Time, selfie bool) string {
	photos := "KTP photo"
	if selfie {
		photos = "KTP photo and selfie"
	}
	return fmt.Sprintf("*Check your KTP details*\nNIK: %s\nName: %s\nBirth date: %s\nAttached: %s\n\nBy sending, you agree to these details being matched against the population register (Dukcapil). Reply *yes* to send, or *no* to cancel.",
		nik, name, enDate(birth), photos)
}
func (english) KTPSubmittedChecking(no string) string {
	return fmt.Sprintf("Thank you. Your KTP details (%s) are being matched against the population register. We will send the result on this WhatsApp, usually within minutes.", no)
}
func (english) KTPSubmittedReview(no, branch string) string {
	return fmt.Sprintf("Thank you. Staff of %[2]s will check your KTP details (%[1]s); we will send the result on this WhatsApp. Type *verifikasi ktp* any time to see the status.", no, branch)
}
func (english) KTPVerifiedNotice(no, name string) string {
	return fmt.Sprintf("%s, your KTP is now *verified* (%s). Every service is open to you; type *menu*.", name, no)
}
func (english) KTPRejectedNotice(no, name, reason string) string {
	return fmt.Sprintf("%s, your KTP verification (%s) was *rejected*.\nReason: %s\n\nPut that right, then type *verifikasi ktp* to send it again.", name, no, reason)
}
func (english) KTPToReviewNotice(no, branch string) string {
	return fmt.Sprintf("Your KTP details (%s) need a closer look by staff of %s. No need to send them again; we will tell you the result on this WhatsApp.", no, branch)
}
func (english) KTPRequired(service, status string) string {
	return fmt.Sprintf("%s is only for members with a verified KTP. Your KTP status: %s.\n\n%s", service, enKTPStatus[status], enKTPWhatNow(status))
}
func enKTPWhatNow(status string) string {
	if status == KTPWaiting {
		return "We will tell you on this WhatsApp once it is checked. Type *menu* for other services."
	}
	return "Type *verifikasi ktp* to verify it now, or *menu* for other services."
}
func (english) KTPLoanApplication() string { return "Applying for a loan" }
func (english) KTPTransferAbove(limit int64, status string) string {
	return fmt.Sprintf("Transfers above %s are only for members with a verified KTP (your KTP status: %s). Type an amount up to %s, or *verifikasi ktp* to verify.",
		parse.Rupiah(limit), enKTPStatus[status], parse.Rupiah(limit))
}

var enKTPFields = map[string]string{"nik": "NIK", "name": "name", "birth_date": "birth date"}

func (english) KTPNote(note string) string {
	kind, arg, _ := strings.Cut(note, ":")
	switch kind {
	case "mismatch":
		var fs []string
		for _, f := range strings.Split(arg, ",") {
			fs = append(fs, enKTPFields[f])
		}
		return "Dukcapil: " + strings.Join(fs, ", ") + " did not match"
	case "unreachable":
		return "Dukcapil did not answer after " + arg + " tries"
	case "refused":
		return "Dukcapil refused the request (HTTP " + arg + "); check the verifier settings"
	}
	return ""
}
func (english) AdminKTPDuplicate(maskedNIK string, m, holder store.Member) string {
	return fmt.Sprintf("⚠️ *Duplicate NIK*: %s (No. %s, +%s) tried to verify a KTP with NIK %s, which belongs to %s (No. %s). The request was refused; look into it with the member.",
		m.Name, orDash(m.No), m.Phone, maskedNIK, holder.Name, orDash(holder.No))
}
func (english) AdminKTPToReview(v store.KTPVerification, m store.Member, note string) string {
	text := fmt.Sprintf("KTP verification %s is waiting for review: %s (No. %s), NIK %s.", v.No(), m.Name, orDash(m.No), ktp.Mask(v.NIK))
	if n := For("en").KTPNote(note); n != "" {
		text += "\nNote: " + n + "."
	}
	return text + "\nType *admin*, then 10, to review it."
}
func (english) AdminKTPList(vs []store.KTPVerification, names []string, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("*KTP verifications waiting*\n")
	for i, v := range vs {
		fmt.Fprintf(&b, "%d. %s · %s · %s\n", i+1, v.No(), names[i], enDate(v.CreatedAt.In(loc)))
	}
	b.WriteString("\nReply with a number to see the details.")
	return b.String()
}
func (english) AdminKTPDetail(v store.KTPVerification, m store.Member, loc *time.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*\nMember: %s (No. %s)\nNIK: %s\nName on KTP: %s\nBirth date: %s\nSent: %s\n", v.No(), m.Name, orDash(m.No),
		ktp.Mask(v.NIK), v.Name, enDate(v.BirthDate), enDate(v.CreatedAt.In(loc)))
	if n := For("en").KTPNote(v.Note); n != "" {
		fmt.Fprintf(&b, "Note: %s\n", n)
	}
	if v.KTPPhoto == "" {
		b.WriteString("The photos have been deleted.\n")
	}
	b.WriteString("\nCompare the photos with the details above.\n1. Approve\n2. Reject")
	return b.String()
}
func (english) AdminKTPPhotoCaption(no string, selfie bool) string {
	if selfie {
		return no + ": selfie with the KTP"
	}
	return no + ": KTP photo"
}
func (english) AdminKTPApproved(no, name string) string {
	return fmt.Sprintf("%s approved: %s's KTP is verified, and they have been told.", no, name)
}
func (english) AdminKTPRejected(no, name string) string {
	return fmt.Sprintf("%s (%s) rejected, and the member has been told why.", no, name)
}
func (english) AdminKTPTaken(no string) string {
	return fmt.Sprintf("%s cannot be approved: its NIK is already verified for another member. Reject it with a reason, then look into it with the member.", no)
}
