package catalog

import (
	"text/template"
)

// idFuncs are the template functions of Bahasa Indonesia's texts.
var idFuncs = template.FuncMap{
	"date":           idDate,
	"dateOrDash":     idDateOrDash,
	"monthYear":      idMonthYear,
	"rate":           idRate,
	"paddedDate":     idPaddedDate,
	"paddedDayMonth": idPaddedDayMonth,
	"clock":          idHourMinute,
	"weekdayShort":   idWeekdayShort,
	"rupiahShort":    idRupiahShort,
}
