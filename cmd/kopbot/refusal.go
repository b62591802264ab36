package main

import (
	"fmt"
	"time"

	"github.com/kopbot/kopbot/coop"
)

// refusalText is a refusal of the cooperative's rules as the command line says it, times in
// the cooperative's time zone loc; the rest in the refusal's own English sentence.
func refusalText(r *coop.Refusal, loc *time.Location) string {
	switch r.Code {
	case coop.NotPending:
		if r.By != "" {
			return fmt.Sprintf("it was already %s by %s on %s; nothing changed", r.Status, r.By, r.At.In(loc).Format("2006-01-02 15:04"))
		}
		return fmt.Sprintf("it is not waiting for a decision (it is %s)", r.Status)
	case coop.KTPTaken:
		return fmt.Sprintf("its NIK %s is already verified for another member; reject it and look into it with the member", r.Other)
	}
	return r.Error()
}
