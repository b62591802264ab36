package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

type registrasiData struct {
	NIK        string `json:"nik,omitempty"`
	Name       string `json:"name,omitempty"`
	Birth      string `json:"birth,omitempty"` // 2006-01-02
	Address    string `json:"address,omitempty"`
	Occupation string `json:"occupation,omitempty"`
	KTPPhoto   string `json:"ktp_photo,omitempty"`
}

// registrasi is both ways in: an existing member links their WhatsApp (registrasi-hubungkan,
// reached by Switch), or a new applicant applies, here.
func registrasi(ctx context.Context, c *Convo[registrasiData], in Input) Result {
	m, isMember, err := c.MemberIfAny(ctx)
	if err != nil {
		return c.Fail(err)
	}
	branch, err := c.Branch(ctx)
	if err != nil {
		return c.Fail(err)
	}
	switch c.Step {
	case "":
		switch {
		case isMember && m.Status == store.MemberApplicant:
			return c.Done(c.Msg.ApplicationPending(m.RegNo, m.CreatedAt.In(c.Loc)))
		case isMember && m.Status == store.MemberActive && m.HasPIN():
			return c.Done(c.Msg.AlreadyMember(m.Name, m.No))
		case isMember && m.Status != store.MemberActive:
			return c.Done(c.Msg.NotActive(branch.Name))
		}
		note := ""
		if last, err := c.Tx.LastApplication(ctx, in.From); err == nil && last.Status == store.MemberRejected {
			note = c.Msg.LastApplicationRejected(last.RegNo, last.Decision)
		}
		return c.Ask("path", c.Msg.RegisterChoose(c.Cooperative(), note))

	case "path":
		switch n, _ := c.Choice(2); n {
		case 1:
			return c.Switch(flowRegistrasiLink)
		case 2:
			if isMember {
				return c.Done(c.Msg.AlreadyMember(m.Name, m.No))
			}
			return c.Ask("name", c.Msg.AskFullName())
		}
		return c.Retry(c.Msg.RegisterChoose(c.Cooperative(), ""))
	case "link-nik", "link-birth", "pin-new", "pin-confirm":
		// Linking's steps before it was a flow of its own (a session kept across an upgrade).
		return c.Switch(flowRegistrasiLink)

	// A new applicant.
	case "name":
		name := strings.Join(strings.Fields(in.Text), " ")
		if !plausibleName(name) {
			return c.Retry(c.Msg.BadName())
		}
		c.Data.Name = properName(name)
		return c.Ask("nik", c.Msg.AskNIK())
	case "nik":
		nik := digitsOnly(in.Text)
		if !ktp.Shaped(nik) {
			return c.Retry(c.Msg.BadNIK())
		}
		if _, err := ktp.Parse(nik, c.Now.In(c.Loc)); err != nil {
			var bad *ktp.Error
			if errors.As(err, &bad) {
				return c.Retry(c.Msg.BadNIKPart(bad.Part))
			}
			return c.Retry(c.Msg.BadNIK())
		}
		// Whether a member holds this NIK is never said here: anyone could test NIKs for membership.
		// The application goes on alike, and staff hear of it when it arrives (apply).
		c.Data.NIK = nik
		return c.Ask("birth", c.Msg.AskBirthDate())
	case "birth":
		birth, err := parse.Date(in.Text, c.Loc)
		if err != nil {
			return c.Retry(c.Msg.BadDate())
		}
		if age(birth, c.Now.In(c.Loc)) < 17 {
			return c.Retry(c.Msg.TooYoung())
		}
		// The NIK encodes the birth date: the two must agree before anyone reviews the KTP.
		if n, err := ktp.Parse(c.Data.NIK, c.Now.In(c.Loc)); err == nil && !catalog.SameDay(n.BirthDate, birth) {
			return c.Retry(c.Msg.BirthDateNotNIKs(n.BirthDate))
		}
		c.Data.Birth = birth.Format("2006-01-02")
		return c.Ask("address", c.Msg.AskAddress())
	case "address":
		addr := parse.OutsideText(in.Text, textMax) // staff review it: one line, nothing invisible, capped
		if len([]rune(addr)) < 10 {
			return c.Retry(c.Msg.BadAddress())
		}
		c.Data.Address = addr
		return c.Ask("occupation", c.Msg.AskOccupation())
	case "occupation":
		occ := parse.OutsideText(in.Text, textMax)
		if len([]rune(occ)) < 3 {
			return c.Retry(c.Msg.BadOccupation())
		}
		c.Data.Occupation = occ
		return c.Ask("ktp", c.Msg.AskKTPPhoto())
	case "ktp":
		if in.Image == "" {
			return c.Retry(c.Msg.NeedKTPPhoto())
		}
		c.Data.KTPPhoto = in.Image
		pokok, wajib, err := membershipDues(ctx, c.Tx)
		if err != nil {
			return c.Fail(err)
		}
		return c.Ask("consent", c.Msg.Terms(c.Cooperative(), pokok, wajib))
	case "consent":
		switch yes, ok := c.YesNo(); {
		case !ok:
			return c.Retry(c.Msg.AskConsent())
		case !yes:
			return c.Done(c.Msg.ApplicationDropped())
		}
		return apply(ctx, c, in, branch)
	}
	return c.Fail(fmt.Errorf("unknown step %q", c.Step))
}

