package catalog

import (
	"text/template"
)

// enFuncs are the template functions of the English texts.
var enFuncs = template.FuncMap{
	"memo":           enMemo, // a journal transaction's line: {{memo .Memo}}
	"date":           enDate,
	"dateOrDash":     enDateOrDash,
	"rate":           enRate,
	"method":         enMethod,
	"paddedDate":     enPaddedDate,
	"paddedDayMonth": enPaddedDayMonth,
	"clock":          enHourMinute,
	"replyRange":     enReplyRange,
	"monthYear":      enMonthYear,
}
