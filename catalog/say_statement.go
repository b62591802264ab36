package catalog

import "time"

// The messages of the member's statement (catalog_statement.go).

// StatementLabels renders the template parts statementTitle, statementMember and so on.
func (b *book) StatementLabels() StatementLabels {
	part := func(name string) string { return b.say("statement"+name, nil) }
	return StatementLabels{
		Title: part("Title"), Member: part("Member"), MemberNo: part("MemberNo"), Period: part("Period"), Printed: part("Printed"),
		Date: part("Date"), Description: part("Description"), Debit: part("Debit"), Credit: part("Credit"), Balance: part("Balance"),
		Opening: part("Opening"), Totals: part("Totals"), Closing: part("Closing"), NoMovements: part("NoMovements"),
		Note: part("Note"),
	}
}

func (b *book) StatementPeriod(from, to time.Time) string {
	return b.say("StatementPeriod", args{"From": from, "To": to})
}
func (b *book) StatementDay(t time.Time) string { return b.say("StatementDay", t) }
func (b *book) StatementAccount(product, masked string) string {
	return b.say("StatementAccount", args{"Product": product, "Number": masked})
}
func (b *book) StatementPage(page int, of string) string {
	return b.say("StatementPage", args{"Page": page, "Of": of})
}
func (b *book) StatementCaption(from, to time.Time) string {
	return b.say("StatementCaption", args{"From": from, "To": to})
}
func (b *book) StatementNotYet(month time.Time) string { return b.say("StatementNotYet", month) }
func (b *book) StatementAskMonth() string              { return b.say("StatementAskMonth", nil) }
