package flows

import "testing"

// One PIN check as kopbot does it now: HMAC-SHA256 under the PIN key.
func BenchmarkPINCheck(b *testing.B) {
	keys := FixedPINKeys()
	hash, err := keys.Hash(DemoPIN)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !keys.Matches(hash, DemoPIN) {
			b.Fatal("the PIN does not match its own hash")
		}
	}
}

// One check of an argon2id hash of before keyed PINs (19 MiB, 2 passes): what every PIN
// cost before, and now costs once per member, at the check that upgrades it.
func BenchmarkPINCheckArgon2id(b *testing.B) {
	hash := argonHash(DemoPIN, 2, 19*1024)
	keys := FixedPINKeys()
	b.ReportAllocs()
	for b.Loop() {
		if !keys.Matches(hash, DemoPIN) {
			b.Fatal("the PIN does not match its own hash")
		}
	}
}
