package main

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// testStaticQRIS is a made-up static QRIS-shaped payload built with the qris package.
func testStaticQRIS() string {
	return qris.Encode(&qris.Payload{Fields: []qris.Field{
		qris.NewField("00", "01"),
		qris.NewField("01", "11"),
		qris.NewTemplate("26",
			qris.NewField("00", "ID.CO.QRIS.WWW"),
			qris.NewField("01", "936008990000012345"),
			qris.NewField("02", "000001234567890"),
			qris.NewField("03", "UMI"),
		),
		qris.NewTemplate("51",
			qris.NewField("00", "ID.CO.QRIS.WWW"),
			qris.NewField("02", "ID1020012345678"),
			qris.NewField("03", "UMI"),
		),
		qris.NewField("52", "5812"),
		qris.NewField("53", "360"),
		qris.NewField("58", "ID"),
		qris.NewField("59", "WARUNG BU SITI"),
		qris.NewField("60", "BANDUNG"),
		qris.NewField("61", "40115"),
	}})
}

// badCRC returns payload with a wrong CRC (tag 63).
func badCRC(payload string) string {
	last := payload[len(payload)-1]
	repl := byte('0')
	if last == '0' {
		repl = '1'
	}
	return payload[:len(payload)-1] + string(repl)
}

func qrisRun(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), append([]string{"qris"}, args...), strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestQRISDecode(t *testing.T) {
	out, errOut, err := qrisRun(t, "decode", testStaticQRIS())
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, errOut)
	}
	var got decodeOutput
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decode output is not JSON: %v\n%s", err, out)
	}
	if got.Scheme != "QRIS" {
		t.Errorf("scheme %q, want QRIS", got.Scheme)
	}
	byTag := map[string]decodedField{}
	for _, f := range got.Fields {
		byTag[f.Tag] = f
	}
	if f := byTag["59"]; f.Value != "WARUNG BU SITI" || f.Name != qris.TagName("59", "") || f.Name == "" {
		t.Errorf("tag 59 = %+v", f)
	}
	tmpl := byTag["26"]
	if len(tmpl.Sub) != 4 || tmpl.Sub[0].Value != "ID.CO.QRIS.WWW" || tmpl.Sub[0].Parent != "26" ||
		tmpl.Sub[0].Name != "Globally Unique Identifier" {
		t.Errorf("tag 26 = %+v", tmpl)
	}
	if _, ok := byTag["63"]; !ok {
		t.Errorf("no CRC tag 63 in %s", out)
	}
	if !strings.Contains(out, "\n  ") {
		t.Errorf("output is not indented:\n%s", out)
	}

	_, _, err = qrisRun(t, "decode", badCRC(testStaticQRIS()))
	wantError(t, "decode of a bad CRC", err, "tag 63")
}

// decodeOutput is what `kopbot qris decode` prints.
type decodeOutput struct {
	Scheme string         `json:"scheme"`
	Fields []decodedField `json:"fields"`
}

// Payloads of Thailand's, Malaysia's and Singapore's schemes decode with their scheme's names;
// none of them can be charged in rupiah.
func TestQRISDecodeOtherSchemes(t *testing.T) {
	for _, c := range []struct{ payload, scheme, tmpl, sub, value, name string }{
		// github.com/dtinth/promptpay-qr, index.test.js, "Local phone number".
		{"00020101021129370016A000000677010111011300668012345675802TH530376463046197", "PromptPay", "29", "01", "0066801234567", "Mobile Number"},
		// github.com/natsu90/duitnowqr-test, test.js, string3 (MAE app, no amount).
		{"00020201021126690014A000000615000101065887340220MAEPP111134456652251031316905900545775204000053034585802MY5925MOHD SULAIMAN BIN HAJI SU6002MY6304EE0C", "DuitNow", "26", "02", "MAEPP111134456652251", "Merchant Account ID"},
		// github.com/tingzhouu/sg-paynow-code, src/generatePayNowCode.test.ts.
		{"00020101021126500009SG.PAYNOW010100211+6590901234030100408205004155204000053037025406888.885802SG5902NA6009Singapore62320128Payment reference XX1234567863046B73", "PayNow", "26", "02", "+6590901234", "Proxy Value"},
	} {
		out, errOut, err := qrisRun(t, "decode", c.payload)
		if err != nil {
			t.Fatalf("decode %s: %v\n%s", c.scheme, err, errOut)
		}
		var got decodeOutput
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("decode output is not JSON: %v\n%s", err, out)
		}
		if got.Scheme != c.scheme {
			t.Errorf("scheme %q, want %q", got.Scheme, c.scheme)
		}
		found := false
		for _, f := range got.Fields {
			for _, sub := range f.Sub {
				if f.Tag == c.tmpl && sub.Tag == c.sub {
					found = sub.Value == c.value && sub.Name == c.name
				}
			}
		}
		if !found {
			t.Errorf("%s: no %s/%s %q named %q in\n%s", c.scheme, c.tmpl, c.sub, c.value, c.name, out)
		}
		_, _, err = qrisRun(t, "charge", "-amount", "54", c.payload)
		wantError(t, "charge of a "+c.scheme+" payload", err, "not QRIS")
		_, _, err = qrisRun(t, "decode", badCRC(c.payload))
		wantError(t, "decode of a "+c.scheme+" payload with a bad CRC", err, "tag 63")
	}
}

