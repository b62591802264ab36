package flows

import (
	"context"

	"github.com/kopbot/kopbot/catalog"
)

type languageData struct{}

// languages are the options of chooseLanguage as members name them, in the order it lists them.
var languages = []struct{ code, names string }{
	{"id", "bahasa language indonesia indonesian id"},
	{"en", "bahasa language english inggris en"},
}

// chooseLanguage switches the member's language: "bahasa en" at once, or "bahasa" then a choice.
func chooseLanguage(ctx context.Context, c *Convo[languageData], in Input) Result {
	labels := make([]string, len(languages))
	for i, l := range languages {
		labels[i] = l.names
	}
	n, ok := c.Pick(labels...)
	if !ok {
		if c.Step == "" {
			return c.Ask("choose", c.Msg.ChooseLanguage())
		}
		return c.Retry(c.Msg.ChooseLanguage())
	}
	lang := languages[n-1].code
	c.c.session.Lang = lang
	c.Msg = catalog.For(lang)
	return c.Done(c.Msg.LanguageSet())
}
