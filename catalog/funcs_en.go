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
	"paddedDate":     enPaddedDate,
	"paddedDayMonth": enPaddedDayMonth,
	"clock":          enHourMinute,
	"monthYear":      enMonthYear,
}
