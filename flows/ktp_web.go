package flows

import "github.com/kopbot/kopbot/catalog"

// KTPNoteText says in words, in lang, why a KTP verification waits for staff (a note like
// "mismatch:name,birth_date"), for the admin pages; "" when the note is not one it knows.
func KTPNoteText(lang, note string) string { return catalog.For(lang).KTPNote(note) }
