package catalog

import (
	"text/template"
)

// enFuncs are the template functions of the English texts.
var enFuncs = template.FuncMap{
	"date":           enDate,
	"dateOrDash":     enDateOrDash,
	"rate":           enRate,
	"paddedDate":     enPaddedDate,
	"paddedDayMonth": enPaddedDayMonth,
	"clock":          enHourMinute,
	"monthYear":      enMonthYear,
	"weekdayShort":   enWeekdayShort,
	"rupiahShort":    enRupiahShort,
}
