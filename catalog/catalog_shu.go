package catalog

import "github.com/kopbot/kopbot/store"

// shuMessages are the texts of SHU (sisa hasil usaha), the year's surplus shared among members.
type shuMessages interface {
	// SHUNotice tells a member their share of the year's SHU, where it was credited and how
	// it was computed, with the figures a member can check.
	SHUNotice(n store.SHUNotice) string
}
