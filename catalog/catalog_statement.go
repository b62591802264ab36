package catalog

import "time"

// statementMessages are the texts of the member's statement (rekening koran): the PDF's
// words and the WhatsApp messages that send it.
type statementMessages interface {
	// StatementLabels are the PDF's fixed words.
	StatementLabels() StatementLabels
	// StatementPeriod is the period a statement covers, both days included.
	StatementPeriod(from, to time.Time) string
	// StatementDay is a movement's day in the PDF's table.
	StatementDay(t time.Time) string
	// StatementAccount heads one account's table: its product and its masked number.
	StatementAccount(product, masked string) string
	// StatementPage is the PDF's page footer: page of pages ("{nb}" until the PDF is done).
	StatementPage(page int, of string) string
	// StatementCaption goes with the PDF on WhatsApp.
	StatementCaption(from, to time.Time) string
	// StatementAskMonth asks which month when the member's words name none clearly.
	StatementAskMonth() string
	// StatementNotYet refuses a month that has not begun.
	StatementNotYet(month time.Time) string
}

// StatementLabels are the fixed words of a PDF statement, in one language.
type StatementLabels struct {
	Title, Member, MemberNo, Period, Printed  string
	Date, Description, Debit, Credit, Balance string
	Opening, Totals, Closing, NoMovements     string
	Note                                      string
}
