package store

import (
	"errors"
	"strings"
	"testing"
)

func TestRefRoundTrip(t *testing.T) {
	want := map[RefKind]string{RefRegistration: "REG-000064", RefLoanApplication: "PJ-000064", RefDeposit: "SET-000064",
		RefWithdrawal: "TRK-000064", RefKTP: "KTP-000064", RefInvoice: "QR-000064", RefJournal: "TRX-000064", RefApproval: "APV-000064"}
	if len(want) != len(RefKinds()) {
		t.Fatalf("test covers %d kinds, there are %d", len(want), len(RefKinds()))
	}
	for _, k := range RefKinds() {
		for _, n := range []int64{1, 64, 999999, 1234567, 999999999999999999} {
			r := NewRef(k, n)
			got, err := ParseRef(r.String())
			if err != nil || got != r {
				t.Errorf("ParseRef(%q) = %v, %v; want %v", r.String(), got, err, r)
			}
			if got, err := k.Parse(r.String()); err != nil || got != r {
				t.Errorf("%v.Parse(%q) = %v, %v; want %v", k, r.String(), got, err, r)
			}
		}
		if got := NewRef(k, 64).String(); got != want[k] {
			t.Errorf("%v prints %q, want %q", k, got, want[k])
		}
	}
}

func TestRefParseAsTyped(t *testing.T) {
	for _, s := range []string{"SET-000001", "set-1", "SET000001", "SET 1", " Set - 01 ", "set-000000001"} {
		if r, err := ParseRef(s); err != nil || r != NewRef(RefDeposit, 1) {
			t.Errorf("ParseRef(%q) = %v, %v; want SET-000001", s, r, err)
		}
	}
	// A command that asks for one kind takes the bare number too.
	for _, s := range []string{"1", " 1 ", "000001", "trk-1", "TRK-000001"} {
		if id, err := RefWithdrawal.ParseID(s); err != nil || id != 1 {
			t.Errorf("RefWithdrawal.ParseID(%q) = %d, %v; want 1", s, id, err)
		}
	}
	if _, err := ParseRef("1"); err == nil {
		t.Error("ParseRef read a bare number without knowing its kind")
	}
}

func TestRefOldSpellings(t *testing.T) {
	// Transfer receipts printed TRF-; members still have them.
	for _, s := range []string{"TRF-000064", "trf-64", "TRF000064"} {
		r, err := ParseRef(s)
		if err != nil || r != JournalRef(64) {
			t.Errorf("ParseRef(%q) = %v, %v; want TRX-000064", s, r, err)
		}
		if r, err := RefJournal.Parse(s); err != nil || r.String() != "TRX-000064" {
			t.Errorf("RefJournal.Parse(%q) = %v, %v; want TRX-000064", s, r, err)
		}
	}
}

func TestRefRefused(t *testing.T) {
	for _, s := range []string{"", "   ", "-", "TRX-", "TRX-abc", "TRX-12a", "TRX-0", "TRX-000000", "TRX--1", "TRX-+1", "TRX-1.5",
		"ABC-000001", "X-1", "REG_000001", "SETORAN:5", "trf:3A0001", "TRX-9999999999999999999", "TRX-1 2", "QR-Ⅳ", "0", "-1"} {
		r, err := ParseRef(s)
		if err == nil {
			t.Errorf("ParseRef(%q) = %v, want a refusal", s, r)
			continue
		}
		if !errors.Is(err, ErrBadRef) || !strings.Contains(err.Error(), "is not a reference (they look like REG-000001") {
			t.Errorf("ParseRef(%q) error %q, want one saying what references look like", s, err)
		}
	}
	// A number of another kind is not one of this kind, even though it reads.
	_, err := RefLoanApplication.Parse("REG-000001")
	if want := `"REG-000001" is not a loan application number (they look like PJ-000001)`; err == nil || err.Error() != want {
		t.Errorf("RefLoanApplication.Parse(REG-000001) error %v, want %q", err, want)
	}
	for _, s := range []string{"", "0", "-1", "abc", "TRX-1", "TRK-000001", "SET-", "SET-0", "SET-x"} {
		if _, err := RefDeposit.Parse(s); !errors.Is(err, ErrBadRef) {
			t.Errorf("RefDeposit.Parse(%q) error %v, want ErrBadRef", s, err)
		}
	}
}

// No prefix may begin another, or a number of one kind could read as another's.
func TestRefPrefixesDisjoint(t *testing.T) {
	var all []string
	for _, k := range RefKinds() {
		all = append(all, refKinds[k].prefix)
		all = append(all, refKinds[k].old...)
	}
	for i, a := range all {
		for j, b := range all {
			if i != j && strings.HasPrefix(a, b) {
				t.Errorf("prefix %q begins with %q", a, b)
			}
		}
	}
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"SET-000001", "trf-64", "TRX-", "QR 12", "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRef(s)
		if err != nil {
			return
		}
		if r.N < 1 {
			t.Fatalf("ParseRef(%q) = %v", s, r)
		}
		if again, err := ParseRef(r.String()); err != nil || again != r {
			t.Fatalf("ParseRef(%q) = %v; its print %q reads as %v, %v", s, r, r.String(), again, err)
		}
	})
}
