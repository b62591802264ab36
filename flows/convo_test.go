package flows_test

import (
	"strings"
	"testing"

	"github.com/kopbot/kopbot/catalog"
	"github.com/kopbot/kopbot/store"
)

// A conversation saved at a step of one that has since become a flow of its own (linking
// in Registrasi, cancelling in Penarikan and Setoran) starts that conversation again: the
// member is asked its first question, not apologised to.
func TestSessionsAtStepsNowOfAnotherFlowStartItAgain(t *testing.T) {
	for _, tc := range []struct {
		phone, flow, step, data, typed, want string
	}{
		{"6281355550000", "registrasi", "link-birth", `{"nik":"3204123456780001"}`, "17-08-1990", "Ketik NIK Anda"},
		{budi, "penarikan", "cancel", `{"pending":["TRK-000001"],"cancel":1}`, "ya", "Tidak ada penarikan"},
		{budi, "setoran", "pending", `{"pending":["SET-000001"]}`, "1", "Tidak ada setoran"},
	} {
		w := newHandoverWorld(t)
		err := w.db.Update(w.ctx, func(tx *store.Tx) error {
			return tx.SaveSession(w.ctx, store.Session{Branch: "pusat", Phone: tc.phone, Flow: tc.flow, Step: tc.step, Data: tc.data}, w.now)
		})
		if err != nil {
			t.Fatal(err)
		}
		reply, _ := w.say(tc.phone, tc.typed)
		if reply == catalog.For("id").InternalError() || !strings.Contains(reply, tc.want) {
			t.Errorf("%s/%s: the member was told:\n%s", tc.flow, tc.step, reply)
		}
	}
}