// apply files the application the member agreed to, and tells the branch's admins.
func apply(ctx context.Context, c *Convo[registrasiData], in Input, branch store.Branch) Result {
	regNo, err := c.Tx.NextRegNo(ctx)
	if err != nil {
		return c.Fail(err)
	}
	birth, _ := time.Parse("2006-01-02", c.Data.Birth)
	gender := "L"
	if n, err := ktp.Parse(c.Data.NIK, c.Now.In(c.Loc)); err == nil {
		gender = n.Gender // women's birth day carries 40 in the NIK
	}
	holder, err := c.Tx.MemberByNIK(ctx, c.Data.NIK)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return c.Fail(err)
	}
	applicant, err := c.Tx.CreateMember(ctx, store.Member{Branch: in.Branch, RegNo: regNo, NIK: c.Data.NIK, Name: c.Data.Name,
		BirthDate: birth, Gender: gender, Address: c.Data.Address, Occupation: c.Data.Occupation, Phone: in.From,
		Status: store.MemberApplicant, KTPPhoto: c.Data.KTPPhoto, ConsentAt: c.Now, Ceiling: c.Rules().DefaultCeiling})
	if err != nil {
		return c.Fail(err)
	}
	tell := func(msg catalog.Messages) string { return msg.AdminNewApplication(applicant.RegNo, applicant.Name) }
	if holder.ID != 0 { // the same NIK as a member's: flagged for staff, never told to the applicant
		ref := holder.No
		if ref == "" {
			ref = holder.RegNo // an application still waiting
		}
		tell = func(msg catalog.Messages) string {
			return msg.AdminNewApplicationNIKHeld(applicant.RegNo, applicant.Name, ref)
		}
	}
	if err := c.TellAdmins(ctx, tell); err != nil {
		return c.Fail(err)
	}
	c.Data = registrasiData{}
	return c.Done(c.Msg.Applied(regNo, branch.Name))
}

// membershipDues are the simpanan pokok and monthly wajib a new member agrees to pay.
func membershipDues(ctx context.Context, tx *store.Tx) (pokok, wajib int64, err error) {
	products, err := tx.Products(ctx)
	if err != nil {
		return 0, 0, err
	}
	if p, ok := coop.ProductOfKind(products, store.ProductPokok); ok {
		pokok = p.Settings().Amount
	}
	if p, ok := coop.ProductOfKind(products, store.ProductWajib); ok {
		wajib = p.Settings().Amount
	}
	return pokok, wajib, nil
}

// textMax is the most characters an applicant's address or occupation keeps, as an import's.
const textMax = 200

func plausibleName(name string) bool {
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsLetter(r):
			letters++
		case r == ' ' || r == '.' || r == '\'' || r == '-' || r == ',':
		default:
			return false
		}
	}
	return letters >= 3 && len([]rune(name)) <= 100
}

// properName capitalises a name typed all in lower or upper case: "joko susilo" -> "Joko Susilo".
func properName(name string) string {
	if name != strings.ToLower(name) && name != strings.ToUpper(name) {
		return name // mixed case is as the person wants it
	}
	words := strings.Fields(strings.ToLower(name))
	for i, w := range words {
		r := []rune(w)
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " ")
}

// age in whole years on day now.
func age(birth, now time.Time) int {
	years := now.Year() - birth.Year()
	if now.Month() < birth.Month() || now.Month() == birth.Month() && now.Day() < birth.Day() {
		years--
	}
	return years
}

// maskPhone shows only the last four digits: ••••7890.
func maskPhone(p string) string {
	if len(p) <= 4 {
		return p
	}
	return strings.Repeat("•", 4) + p[len(p)-4:]
}
