package flows

import "testing"

// One PIN check with the real argon2id parameters (19 MiB, 2 passes): what every PIN a
// member types costs, and so how many PINs a second a server's CPUs can check.
func BenchmarkPINCheck(b *testing.B) {
	hash, err := newPINHash(DemoPIN)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if !pinMatchesNow(hash, DemoPIN) {
			b.Fatal("the PIN does not match its own hash")
		}
	}
}
