package catalog

import "text/template"

// idFuncs are the template functions of Bahasa Indonesia's texts.
var idFuncs = template.FuncMap{
	"date":       idDate,
	"dateOrDash": idDateOrDash,
	"monthYear":  idMonthYear,
	"rate":       idRate,
	"method":     idMethod,

	// handover, reminders
	"hoursMinutes": hoursMinutes,
	"kindBase":     reminderKindBase,
	"localPhone":   localPhone,
	"moment":       momentOf,
	"sameDay":      SameDay,

	// transfer, teller, requests, qris
	"replyRange":   idReplyRange,
	"tellerChange": tellerChange,
	"tellerSigned": tellerSigned,
	"tellerMemo":   tellerMemo,
}
