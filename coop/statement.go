package coop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopbot/kopbot/store"
)

// MemberStatement is a member's statement (rekening koran) over a period: each of their
// accounts that held money or moved in it, with its opening balance, movements and closing
// balance, as the ledger has them.
type MemberStatement struct {
	Cooperative string
	Branch      store.Branch
	Member      store.Member
	From, To    time.Time // the period: from its first instant up to, not including, To
	Printed     time.Time
	Accounts    []AccountStatement
}

// AccountStatement is one account's part of a statement.
type AccountStatement struct {
	Account store.Account
	store.Statement
	// Debit and Credit add up the period's movements by the side the ledger posted them on:
	// on savings a debit takes money out, on a loan a debit is money lent.
	Debit, Credit int64
}

// Sides splits a movement of the account into its debit and credit (one of them zero).
func (s AccountStatement) Sides(m store.Movement) (debit, credit int64) {
	posted := m.Amount // as the owner reads it: for a loan, more owed
	if s.Account.Normal == store.Debit {
		posted = -posted
	}
	if posted < 0 {
		return -posted, 0
	}
	return 0, posted
}

// LastFour masks an account number but its last 4 digits, as a statement prints it.
func LastFour(number string) string {
	if len(number) <= 4 {
		return number
	}
	return strings.Repeat("*", len(number)-4) + number[len(number)-4:]
}

// StatementOf gathers member m's statement from from up to to (to not included): every
// account of theirs, closed ones too, that had a balance or a movement in the period.
func StatementOf(ctx context.Context, tx *store.Tx, cooperative string, m store.Member, from, to, now time.Time) (MemberStatement, error) {
	if !to.After(from) {
		return MemberStatement{}, fmt.Errorf("statement of member %s: the period ends (%s) before it begins (%s)", m.No, to.Format(time.DateOnly), from.Format(time.DateOnly))
	}
	branch, err := tx.Branch(ctx, m.Branch)
	if err != nil {
		return MemberStatement{}, err
	}
	accounts, err := tx.EveryAccountOfMember(ctx, m.ID)
	if err != nil {
		return MemberStatement{}, err
	}
	st := MemberStatement{Cooperative: cooperative, Branch: branch, Member: m, From: from, To: to, Printed: now}
	for _, a := range accounts {
		if !a.OpenedAt.Before(to) {
			continue // opened after the period
		}
		s, err := tx.Statement(ctx, a, from, to)
		if err != nil {
			return MemberStatement{}, err
		}
		if a.Status == store.AccountClosed && len(s.Movements) == 0 && s.Opening == 0 {
			continue // closed before the period
		}
		as := AccountStatement{Account: a, Statement: s}
		for _, mv := range s.Movements {
			d, c := as.Sides(mv)
			as.Debit += d
			as.Credit += c
		}
		st.Accounts = append(st.Accounts, as)
	}
	return st, nil
}

// StatementFile is where WriteStatement keeps a statement under the data directory dir: the
// file's name is what a member sees on WhatsApp.
func StatementFile(dir string, st MemberStatement, loc *time.Location) string {
	from, last := st.From.In(loc), st.To.Add(-time.Nanosecond).In(loc)
	period := from.Format("2006-01")
	if from.Day() != 1 || from.Month() != last.Month() || from.Year() != last.Year() {
		period = from.Format(time.DateOnly) + "_" + last.Format(time.DateOnly)
	}
	no := strings.NewReplacer(".", "", "/", "-", " ", "").Replace(st.Member.No)
	return filepath.Join(dir, "statements", "rekening-koran-"+no+"-"+period+".pdf")
}

// WriteStatement writes the statement as a PDF in the reader's language (lang) under the
// data directory dir, and returns the file's path.
func WriteStatement(dir string, st MemberStatement, lang string, loc *time.Location) (string, error) {
	if dir == "" {
		return "", fmt.Errorf("statement of member %s: no directory to write it to", st.Member.No)
	}
	pdf, err := StatementPDF(st, lang, loc)
	if err != nil {
		return "", err
	}
	path := StatementFile(dir, st, loc)
	if err := os.MkdirAll(filepath.Dir(path), store.PrivateDirMode); err != nil {
		return "", fmt.Errorf("statement of member %s: %w", st.Member.No, err)
	}
	if err := os.WriteFile(path, pdf, store.PrivateFileMode); err != nil {
		return "", fmt.Errorf("statement of member %s: %w", st.Member.No, err)
	}
	return path, nil
}
