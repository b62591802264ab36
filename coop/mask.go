package coop

import (
	"strings"

	"github.com/kopbot/kopbot/parse"
)

// MaskPhone shows a phone number to staff in a summary as people dial it, the middle
// hidden: 6281234567890 is 0812••••7890. An address with no number (a WhatsApp LID) is "••••".
func MaskPhone(p string) string {
	local := parse.LocalPhone(p)
	if strings.ContainsRune(p, '@') || len(local) < 9 {
		return "••••"
	}
	return local[:4] + "••••" + local[len(local)-4:]
}
