package coop

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/store"
)

// A member's record over their membership (issue 17, part 1): staff change the phone, edit
// the data, set the installment ceiling, suspend and reactivate, and let a member leave
// (leave.go). Each operation runs in the caller's transaction, records who changed what in
// the member's history (member_changes) and, where the member should know, tells them.

// InstallmentCeiling is the member's plafon angsuran: their own, or def (members.default_ceiling)
// when none was set for them (stored as 0).
func InstallmentCeiling(m store.Member, def int64) int64 {
	if m.Ceiling > 0 {
		return m.Ceiling
	}
	return def
}

// lifecycleMember is the member with number no, refused unless they are a member (active or suspended).
func lifecycleMember(ctx context.Context, tx *store.Tx, no string) (store.Member, error) {
	m, err := tx.MemberByNo(ctx, strings.TrimSpace(no))
	if err != nil {
		return m, err
	}
	if m.Status != store.MemberActive && m.Status != store.MemberSuspended {
		return m, &Refusal{Code: MemberNotActive, Subject: m.No, Status: string(m.Status)}
	}
	return m, nil
}

// record adds one change of field to the member's history.
func record(ctx context.Context, tx *store.Tx, m store.Member, by Actor, field, old, new, reason string) error {
	by, err := decided(ctx, tx, by, AuditMember+AuditAction(field), m.No, m.Branch)
	if err != nil {
		return err
	}
	return tx.RecordMemberChange(ctx, store.MemberChange{MemberID: m.ID, Field: field, Old: old, New: new, Reason: reason, By: by.String()})
}

// ChangePhone moves the member with number no to a new phone number, at the branch's
// request (the member came in with their KTP). The old number's link ends: it is no
// member's number any more, whatever it was in the middle of ends, and the PIN is cleared,
// so the new number links again (Registrasi, 1: NIK and birth date, a new PIN) before it
// can move money. Both numbers are told. A number another member uses is refused.
func ChangePhone(ctx context.Context, tx *store.Tx, no, phone string, by Actor, lang string) (store.Member, error) {
	m, err := lifecycleMember(ctx, tx, no)
	if err != nil {
		return m, err
	}
	typed := phone
	if phone, err = parse.Phone(typed); err != nil {
		return m, &Refusal{Code: BadPhone, Subject: strings.TrimSpace(typed)}
	}
	if phone == m.Phone {
		return m, &Refusal{Code: NothingChanged, Subject: m.No}
	}
	if other, err := tx.MemberByPhone(ctx, phone); err == nil {
		return m, &Refusal{Code: PhoneTaken, Subject: MaskPhone(phone), Other: memberRef(other)}
	} else if !errors.Is(err, store.ErrNotFound) {
		return m, err
	}
	old := m.Phone
	m.Phone = phone
	if err := tx.UpdateMemberData(ctx, m); err != nil {
		return m, err
	}
	if err := tx.SetPIN(ctx, m.ID, ""); err != nil {
		return m, err
	}
	if err := tx.EndConversations(ctx, old); err != nil {
		return m, err
	}
	// Staff saw the KTP: the new number's failed tries at linking (as a number no record held) count no more.
	if err := tx.ClearLinkFailures(ctx, phone); err != nil {
		return m, err
	}
	if err := record(ctx, tx, m, by, store.FieldPhone, old, phone, ""); err != nil {
		return m, err
	}
	b, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return m, err
	}
	// The old number is told in the language it chose; the new one has chosen none yet.
	if err := Notify(ctx, tx, m.Branch, old, lang, func(msg catalog.Messages) string {
		return msg.PhoneChangedFromHere(MaskPhone(phone), b.Name)
	}); err != nil {
		return m, err
	}
	return m, Notify(ctx, tx, m.Branch, phone, lang, func(msg catalog.Messages) string {
		return msg.PhoneChangedToHere(m.Name, m.No, b.Name)
	})
}

// memberRef is how staff refer to someone: the member number, or an applicant's registration number.
func memberRef(m store.Member) string {
	if m.No != "" {
		return m.No
	}
	return m.RegNo
}

// MemberEdit is a change to a member's data: nil fields stay as they are.
type MemberEdit struct {
	Name, NIK, Gender, Address, Occupation *string
	BirthDate                              *time.Time
}

