package flows_test

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/store"
)

// Whatever reaches "belum mengerti" from a PIN prompt (here one of a flow this version no
// longer has) is never counted, not even masked; the next message is.
func TestNotUnderstoodSkipsPINPrompts(t *testing.T) {
	w := newHandoverWorld(t)
	w.say(budi, "halo")
	err := w.db.Update(w.ctx, func(tx *store.Tx) error {
		s, err := tx.Session(w.ctx, "pusat", budi)
		if err != nil {
			return err
		}
		s.Flow, s.Step = "a-flow-long-gone", "pin"
		return tx.SaveSession(w.ctx, s, w.now)
	})
	if err != nil {
		t.Fatal(err)
	}
	if reply, _ := w.say(budi, "itu 147258 ya kak"); !strings.Contains(reply, "belum mengerti") {
		t.Fatalf("the bot answered:\n%s", reply)
	}
	w.say(budi, "itu 147258 ya kak")
	var top []store.PhraseCount
	err = w.db.View(w.ctx, func(tx *store.Tx) (err error) {
		top, err = tx.TopMisunderstood(w.ctx, "", w.now.AddDate(0, 0, -1), 10)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(top) != 1 || top[0].Phrase != "itu •••• ya kak" || top[0].Count != 1 {
		t.Errorf("phrases counted: %+v, want only the second, masked", top)
	}
}
