package flows_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/kopbot/kopbot/coop"
	"github.com/kopbot/kopbot/flows"
	"github.com/kopbot/kopbot/ktp"
	"github.com/kopbot/kopbot/store"
)

// fakeVerifier plays the Dukcapil aggregator at its boundary: verify answers each call.
type fakeVerifier struct {
	mu     sync.Mutex
	verify func(n int, req ktp.Request) (ktp.Match, error)
	calls  []ktp.Request
}

func (f *fakeVerifier) Verify(ctx context.Context, req ktp.Request) (ktp.Match, error) {
	f.mu.Lock()
	f.calls = append(f.calls, req)
	n := len(f.calls)
	f.mu.Unlock()
	return f.verify(n, req)
}

type ktpWorld struct {
	t   *testing.T
	ctx context.Context
	now time.Time
	db  *store.DB
	r   *flows.Runner
}

const (
	rinaPhone = "6281200000005"
	adminKTP  = "6281299990099"
)

func newKTPWorld(t *testing.T) *ktpWorld {
	w := &ktpWorld{t: t, ctx: context.Background()}
	loc, _ := time.LoadLocation("Asia/Jakarta")
	w.now = time.Date(2026, 11, 21, 9, 0, 0, 0, loc)
	clock := func() time.Time { return w.now }
	w.db = openDB(t, clock)
	if _, err := w.db.SeedDemo(w.ctx, "pusat", w.now, ""); err != nil {
		t.Fatal(err)
	}
	w.r = newRunner(t, w.db, clock)
	w.r.MediaDir = t.TempDir()
	w.r.Admins = map[string][]string{"pusat": {adminKTP}}
	w.r.Rules.KTPVerifier = coop.KTPByHTTP
	w.r.Rules.KTPAttempts, w.r.Rules.KTPBackoff = 3, 10*time.Second
	return w
}

func (w *ktpWorld) must(fn func(tx *store.Tx) error) {
	w.t.Helper()
	if err := w.db.Update(w.ctx, fn); err != nil {
		w.t.Fatal(err)
	}
}

// submit records a verification of phone's KTP waiting for the aggregator, as the flow does.
func (w *ktpWorld) submit(phone, nik, ktpPhoto string) store.KTPVerification {
	w.t.Helper()
	var v store.KTPVerification
	w.must(func(tx *store.Tx) error {
		m, err := tx.MemberByPhone(w.ctx, phone)
		if err != nil {
			return err
		}
		v, err = tx.CreateKTPVerification(w.ctx, store.KTPVerification{Branch: "pusat", MemberID: m.ID, NIK: nik, Name: m.Name,
			BirthDate: m.BirthDate, KTPPhoto: ktpPhoto, Verifier: coop.KTPByHTTP, Status: store.KTPChecking})
		return err
	})
	return v
}

func (w *ktpWorld) verification(id int64) (store.KTPVerification, []store.KTPCheck) {
	w.t.Helper()
	var v store.KTPVerification
	var checks []store.KTPCheck
	w.must(func(tx *store.Tx) error {
		var err error
		if v, err = tx.KTPVerification(w.ctx, id); err != nil {
			return err
		}
		checks, err = tx.KTPChecks(w.ctx, id)
		return err
	})
	return v, checks
}

// told returns what was queued for phone, oldest first.
func (w *ktpWorld) told(phone string) []string {
	var texts []string
	for _, m := range outbox(w.t, w.db) {
		if m.To == phone {
			texts = append(texts, m.Text)
		}
	}
	return texts
}

