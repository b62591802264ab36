package store

import (
	"strings"
	"testing"
)

// Every key begins with its kind's prefix; if no prefix begins another, no key of one kind
// can equal a key of another, whatever the parts.
func TestKeyKindsDisjoint(t *testing.T) {
	for _, a := range KeyKinds() {
		if p := a.Prefix(); p == "" || !strings.HasSuffix(p, keyKinds[a].sep) {
			t.Errorf("kind %d: prefix %q does not end with its separator %q", a, p, keyKinds[a].sep)
		}
		for _, b := range KeyKinds() {
			if a != b && strings.HasPrefix(a.Prefix(), b.Prefix()) {
				t.Errorf("prefix %q begins with %q: keys of the two kinds could be equal", a.Prefix(), b.Prefix())
			}
		}
	}
	// Parts that themselves look like another kind's key stay in their own kind.
	parts := [][]string{{}, {""}, {"pusat", "3A0001"}, {"transfer:pusat:3A0001"}, {"wa", "x"}, {"teller-deposit-ab"}}
	for _, k := range KeyKinds() {
		for _, p := range parts {
			key := k.Key(p...)
			if got, ok := KindOfKey(key); !ok || got != k {
				t.Errorf("KindOfKey(%q) = %d, %v; want %d", key, got, ok, k)
			}
		}
	}
}

// The spellings are in the journal: a changed one would let a retried request post twice.
func TestKeySpellings(t *testing.T) {
	for got, want := range map[string]string{
		KeyTransfer.Key("pusat", "3A01"):    "transfer:pusat:3A01",
		KeyWajib.Key("pusat", "3A01"):       "wajib:pusat:3A01",
		KeyInstallment.Key("pusat", "3A01"): "angsuran:pusat:3A01",
		KeyAdminMenu.Key("pusat", "3A01"):   "wa:pusat:3A01",
		KeyDeposit.KeyID(7):                 "setoran:7",
		KeyWithdrawal.KeyID(7):              "penarikan:7",
		KeyQRIS.Key("TX-1"):                 "qris:TX-1",
		KeyReversal.Key("setoran:7"):        "reversal:setoran:7",
		KeyImport.Key("01.00001", "TAB"):    "import:01.00001:TAB",
		KeyTeller.Key("deposit", "a1b2c3"):  "teller-deposit-a1b2c3",
		KeyDemo.Key("01.00001", "3"):        "demo:01.00001:3",
		KeyBench.KeyID(12):                  "bench-loan:12",
	} {
		if got != want {
			t.Errorf("key %q, want %q", got, want)
		}
	}
	if k, ok := KindOfKey("P2"); ok {
		t.Errorf("a staff member's own key P2 reads as kind %d", k)
	}
}
