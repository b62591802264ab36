package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Branch is one office of the cooperative with its own WhatsApp number.
type Branch struct {
	ID        string
	Code      string // two digits, the first part of account numbers
	Name      string
	Phone     string
	DeviceJID string // the paired WhatsApp device, empty until paired
}

// BankAccount is one of a branch's accounts at a bank, where members transfer deposits
// (config branches[].bank_accounts; not kept in the database).
type BankAccount struct {
	Bank   string // BRI
	Number string // digits only
	Name   string // the holder, as the bank shows it: Koperasi Simpan Pinjam Sejahtera
}

// SyncBranch inserts or updates a branch from config, keeping its paired device.
func (tx *Tx) SyncBranch(ctx context.Context, b Branch) error {
	const q = `INSERT INTO branches (id, code, name, phone, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, phone = excluded.phone`
	if _, err := tx.exec(ctx, q, b.ID, b.Code, b.Name, b.Phone, unix(tx.now)); err != nil {
		return fmt.Errorf("sync branch %s: %w", b.ID, err)
	}
	return nil
}

// Branch returns the branch with the given id.
func (tx *Tx) Branch(ctx context.Context, id string) (Branch, error) {
	const q = `SELECT id, code, name, phone, device_jid FROM branches WHERE id = ?`
	var b Branch
	err := tx.queryRow(ctx, q, id).Scan(&b.ID, &b.Code, &b.Name, &b.Phone, &b.DeviceJID)
	if errors.Is(err, sql.ErrNoRows) {
		return Branch{}, fmt.Errorf("branch %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Branch{}, fmt.Errorf("load branch %s: %w", id, err)
	}
	return b, nil
}

// SetBranchDevice records the WhatsApp device a branch is paired with; empty clears it.
func (tx *Tx) SetBranchDevice(ctx context.Context, id, deviceJID string) error {
	const q = `UPDATE branches SET device_jid = ? WHERE id = ?`
	res, err := tx.exec(ctx, q, deviceJID, id)
	if err != nil {
		return fmt.Errorf("set device of branch %s: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("branch %s: %w", id, ErrNotFound)
	}
	return nil
}

// BranchPairedWith returns the branch other than except whose paired device belongs to the
// WhatsApp number phone (digits), or ErrNotFound.
func (tx *Tx) BranchPairedWith(ctx context.Context, phone, except string) (Branch, error) {
	const q = `SELECT id, code, name, phone, device_jid FROM branches
		WHERE id <> ? AND (device_jid = ? || '@s.whatsapp.net' OR device_jid LIKE ? || ':%@s.whatsapp.net')`
	var b Branch
	err := tx.queryRow(ctx, q, except, phone, phone).Scan(&b.ID, &b.Code, &b.Name, &b.Phone, &b.DeviceJID)
	if errors.Is(err, sql.ErrNoRows) {
		return Branch{}, fmt.Errorf("branch paired with %s: %w", phone, ErrNotFound)
	}
	if err != nil {
		return Branch{}, fmt.Errorf("branch paired with a number: %w", err)
	}
	return b, nil
}
