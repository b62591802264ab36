package catalog

import "time"

// english is the catalog in English, for members who ask for it with "language".
type english struct{ *book }

// enPaddedDate is a day as a list of transactions shows it: "05 Mar 2026".
func enPaddedDate(t time.Time) string { return t.Format("02 Jan 2006") }
