package coop

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/kopbot/kopbot/store"
)

// AuditAction is what an audit log line records.
type AuditAction string

// The actions the audit log records: every staff decision, every view of a full NIK, and
// changes to staff accounts.
const (
	AuditApplicationApprove AuditAction = "application.approve"
	AuditApplicationReject  AuditAction = "application.reject"
	AuditPINReset           AuditAction = "member.pin_reset"
	AuditLoanApprove        AuditAction = "loan_application.approve"
	AuditLoanReject         AuditAction = "loan_application.reject"
	AuditKTPApprove         AuditAction = "ktp.approve"
	AuditKTPReject          AuditAction = "ktp.reject"
	AuditTeller             AuditAction = "teller." // + the operation: teller.cash_deposit...
	AuditMember             AuditAction = "member." // + the change: member.phone, member.suspend...
	AuditHandoverRelease    AuditAction = "handover.release"
	AuditNIKView            AuditAction = "nik.view"
	AuditApprovalRequest    AuditAction = "approval.request"
	AuditApprovalApprove    AuditAction = "approval.approve"
	AuditApprovalReject     AuditAction = "approval.reject"
	AuditStaffAdd           AuditAction = "staff.add"
	AuditStaffDisable       AuditAction = "staff.disable"
	AuditStaffPassword      AuditAction = "staff.reset_password"
	AuditStaffPINReset      AuditAction = "staff.reset_pin"
	AuditOutboxRetry        AuditAction = "outbox.retry"  // a message that failed for good, queued again
	AuditOutboxCancel       AuditAction = "outbox.cancel" // a message that failed for good, given up
	AuditJobRun             AuditAction = "job.run"       // a scheduled job run by hand (not a dry run)
)

// Via is where a decision came from: the web (and the client's address), WhatsApp (the
// number), the CLI.
type Via struct {
	Channel string // web, whatsapp, cli
	Origin  string
}

type viaKey struct{}

// WithVia marks ctx as carrying requests from v, for the audit log.
func WithVia(ctx context.Context, v Via) context.Context { return context.WithValue(ctx, viaKey{}, v) }

// viaOf is where ctx's request came from; without a mark, it is read from the actor.
func viaOf(ctx context.Context, by Actor) Via {
	if v, ok := ctx.Value(viaKey{}).(Via); ok {
		return v
	}
	switch a := string(by); {
	case strings.HasPrefix(a, "wa:"):
		return Via{Channel: "whatsapp", Origin: strings.TrimPrefix(a, "wa:")}
	case a == "web" || strings.HasPrefix(a, "web:"):
		return Via{Channel: "web"}
	}
	return Via{Channel: "cli"}
}

// Resolve names by as the staff account it is, when it is one: a WhatsApp number that is
// an active staff account's phone, or a CLI -by that is a username. Anyone else stays as
// they are (config admins' phones, "cli", a free-text -by).
func Resolve(ctx context.Context, tx *store.Tx, by Actor) (Actor, error) {
	a := string(by)
	var s store.StaffAccount
	var err error
	switch {
	case strings.HasPrefix(a, "wa:"):
		s, err = tx.StaffByPhone(ctx, strings.TrimPrefix(a, "wa:"))
	case a == "" || strings.Contains(a, ":") || by == CLI || by == Kopbot || by == "web":
		return by, nil
	default:
		s, err = tx.Staff(ctx, strings.ToLower(a))
	}
	if errors.Is(err, store.ErrNotFound) || err == nil && s.Disabled {
		return by, nil
	} else if err != nil {
		return by, err
	}
	return StaffAccount(s.Username), nil
}

// Audit records that by did action on subject (a member number, REG-, PJ-, a masked
// account), in branch, from where ctx says.
func Audit(ctx context.Context, tx *store.Tx, by Actor, action AuditAction, subject, branch, detail string) error {
	return audit(ctx, tx, by, viaOf(ctx, by), action, subject, branch, detail)
}

func audit(ctx context.Context, tx *store.Tx, by Actor, v Via, action AuditAction, subject, branch, detail string) error {
	return tx.AddAudit(ctx, store.AuditEntry{Actor: string(by), Action: string(action), Subject: subject, Branch: branch,
		Via: v.Channel, Origin: v.Origin, Detail: detail})
}

// decided is how every decision starts: by resolved to the staff account it is, and the
// decision in the audit log, in the decision's own transaction (a refusal after it rolls
// both back together with the caller's transaction).
// Where it came from is read from by as given (wa:62... is WhatsApp, from that number).
func decided(ctx context.Context, tx *store.Tx, by Actor, action AuditAction, subject, branch string) (Actor, error) {
	return decidedWith(ctx, tx, by, action, subject, branch, "")
}

// decidedWith is decided with a detail for the audit log (the journal reference).
func decidedWith(ctx context.Context, tx *store.Tx, by Actor, action AuditAction, subject, branch, detail string) (Actor, error) {
	v := viaOf(ctx, by)
	by, err := Resolve(ctx, tx, by)
	if err != nil {
		return by, err
	}
	return by, audit(ctx, tx, by, v, action, subject, branch, detail)
}

// AuditTable is the audit log in f as a report table, newest first, times in loc.
func AuditTable(ctx context.Context, tx *store.Tx, f store.AuditFilter, loc *time.Location) (Table, error) {
	es, err := tx.Audit(ctx, f)
	if err != nil {
		return Table{}, err
	}
	t := Table{Title: "Audit log", Columns: []Column{{Name: "When"}, {Name: "Who"}, {Name: "What"}, {Name: "Subject"},
		{Name: "Branch"}, {Name: "Via"}, {Name: "From"}, {Name: "Detail"}}}
	for _, e := range es {
		t.line(Text(e.At.In(loc).Format("2006-01-02 15:04:05")), Text(e.Actor), Text(e.Action), Text(e.Subject),
			Text(e.Branch), Text(e.Via), Text(e.Origin), Text(e.Detail))
	}
	return t, nil
}

// AuditActor is the actor a filter of the audit log names: a username is its staff
// account; a recorded actor (wa:62..., cli) is taken as it is.
func AuditActor(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, ":") || s == string(CLI) || s == string(Kopbot) || s == "web" {
		return s
	}
	return string(StaffAccount(strings.ToLower(s)))
}
