package catalog

import (
	"text/template"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// enFuncs are the template functions of the English texts.
var enFuncs = template.FuncMap{
	"date":       enDate,
	"dateOrDash": enDateOrDash,
	"rate":       enRate,
	"method":     enMethod,

	// core (say_core.go)
	"paddedDate": enPaddedDate,
	// pay (say_pay.go)
	"add":        func(a, b int64) int64 { return a + b },
	"clock":      enHourMinute,
	"replyRange": enReplyRange,
	"monthYear":  enMonthYear,
	// members (say_members.go)
	"daysBetween":    DaysBetween,
	"ktpMask":        ktp.Mask,
	"maskNIK":        store.MaskNIK,
	"paddedDayMonth": enPaddedDayMonth,
	"sub":            func(a, b int64) int64 { return a - b },
}