// EditMember changes the data of the member with number no and records each field that
// changed, old and new (a NIK masked). A NIK must be a valid one (as registration checks it)
// that no other member holds, and agree with the birth date and gender; the edit changes
// nothing unless all of it is valid. It returns the member and the changes made (none when
// the edit repeats what the record holds).
func EditMember(ctx context.Context, tx *store.Tx, no string, e MemberEdit, by Actor) (store.Member, []store.MemberChange, error) {
	m, err := lifecycleMember(ctx, tx, no)
	if err != nil {
		return m, nil, err
	}
	was := m
	if err := applyEdit(&m, e); err != nil {
		return m, nil, err
	}
	if err := checkNIK(ctx, tx, m, was); err != nil {
		return m, nil, err
	}
	changes := editChanges(was, m)
	if len(changes) == 0 {
		return m, nil, nil
	}
	if err := tx.UpdateMemberData(ctx, m); err != nil {
		return m, nil, err
	}
	for i := range changes {
		who, err := decided(ctx, tx, by, AuditMember+AuditAction(changes[i].Field), m.No, m.Branch)
		if err != nil {
			return m, nil, err
		}
		changes[i].MemberID, changes[i].By, changes[i].At = m.ID, who.String(), tx.Now()
		if err := tx.RecordMemberChange(ctx, changes[i]); err != nil {
			return m, nil, err
		}
	}
	return m, changes, nil
}

// applyEdit writes e's fields into m, tidied; a name cannot be emptied, a gender is L or P.
func applyEdit(m *store.Member, e MemberEdit) error {
	if e.Name != nil {
		if strings.TrimSpace(*e.Name) == "" {
			return &Refusal{Code: BadMemberData, Subject: store.FieldName}
		}
		m.Name = strings.Join(strings.Fields(*e.Name), " ")
	}
	if e.NIK != nil {
		m.NIK = strings.NewReplacer(" ", "", ".", "", "-", "").Replace(*e.NIK)
	}
	if e.Gender != nil {
		g := strings.ToUpper(strings.TrimSpace(*e.Gender))
		if g != "L" && g != "P" {
			return &Refusal{Code: BadMemberData, Subject: store.FieldGender}
		}
		m.Gender = g
	}
	if e.Address != nil {
		m.Address = strings.TrimSpace(*e.Address)
	}
	if e.Occupation != nil {
		m.Occupation = strings.TrimSpace(*e.Occupation)
	}
	if e.BirthDate != nil {
		m.BirthDate = *e.BirthDate
	}
	return nil
}

// checkNIK refuses a NIK (new, or kept beside a new birth date or gender) that is not valid,
// disagrees with the birth date or gender, or is another member's.
func checkNIK(ctx context.Context, tx *store.Tx, m, was store.Member) error {
	if m.NIK == was.NIK && m.BirthDate.Equal(was.BirthDate) && m.Gender == was.Gender {
		return nil
	}
	n, err := ktp.Parse(m.NIK, tx.Now())
	if err != nil {
		part := "length"
		var bad *ktp.Error
		if errors.As(err, &bad) {
			part = bad.Part
		}
		return &Refusal{Code: BadNIK, Subject: ktp.Mask(m.NIK), Status: part}
	}
	if !m.BirthDate.IsZero() && !catalog.SameDay(n.BirthDate, m.BirthDate) || m.Gender != "" && n.Gender != m.Gender {
		return &Refusal{Code: NIKDisagrees, Subject: ktp.Mask(m.NIK), At: n.BirthDate, Status: n.Gender}
	}
	if m.NIK == was.NIK {
		return nil
	}
	other, err := tx.MemberByNIK(ctx, m.NIK)
	switch {
	case err == nil && other.ID != m.ID:
		return &Refusal{Code: NIKTaken, Subject: ktp.Mask(m.NIK), Other: memberRef(other)}
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return err
	}
	return nil
}

