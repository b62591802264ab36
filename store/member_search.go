package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// MemberSearch is what staff look a member up by on the back office's search, and where.
// Applicants (no member number yet) and rejected applications are never found: they are
// the applications queue's.
type MemberSearch struct {
	// Name is part of the name (any case); empty for a search by number.
	Name string
	// Keys are exact values tried as a member number, a NIK and a phone number
	// (6281234567890): what staff typed, tidied each way it could be meant.
	Keys []string
	// Branches keeps the branches searched; nil searches every branch.
	Branches []string
	Limit    int
}

// SearchMembers finds members (active, suspended or left) by part of their name, or by a
// member number, NIK or phone number given exactly, in the branches given, ordered by
// name. A search by number uses the indexes on member_no, nik and phone; a name search
// reads the branches' members (members_branch), the part being anywhere in the name.
func (tx *Tx) SearchMembers(ctx context.Context, s MemberSearch) ([]Member, error) {
	branches := "null"
	if s.Branches != nil {
		b, err := json.Marshal(s.Branches)
		if err != nil {
			return nil, fmt.Errorf("search members: %w", err)
		}
		branches = string(b)
	}
	const inBranches = ` AND member_no IS NOT NULL AND (?1 = 'null' OR branch_id IN (SELECT value FROM json_each(?1)))`
	if name := strings.TrimSpace(s.Name); name != "" {
		const q = `SELECT ` + memberColumns + ` FROM members WHERE instr(lower(name), lower(?2)) > 0` + inBranches +
			` ORDER BY name COLLATE NOCASE, id LIMIT ?3`
		return tx.listMembers(ctx, "search members by name", q, branches, name, s.Limit)
	}
	keys, err := json.Marshal(s.Keys)
	if err != nil {
		return nil, fmt.Errorf("search members: %w", err)
	}
	const q = `SELECT ` + memberColumns + ` FROM members WHERE id IN (
			SELECT id FROM members WHERE member_no IN (SELECT value FROM json_each(?2))
			UNION SELECT id FROM members WHERE nik IN (SELECT value FROM json_each(?2))
			UNION SELECT id FROM members WHERE phone IN (SELECT value FROM json_each(?2)))` + inBranches +
		` ORDER BY name COLLATE NOCASE, id LIMIT ?3`
	return tx.listMembers(ctx, "search members by number", q, branches, string(keys), s.Limit)
}
