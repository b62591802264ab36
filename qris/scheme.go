package qris

import (
	"strings"
)

// Scheme is the national scheme of an EMVCo merchant-presented payload, read from the
// globally unique identifiers (sub-tag 00) of its merchant account templates (tags 26-51) and
// its country (tag 58). The EMVCo rules apply to every scheme; each scheme has its own
// mandatory tags and templates, and the QRIS rules (Indonesia, rupiah, NMID, the domestic
// templates' identifiers) apply to QRIS payloads only.
type Scheme string

// The schemes Scheme tells apart.
const (
	SchemeQRIS      Scheme = "QRIS"      // Indonesia (Bank Indonesia / ASPI)
	SchemePromptPay Scheme = "PromptPay" // Thailand (Bank of Thailand's Thai QR Payment)
	SchemeDuitNow   Scheme = "DuitNow"   // Malaysia (PayNet)
	SchemePayNow    Scheme = "PayNow"    // Singapore (ABS), alone or inside an SGQR
	SchemeSGQR      Scheme = "SGQR"      // Singapore's common label without a PayNow template
	SchemeEMVCo     Scheme = "EMVCo"     // any other merchant-presented payload
)

// QRISGUID is the identifier of QRIS's own template (tag 51), which holds the NMID.
const QRISGUID = "ID.CO.QRIS.WWW"

// account describes the merchant account template of one scheme: the identifiers that mark
// it (prefix is matched on the upper-cased GUID), the sub-tags it must hold (need; any one
// of oneOf) and the names of its sub-tags.
type account struct {
	prefix string
	scheme Scheme
	label  string
	need   []string
	oneOf  []string
	names  map[string]string
}

// accounts are the templates kopbot knows, most specific first. Names follow the schemes'
// published specifications (Thai QR Payment, DuitNow QR, PayNow and SGQR).
var accounts = []account{
	{prefix: QRISGUID, scheme: SchemeQRIS, label: "QRIS", need: []string{"02"},
		names: map[string]string{"02": "National Merchant ID (NMID)", "03": "Merchant Criteria"}},
	{prefix: "A000000677010111", scheme: SchemePromptPay, label: "PromptPay credit transfer", oneOf: []string{"01", "02", "03", "04"},
		names: map[string]string{"00": "Application ID (AID)", "01": "Mobile Number", "02": "National ID or Tax ID", "03": "E-Wallet ID", "04": "Bank Account"}},
	{prefix: "A000000677010112", scheme: SchemePromptPay, label: "PromptPay bill payment", need: []string{"01"},
		names: map[string]string{"00": "Application ID (AID)", "01": "Biller ID", "02": "Reference 1", "03": "Reference 2"}},
	{prefix: "A000000677", scheme: SchemePromptPay, label: "Thai QR Payment",
		names: map[string]string{"00": "Application ID (AID)"}},
	{prefix: "A000000615", scheme: SchemeDuitNow, label: "DuitNow", need: []string{"01", "02"},
		names: map[string]string{"00": "Application ID (AID)", "01": "Acquirer ID", "02": "Merchant Account ID", "03": "QR Expiry Time"}},
	{prefix: "SG.PAYNOW", scheme: SchemePayNow, label: "PayNow", need: []string{"01", "02"},
		names: map[string]string{"01": "Proxy Type", "02": "Proxy Value", "03": "Editable Amount Indicator", "04": "Expiry Date"}},
	{prefix: "SG.SGQR", scheme: SchemeSGQR, label: "SGQR", need: []string{"01"},
		names: map[string]string{"01": "SGQR ID Number", "02": "Version", "03": "Postal Code", "04": "Level", "05": "Unit Number",
			"06": "Miscellaneous", "07": "New Version Date"}},
}

// knownAccount returns the template description of f, a merchant account template (26-51).
func knownAccount(f Field) (account, bool) {
	guid := strings.ToUpper(subValue(f, "00"))
	if guid == "" {
		return account{}, false
	}
	for _, a := range accounts {
		if strings.HasPrefix(guid, a.prefix) {
			return a, true
		}
	}
	return account{}, false
}

func isAccountTag(tag string) bool {
	n, ok := tagNum(tag)
	return ok && n >= 26 && n <= 51
}

// Scheme returns the payload's scheme: QRIS when any template is QRIS's or the country is
// Indonesia (every Indonesian merchant-presented QR must be QRIS), else the first scheme, in
// the order PromptPay, DuitNow, PayNow, SGQR, whose template the payload holds, else EMVCo.
func (p *Payload) Scheme() Scheme {
	if p.Value("58") == "ID" {
		return SchemeQRIS
	}
	best := len(schemeOrder)
	for _, f := range p.Fields {
		if !isAccountTag(f.Tag) {
			continue
		}
		if a, ok := knownAccount(f); ok {
			for i, s := range schemeOrder[:best] {
				if s == a.scheme {
					best = i
				}
			}
		}
	}
	if best < len(schemeOrder) {
		return schemeOrder[best]
	}
	return SchemeEMVCo
}

