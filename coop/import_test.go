package coop_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

var (
	importZone  = time.FixedZone("WIB", 7*60*60)
	importToday = time.Date(2026, 11, 20, 0, 0, 0, 0, importZone)
)

// importDB is a database with the demo branch and products and three people already in
// it: Budi Santoso (active, 01.00001), Lama (closed, 01.00002) and Ditolak (an application
// turned down).
func importDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncDemoSetup(ctx); err != nil {
			return err
		}
		for _, m := range []store.Member{
			{No: "01.00001", NIK: "3204011708900001", Name: "Budi Santoso", Phone: "6281200000001", Status: store.MemberActive},
			{No: "01.00002", NIK: "3273011204790001", Name: "Lama", Phone: "6281311110001", Status: store.MemberClosed},
			{RegNo: "REG-000001", NIK: "3273014503850002", Name: "Ditolak", Phone: "6281311110002", Status: store.MemberRejected},
		} {
			m.Branch = "pusat"
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// checkImport runs the validator on body for the demo branch.
func checkImport(t *testing.T, db *store.DB, body string) ([]store.ImportRow, error) {
	t.Helper()
	var rows []store.ImportRow
	var checkErr error
	err := db.View(context.Background(), func(tx *store.Tx) error {
		rows, checkErr = coop.CheckImport(context.Background(), tx, coop.ImportFile{CSV: []byte(body), Branch: "pusat", Today: importToday})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rows, checkErr
}

// importProblems are the lines of an *ImportError, or fails the test.
func importProblems(t *testing.T, err error) []string {
	t.Helper()
	var ie *coop.ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("want an *ImportError, got %v", err)
	}
	var out []string
	for _, p := range ie.Problems {
		out = append(out, p.Error())
	}
	return out
}

func wantProblems(t *testing.T, err error, want ...string) {
	t.Helper()
	got := importProblems(t, err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A file as a cooperative's spreadsheet, set to Indonesian, saves it: a byte-order mark,
// ';' and CRLF, columns in its own order and case, numbers typed as text behind an
// apostrophe, local phone numbers written every which way, day-first dates, blank lines,
// and amounts as the treasurer writes them.
func TestCheckImportReadsASpreadsheetsRows(t *testing.T) {
	db := importDB(t)
	body := "\ufeffNo Anggota;Nama;NIK;HP\r\n"
	_, err := checkImport(t, db, body)
	if err == nil || !strings.Contains(err.Error(), `line 1, column 1: "No Anggota" is not a column kopbot knows`) {
		t.Fatalf("an Indonesian header: %v", err)
	}

	body = "\ufeffMember_No;Name;NIK;Phone;Birth_Date;Gender;Joined_At;Ceiling;sp;SW;TAB\r\n" +
		"01.00101;  Ahmad   Hidayat ;'3273011204790003;'081311110001;12/04/1979;Laki-laki;05/01/2015;1,5jt;Rp100.000;3.600.000;\r\n" +
		"\r\n" +
		";;;;;;;;;;\r\n" +
		"01.00102;Nur Aisyah;3273 0145 0385 0004;0813-1111-0002;5 Maret 1985;perempuan;01-07-2016;;100000;0;-\r\n" +
		"01.00103;Joko Susilo;3273.0120.1088.0005;+62 813 1111 0003;;;;;;;500rb\r\n"
	rows, err := checkImport(t, db, body)
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(rows))
	for i, r := range rows {
		m := r.Member
		got[i] = fmt.Sprintf("%d %s %q %s %s %s %s %s %d %v", r.Line, m.No, m.Name, m.NIK, m.Phone, m.BirthDate.Format(time.DateOnly), m.Gender,
			m.JoinedAt.Format(time.DateOnly), m.Ceiling, r.Openings)
	}
	want := []string{
		`2 01.00101 "Ahmad Hidayat" 3273011204790003 6281311110001 1979-04-12 L 2015-01-05 1500000 [{SP 100000} {SW 3600000}]`,
		`5 01.00102 "Nur Aisyah" 3273014503850004 6281311110002 1985-03-05 P 2016-07-01 0 [{SP 100000} {SW 0} {TAB 0}]`,
		`6 01.00103 "Joko Susilo" 3273012010880005 6281311110003 0001-01-01  2026-11-20 0 [{TAB 500000}]`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range rows {
		if r.Member.Branch != "pusat" || r.Member.Status != store.MemberActive {
			t.Errorf("line %d: branch %q, status %q", r.Line, r.Member.Branch, r.Member.Status)
		}
	}
}

// A member number, NIK or phone is one person's: given twice in the file, however it is
// written, or already someone's in the database, it is refused. Someone who left or was
// turned down may come back with their NIK and phone, but a member number stays its member's.
func TestCheckImportRefusesDuplicates(t *testing.T) {
	db := importDB(t)
	body := "member_no,name,nik,phone\n" +
		"02.00001,Ani,'3273010101800001,081311112001\n" +
		"02.00002,Badu,3273 0101 0180 0001,+62 813-1111-2001\n" + // line 2's NIK and phone, written otherwise
		"02.00001,Cici,3273010101800003,081311112003\n" + // line 2's member number
		"01.00001,Dodi,3204011708900001,0812-0000-0001\n" + // Budi Santoso's number, NIK and phone
		"01.00002,Lama,3273011204790001,081311110001\n" + // the closed member's NIK and phone come back; the number does not
		"02.00006,Ditolak,3273014503850002,081311110002\n" // the rejected applicant's NIK and phone are free
	_, err := checkImport(t, db, body)
	wantProblems(t, err,
		`line 3, nik: 3273********0001 is also on line 2; remove one of the two lines, or correct one of them`,
		`line 3, phone: 6281311112001 is also on line 2; remove one of the two lines, or correct one of them`,
		`line 4, member_no: "02.00001" is also on line 2; remove one of the two lines, or correct one of them`,
		`line 5, member_no: "01.00001" is already taken by member 01.00001 Budi Santoso (active); give this member another number`,
		`line 5, nik: 3204********0001 already belongs to member 01.00001 Budi Santoso (active); check it against the KTP: a member already in kopbot is not imported again`,
		`line 5, phone: 6281200000001 already belongs to member 01.00001 Budi Santoso (active); write this member's own WhatsApp number`,
		`line 6, member_no: "01.00002" is already taken by member 01.00002 Lama (closed); give this member another number`)
	if strings.Contains(err.Error(), "3273010101800001") || strings.Contains(err.Error(), "3204011708900001") {
		t.Errorf("problems show a full NIK:\n%v", err)
	}
}

// Every problem of every row is listed, by line and field, in the file's order.
func TestCheckImportListsEveryFieldProblem(t *testing.T) {
	db := importDB(t)
	body := "member_no,name,nik,birth_date,gender,phone,joined_at,ceiling,SP,SW\n" +
		"02 00001,,9904011708900001,31/02/1980,X,0812,01/01/2099,banyak,1.5,-20000\n" +
		"02.00002,Badu,3.27301E+15,12/25/1990,L,6.28131E+12,,,,\n" +
		"02.00003,Cici,3204010000900003,,,08131111200a,,,,\n" +
		"02.00004,Dodi,3204,,,081311112004,,,,\n" +
		"02.00005,Euis,3204015708900005,,,081311112005,,,,,\n" + // a field too many
		"02.00006,Fani,3204011708900000,,,081311112006,,,,\n"
	_, err := checkImport(t, db, body)
	wantProblems(t, err,
		`line 2, member_no: "02 00001" is not a member number (at most 32 characters, no spaces)`,
		`line 2, name: is empty; write the member's name as on their KTP`,
		`line 2, nik: "9904********0001" is not a NIK: province code 99 is not one of the 38 Kemendagri provinces; the first two digits must be a code such as 32 (Jawa Barat) or 31 (DKI Jakarta); copy it again from the KTP`,
		`line 2, phone: "0812" is not a phone number (too short: 5 digits with country code, want at least 10); write it like 0812-3456-7890`,
		`line 2, birth_date: "31/02/1980" is not a date (February 1980 has only 29 days); write it like 1990-08-17 or 17-08-1990`,
		`line 2, gender: "X" is not L or P; write L (laki-laki) or P (perempuan), or leave it empty`,
		`line 2, joined_at: 01/01/2099 is in the future; write the day it was`,
		`line 2, ceiling: "banyak" is not an amount of rupiah (not a number); write it like 1500000 or 1.500.000`,
		`line 2, SP: "1.5" is not an amount of rupiah (has a decimal part; write whole rupiah, or add a unit like 1,5jt); write it like 1500000 or 1.500.000, or 0 to open the account empty`,
		`line 2, SW: "-20000" is not an amount of rupiah (negative); write it like 1500000 or 1.500.000, or 0 to open the account empty`,
		`line 3, nik: "3.27301E+15" was turned into a number by a spreadsheet; format the nik column as text and export again`,
		`line 3, phone: "6.28131E+12" was turned into a number by a spreadsheet; format the phone column as text and export again`,
		`line 3, birth_date: "12/25/1990" is not a date (month "25" is not 1 to 12); write it like 1990-08-17 or 17-08-1990`,
		`line 4, nik: "3204********0003" is not a NIK: birth day 00 is out of range; digits 7-8 must be 01-31 for men or 41-71 for women, e.g. 17 or 57; copy it again from the KTP`,
		`line 4, phone: "08131111200a" is not a phone number (contains letters); write it like 0812-3456-7890`,
		`line 5, nik: "3204" is not 16 digits; copy the 16 digits from the KTP`,
		`line 6: has 11 fields but the header has 10; put a value holding the separator in quotes, like "Jl. Sukajadi No. 12, Bandung"`,
		`line 7, nik: "3204********0000" is not a NIK: serial 0000 is not issued; the last four digits must be 0001-9999, e.g. 0001; copy it again from the KTP`)
}

func TestCheckImportRefusesTheFileAsAWhole(t *testing.T) {
	db := importDB(t)
	for _, c := range []struct{ name, body, want string }{
		{"empty", "", "the file is empty"},
		{"not UTF-8", "member_no,name,nik,phone\n01,Ani\xff,3273010101800001,081311112001\n", "the file is not UTF-8 text"},
		{"header only", "member_no,name,nik,phone\r\n\r\n", "the file has a header but no members"},
		{"missing column", "member_no,name,phone\n", "line 1: the header has no nik column (required: member_no, name, nik, phone)"},
		{"deposit column", "member_no,name,nik,phone,DEP\n", "line 1, column 5: DEP is Deposito Berjangka, a deposito product; only savings products can be imported (SP, SW, SS, TAB)"},
		{"column twice", "member_no,name,nik,phone,Phone\n", "line 1, column 5: Phone is also column 4"},
	} {
		_, err := checkImport(t, db, c.body)
		var ie *coop.ImportError
		if err == nil || errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
	// A broken quote: the rows before it are still checked.
	_, err := checkImport(t, db, "member_no,name,nik,phone\n01.00001,Ani,3273010101800001,081311112001\n02,\"Badu,3273010101800002,081311112002\n")
	wantProblems(t, err,
		`line 2, member_no: "01.00001" is already taken by member 01.00001 Budi Santoso (active); give this member another number`,
		`line 3: extraneous or missing " in quoted-field (the rest of the file was not read)`)
}

// ImportMembers imports a good file and writes nothing of a file with one bad row.
func TestImportMembersAllOrNothing(t *testing.T) {
	db := importDB(t)
	ctx := context.Background()
	good := "member_no,name,nik,phone,SP,SW\n" +
		"02.00001,Ani,3273010101800001,081311112001,100000,500000\n" +
		"02.00002,Badu,3273010101800002,081311112002,100000,\n"
	bad := good + "02.00003,Cici,3204,081311112003,100000,\n"
	var res coop.Import
	importFile := func(body string) error {
		return db.Update(ctx, func(tx *store.Tx) (err error) {
			res, err = coop.ImportMembers(ctx, tx, coop.ImportFile{CSV: []byte(body), Branch: "pusat", Today: importToday}, importToday)
			return err
		})
	}
	wantProblems(t, importFile(bad), `line 4, nik: "3204" is not 16 digits; copy the 16 digits from the KTP`)
	if n := importMemberCount(t, db); n != 3 {
		t.Errorf("%d members after a refused import, want the 3 there were", n)
	}
	if err := importFile(good); err != nil {
		t.Fatal(err)
	}
	if res.Members != 2 || res.Accounts != 3 || res.Total() != 700_000 {
		t.Errorf("imported %+v", res)
	}
	if n := importMemberCount(t, db); n != 5 {
		t.Errorf("%d members after the import, want 5", n)
	}
}

func importMemberCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	err := db.View(context.Background(), func(tx *store.Tx) error {
		all, err := tx.MembersByStatus(context.Background(), "", -1)
		n = len(all)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportErrorListsAtMost50(t *testing.T) {
	e := &coop.ImportError{}
	for i := 0; i < 53; i++ {
		e.Problems = append(e.Problems, coop.RowProblem{Line: i + 2, Field: "nik", Problem: "is empty"})
	}
	msg := e.Error()
	lines := strings.Split(msg, "\n")
	if len(lines) != 52 || lines[0] != "53 problems; nothing was imported" || lines[50] != "line 51, nik: is empty" || lines[51] != "... and 3 more" {
		t.Errorf("error text (%d lines):\n%s", len(lines), msg)
	}
	one := &coop.ImportError{Problems: []coop.RowProblem{{Line: 9, Problem: "has 3 fields but the header has 4"}}}
	if one.Error() != "1 problem; nothing was imported\nline 9: has 3 fields but the header has 4" {
		t.Errorf("one problem: %q", one.Error())
	}
}

// wajib_paid_through takes the last month of simpanan wajib paid, in any common form, or
// exempt; a month before the one before joining, too far ahead, or for a member without a
// wajib account is refused, saying what to write.
func TestCheckImportWajibPaidThrough(t *testing.T) {
	db := importDB(t)
	body := "member_no,name,nik,phone,joined_at,wajib_paid_through,SW\n" +
		"02.00001,Ani,3273010101800001,081311112001,2015-01-05,2026-11,3.600.000\n" +
		"02.00002,Badu,3273010101800002,081311112002,2015-01-05,Nov 2026,0\n" +
		"02.00003,Cici,3273010101800003,081311112003,2015-01-05,Bebas,\n" +
		"02.00004,Dodi,3273010101800004,081311112004,2015-01-05,,100000\n" +
		"02.00005,Eka,3273010101800005,081311112005,2015-01-05,12-2014,0\n"
	rows, err := checkImport(t, db, body)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprintf("%s %s %v", r.Member.No, r.Wajib.PaidThrough.Format("2006-01"), r.Wajib.Exempt))
	}
	want := "02.00001 2026-11 false|02.00002 2026-11 false|02.00003 0001-01 true|02.00004 0001-01 false|02.00005 2014-12 false"
	if strings.Join(got, "|") != want {
		t.Errorf("terms:\n%s\nwant:\n%s", strings.Join(got, "|"), want)
	}

	bad := "member_no,name,nik,phone,joined_at,wajib_paid_through,SW\n" +
		"02.00001,Ani,3273010101800001,081311112001,2015-01-05,2014-11,0\n" +
		"02.00002,Badu,3273010101800002,081311112002,2015-01-05,2029-01,0\n" +
		"02.00003,Cici,3273010101800003,081311112003,2015-01-05,sudah,0\n" +
		"02.00004,Dodi,3273010101800004,081311112004,2015-01-05,2026-11,\n"
	_, err = checkImport(t, db, bad)
	wantProblems(t, err,
		`line 2, wajib_paid_through: 2014-11 is before the member joined (2015-01-05); write 2014-12 if nothing was paid since joining`,
		`line 3, wajib_paid_through: 2029-01 is more than 24 months ahead; write the last month actually paid, like 2026-11`,
		`line 4, wajib_paid_through: "sudah" is not a month (want month and year, like 11-2026 or nov 2026); write the last month paid, like 2026-11 or 11-2026, or exempt`,
		`line 5, wajib_paid_through: is 2026-11 but the SW column is empty; write the Simpanan Wajib balance there (0 if none), so the member has the account`)
}