func TestQRISCharge(t *testing.T) {
	file := filepath.Join(t.TempDir(), "qr.png")
	out, errOut, err := qrisRun(t, "charge", "-amount", "54", "-ref", "INV-7", "-png", file, testStaticQRIS())
	if err != nil {
		t.Fatalf("charge: %v\n%s", err, errOut)
	}
	p, err := qris.Decode(strings.TrimSpace(out)) // checks the CRC too
	if err != nil {
		t.Fatalf("charge printed an invalid payload %q: %v", out, err)
	}
	if p.Value("54") != "54" || p.Value("01") != "12" || p.SubValue("62", "05") != "INV-7" {
		t.Errorf("dynamic payload: 54=%q 01=%q 62/05=%q", p.Value("54"), p.Value("01"), p.SubValue("62", "05"))
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("-png did not write a PNG: %v", err)
	}
	if w := img.Bounds().Dx(); w < 400 || w > 700 {
		t.Errorf("QR image is %d px wide, want about 600", w)
	}

	_, _, err = qrisRun(t, "charge", "-amount", "54", badCRC(testStaticQRIS()))
	wantError(t, "charge of a bad payload", err, "tag 63")
	_, _, err = qrisRun(t, "charge", testStaticQRIS())
	wantError(t, "charge without an amount", err, "-amount")
}

func TestQRISPay(t *testing.T) {
	const secret = "test-secret-of-at-least-32-characters"
	t.Setenv("KOPBOT_QRIS_SECRET", secret)
	config := testConfig(t)
	var ref string
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, accounts, err := memberSavings(ctx, tx, "01.00001")
		if err != nil {
			return err
		}
		if ref, err = tx.NextInvoiceRef(ctx); err != nil {
			return err
		}
		_, err = tx.CreateInvoice(ctx, store.Invoice{Ref: ref, Branch: m.Branch, MemberID: m.ID, AccountID: accounts[0].ID,
			Amount: 25_000, Payload: testStaticQRIS(), ValidUntil: tx.Now().Add(time.Hour)})
		return err
	})

	var got web.QRISNotice
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Path != "/webhooks/qris" {
			http.Error(w, "wrong request "+r.Method+" "+r.URL.Path, http.StatusNotFound)
			return
		}
		if r.Header.Get("X-Kopbot-Signature") != web.Sign(secret, body) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if err := json.Unmarshal(body, &got); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		io.WriteString(w, "invoice "+got.Reference+" paid\n")
	}))
	defer srv.Close()

	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"qris", "pay", "-config", config, ref, "-payer", "ANI", "-url", srv.URL + "/webhooks/qris"},
		strings.NewReader(""), &out, &errOut)
	if err != nil {
		t.Fatalf("pay: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	wantContains(t, "pay", out.String(), "200 OK", "invoice "+ref+" paid")
	if got.Reference != ref || got.Amount != 25_000 || got.PayerName != "ANI" || got.TransactionID == "" {
		t.Errorf("webhook body = %+v", got)
	}
	if _, err := time.Parse(time.RFC3339, got.PaidAt); err != nil {
		t.Errorf("paid_at %q: %v", got.PaidAt, err)
	}

	// A wrong secret is turned down, and pay exits non-zero.
	t.Setenv("KOPBOT_QRIS_SECRET", "other-secret-of-at-least-32-characters")
	out.Reset()
	err = run(context.Background(), []string{"qris", "pay", "-config", config, ref, "-url", srv.URL + "/webhooks/qris"},
		strings.NewReader(""), &out, &errOut)
	wantError(t, "pay with a wrong secret", err, "401")
	wantContains(t, "pay with a wrong secret", out.String(), "bad signature")

	t.Setenv("KOPBOT_QRIS_SECRET", "")
	err = run(context.Background(), []string{"qris", "pay", "-config", config, ref, "-url", srv.URL},
		strings.NewReader(""), &out, &errOut)
	wantError(t, "pay without a secret", err, "KOPBOT_QRIS_SECRET")
	t.Setenv("KOPBOT_QRIS_SECRET", secret)
	err = run(context.Background(), []string{"qris", "pay", "-config", config, "QR-999999", "-url", srv.URL},
		strings.NewReader(""), &out, &errOut)
	wantError(t, "pay of an unknown invoice", err, "no invoice QR-999999")
}

// kopbot qris expired lists what staff must settle by hand: a payment made after its QR expired.
func TestQRISExpiredListsPaymentsMadeAfterExpiry(t *testing.T) {
	config := testConfig(t)
	paidAt := time.Date(2026, 11, 21, 3, 30, 0, 0, time.UTC)
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, accounts, err := memberSavings(ctx, tx, "01.00001")
		if err != nil {
			return err
		}
		inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000001", Branch: m.Branch, MemberID: m.ID, AccountID: accounts[0].ID,
			Amount: 25_000, Payload: testStaticQRIS(), ValidUntil: paidAt.Add(-time.Hour), CreatedAt: paidAt.Add(-2 * time.Hour)})
		if err != nil {
			return err
		}
		_, err = tx.RecordExpiredPayment(ctx, store.ExpiredPayment{TransactionID: "T-LATE", InvoiceID: inv.ID, Branch: m.Branch,
			Amount: 25_000, PayerName: "ANI", Issuer: "GOPAY", PaidAt: paidAt, ReceivedAt: paidAt.Add(time.Minute)})
		return err
	})
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"qris", "expired", "-config", config}, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("qris expired: %v\n%s", err, errOut.String())
	}
	wantContains(t, "qris expired", out.String(), "QR-000001", "Rp25000", `"ANI" (GOPAY)`, "T-LATE", "2026-11-21 10:30", "2026-11-21 10:31",
		"NOT SETTLED")
}

