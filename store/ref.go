package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// RefKind is what a document number refers to; its prefix is how people tell them apart.
type RefKind uint8

// The kinds of document numbers kopbot shows to members and staff.
const (
	RefRegistration    RefKind = iota + 1 // REG-000001, a membership application
	RefLoanApplication                    // PJ-000001
	RefDeposit                            // SET-000001, a deposit reported by transfer
	RefWithdrawal                         // TRK-000001, a withdrawal request
	RefKTP                                // KTP-000001, a KTP verification
	RefInvoice                            // QR-000001, a QRIS invoice
	RefJournal                            // TRX-000001, a journal transaction (receipts quote it)
	RefApproval                           // APV-000001, an operation waiting for a second staff member
)

var refKinds = [...]struct {
	prefix string
	what   string   // as in "… is not a deposit number"
	old    []string // spellings printed before, still read so numbers members have keep working
}{
	RefRegistration:    {"REG", "registration", nil},
	RefLoanApplication: {"PJ", "loan application", nil},
	RefDeposit:         {"SET", "deposit", nil},
	RefWithdrawal:      {"TRK", "withdrawal", nil},
	RefKTP:             {"KTP", "KTP verification", nil},
	RefInvoice:         {"QR", "QRIS invoice", nil},
	RefJournal:         {"TRX", "transaction", []string{"TRF"}}, // transfer receipts printed TRF-
	RefApproval:        {"APV", "approval", nil},
}

// RefKinds lists every kind, in order.
func RefKinds() []RefKind { return kindsOf[RefKind](len(refKinds)) }

func (k RefKind) valid() bool { return kindIn(k, len(refKinds)) }

// Prefix is the letters a number of this kind is printed with: SET for SET-000001.
func (k RefKind) Prefix() string {
	if !k.valid() {
		return fmt.Sprintf("RefKind(%d)", k)
	}
	return refKinds[k].prefix
}

// String names the kind in an error message: "deposit", "loan application".
func (k RefKind) String() string {
	if !k.valid() {
		return fmt.Sprintf("RefKind(%d)", k)
	}
	return refKinds[k].what
}

// Ref is a document number as people see it, SET-000001: a kind and the row's ID.
type Ref struct {
	Kind RefKind
	N    int64
}

// NewRef is the number of row n of kind k.
func NewRef(k RefKind, n int64) Ref { return Ref{Kind: k, N: n} }

// JournalRef is the reference receipts quote for journal transaction id.
func JournalRef(id int64) Ref { return Ref{Kind: RefJournal, N: id} }

// String prints the number: the kind's prefix, a dash, at least six digits.
func (r Ref) String() string { return fmt.Sprintf("%s-%06d", r.Kind.Prefix(), r.N) }

// ErrBadRef is wrapped by every refusal to read a reference.
var ErrBadRef = errors.New("not a reference")

// RefError says what could not be read as a reference, and what one looks like.
type RefError struct {
	Text string
	Kind RefKind // zero when any kind was expected
}

func (e *RefError) Error() string {
	if e.Kind == 0 {
		return fmt.Sprintf("%q is not a reference (they look like REG-000001, PJ-000001, SET-000001, TRK-000001, KTP-000001, QR-000001 or TRX-000001)", e.Text)
	}
	return fmt.Sprintf("%q is not a %s number (they look like %s)", e.Text, e.Kind, Ref{Kind: e.Kind, N: 1})
}

// Is makes errors.Is(err, ErrBadRef) hold.
func (e *RefError) Is(target error) bool { return target == ErrBadRef }

// ParseRef reads a reference of any kind as people type it: SET-000001, set-1, SET 1,
// SET000001. The prefix is required; an old spelling (TRF-000064) reads as today's kind.
func ParseRef(s string) (Ref, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	for _, k := range RefKinds() {
		if n, ok := k.cut(t); ok {
			return Ref{Kind: k, N: n}, nil
		}
	}
	return Ref{}, &RefError{Text: s}
}

// Parse reads a number of kind k: with its prefix as ParseRef reads it, or the bare
// number (1, 000001), since a command or a menu that asks for a deposit knows the kind.
func (k RefKind) Parse(s string) (Ref, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if n, ok := k.cut(t); ok {
		return Ref{Kind: k, N: n}, nil
	}
	if n, ok := refDigits(t); ok && k.valid() {
		return Ref{Kind: k, N: n}, nil
	}
	return Ref{}, &RefError{Text: s, Kind: k}
}

// ParseID is Parse for callers that want the row's ID.
func (k RefKind) ParseID(s string) (int64, error) {
	r, err := k.Parse(s)
	return r.N, err
}

// cut reads t (upper case, trimmed) as prefix, an optional dash, and digits.
func (k RefKind) cut(t string) (int64, bool) {
	if !k.valid() {
		return 0, false
	}
	for _, p := range append([]string{refKinds[k].prefix}, refKinds[k].old...) {
		rest, ok := strings.CutPrefix(t, p)
		if !ok {
			continue
		}
		rest = strings.TrimSpace(rest)
		rest = strings.TrimSpace(strings.TrimPrefix(rest, "-"))
		return refDigits(rest)
	}
	return 0, false
}

// refDigits reads 1 to 18 decimal digits as a positive number.
func refDigits(t string) (int64, bool) {
	if t == "" || len(t) > 18 || strings.ContainsFunc(t, func(c rune) bool { return c < '0' || c > '9' }) {
		return 0, false
	}
	n, err := strconv.ParseInt(t, 10, 64)
	return n, err == nil && n > 0
}
