package catalog

// RefusalText is a refusal of the cooperative's rules (a *coop.Refusal) as one phrase in
// lang ("id", "en"), for staff pages: the template part "refusal" of text/*.tmpl, the
// words the admin menu says it in.
func RefusalText(lang string, refused error) string {
	b := idBook
	if lang == "en" {
		b = enBook
	}
	return b.say("refusal", refused)
}
