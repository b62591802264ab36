package catalog

import "github.com/kopbot/kopbot/store"

// The messages of SHU (catalog_shu.go).

func (b *book) SHUNotice(n store.SHUNotice) string { return b.say("SHUNotice", n) }