func (w *ktpWorld) check(v ktp.Verifier) int {
	w.t.Helper()
	n, err := w.r.Office().CheckKTP(w.ctx, v)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func TestCheckKTPRetriesWithBackoffThenHandsToStaff(t *testing.T) {
	w := newKTPWorld(t)
	v := w.submit(rinaPhone, "3204014706950005", "")
	busy := &fakeVerifier{verify: func(int, ktp.Request) (ktp.Match, error) {
		return ktp.Match{}, &ktp.CallError{Status: 503, Temporary: true, Err: errors.New("busy")}
	}}
	// Calls at 0s, then 10s and 20s (doubling) later; nothing is due in between.
	for i, wait := range []time.Duration{0, 9 * time.Second, time.Second, 19 * time.Second, time.Second} {
		w.now = w.now.Add(wait)
		w.check(busy)
		wantCalls := []int{1, 1, 2, 2, 3}[i]
		if len(busy.calls) != wantCalls {
			t.Fatalf("after %d waits: %d calls to the aggregator, want %d", i, len(busy.calls), wantCalls)
		}
	}
	got, checks := w.verification(v.ID)
	if got.Status != store.KTPReview || got.Note != "unreachable:3" || got.Attempts != 3 {
		t.Errorf("after 3 failed calls: status %s note %q attempts %d; want review, unreachable:3, 3", got.Status, got.Note, got.Attempts)
	}
	if len(checks) != 3 {
		t.Fatalf("%d calls recorded, want 3", len(checks))
	}
	for i, c := range checks {
		if c.Outcome != "error" || !strings.Contains(c.Error, "503") || c.ReferenceID != v.No()+"-"+string(rune('1'+i)) {
			t.Errorf("call %d recorded as %+v", i+1, c)
		}
	}
	w.now = w.now.Add(time.Hour)
	if w.check(busy); len(busy.calls) != 3 {
		t.Errorf("the aggregator was called again after the KTP went to staff")
	}
	if told := w.told(adminKTP); len(told) != 1 || !strings.Contains(told[0], "tidak menjawab setelah 3 kali") || strings.Contains(told[0], "3204014706950005") {
		t.Errorf("admin was told %q; want one message naming the failure, NIK masked", told)
	}
	if told := w.told(rinaPhone); len(told) != 1 || !strings.Contains(told[0], "perlu diperiksa lebih lanjut") {
		t.Errorf("member was told %q; want one message that staff will look at it", told)
	}
}

func TestCheckKTPRefusedRequestGoesToStaffAtOnce(t *testing.T) {
	w := newKTPWorld(t)
	v := w.submit(rinaPhone, "3204014706950005", "")
	refused := &fakeVerifier{verify: func(int, ktp.Request) (ktp.Match, error) {
		return ktp.Match{}, &ktp.CallError{Status: 401, Err: errors.New("bad key")}
	}}
	w.check(refused)
	got, checks := w.verification(v.ID)
	if got.Status != store.KTPReview || got.Note != "refused:401" || len(checks) != 1 {
		t.Errorf("after a 401: status %s note %q, %d calls recorded; want review, refused:401, 1", got.Status, got.Note, len(checks))
	}
}

func TestCheckKTPAnswerAfterStaffDecidedIsOnlyRecorded(t *testing.T) {
	w := newKTPWorld(t)
	v := w.submit(rinaPhone, "3204014706950005", "")
	// Staff reject it while the aggregator is being asked.
	slowMatch := &fakeVerifier{verify: func(int, ktp.Request) (ktp.Match, error) {
		w.must(func(tx *store.Tx) error {
			_, err := coop.DecideKTP(w.ctx, tx, v.ID, false, "Foto KTP terpotong di bagian bawah", "cli", "id")
			return err
		})
		return ktp.Match{NIK: true, Name: true, BirthDate: true}, nil
	}}
	w.check(slowMatch)
	got, checks := w.verification(v.ID)
	if got.Status != store.KTPRejected || len(checks) != 1 || checks[0].Outcome != "match" {
		t.Errorf("status %s, checks %+v; want staff's rejection kept and the match recorded", got.Status, checks)
	}
	if told := w.told(rinaPhone); len(told) != 1 || !strings.Contains(told[0], "ditolak") {
		t.Errorf("member was told %q; want only staff's rejection", told)
	}
}

func TestCheckKTPSendsWhatTheMemberTyped(t *testing.T) {
	w := newKTPWorld(t)
	v := w.submit(rinaPhone, "3204014706950005", "")
	match := &fakeVerifier{verify: func(int, ktp.Request) (ktp.Match, error) {
		return ktp.Match{NIK: true, Name: true, BirthDate: true}, nil
	}}
	w.check(match)
	req := match.calls[0]
	if req.NIK != "3204014706950005" || req.Name != "Rina Marlina" || req.BirthDate.Format(time.DateOnly) != "1995-06-07" || req.ReferenceID != v.No()+"-1" {
		t.Errorf("aggregator asked %+v", req)
	}
	if got, _ := w.verification(v.ID); got.Status != store.KTPVerified || got.DecidedBy != coop.KTPByHTTP {
		t.Errorf("after a full match: status %s by %q; want verified by http", got.Status, got.DecidedBy)
	}
}

func TestDecideKTPRefusesANIKVerifiedForAnotherMember(t *testing.T) {
	w := newKTPWorld(t)
	// Budi's KTP is verified (demo); Rina sends Budi's NIK and staff try to approve it.
	v := w.submit(rinaPhone, "3204011708900001", "")
	err := w.db.Update(w.ctx, func(tx *store.Tx) error {
		_, err := coop.DecideKTP(w.ctx, tx, v.ID, true, "", "cli", "id")
		return err
	})
	if !errors.Is(err, coop.KTPTaken) {
		t.Fatalf("approving a NIK verified for another member: %v, want ErrKTPTaken", err)
	}
	if got, _ := w.verification(v.ID); got.Status != store.KTPChecking {
		t.Errorf("status %s after a refused approval; want it unchanged", got.Status)
	}
	err = w.db.Update(w.ctx, func(tx *store.Tx) error {
		_, err := coop.DecideKTP(w.ctx, tx, v.ID, false, "buram", "cli", "id")
		return err
	})
	if err == nil {
		t.Error("a rejection with a 5-letter reason was accepted")
	}
}

func TestPruneKTPPhotosAfterRetention(t *testing.T) {
	w := newKTPWorld(t)
	inMedia := filepath.Join(w.r.MediaDir, "ktp-rina.jpg")
	outside := filepath.Join(t.TempDir(), "elsewhere.jpg")
	for _, p := range []string{inMedia, outside} {
		if err := os.WriteFile(p, []byte("jpeg"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	decide := func(v store.KTPVerification) {
		w.must(func(tx *store.Tx) error {
			_, err := coop.DecideKTP(w.ctx, tx, v.ID, false, "Foto KTP terpotong di bagian bawah", "cli", "id")
			return err
		})
	}
	v1 := w.submit(rinaPhone, "3204014706950005", inMedia)
	decide(v1)
	v2 := w.submit(rinaPhone, "3204014706950005", outside)
	decide(v2)
	open := w.submit(rinaPhone, "3204014706950005", inMedia+".open")

	retention := 30 * 24 * time.Hour
	w.now = w.now.Add(retention - time.Hour)
	if n, err := w.r.Office().PruneKTPPhotos(w.ctx, retention); err != nil || n != 0 {
		t.Fatalf("before the retention ends: pruned %d (%v), want 0", n, err)
	}
	if _, err := os.Stat(inMedia); err != nil {
		t.Fatalf("photo deleted before its retention ended: %v", err)
	}
	w.now = w.now.Add(2 * time.Hour)
	if n, err := w.r.Office().PruneKTPPhotos(w.ctx, retention); err != nil || n != 2 {
		t.Fatalf("after the retention: pruned %d (%v), want the 2 decided ones", n, err)
	}
	if _, err := os.Stat(inMedia); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("photo in the media directory still there: %v", err)
	}
	if _, err := os.Stat(outside); err != nil {
		t.Errorf("a file outside the media directory was deleted: %v", err)
	}
	for _, id := range []int64{v1.ID, v2.ID} {
		if got, _ := w.verification(id); got.KTPPhoto != "" {
			t.Errorf("%s still points at %q", got.No(), got.KTPPhoto)
		}
	}
	if got, _ := w.verification(open.ID); got.KTPPhoto == "" {
		t.Error("the photo of an undecided verification was forgotten")
	}
	if n, _ := w.r.Office().PruneKTPPhotos(w.ctx, retention); n != 0 {
		t.Errorf("pruning again cleared %d more", n)
	}
}

// Nothing kopbot logs while a member verifies their KTP, or while the aggregator is asked
// and fails, carries the full NIK.
func TestKTPLogsNeverCarryTheNIK(t *testing.T) {
	w := newKTPWorld(t)
	var logs strings.Builder
	ctx := zerolog.New(&logs).Level(zerolog.DebugLevel).WithContext(w.ctx)
	for i, text := range []string{"verifikasi ktp", "3204014706950005", "Rina Marlina", "7 Juni 1995", "", "ya"} {
		in := flows.Input{Branch: "pusat", From: rinaPhone, MessageID: fmt.Sprintf("LOG%d", i), Text: text, At: w.now}
		if text == "" {
			in.Image = filepath.Join(w.r.MediaDir, "ktp.jpg")
		}
		if err := w.r.Handle(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	echo := &fakeVerifier{verify: func(_ int, req ktp.Request) (ktp.Match, error) {
		return ktp.Match{}, &ktp.CallError{Status: 422, Err: errors.New("NIK " + req.NIK + " unknown")}
	}}
	if _, err := w.r.Office().CheckKTP(ctx, echo); err != nil {
		t.Fatal(err)
	}
	if len(echo.calls) != 1 || logs.Len() == 0 {
		t.Fatalf("%d calls, %d bytes of logs; the test saw nothing", len(echo.calls), logs.Len())
	}
	if strings.Contains(logs.String(), "3204014706950005") || !strings.Contains(logs.String(), "3204********0005") {
		t.Errorf("a log line carries the full NIK, or the aggregator's error was not logged:\n%s", logs.String())
	}
	if _, checks := w.verification(5 /* after the demo members' four */); len(checks) != 1 || strings.Contains(checks[0].Error, "3204014706950005") {
		t.Errorf("the recorded call %+v carries the full NIK", checks)
	}
}

// The KTP photo sent with a membership application is deleted a retention after the
// application is decided, and not before.
func TestPruneApplicationPhotoAfterDecision(t *testing.T) {
	w := newKTPWorld(t)
	photo := filepath.Join(w.r.MediaDir, "app-ktp.jpg")
	if err := os.WriteFile(photo, []byte("jpeg"), 0o600); err != nil {
		t.Fatal(err)
	}
	var regNo string
	w.must(func(tx *store.Tx) error {
		var err error
		if regNo, err = tx.NextRegNo(w.ctx); err != nil {
			return err
		}
		_, err = tx.CreateMember(w.ctx, store.Member{Branch: "pusat", Phone: "6281377770030", Status: store.MemberApplicant, RegNo: regNo,
			Name: "Joko Susilo", NIK: "3204011708900009", KTPPhoto: photo})
		return err
	})
	retention := 24 * time.Hour
	w.now = w.now.Add(2 * retention)
	if n, _ := w.r.Office().PruneKTPPhotos(w.ctx, retention); n != 0 {
		t.Fatalf("pruned %d while the application waits", n)
	}
	w.must(func(tx *store.Tx) error {
		_, err := coop.RejectApplication(w.ctx, tx, regNo, "Foto KTP tidak terbaca, kirim ulang", "cli", "id")
		return err
	})
	w.now = w.now.Add(retention + time.Minute)
	if n, err := w.r.Office().PruneKTPPhotos(w.ctx, retention); err != nil || n != 1 {
		t.Fatalf("after the retention: pruned %d (%v), want the application's photo", n, err)
	}
	if _, err := os.Stat(photo); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("application photo still there: %v", err)
	}
	w.must(func(tx *store.Tx) error {
		m, err := tx.MemberByRegNo(w.ctx, regNo)
		if err == nil && m.KTPPhoto != "" {
			t.Errorf("application still points at %q", m.KTPPhoto)
		}
		return err
	})
}
