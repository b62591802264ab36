package catalog

import "github.com/kopbot/kopbot/store"

// MemoText is the line a journal transaction shows a reader of lang ("id", "en"): what it
// is in their words (the template part "memo" of text/*.tmpl), or the staff's note as written.
func MemoText(lang string, m store.Memo) string {
	b := idBook
	if lang == "en" {
		b = enBook
	}
	return b.say("memo", m)
}

// memoMonth shows a memo's month as members write it, in either language: 01-2026.
func memoMonth(yyyymm string) string {
	if len(yyyymm) != len("2026-01") {
		return yyyymm
	}
	return yyyymm[5:] + "-" + yyyymm[:4]
}
