package store

import (
	"fmt"
	"strings"
)

// KeyKind is what a journal movement's idempotency key stands for. Every key of a kind
// begins with the kind's prefix, and no prefix begins another, so keys of two kinds never
// meet: a transfer's message ID cannot replay a deposit's decision.
type KeyKind uint8

// The kinds of idempotency keys kopbot makes. Their spelling is stored in the journal and
// must never change, or a request retried across an upgrade would move money twice.
const (
	KeyTransfer    KeyKind = iota + 1 // transfer:<branch>:<WhatsApp message ID>
	KeyWajib                          // wajib:<branch>:<message ID>, simpanan wajib paid from savings
	KeyInstallment                    // angsuran:<branch>:<message ID>, a member paying an installment
	KeyAdminMenu                      // wa:<branch>:<message ID>, a teller operation in the admin menu
	KeyDeposit                        // setoran:<deposit request ID>, a reported deposit verified
	KeyWithdrawal                     // penarikan:<withdrawal request ID>, a withdrawal paid
	KeyQRIS                           // qris:<the gateway's transaction ID>
	KeyReversal                       // reversal:<the original's key>
	KeyImport                         // import:<member number>:<product code>, opening balances
	KeyTeller                         // teller-<command>-<random hex>, kopbot teller without -key
	KeyDemo                           // demo:<member number>:<sequence>, the demo data
	KeyBench                          // bench-loan:<member ID>, kopbot bench
	KeyLoanFees                       // biaya-pencairan:<the disbursement's key>, fees charged to savings after it
	KeyPayoff                         // pelunasan:<branch>:<message ID>, a member repaying a loan early
	KeyPlacement                      // deposito:<branch>:<message ID>, a time deposit placed on WhatsApp
	KeyBooksOpen                      // books-open:<branch>, the branch's opening balances, recorded once
	KeyImportLoan                     // import-loan:<member number>:<disbursed date>:<principal>, a running loan brought in
	KeyApproval                       // approval:<approval ID>, an operation a second staff member approved (four eyes)
)

var keyKinds = [...]struct {
	prefix, sep string // the prefix ends with its separator; sep joins the parts after it
}{
	KeyTransfer:    {"transfer:", ":"},
	KeyWajib:       {"wajib:", ":"},
	KeyInstallment: {"angsuran:", ":"},
	KeyAdminMenu:   {"wa:", ":"},
	KeyDeposit:     {"setoran:", ":"},
	KeyWithdrawal:  {"penarikan:", ":"},
	KeyQRIS:        {"qris:", ":"},
	KeyReversal:    {"reversal:", ":"},
	KeyImport:      {"import:", ":"},
	KeyTeller:      {"teller-", "-"},
	KeyDemo:        {"demo:", ":"},
	KeyBench:       {"bench-loan:", ":"},
	KeyLoanFees:    {"biaya-pencairan:", ":"},
	KeyPayoff:      {"pelunasan:", ":"},
	KeyPlacement:   {"deposito:", ":"},
	KeyBooksOpen:   {"books-open:", ":"},
	KeyImportLoan:  {"import-loan:", ":"},
	KeyApproval:    {"approval:", ":"},
}

// KeyKinds lists every kind, in order.
func KeyKinds() []KeyKind { return kindsOf[KeyKind](len(keyKinds)) }

func (k KeyKind) valid() bool { return kindIn(k, len(keyKinds)) }

// kindsOf lists the kinds of an enumeration numbered from 1 whose table, indexed by kind,
// has n entries (the first unused): KeyKind, RefKind.
func kindsOf[K ~uint8](n int) []K {
	ks := make([]K, 0, n-1)
	for k := 1; k < n; k++ {
		ks = append(ks, K(k))
	}
	return ks
}

// kindIn reports whether k is a kind of such an enumeration.
func kindIn[K ~uint8](k K, n int) bool { return k >= 1 && int(k) < n }

// Prefix is how every key of the kind begins, separator included: "transfer:".
func (k KeyKind) Prefix() string {
	if !k.valid() {
		panic(fmt.Sprintf("store: KeyKind(%d) is not a kind of key", k))
	}
	return keyKinds[k].prefix
}

// Key makes the idempotency key of kind k from its parts, in the order the kind's comment
// gives them: KeyTransfer.Key("pusat", msgID) is "transfer:pusat:" + msgID.
func (k KeyKind) Key(parts ...string) string {
	return k.Prefix() + strings.Join(parts, keyKinds[k].sep)
}

// KeyID is the key of kind k for a row's ID: KeyDeposit.KeyID(7) is "setoran:7".
func (k KeyKind) KeyID(id int64) string { return k.Key(fmt.Sprint(id)) }

// KindOfKey tells which kind made key, if kopbot made it (staff may give keys of their own).
func KindOfKey(key string) (KeyKind, bool) {
	for _, k := range KeyKinds() {
		if strings.HasPrefix(key, keyKinds[k].prefix) {
			return k, true
		}
	}
	return 0, false
}