// editChanges are the fields that differ between was and now, as the history keeps them.
func editChanges(was, now store.Member) []store.MemberChange {
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	pairs := []struct{ field, old, new string }{
		{store.FieldName, was.Name, now.Name},
		{store.FieldNIK, ktp.Mask(was.NIK), ktp.Mask(now.NIK)},
		{store.FieldBirthDate, date(was.BirthDate), date(now.BirthDate)},
		{store.FieldGender, was.Gender, now.Gender},
		{store.FieldAddress, was.Address, now.Address},
		{store.FieldOccupation, was.Occupation, now.Occupation},
	}
	var out []store.MemberChange
	for _, p := range pairs {
		if p.field == store.FieldNIK && was.NIK != now.NIK || p.field != store.FieldNIK && p.old != p.new {
			out = append(out, store.MemberChange{Field: p.field, Old: p.old, New: p.new})
		}
	}
	return out
}

// SetCeiling sets the installment ceiling (plafon angsuran) of the member with number no;
// 0 puts them back on the cooperative's default (members.default_ceiling).
func SetCeiling(ctx context.Context, tx *store.Tx, no string, ceiling int64, by Actor) (store.Member, error) {
	m, err := lifecycleMember(ctx, tx, no)
	if err != nil {
		return m, err
	}
	if ceiling < 0 {
		return m, &Refusal{Code: BadMemberData, Subject: store.FieldCeiling}
	}
	if ceiling == m.Ceiling {
		return m, nil
	}
	if err := tx.SetCeiling(ctx, m.ID, ceiling); err != nil {
		return m, err
	}
	old := m.Ceiling
	m.Ceiling = ceiling
	return m, record(ctx, tx, m, by, store.FieldCeiling, ceilingText(old), ceilingText(ceiling), "")
}

// ceilingText is a ceiling as the history shows it: an amount, or "default" for none of the member's own.
func ceilingText(c int64) string {
	if c == 0 {
		return "default"
	}
	return parse.Rupiah(c)
}

// Suspend suspends the member with number no for reason: they can still read their
// balances, loans and profile on WhatsApp, but move no money until reactivated. Whatever
// they were in the middle of ends, and they are told the reason.
func Suspend(ctx context.Context, tx *store.Tx, no, reason string, by Actor, lang string) (store.Member, error) {
	return setSuspended(ctx, tx, no, reason, by, lang, true)
}

// Reactivate lifts a suspension; the member is told they can use every service again.
func Reactivate(ctx context.Context, tx *store.Tx, no, reason string, by Actor, lang string) (store.Member, error) {
	return setSuspended(ctx, tx, no, reason, by, lang, false)
}

func setSuspended(ctx context.Context, tx *store.Tx, no, reason string, by Actor, lang string, suspend bool) (store.Member, error) {
	reason = strings.TrimSpace(reason)
	if suspend {
		if err := CheckReason(reason); err != nil {
			return store.Member{}, err
		}
	}
	m, err := lifecycleMember(ctx, tx, no)
	if err != nil {
		return m, err
	}
	from, to := store.MemberActive, store.MemberSuspended
	if !suspend {
		from, to = to, from
	}
	if m.Status != from {
		return m, &Refusal{Code: MemberNotActive, Subject: m.No, Status: string(m.Status)}
	}
	if err := tx.SetMemberStatus(ctx, m.ID, to); err != nil {
		return m, err
	}
	m.Status = to
	if err := record(ctx, tx, m, by, store.FieldStatus, string(from), string(to), reason); err != nil {
		return m, err
	}
	if suspend {
		if err := tx.EndConversations(ctx, m.Phone); err != nil {
			return m, err
		}
	}
	b, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return m, err
	}
	return m, Notify(ctx, tx, m.Branch, m.Phone, lang, func(msg catalog.Messages) string {
		if suspend {
			return msg.MemberSuspended(reason, b.Name)
		}
		return msg.MemberReactivated(b.Name)
	})
}

// MemberHistory is the member with number no (any status) and their record's changes, oldest first.
func MemberHistory(ctx context.Context, tx *store.Tx, no string) (store.Member, []store.MemberChange, error) {
	m, err := tx.MemberByNo(ctx, strings.TrimSpace(no))
	if err != nil {
		return m, nil, err
	}
	changes, err := tx.MemberChanges(ctx, m.ID)
	return m, changes, err
}
