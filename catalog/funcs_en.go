package catalog

import "text/template"

// enFuncs are the template functions of the English texts.
var enFuncs = template.FuncMap{
	"date":       enDate,
	"dateOrDash": enDateOrDash,
	"rate":       enRate,
	"method":     enMethod,
	"memo":       enMemo, // a journal transaction's line: {{memo .Memo}}
}