// schemeOrder is which scheme a payload holding templates of several is taken for.
var schemeOrder = []Scheme{SchemeQRIS, SchemePromptPay, SchemeDuitNow, SchemePayNow, SchemeSGQR}

// required are the top-level tags a payload of scheme s must hold, besides a merchant account
// template. Thai QR Payment makes the merchant category, name and city optional (a person's
// PromptPay QR has none); the other schemes keep EMVCo's list.
func (s Scheme) required() []string {
	if s == SchemePromptPay {
		return []string{"53", "58", "63"}
	}
	return []string{"52", "53", "58", "59", "60", "63"}
}

// formatIndicators are the payload format indicators (tag 00) scheme s accepts: EMVCo's
// "01", and for DuitNow also the "02" that Malaysian banks' and wallets' QRs carry.
func (s Scheme) acceptsFormat(v string) bool {
	return v == "01" || (v == "02" && s == SchemeDuitNow)
}

// FieldName returns the name of tag in p: for a sub-field of a merchant account template
// whose identifier kopbot knows (PromptPay, DuitNow, PayNow, SGQR, QRIS), the scheme's name
// for it; for such a template itself, its name with the scheme's; else TagName(tag, parent).
func (p *Payload) FieldName(tag, parent string) string {
	if parent == "" && isAccountTag(tag) {
		if f, ok := p.Get(tag); ok {
			if a, ok := knownAccount(f); ok {
				return "Merchant Account Information (" + a.label + ")"
			}
		}
	}
	if isAccountTag(parent) {
		if f, ok := p.Get(parent); ok {
			if a, ok := knownAccount(f); ok {
				if name, ok := a.names[tag]; ok {
					return name
				}
			}
		}
	}
	return TagName(tag, parent)
}

// checkAccount checks that a known merchant account template holds the sub-tags its scheme
// makes mandatory.
func checkAccount(f Field) error {
	a, ok := knownAccount(f)
	if !ok {
		return nil
	}
	for _, t := range a.need {
		if subValue(f, t) == "" {
			return errf(f.Tag+"/"+t, "missing %s (%s template)", a.names[t], a.label)
		}
	}
	if len(a.oneOf) == 0 {
		return nil
	}
	for _, t := range a.oneOf {
		if subValue(f, t) != "" {
			return nil
		}
	}
	return errf(f.Tag, "missing: a %s template needs one of sub-tags %s", a.label, strings.Join(a.oneOf, ", "))
}

// checkQRIS applies the rules of QRIS (Bank Indonesia's standard) to p: country ID, currency
// 360 (rupiah), tag 51 under ID.CO.QRIS.WWW with an NMID ("ID" and 13 digits), and each
// domestic template (26-45) identified by a reverse domain name (ID.DANA.WWW,
// COM.GO-JEK.WWW) with, when given, a merchant PAN of 16-19 digits starting 9360.
func (p *Payload) checkQRIS() error {
	if v := p.Value("58"); v != "ID" {
		return errf("58", "country is %q; a QRIS payload is Indonesian (ID)", v)
	}
	if v := p.Value("53"); v != "360" {
		return errf("53", "currency is %q; a QRIS payload is in rupiah (360)", v)
	}
	nmid := false
	for _, f := range p.Fields {
		n, _ := tagNum(f.Tag)
		switch {
		case n >= 26 && n <= 45:
			if guid := subValue(f, "00"); !isReverseDomain(guid) {
				return errf(f.Tag+"/00", "identifier %q is not a reverse domain name (like ID.DANA.WWW), as QRIS wants", guid)
			}
			if pan := subValue(f, "01"); pan != "" && !isQRISPAN(pan) {
				return errf(f.Tag+"/01", "merchant PAN %q is not 16-19 digits starting 9360", pan)
			}
		case n == 51:
			if guid := subValue(f, "00"); !strings.EqualFold(guid, QRISGUID) {
				return errf("51/00", "identifier is %q; QRIS keeps the NMID under %s", guid, QRISGUID)
			}
			if v := subValue(f, "02"); len(v) != 15 || v[:2] != "ID" || !allDigits(v[2:]) {
				return errf("51/02", "NMID %q is not ID followed by 13 digits", v)
			}
			nmid = true
		}
	}
	if !nmid {
		return errf("51", "missing: a QRIS payload has tag 51 (%s) with the merchant's NMID", QRISGUID)
	}
	return nil
}

func isReverseDomain(s string) bool {
	if !strings.Contains(s, ".") || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isDigit(c) && !isUpper(c) && !(c >= 'a' && c <= 'z') && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

func isQRISPAN(s string) bool {
	return len(s) >= 16 && len(s) <= 19 && allDigits(s) && strings.HasPrefix(s, "9360")
}