// kopbot qris settle records once who settled a payment not credited, and how; qris expired
// then lists it only with -all, as settled.
func TestQRISSettleOnce(t *testing.T) {
	config := testConfig(t)
	paidAt := time.Date(2026, 11, 21, 3, 30, 0, 0, time.UTC)
	var id int64
	withStore(t, config, func(ctx context.Context, tx *store.Tx) error {
		m, accounts, err := memberSavings(ctx, tx, "01.00001")
		if err != nil {
			return err
		}
		if err := tx.CreateStaff(ctx, store.StaffAccount{Username: "tari", Name: "Tari", Role: store.RoleManager, Branches: []string{m.Branch},
			PasswordHash: "x"}, "test"); err != nil {
			return err
		}
		inv, err := tx.CreateInvoice(ctx, store.Invoice{Ref: "QR-000001", Branch: m.Branch, MemberID: m.ID, AccountID: accounts[0].ID,
			Amount: 25_000, Payload: testStaticQRIS(), ValidUntil: paidAt.Add(-time.Hour), CreatedAt: paidAt.Add(-2 * time.Hour)})
		if err != nil {
			return err
		}
		if _, err = tx.RecordExpiredPayment(ctx, store.ExpiredPayment{TransactionID: "T-LATE", InvoiceID: inv.ID, Branch: m.Branch,
			Amount: 25_000, PayerName: "ANI", Issuer: "GOPAY", PaidAt: paidAt, ReceivedAt: paidAt.Add(time.Minute)}); err != nil {
			return err
		}
		ps, err := tx.ExpiredPayments(ctx, "")
		if len(ps) == 1 {
			id = ps[0].ID
		}
		return err
	})
	ID := strconv.FormatInt(id, 10)
	kopbot := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"qris", args[0], "-config", config}, args[1:]...), strings.NewReader(""), &out, &errOut)
		return out.String() + errOut.String(), err
	}
	_, err := kopbot("settle", ID, "-how", "refunded", "-by", "nobody")
	wantError(t, "qris settle -by nobody", err, "no active staff account")
	out, err := kopbot("settle", ID, "-how", "refunded", "-note", "refund GoPay 8812", "-by", "tari")
	if err != nil {
		t.Fatalf("qris settle: %v\n%s", err, out)
	}
	wantContains(t, "qris settle", out, "Settled QRIS T-LATE", "QR-000001", "refunded by staff:tari")
	_, err = kopbot("settle", ID, "-how", "credited", "-by", "tari")
	wantError(t, "a second qris settle", err, "already refunded by staff:tari")
	out, _ = kopbot("expired")
	wantContains(t, "qris expired after settling", out, "No QRIS payment is waiting")
	out, _ = kopbot("expired", "-all")
	wantContains(t, "qris expired -all", out, "T-LATE", `settled: refunded by staff:tari at`, `"refund GoPay 8812"`)
	_, err = kopbot("settle", ID, "-how", "lost", "-by", "tari")
	wantError(t, "qris settle -how lost", err, "refunded", "credited")
}

// memberSavings is the member numbered no and their savings accounts.
func memberSavings(ctx context.Context, tx *store.Tx, no string) (store.Member, []store.Account, error) {
	m, err := tx.MemberByNo(ctx, no)
	if err != nil {
		return m, nil, err
	}
	accounts, err := tx.AccountsOfMember(ctx, m.ID, store.AccountSavings)
	return m, accounts, err
}
