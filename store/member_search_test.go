package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// The back office's search finds members by part of the name or a number given exactly,
// members who left too, never applicants, and only in the branches given.
func TestSearchMembers(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, store.Branch{ID: "bogor", Code: "02", Name: "Cabang Bogor"}); err != nil {
			return err
		}
		for _, m := range []store.Member{
			{Branch: "pusat", No: "01.00001", NIK: "3204011708900001", Name: "Budi Santoso", Phone: "6281200000001", Status: store.MemberActive},
			{Branch: "pusat", No: "01.00002", NIK: "3204015503880002", Name: "Siti Rahmawati", Phone: "6281200000002", Status: store.MemberClosed},
			{Branch: "pusat", RegNo: "REG-000009", NIK: "3204015503880009", Name: "Budi Pemohon", Phone: "6281200000009", Status: store.MemberApplicant},
			{Branch: "bogor", No: "02.00001", NIK: "3201014101900009", Name: "Budiman Bogor", Phone: "6281299990001", Status: store.MemberActive},
		} {
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	names := func(s store.MemberSearch) string {
		s.Limit = 10
		var found []store.Member
		mustView(t, db, func(tx *store.Tx) (err error) { found, err = tx.SearchMembers(ctx, s); return })
		var out []string
		for _, m := range found {
			out = append(out, m.Name)
		}
		return strings.Join(out, ", ")
	}
	for _, c := range []struct {
		search store.MemberSearch
		want   string
	}{
		{store.MemberSearch{Name: "BUDI"}, "Budi Santoso, Budiman Bogor"},
		{store.MemberSearch{Name: "budi", Branches: []string{"pusat"}}, "Budi Santoso"},
		{store.MemberSearch{Name: "budi", Branches: []string{}}, ""},
		{store.MemberSearch{Keys: []string{"6281200000002"}}, "Siti Rahmawati"}, // left: found by the phone they had
		{store.MemberSearch{Keys: []string{"x", "3204011708900001"}}, "Budi Santoso"},
		{store.MemberSearch{Keys: []string{"02.00001"}, Branches: []string{"pusat"}}, ""},
		{store.MemberSearch{Keys: []string{"6281200000009", "REG-000009"}}, ""}, // an applicant is the applications queue's
	} {
		if got := names(c.search); got != c.want {
			t.Errorf("%+v: %q, want %q", c.search, got, c.want)
		}
	}
	// A number is looked up through an index, whatever the member's status.
	raw := storetest.Raw(t, db)
	for _, q := range []string{`SELECT id FROM members WHERE phone = '6281200000002'`, `SELECT id FROM members WHERE nik = '1'`, `SELECT id FROM members WHERE member_no = '1'`} {
		var id, parent, notused int
		var detail string
		if err := raw.QueryRow(`EXPLAIN QUERY PLAN `+q).Scan(&id, &parent, &notused, &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, "INDEX") {
			t.Errorf("%s: %s", q, detail)
		}
	}
}
