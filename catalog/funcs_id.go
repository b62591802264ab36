package catalog

import (
	"text/template"

	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// idFuncs are the template functions of Bahasa Indonesia's texts.
var idFuncs = template.FuncMap{
	"date":       idDate,
	"dateOrDash": idDateOrDash,
	"monthYear":  idMonthYear,
	"rate":       idRate,
	"method":     idMethod,

	// core (say_core.go)
	"paddedDate": idPaddedDate,
	// pay (say_pay.go)
	"add":        func(a, b int64) int64 { return a + b },
	"clock":      idHourMinute,
	"replyRange": idReplyRange,
	// members (say_members.go)
	"daysBetween":    DaysBetween,
	"ktpMask":        ktp.Mask,
	"maskNIK":        store.MaskNIK,
	"paddedDayMonth": idPaddedDayMonth,
	"sub":            func(a, b int64) int64 { return a - b },
}
