package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is the conversation state of one phone number with one branch.
type Session struct {
	Branch    string
	Phone     string
	Flow      string // the active flow, empty when none
	Step      string
	Data      string // the flow's data as JSON
	Lang      string // the language the person chose, empty for the default
	Transport string // who carries the conversation: "" for WhatsApp, "chat" for the local simulator
	Address   string // the transport's address to answer to, when it is not the phone's own chat
	UpdatedAt time.Time
	New       bool        // no row existed yet
	Recent    RecentTexts // the last incoming texts, masked, for staff a handover is told to
	// HandedOver is the deadline of the chat's open handover to staff (read, never saved
	// with the session); zero when staff are not answering it.
	HandedOver time.Time
}

// Session loads the session of phone with branch; a person never seen before gets a new, empty one.
func (tx *Tx) Session(ctx context.Context, branch, phone string) (Session, error) {
	// The open handover comes with the session, so that the many chats without one cost no query of their own.
	const q = `SELECT flow, step, data, lang, transport, address, updated_at, recent,
			COALESCE((SELECT deadline FROM handovers h WHERE h.branch_id = s.branch_id AND h.phone = s.phone AND h.released_at = 0), 0)
		FROM sessions s WHERE branch_id = ? AND phone = ?`
	s := Session{Branch: branch, Phone: phone}
	var updated, handedOver int64
	err := tx.queryRow(ctx, q, branch, phone).Scan(&s.Flow, &s.Step, &s.Data, &s.Lang, &s.Transport, &s.Address, &updated, &s.Recent, &handedOver)
	if errors.Is(err, sql.ErrNoRows) {
		s.Data, s.New = "{}", true
		return s, nil
	}
	if err != nil {
		return Session{}, fmt.Errorf("load session %s/%s: %w", branch, phone, err)
	}
	s.UpdatedAt = fromUnix(updated)
	if handedOver != 0 {
		s.HandedOver = fromUnix(handedOver)
	}
	return s, nil
}

// SaveSession writes s, stamped with at.
func (tx *Tx) SaveSession(ctx context.Context, s Session, at time.Time) error {
	const q = `INSERT INTO sessions (branch_id, phone, flow, step, data, lang, transport, address, updated_at, recent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (branch_id, phone) DO UPDATE SET flow = excluded.flow, step = excluded.step, data = excluded.data,
			lang = excluded.lang, transport = excluded.transport, address = excluded.address, updated_at = excluded.updated_at,
			recent = excluded.recent`
	if s.Data == "" {
		s.Data = "{}"
	}
	if _, err := tx.exec(ctx, q, s.Branch, s.Phone, s.Flow, s.Step, s.Data, s.Lang, s.Transport, s.Address, unix(at), string(s.Recent)); err != nil {
		return fmt.Errorf("save session %s/%s: %w", s.Branch, s.Phone, err)
	}
	return nil
}

// StaleSessions returns up to limit sessions with an active flow last touched before cutoff.
func (tx *Tx) StaleSessions(ctx context.Context, cutoff time.Time, limit int) ([]Session, error) {
	const q = `SELECT branch_id, phone, flow, step, data, lang, transport, address, updated_at, recent FROM sessions
		WHERE flow != '' AND updated_at < ? ORDER BY updated_at LIMIT ?`
	return collect(ctx, tx, "list stale sessions", q, func(rs row) (Session, error) {
		var s Session
		var updated int64
		if err := rs.Scan(&s.Branch, &s.Phone, &s.Flow, &s.Step, &s.Data, &s.Lang, &s.Transport, &s.Address, &updated, &s.Recent); err != nil {
			return Session{}, err
		}
		s.UpdatedAt = fromUnix(updated)
		return s, nil
	}, unix(cutoff), limit)
}
