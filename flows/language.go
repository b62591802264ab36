package flows

import (
	"context"
	"strings"
)

type languageData struct{}

// chooseLanguage switches the member's language: "bahasa en" at once, or "bahasa" then a choice.
func chooseLanguage(ctx context.Context, c *Convo[languageData], in Input) Result {
	text := normalize(in.Text)
	if w := firstWord(text); w == "bahasa" || w == "language" {
		text = strings.TrimSpace(strings.TrimPrefix(text, w))
		if text == "" {
			return c.Ask("choose", c.Msg.ChooseLanguage())
		}
	}
	var lang string
	switch text {
	case "1", "id", "indonesia", "bahasa indonesia", "indonesian":
		lang = "id"
	case "2", "en", "english", "inggris", "bahasa inggris":
		lang = "en"
	default:
		if c.Step == "" {
			return c.Ask("choose", c.Msg.ChooseLanguage())
		}
		return c.Retry(c.Msg.ChooseLanguage())
	}
	c.c.session.Lang = lang
	c.Msg = catalog(lang)
	return c.Done(c.Msg.LanguageSet())
}
