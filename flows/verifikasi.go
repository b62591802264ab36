package flows

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

type verifikasiData struct {
	NIK      string `json:"nik,omitempty"`
	Name     string `json:"name,omitempty"`
	Birth    string `json:"birth,omitempty"` // 2006-01-02
	KTPPhoto string `json:"ktp_photo,omitempty"`
	Selfie   string `json:"selfie,omitempty"`
}

// verifikasi is Verifikasi KTP: the member's status, or their NIK, name, birth date and
// photos, checked against what the NIK encodes and what the record holds before anyone
// (staff or the Dukcapil aggregator) is asked.
func verifikasi(ctx context.Context, c *Convo[verifikasiData], m store.Member, in Input) Result {
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	today := c.Now.In(c.Loc)
	switch c.Step {
	case "":
		last, err := c.Tx.LatestKTP(ctx, m.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return c.Ask("nik", c.Msg.KTPIntro(c.Rules().KTPSelfie), c.Msg.AskNIK())
		case err != nil:
			return c.Fail(err)
		case last.Status == store.KTPVerified:
			return c.Done(c.Msg.KTPStatusVerified(last.DecidedAt.In(c.Loc)))
		case last.Open():
			return c.Done(c.Msg.KTPStatusWaiting(last.No(), last.CreatedAt.In(c.Loc)))
		}
		return c.Ask("nik", c.Msg.KTPStatusRejected(last.No(), last.Reason), c.Msg.AskNIK())

	case "nik":
		nik := digitsOnly(in.Text)
		if !ktp.Shaped(nik) {
			return c.Retry(c.Msg.BadNIK())
		}
		n, err := ktp.Parse(nik, today)
		if err != nil {
			var bad *ktp.Error
			if errors.As(err, &bad) {
				return c.Retry(c.Msg.BadNIKPart(bad.Part))
			}
			return c.Retry(c.Msg.BadNIK())
		}
		if m.NIK != "" && m.NIK != nik {
			return c.Retry(c.Msg.KTPNIKNotRecord(branch.Name))
		}
		if m.Gender != "" && m.Gender != n.Gender {
			return c.Retry(c.Msg.KTPGenderNotRecord(n.Gender))
		}
		// One KTP belongs to one member: another member's NIK is refused, and staff are told.
		holder, taken, err := holderOfNIK(ctx, c.Tx, nik, m.ID)
		if err != nil {
			return c.Fail(err)
		}
		if taken {
			if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return msg.AdminKTPDuplicate(ktp.Mask(nik), m, holder) }); err != nil {
				return c.Fail(err)
			}
			return c.Done(c.Msg.KTPNIKTaken(branch.Name))
		}
		c.Data.NIK = nik
		return c.Ask("name", c.Msg.KTPAskName())

	case "name":
		name := strings.Join(strings.Fields(in.Text), " ")
		if !plausibleName(name) {
			return c.Retry(c.Msg.BadName())
		}
		c.Data.Name = properName(name)
		return c.Ask("birth", c.Msg.AskBirthDate())

	case "birth":
		birth, err := parse.Date(in.Text, c.Loc)
		if err != nil {
			return c.Retry(c.Msg.BadDate())
		}
		n, err := ktp.Parse(c.Data.NIK, today)
		if err != nil {
			return c.Fail(err) // it parsed a step ago
		}
		if !catalog.SameDay(n.BirthDate, birth) {
			return c.Retry(c.Msg.BirthDateNotNIKs(n.BirthDate))
		}
		if !m.BirthDate.IsZero() && !catalog.SameDay(m.BirthDate, birth) {
			// The KTP and the record disagree: only the branch can correct the record.
			return c.Done(c.Msg.KTPBirthNotRecord(branch.Name))
		}
		c.Data.Birth = birth.Format(time.DateOnly)
		return c.Ask("ktp", c.Msg.AskKTPPhoto())

	case "ktp":
		if in.Image == "" {
			return c.Retry(c.Msg.NeedKTPPhoto())
		}
		c.Data.KTPPhoto = in.Image
		if c.Rules().KTPSelfie {
			return c.Ask("selfie", c.Msg.KTPAskSelfie())
		}
		return c.Ask("confirm", c.Msg.KTPSummary(c.Data.NIK, c.Data.Name, c.Data.birth(), false))

	case "selfie":
		if in.Image == "" {
			return c.Retry(c.Msg.KTPNeedSelfie())
		}
		c.Data.Selfie = in.Image
		return c.Ask("confirm", c.Msg.KTPSummary(c.Data.NIK, c.Data.Name, c.Data.birth(), true))

	case "confirm":
		switch yes, ok := c.YesNo(); {
		case !ok:
			return c.Retry(c.Msg.KTPSummary(c.Data.NIK, c.Data.Name, c.Data.birth(), c.Data.Selfie != ""))
		case !yes:
			return c.Done(c.Msg.Cancelled())
		}
		return submitKTP(ctx, c, m, branch)
	}
	return c.Fail(errors.New("unknown step " + c.Step))
}

// submitKTP files the verification the member confirmed: to the aggregator when the
// cooperative uses one, otherwise to the branch's staff, who are told.
func submitKTP(ctx context.Context, c *Convo[verifikasiData], m store.Member, branch store.Branch) Result {
	v := store.KTPVerification{Branch: m.Branch, MemberID: m.ID, NIK: c.Data.NIK, Name: c.Data.Name, BirthDate: c.Data.birth(),
		KTPPhoto: c.Data.KTPPhoto, SelfiePhoto: c.Data.Selfie, Verifier: c.Rules().KTPVerifier, Status: store.KTPReview}
	if v.Verifier == coop.KTPByHTTP {
		v.Status = store.KTPChecking
	} else {
		v.Verifier = coop.KTPByStaff
	}
	v, err := c.Tx.CreateKTPVerification(ctx, v)
	if err != nil {
		return c.Fail(err)
	}
	c.Data = verifikasiData{}
	if v.Status == store.KTPChecking {
		return c.Done(c.Msg.KTPSubmittedChecking(v.No()))
	}
	if err := c.TellAdmins(ctx, func(msg catalog.Messages) string { return msg.AdminKTPToReview(v, m, "") }); err != nil {
		return c.Fail(err)
	}
	return c.Done(c.Msg.KTPSubmittedReview(v.No(), branch.Name))
}

// holderOfNIK finds another member than member whose NIK this is: one whose KTP with it
// was verified, or whose record holds it.
func holderOfNIK(ctx context.Context, tx *store.Tx, nik string, member int64) (store.Member, bool, error) {
	other, err := tx.KTPVerifiedFor(ctx, nik, member)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return store.Member{}, false, err
	}
	if err != nil {
		rec, err := tx.MemberByNIK(ctx, nik)
		if errors.Is(err, store.ErrNotFound) || err == nil && rec.ID == member {
			return store.Member{}, false, nil
		}
		if err != nil {
			return store.Member{}, false, err
		}
		other = rec.ID
	}
	holder, err := tx.MemberByID(ctx, other)
	if err != nil {
		return store.Member{}, false, err
	}
	return holder, true, nil
}

func (d verifikasiData) birth() time.Time {
	t, _ := time.Parse(time.DateOnly, d.Birth)
	return t
}
