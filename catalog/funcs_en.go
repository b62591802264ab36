package catalog

import "text/template"

// enFuncs are the template functions of the English texts.
var enFuncs = template.FuncMap{
	"date":       enDate,
	"dateOrDash": enDateOrDash,
	"rate":       enRate,
	"method":     enMethod,

	// handover, reminders
	"hoursMinutes": hoursMinutes,
	"kindBase":     reminderKindBase,
	"localPhone":   localPhone,
	"moment":       momentOf,
	"sameDay":      SameDay,

	// transfer, teller, requests, qris
	"replyRange":   enReplyRange,
	"tellerChange": tellerChange,
	"tellerSigned": tellerSigned,
	"tellerMemo":   tellerMemo,
}
