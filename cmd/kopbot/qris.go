package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/kopbot/kopbot/parse"
	"github.com/kopbot/kopbot/qris"
	"github.com/kopbot/kopbot/store"
	"github.com/kopbot/kopbot/web"
)

// decodedField is one field of `kopbot qris decode`.
type decodedField struct {
	Tag    string         `json:"tag"`
	Name   string         `json:"name,omitempty"`
	Parent string         `json:"parent,omitempty"`
	Value  string         `json:"value"`
	Sub    []decodedField `json:"sub,omitempty"`
}

// describeFields names fields of p by p's scheme (a PayNow template's 01 is its proxy type,
// a QRIS template's its merchant PAN).
func describeFields(p *qris.Payload, fields []qris.Field, parent string) []decodedField {
	out := make([]decodedField, 0, len(fields))
	for _, f := range fields {
		d := decodedField{Tag: f.Tag, Name: p.FieldName(f.Tag, parent), Parent: parent, Value: f.Value}
		if len(f.Sub) > 0 {
			d.Sub = describeFields(p, f.Sub, f.Tag)
		}
		out = append(out, d)
	}
	return out
}

func qrisDecode(args []string, stdout, stderr io.Writer) error {
	c := newBareSubcommand("qris", "decode", "Prints the payload's scheme and tags as indented JSON: tag, name, value and sub-fields.\n"+
		"The payload is validated, including its CRC: a QRIS by the QRIS rules, a PromptPay, DuitNow,\n"+
		"PayNow/SGQR or other EMVCo merchant-presented payload by EMVCo's and its scheme's.", stderr)
	payload, err := c.parseOne(args, "payload", "00020101021126...6304ABCD")
	if err != nil {
		return err
	}
	p, err := qris.Decode(payload)
	if err != nil {
		return fmt.Errorf("qris decode: not a valid QRIS or EMVCo payload: %w", err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		Scheme qris.Scheme    `json:"scheme"`
		Fields []decodedField `json:"fields"`
	}{p.Scheme(), describeFields(p, p.Fields, "")})
}

func qrisCharge(args []string, stdout, stderr io.Writer) error {
	c := newBareSubcommand("qris", "charge", "Makes a static QRIS payload dynamic for an amount and prints it.", stderr)
	amountText := c.fs.String("amount", "", "the `amount` in rupiah, like 54 or 1.500.000 or 25rb")
	ref := c.fs.String("ref", "", "reference `label` (tag 62/05), at most 25 characters")
	pngFile := c.fs.String("png", "", "write the QR image to `file` (PNG)")
	payload, err := c.parseOne(args, "static payload", "00020101021126...6304ABCD")
	if err != nil {
		return err
	}
	if strings.TrimSpace(*amountText) == "" {
		c.fs.Usage()
		return errors.New("qris charge: give the amount with -amount N")
	}
	amount, err := parse.Amount(*amountText)
	if err != nil {
		return fmt.Errorf("qris charge: -amount: %w", err)
	}
	p, err := qris.DecodeQRIS(payload)
	if err != nil {
		return fmt.Errorf("qris charge: not a valid QRIS payload: %w", err)
	}
	d, err := p.Dynamic(amount, qris.DynamicOptions{ReferenceLabel: *ref})
	if err != nil {
		return fmt.Errorf("qris charge: %w", err)
	}
	dynamic := qris.Encode(d)
	if *pngFile != "" {
		img, err := qris.PNG(dynamic, 600)
		if err != nil {
			return fmt.Errorf("qris charge: %w", err)
		}
		if err := os.WriteFile(*pngFile, img, 0o644); err != nil {
			return fmt.Errorf("qris charge: %w", err)
		}
	}
	fmt.Fprintln(stdout, dynamic)
	return nil
}

func qrisPay(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c := newSubcommand("qris", "pay",
		"Pays an invoice as the payment gateway would: sends the signed webhook for its amount to\n"+
			"'kopbot serve'. For demos and staff training.", stderr)
	payer := c.fs.String("payer", "PEMBAYAR DEMO", "payer `name`")
	issuer := c.fs.String("issuer", "DEMO", "issuer `name` (the payer's bank or wallet)")
	url := c.fs.String("url", "", "webhook `URL` (default: http://<web.listen>/webhooks/qris)")
	arg, err := c.parseOne(args, "invoice reference", "QR-000001")
	if err != nil {
		return err
	}
	invoiceRef, err := store.RefInvoice.Parse(arg)
	if err != nil {
		return fmt.Errorf("qris pay: %w", err)
	}
	ref := invoiceRef.String()
	ctx, app, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer app.Close()
	secret := app.Config.QRIS.WebhookSecret
	if secret == "" {
		return errors.New("qris pay: no webhook secret to sign with: set KOPBOT_QRIS_SECRET (or qris.webhook_secret in the config), the same as for kopbot serve")
	}
	var inv store.Invoice
	if err := app.DB.View(ctx, func(tx *store.Tx) (err error) {
		inv, err = tx.InvoiceByRef(ctx, ref)
		return err
	}); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("qris pay: there is no invoice %s", ref)
	} else if err != nil {
		return err
	}
	target := *url
	if target == "" {
		target = "http://" + app.Config.Web.Listen + "/webhooks/qris"
	}
	id := make([]byte, 8)
	rand.Read(id)
	body, err := json.Marshal(web.QRISNotice{
		Reference:     inv.Ref,
		Amount:        inv.Amount,
		PaidAt:        app.Now().Format(time.RFC3339),
		PayerName:     *payer,
		Issuer:        *issuer,
		TransactionID: "DEMO-" + strings.ToUpper(hex.EncodeToString(id)),
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("qris pay: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Kopbot-Signature", web.Sign(secret, body))
	client := &http.Client{Timeout: 30 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("qris pay: %w (is kopbot serve running?)", err)
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	fmt.Fprintf(stdout, "%s\n%s\n", resp.Status, strings.TrimSpace(string(msg)))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("qris pay: the webhook answered %s", resp.Status)
	}
	return nil
}
