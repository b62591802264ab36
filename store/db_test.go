package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/store/storetest"
)

// wib is the cooperative's default time zone, fixed so tests do not depend on tzdata.
var wib = time.FixedZone("WIB", 7*60*60)

// testNow is the clock every test database starts with.
var testNow = time.Date(2025, time.March, 14, 10, 0, 0, 0, wib)

// pusat is the branch MustOpenDB syncs.
var pusat = store.DemoBranch

// MustOpenDB opens a fresh database file in tb.TempDir() with a fixed clock and
// the branch "pusat" synced, and closes it when the test ends.
// Its file is a copy of one migrated once (storetest.Open); the migrations' own tests open
// theirs with mustOpenAt.
func MustOpenDB(tb testing.TB) *store.DB {
	tb.Helper()
	db := storetest.Open(tb)
	db.Now = func() time.Time { return testNow }
	mustUpdate(tb, db, func(tx *store.Tx) error { return tx.SyncBranch(context.Background(), pusat) })
	return db
}

func mustOpenAt(tb testing.TB, path string) *store.DB {
	tb.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close %s: %v", path, err)
		}
	})
	db.Now = func() time.Time { return testNow }
	mustUpdate(tb, db, func(tx *store.Tx) error { return tx.SyncBranch(ctx, pusat) })
	return db
}

// mustUpdate runs fn in a write transaction and fails the test on error.
func mustUpdate(tb testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	tb.Helper()
	if err := db.Update(context.Background(), fn); err != nil {
		tb.Fatalf("update: %v", err)
	}
}

// mustView runs fn in a read transaction and fails the test on error.
func mustView(tb testing.TB, db *store.DB, fn func(tx *store.Tx) error) {
	tb.Helper()
	if err := db.View(context.Background(), fn); err != nil {
		tb.Fatalf("view: %v", err)
	}
}

// rawDB opens a side connection on the store's file with the DSN the store uses.
// The store has no exported way to run raw SQL, so this is how tests read pragmas
// and set what no API sets yet (an account's status).
func rawDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite", store.DSN(path))
	if err != nil {
		tb.Fatalf("open raw connection: %v", err)
	}
	raw.SetMaxOpenConns(1)
	tb.Cleanup(func() { raw.Close() })
	return raw
}

// lastMigration is the number of the newest file in migrations/, read from disk
// so the test keeps working when a migration is added.
func lastMigration(tb testing.TB) int {
	tb.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		tb.Fatalf("list migrations: %v", err)
	}
	last := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			tb.Fatalf("migration %s does not start with its number", e.Name())
		}
		last = max(last, n)
	}
	if last == 0 {
		tb.Fatal("no migrations found")
	}
	return last
}

func TestOpenAppliesMigrations(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := lastMigration(t); v != want {
		t.Errorf("SchemaVersion = %d, want %d (the last migration)", v, want)
	}
	// The schema is usable: the branch synced by MustOpenDB reads back.
	mustView(t, db, func(tx *store.Tx) error {
		b, err := tx.Branch(ctx, "pusat")
		if err != nil {
			return err
		}
		if b != pusat {
			t.Errorf("Branch = %+v, want %+v", b, pusat)
		}
		return nil
	})
}

func TestOpenCreatesDataDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "nested", "kopbot.db")
	db := mustOpenAt(t, path)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	if v, err := db.SchemaVersion(context.Background()); err != nil || v != lastMigration(t) {
		t.Errorf("SchemaVersion = %d, %v; want %d", v, err, lastMigration(t))
	}
}

// The data directory is the admin's choice ("D:\\Koperasi Maju #2", "/srv/kop?lama"):
// the store must keep the data in exactly that file, with foreign keys on.
func TestOpenPathWithURICharacters(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ name, dir string }{
		{"space", "Koperasi Maju"}, {"hash", "kop#2"}, {"percent", "bagi 50%"}, {"question", "kop?lama"}, {"ampersand", "a&b=c"},
	} {
		dir := c.dir
		// Plain subtest names: t.TempDir() embeds them, and a '#' there would send the file outside it.
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), dir, "kopbot.db")
			db, err := store.Open(ctx, path)
			if err != nil {
				t.Fatalf("open %s: %v", path, err)
			}
			db.Now = func() time.Time { return testNow }
			err = db.Update(ctx, func(tx *store.Tx) error { return tx.SyncBranch(ctx, pusat) })
			if err == nil {
				err = db.Update(ctx, func(tx *store.Tx) error {
					_, err := tx.CreateMember(ctx, store.Member{Branch: "no-such-branch", Name: "Budi", Phone: "6281299999999", Status: store.MemberActive})
					if err == nil {
						t.Error("a member of an unknown branch was stored: foreign keys are off")
					}
					return nil
				})
			}
			if cerr := db.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(path); err != nil {
				entries, _ := os.ReadDir(filepath.Dir(filepath.Dir(path)))
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("no database at %s (%v); the parent directory holds %v", path, err, names)
			}
		})
	}
}

func TestReopenKeepsDataAndSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kopbot.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return testNow }
	var number string
	if err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, pusat); err != nil {
			return err
		}
		f := newFixture(ctx, t, tx)
		savings := f.savings("6281234500001")
		f.deposit(savings, 1_250_000, "reopen-1")
		number = savings.Number
		if fresh, err := tx.MarkProcessed(ctx, "pusat", "MSG-1", "6281234500001", testNow); err != nil || !fresh {
			t.Fatalf("MarkProcessed = %v, %v", fresh, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db2, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	if v, err := db2.SchemaVersion(ctx); err != nil || v != lastMigration(t) {
		t.Errorf("SchemaVersion after reopen = %d, %v; want %d", v, err, lastMigration(t))
	}
	if err := db2.Update(ctx, func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		if err != nil {
			return err
		}
		if a.Amount() != 1_250_000 {
			t.Errorf("balance after reopen = %d, want 1250000", a.Amount())
		}
		fresh, err := tx.MarkProcessed(ctx, "pusat", "MSG-1", "6281234500001", testNow)
		if err != nil {
			return err
		}
		if fresh {
			t.Error("a message handled before the restart counts as new after it")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// The DSN the store opens its write connection with carries every pragma DESIGN.md requires.
func TestDSNPragmas(t *testing.T) {
	db := MustOpenDB(t)
	raw := rawDB(t, db.Path)
	for _, c := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "2"}, // FULL
		{"busy_timeout", "10000"},
	} {
		var got string
		if err := raw.QueryRow("PRAGMA " + c.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", c.pragma, err)
		}
		if got != c.want {
			t.Errorf("PRAGMA %s = %s, want %s", c.pragma, got, c.want)
		}
	}
}

func TestWriteAheadLogInUse(t *testing.T) {
	db := MustOpenDB(t)
	if _, err := os.Stat(db.Path + "-wal"); err != nil {
		t.Errorf("no write-ahead log next to the database after a write: %v", err)
	}
}

// With foreign keys off, a member of a branch that does not exist would be stored.
func TestForeignKeysEnforced(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateMember(ctx, store.Member{Branch: "no-such-branch", Name: "Budi", Phone: "6281299999999", Status: store.MemberActive})
		return err
	})
	if err == nil || !strings.Contains(strings.ToLower(err.Error()), "foreign key") {
		t.Fatalf("member of an unknown branch: err = %v, want a foreign key violation", err)
	}
	mustView(t, db, func(tx *store.Tx) error {
		if _, err := tx.MemberByPhone(ctx, "6281299999999"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("MemberByPhone after refused insert: err = %v, want ErrNotFound", err)
		}
		return nil
	})
}

// A second process on the same file (kopbot ledger check, kopbot demo while serve runs)
// waits for the writer instead of failing with SQLITE_BUSY.
func TestSecondWriterWaitsForBusyFile(t *testing.T) {
	ctx := context.Background()
	db1 := MustOpenDB(t)
	db2 := mustOpenAt(t, db1.Path)

	holding := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- db1.Update(ctx, func(tx *store.Tx) error {
			if err := tx.SyncBranch(ctx, store.Branch{ID: "cabang-a", Code: "02", Name: "Cabang A"}); err != nil {
				return err
			}
			close(holding)
			time.Sleep(300 * time.Millisecond)
			return nil
		})
	}()
	<-holding
	start := time.Now()
	err := db2.Update(ctx, func(tx *store.Tx) error {
		return tx.SyncBranch(ctx, store.Branch{ID: "cabang-b", Code: "03", Name: "Cabang B"})
	})
	if err != nil {
		t.Fatalf("second writer: %v (want it to wait for the first)", err)
	}
	if waited := time.Since(start); waited < 100*time.Millisecond {
		t.Errorf("second writer finished after %v while the first held the lock", waited)
	}
	if err := <-done; err != nil {
		t.Fatalf("first writer: %v", err)
	}
	mustView(t, db1, func(tx *store.Tx) error {
		for _, id := range []string{"cabang-a", "cabang-b"} {
			if _, err := tx.Branch(ctx, id); err != nil {
				t.Errorf("branch %s: %v", id, err)
			}
		}
		return nil
	})
}

func TestUpdateRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	boom := errors.New("boom")
	err := db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.SyncBranch(ctx, store.Branch{ID: "cabang", Code: "02", Name: "Cabang"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want the callback's error", err)
	}
	mustView(t, db, func(tx *store.Tx) error {
		if _, err := tx.Branch(ctx, "cabang"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("branch written by a failed Update: err = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func TestTxNowIsTheStoreClock(t *testing.T) {
	db := MustOpenDB(t)
	mustUpdate(t, db, func(tx *store.Tx) error {
		if !tx.Now().Equal(testNow) {
			t.Errorf("tx.Now() = %v, want %v", tx.Now(), testNow)
		}
		return nil
	})
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	var number string
	withFixture(t, db, func(f *fixture) {
		a := f.savings("6281234500002")
		f.deposit(a, 750_000, "backup-1")
		number = a.Number
	})
	backup := filepath.Join(t.TempDir(), "kopbot-2025-03-14.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	// A movement after the backup is in the live database only.
	mustUpdate(t, db, func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		if err != nil {
			return err
		}
		newFixture(ctx, t, tx).deposit(a, 50_000, "backup-2")
		return nil
	})

	restored := mustOpenAt(t, backup)
	if v, err := restored.SchemaVersion(ctx); err != nil || v != lastMigration(t) {
		t.Errorf("backup SchemaVersion = %d, %v; want %d", v, err, lastMigration(t))
	}
	mustView(t, restored, func(tx *store.Tx) error {
		a, err := tx.AccountByNumber(ctx, number)
		if err != nil {
			return err
		}
		if a.Amount() != 750_000 {
			t.Errorf("balance in the backup = %d, want 750000", a.Amount())
		}
		return nil
	})

	// Backing up onto an existing file is refused and leaves that file as it was.
	before, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, backup); err == nil {
		t.Error("Backup onto an existing file succeeded")
	}
	after, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("a refused Backup changed the existing file")
	}
}
